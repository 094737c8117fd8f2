"""The roles, as Django groups, and the permissions each one carries.

The groups are created by a migration; their permissions are (re)applied after every migrate, so
that permissions of models added later reach the roles without a hand-written step.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

STAFF = "職員"
TRAINING_OFFICER = "研修担当"
HR_ANALYST = "人事"
ADMINISTRATOR = "管理者"
# Approves (決裁) what the training officers submit: lessons reach staff only through them.
APPROVER = "決裁者"
ALL_ROLES = (STAFF, TRAINING_OFFICER, HR_ANALYST, ADMINISTRATOR, APPROVER)

# The officers' image and document permissions: global, and on the root collection.
OFFICER_COLLECTION_PERMISSIONS = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
]
# app_label.codename; a codename that does not exist (yet) is skipped.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    STAFF: [],
    TRAINING_OFFICER: [
        "wagtailadmin.access_admin",
        *OFFICER_COLLECTION_PERMISSIONS,
        "media_pipeline.add_videoasset",
        "media_pipeline.change_videoasset",
        "media_pipeline.view_videoasset",
        "media_pipeline.delete_videoasset",
        "skills.add_quiz",
        "skills.change_quiz",
        "skills.view_quiz",
        "skills.delete_quiz",
        "skills.add_lessonskill",
        "skills.change_lessonskill",
        "skills.view_lessonskill",
        "skills.delete_lessonskill",
        "training.add_assignment",
        "training.change_assignment",
        "training.view_assignment",
        "training.add_learningpath",
        "training.change_learningpath",
        "training.view_learningpath",
        "feedback.add_survey",
        "feedback.change_survey",
        "feedback.view_survey",
        "feedback.view_results",
        "certificates.view_certificate",
        "certificates.revoke_certificate",
    ],
    HR_ANALYST: [
        "skills.view_portfolio",
        "skills.export_portfolio",
        "organisation.view_staffprofile",
        "organisation.add_staffprofile",
        "organisation.change_staffprofile",
        "organisation.view_municipality",
        "organisation.view_department",
        "organisation.import_roster",
        "organisation.export_roster",
        "training.add_assignment",
        "training.change_assignment",
        "training.view_assignment",
    ],
    APPROVER: ["wagtailadmin.access_admin"],
}
# Wagtail page permissions the training officers hold on the whole page tree. No publish_page:
# with it Wagtail offers "Publish" beside "Submit for approval", and a draft (a half-checked
# re-cut, say) would reach staff without the approval (決裁) the workflow asks for.
OFFICER_PAGE_PERMISSIONS = ["add_page", "change_page", "lock_page", "unlock_page"]
# The approvers review pages in the editor and may take a published page down again.
APPROVER_PAGE_PERMISSIONS = ["change_page", "publish_page"]
PAGE_PERMISSIONS = {
    TRAINING_OFFICER: OFFICER_PAGE_PERMISSIONS,
    APPROVER: APPROVER_PAGE_PERMISSIONS,
}


def permissions_named(names: list[str]) -> list[Permission]:
    query = Q(pk__in=[])
    for name in names:
        app_label, codename = name.split(".", 1)
        query |= Q(content_type__app_label=app_label, codename=codename)
    return list(Permission.objects.filter(query))


def sync_role_permissions() -> None:
    """Give each role group exactly its permissions; idempotent."""
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ALL_ROLES}
    for role, names in ROLE_PERMISSIONS.items():
        groups[role].permissions.set(permissions_named(names))
    groups[ADMINISTRATOR].permissions.set(Permission.objects.all())

    officer = groups[TRAINING_OFFICER]
    root_page = Page.get_first_root_node()
    if root_page is not None:
        for role, codenames in PAGE_PERMISSIONS.items():
            held = GroupPagePermission.objects.filter(group=groups[role], page=root_page)
            # Exactly these: a permission taken from a role (publish_page) is taken back.
            held.filter(permission__content_type__app_label="wagtailcore").exclude(
                permission__codename__in=codenames
            ).delete()
            for permission in Permission.objects.filter(
                content_type__app_label="wagtailcore", codename__in=codenames
            ):
                GroupPagePermission.objects.get_or_create(
                    group=groups[role], page=root_page, permission=permission
                )
    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        for permission in permissions_named(OFFICER_COLLECTION_PERMISSIONS):
            GroupCollectionPermission.objects.get_or_create(
                group=officer, collection=root_collection, permission=permission
            )


def user_roles(user) -> set[str]:
    """The roles a user holds; a superuser holds the administrator role."""
    if not user.is_authenticated:
        return set()
    roles = set(user.groups.filter(name__in=ALL_ROLES).values_list("name", flat=True))
    if user.is_superuser:
        roles.add(ADMINISTRATOR)
    return roles


def can_view_portfolio(user) -> bool:
    return user.is_authenticated and user.has_perm("skills.view_portfolio")


def can_use_admin(user) -> bool:
    return user.is_authenticated and user.has_perm("wagtailadmin.access_admin")
