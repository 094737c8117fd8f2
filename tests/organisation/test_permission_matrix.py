"""The permission matrix: every URL of the site × every kind of account (issue 12).

The URL patterns are found by walking the project's URL configuration (`get_resolver`), so a URL
added without an entry here fails `test_every_url_pattern_has_an_entry`. Each entry holds one or
more sample requests with real ids filled in (another person's ids where an attacker would try
them) and the status each role must get. Every response body is also searched for the planted
names, e-mail addresses, user names and xAPI account names of the people of the municipalities
the role may not read: none may appear.

Third-party URL sets included whole — Wagtail's admin under `admin/` (some 230 patterns),
Django's admin under `django-admin/` and Wagtail's documents under `documents/` — have one entry
per included prefix with a handful of sampled URLs, chosen where people's data lives (users,
staff profiles, scopes, the audit log, the roster import). Our own views mounted under `admin/`
(the video upload and its helpers) each have their own entry. There is no `media/` route, in
DEBUG or not: stored media goes out only by grant (`media-pipeline/play/`).
"""

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import URLResolver, get_resolver
from django.utils import timezone

from tests.factories import (
    DepartmentFactory,
    StaffProfileFactory,
    UserFactory,
    hr_user,
    make_course,
    make_lesson,
    municipality,
    officer_user,
    unscoped_hr_user,
)

pytestmark = pytest.mark.django_db

SHINJUKU, MITAKA = "131041", "132047"
ROLES = ("anonymous", "staff_a", "staff_b", "officer", "hr_a", "hr_tokyo", "hr_none", "admin")
# The municipalities whose people each role may read ("A" Shinjuku, "B" Mitaka).
MAY_READ = {
    "anonymous": set(),
    "staff_a": {"A"},
    "staff_b": {"B"},
    "officer": set(),
    "hr_a": {"A"},
    "hr_tokyo": {"A", "B"},
    "hr_none": set(),
    "admin": {"A", "B"},
}
LOGIN = 302  # anonymous visitors are sent to the sign-in page


def expect(default: int, **by_role: int) -> dict[str, int]:
    return {role: by_role.get(role, default) for role in ROLES}


SIGNED_IN = expect(200, anonymous=LOGIN)
PUBLIC = expect(200)
ADMIN_ONLY = expect(403, anonymous=LOGIN, admin=200)


@dataclass
class Sample:
    """One request, built from the world's ids, and the status each role gets."""

    url: Callable[[dict], str]
    expected: dict[str, int]
    method: str = "get"
    data: Callable[[dict], dict] = field(default=lambda world: {})
    json_body: bool = False


def get(url, expected, **kwargs) -> Sample:
    return Sample(url if callable(url) else (lambda world, url=url: url), expected, **kwargs)


def post(url, expected, **kwargs) -> Sample:
    return get(url, expected, method="post", **kwargs)


def beat(world: dict) -> dict:
    return {
        "lesson": world["lesson"].pk,
        "session": str(uuid.uuid4()),
        "seq": 1,
        "segments": [[0, 5]],
        "position": 5,
        "duration": 100,
        "event": "pause",
        "rate": 1,
    }


def people_url(world: dict, letter: str) -> str:
    department = world[f"department_{letter.lower()}"]
    return f"/portfolio/m/{department.municipality.code}/d/{department.pk}/"


# Our own URL patterns, keyed as the resolver spells them.
MATRIX: dict[str, list[Sample]] = {
    "accounts/login/": [get("/accounts/login/", expect(302, anonymous=200))],
    "accounts/logout/": [post("/accounts/logout/", expect(302, anonymous=LOGIN))],
    "home/": [get("/home/", expect(302))],
    "accounts/two-factor/": [get("/accounts/two-factor/", SIGNED_IN)],
    # nobody here owes a code: the verify page sends them on
    "accounts/two-factor/verify/": [
        get("/accounts/two-factor/verify/", expect(302, anonymous=LOGIN)),
    ],
    "date-style/": [
        post("/date-style/", expect(302), data=lambda world: {"style": "wareki", "next": "/my/"}),
    ],
    "roster/": [
        get("/roster/", expect(403, anonymous=LOGIN, hr_a=200, hr_tokyo=200, admin=200)),
    ],
    "roster/confirm/": [
        post(
            "/roster/confirm/",
            expect(403, anonymous=LOGIN, hr_a=302, hr_tokyo=302, admin=302),
            data=lambda world: {"token": "forged"},
        ),
    ],
    "roster/export/": [
        get("/roster/export/", expect(403, anonymous=LOGIN, hr_a=200, hr_tokyo=200, admin=200)),
    ],
    "training/new/": [
        get("/training/new/", expect(403, anonymous=LOGIN, hr_a=200, hr_tokyo=200, admin=200)),
        # Shinjuku's HR posting Mitaka's code: refused (400), nothing assigned.
        post(
            "/training/new/",
            expect(403, anonymous=LOGIN, hr_a=400, hr_tokyo=200, admin=200),
            data=lambda world: {
                "training": f"course:{world['course'].pk}",
                "municipalities": [MITAKA],
                "starts_on": "2026-04-01",
                "due_on": "2026-06-30",
                "preview": "1",
            },
        ),
    ],
    # An assignment made for Mitaka: Shinjuku's HR may not withdraw it.
    "training/<int:assignment_id>/withdraw/": [
        get(
            lambda world: f"/training/{world['mitaka_assignment'].pk}/withdraw/",
            expect(403, anonymous=LOGIN, hr_tokyo=200, admin=200),
        ),
        post(
            lambda world: f"/training/{world['mitaka_assignment'].pk}/withdraw/",
            expect(403, anonymous=LOGIN, hr_tokyo=302, admin=302),
        ),
    ],
    "i18n/setlang/": [post("/i18n/setlang/", expect(302), data=lambda world: {"language": "ja"})],
    "jsi18n/": [get("/jsi18n/", PUBLIC)],
    "my/": [get("/my/", SIGNED_IN)],
    "my/history/": [get("/my/history/", SIGNED_IN)],
    "search/": [get("/search/?q=ガバメント", SIGNED_IN)],
    "api/v1/progress/": [
        post("/api/v1/progress/", expect(200, anonymous=403), data=beat, json_body=True),
    ],
    "api/v1/xapi/statements": [
        get(
            "/api/v1/xapi/statements",
            expect(403, hr_a=200, hr_tokyo=200, admin=200),
        ),
    ],
    "portfolio/": [
        get("/portfolio/", expect(403, anonymous=LOGIN, hr_a=200, hr_tokyo=200, admin=200)),
    ],
    "skills/me/": [
        get(
            "/skills/me/",
            expect(
                200, anonymous=LOGIN, officer=404, hr_a=404, hr_tokyo=404, hr_none=404, admin=404
            ),
        )
    ],
    "skills/self-assessment/": [
        get(
            "/skills/self-assessment/",
            expect(
                200, anonymous=LOGIN, officer=404, hr_a=404, hr_tokyo=404, hr_none=404, admin=404
            ),
        ),
    ],
    # managers only (group 管理職); nobody in this world is one
    "skills/team/": [get("/skills/team/", expect(403, anonymous=LOGIN))],
    "skills/team/<int:staff_id>/": [
        get(
            lambda world: f"/skills/team/{world['staff_b'].pk}/",
            expect(403, anonymous=LOGIN),
        ),
    ],
    "skills/quizzes/<int:quiz_id>/": [
        get(lambda world: f"/skills/quizzes/{world['quiz'].pk}/", SIGNED_IN),
    ],
    "skills/attempts/<uuid:token>/": [
        # staff A's attempt: nobody else may open it, whatever their role
        get(
            lambda world: f"/skills/attempts/{world['attempt'].token}/",
            expect(404, anonymous=LOGIN, staff_a=200),
        ),
    ],
    "skills/attempts/<uuid:token>/submit/": [
        post(
            lambda world: f"/skills/attempts/{world['attempt'].token}/submit/",
            expect(404, anonymous=LOGIN, staff_a=302),
        ),
    ],
    "portfolio/m/<str:code>/": [
        get(
            f"/portfolio/m/{SHINJUKU}/",
            expect(403, anonymous=LOGIN, hr_a=200, hr_tokyo=200, admin=200),
        ),
        get(f"/portfolio/m/{MITAKA}/", expect(403, anonymous=LOGIN, hr_tokyo=200, admin=200)),
    ],
    "portfolio/m/<str:code>/d/<str:department>/": [
        get(lambda world: people_url(world, "A"), expect(403, anonymous=LOGIN, hr_a=200)),
        get(lambda world: people_url(world, "B"), expect(403, anonymous=LOGIN)),
        # A's code with B's department: names of B never come through A's page
        get(
            lambda world: f"/portfolio/m/{SHINJUKU}/d/{world['department_b'].pk}/",
            expect(403, anonymous=LOGIN, hr_a=404),
        ),
    ],
    "portfolio/export/<str:view>.<str:file_format>": [
        get(
            "/portfolio/export/heatmap.csv",
            expect(403, anonymous=LOGIN, hr_a=200, hr_tokyo=200, admin=200),
        ),
        get(
            lambda world: (
                f"/portfolio/export/people.csv?municipality={SHINJUKU}"
                f"&department={world['department_a'].pk}"
            ),
            expect(403, anonymous=LOGIN, hr_a=200),
        ),
        get(
            lambda world: (
                f"/portfolio/export/people.csv?municipality={MITAKA}"
                f"&department={world['department_b'].pk}"
            ),
            expect(403, anonymous=LOGIN),
        ),
    ],
    "training/": [
        get("/training/", expect(403, anonymous=LOGIN, hr_a=200, hr_tokyo=200, admin=200)),
    ],
    # supervisors only (group 管理職); nobody in this world is one
    "training/team/": [get("/training/team/", expect(403, anonymous=LOGIN))],
    "training/<int:assignment_id>/": [
        get(
            lambda world: f"/training/{world['assignment_a'].pk}/",
            expect(403, anonymous=LOGIN, hr_a=200, hr_tokyo=200, admin=200),
        ),
        # Mitaka's assignment: Shinjuku's HR may not open it
        get(
            lambda world: f"/training/{world['assignment_b'].pk}/",
            expect(403, anonymous=LOGIN, hr_tokyo=200, admin=200),
        ),
    ],
    "training/<int:assignment_id>/export.<str:file_format>": [
        get(
            lambda world: f"/training/{world['assignment_a'].pk}/export.xlsx",
            expect(403, anonymous=LOGIN, hr_a=200, hr_tokyo=200, admin=200),
        ),
        get(
            lambda world: f"/training/{world['assignment_b'].pk}/export.csv",
            expect(403, anonymous=LOGIN, hr_tokyo=200, admin=200),
        ),
    ],
    "api/v1/assignments/": [
        get(
            "/api/v1/assignments/",
            expect(403, anonymous=LOGIN, hr_a=200, hr_tokyo=200, admin=200),
        ),
    ],
    "api/v1/assignments/<int:assignment_id>/": [
        get(
            lambda world: f"/api/v1/assignments/{world['assignment_a'].pk}/",
            expect(403, anonymous=LOGIN, hr_a=200, hr_tokyo=200, admin=200),
        ),
        get(
            lambda world: f"/api/v1/assignments/{world['assignment_b'].pk}/",
            expect(403, anonymous=LOGIN, hr_tokyo=200, admin=200),
        ),
    ],
    "api/v1/portfolio/": [
        get("/api/v1/portfolio/", expect(403, anonymous=LOGIN, hr_a=200, hr_tokyo=200, admin=200)),
    ],
    # Without a grant nothing is served; a grant opens its video's files to its holder only.
    "media-pipeline/stream/<path:key>": [
        get(
            lambda world: f"/media-pipeline/stream/{world['poster_key']}",
            expect(403, anonymous=LOGIN),
        ),
    ],
    "media-pipeline/play/<str:token>/<path:key>": [
        get(
            lambda world: f"/media-pipeline/play/{world['grant_a']}/{world['poster_key']}",
            expect(403, anonymous=LOGIN, staff_a=200),
        ),
        # nothing outside the videos' published files, even to the grant's holder
        get(
            lambda world: f"/media-pipeline/play/{world['grant_a']}/{world['source_key']}",
            expect(404, anonymous=LOGIN),
        ),
    ],
    "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/": [
        post(
            lambda world: (
                f"/_util/authenticate_with_password/{world['restriction'].pk}"
                f"/{world['secret_lesson'].pk}/"
            ),
            SIGNED_IN,
            data=lambda world: {"password": "wrong", "return_url": "/"},
        ),
    ],
    "_util/login/": [get("/_util/login/", PUBLIC)],
    "^((?:[\\w\\-]+/)*)$": [
        get(lambda world: world["lesson"].url, SIGNED_IN),
        # restricted to the 職員 group: other roles are sent to sign in as someone who is
        get(
            lambda world: world["secret_lesson"].url,
            expect(302, staff_a=200, staff_b=200, admin=200),
        ),
        get(lambda world: world["draft_lesson"].url, expect(404, anonymous=LOGIN)),
    ],
    "feedback/lessons/<int:lesson_id>/rating/": [
        get(lambda world: f"/feedback/lessons/{world['lesson'].pk}/rating/", SIGNED_IN),
        post(
            lambda world: f"/feedback/lessons/{world['lesson'].pk}/rating/",
            expect(302, anonymous=LOGIN),
            data=lambda world: {"score": "4", "comment": "参考になった"},
        ),
        # only those who may view the lesson rate it (courses.access.may_view: the officer,
        # who may edit it, may preview it)
        post(
            lambda world: f"/feedback/lessons/{world['secret_lesson'].pk}/rating/",
            expect(404, anonymous=LOGIN, staff_a=302, staff_b=302, officer=302, admin=302),
            data=lambda world: {"score": "4"},
        ),
        post(
            lambda world: f"/feedback/lessons/{world['draft_lesson'].pk}/rating/",
            expect(404, anonymous=LOGIN),
            data=lambda world: {"score": "4"},
        ),
    ],
    # staff A completed the course: nobody else is asked its survey
    "feedback/surveys/<int:survey_id>/": [
        get(
            lambda world: f"/feedback/surveys/{world['survey'].pk}/",
            expect(404, anonymous=LOGIN, staff_a=200),
        ),
    ],
    # officers and administrators; this world's officer has no scope row, so reads nothing
    "feedback/results/": [get("/feedback/results/", ADMIN_ONLY)],
    "feedback/results/<int:course_id>/": [
        get(lambda world: f"/feedback/results/{world['lesson'].get_parent().pk}/", ADMIN_ONLY),
    ],
    "feedback/results/<int:course_id>/export.xlsx": [
        get(
            lambda world: f"/feedback/results/{world['lesson'].get_parent().pk}/export.xlsx",
            ADMIN_ONLY,
        ),
    ],
    "notices/": [get("/notices/", SIGNED_IN), post("/notices/", expect(302, anonymous=LOGIN))],
    # staff A's notice: nobody else may open (or learn of) it
    "notices/<int:notice_id>/": [
        get(
            lambda world: f"/notices/{world['notice_a'].pk}/",
            expect(404, anonymous=LOGIN, staff_a=302),
        ),
    ],
    "notices/settings/": [get("/notices/settings/", SIGNED_IN)],
    # The link in a mail works without signing in; it shows no name or address.
    "notices/unsubscribe/<str:token>/": [
        get(lambda world: f"/notices/unsubscribe/{world['unsubscribe_a']}/", PUBLIC),
        post("/notices/unsubscribe/forged:token/", expect(400)),
    ],
    # An all-Tokyo assignment with A and B in it, made by nobody of this world: HR remind the
    # people of their scope, an officer who did not make it may not.
    "training/<int:assignment_id>/remind/": [
        post(
            lambda world: f"/training/{world['assignment'].pk}/remind/",
            expect(403, anonymous=LOGIN, hr_a=302, hr_tokyo=302, admin=302),
        ),
        # HR of A naming B's person
        post(
            lambda world: f"/training/{world['assignment'].pk}/remind/",
            expect(403, anonymous=LOGIN, hr_tokyo=302, admin=302),
            data=lambda world: {"staff": [world["staff_b"].pk]},
        ),
    ],
    # supervisors only; nobody in this world is one
    "training/<int:assignment_id>/remind/team/": [
        post(
            lambda world: f"/training/{world['assignment'].pk}/remind/team/",
            expect(403, anonymous=LOGIN),
        ),
    ],
    # Issuing answers everyone signed in with a redirect to /my/ (and a message why not).
    "certificates/issue/": [
        post(
            "/certificates/issue/",
            expect(302),
            data=lambda world: {"kind": "course", "id": world["certificate"].course_id},
        ),
    ],
    # staff A's certificate: nobody else may download it, whatever their role
    "certificates/<str:serial>.pdf": [
        get(
            lambda world: f"/certificates/{world['certificate'].serial}.pdf",
            expect(404, anonymous=LOGIN, staff_a=200),
        ),
    ],
    # public, and showing only valid or not: the body check proves no name comes through
    "certificates/verify/<str:token>/": [
        get(lambda world: f"/certificates/verify/{world['certificate'].token}/", PUBLIC),
        get("/certificates/verify/not-a-token/", expect(404)),
    ],
    # the officer here has no scope: the list is empty and revoking finds nothing
    "admin/certificates/": [
        get("/admin/certificates/", expect(403, anonymous=LOGIN, officer=200, admin=200))
    ],
    "admin/certificates/results/": [
        get(
            "/admin/certificates/results/",
            expect(403, anonymous=LOGIN, officer=200, admin=200),
        )
    ],
    "admin/certificates/revoke/<int:pk>/": [
        get(
            lambda world: f"/admin/certificates/revoke/{world['certificate'].pk}/",
            expect(403, anonymous=LOGIN, officer=404, admin=200),
        ),
    ],
    "admin/videos/new/": [
        get("/admin/videos/new/", expect(403, anonymous=LOGIN, officer=200, admin=200))
    ],
    "admin/videos/upload-chunk/": [
        post("/admin/videos/upload-chunk/", expect(403, anonymous=LOGIN, officer=400, admin=400)),
    ],
    "admin/videos/edit/<int:pk>/": [
        get(
            lambda world: f"/admin/videos/edit/{world['video'].pk}/",
            expect(403, anonymous=LOGIN, officer=200, admin=200),
        ),
    ],
    "admin/videos/status/<int:pk>/": [
        get(
            lambda world: f"/admin/videos/status/{world['video'].pk}/",
            expect(403, anonymous=LOGIN, officer=200, admin=200),
        ),
    ],
    "admin/videos/cancel/<int:pk>/": [
        post(
            lambda world: f"/admin/videos/cancel/{world['video'].pk}/",
            expect(403, anonymous=LOGIN, officer=302, admin=302),
        ),
    ],
    "admin/videos/retry/<int:pk>/": [
        post(
            lambda world: f"/admin/videos/retry/{world['video'].pk}/",
            expect(403, anonymous=LOGIN, officer=302, admin=302),
        ),
    ],
    "admin/videos/captions/<int:pk>/": [
        post(
            lambda world: f"/admin/videos/captions/{world['video'].pk}/",
            expect(403, anonymous=LOGIN, officer=302, admin=302),
        ),
    ],
    "admin/courses/captions/": [
        get("/admin/courses/captions/", expect(403, anonymous=LOGIN, officer=200, admin=200)),
    ],
    "admin/videos/timeline/<int:pk>/": [
        get(
            lambda world: f"/admin/videos/timeline/{world['video'].pk}/",
            expect(403, anonymous=LOGIN, officer=200, admin=200),
        ),
        # an empty body: refused as unreadable, after the permission check
        post(
            lambda world: f"/admin/videos/timeline/{world['video'].pk}/",
            expect(403, anonymous=LOGIN, officer=400, admin=400),
        ),
    ],
    "admin/videos/caption-editor/<int:pk>/": [
        get(
            lambda world: f"/admin/videos/caption-editor/{world['video'].pk}/",
            expect(403, anonymous=LOGIN, officer=200, admin=200),
        ),
        post(
            lambda world: f"/admin/videos/caption-editor/{world['video'].pk}/",
            expect(403, anonymous=LOGIN, officer=400, admin=400),
        ),
    ],
}

OFFICER_AND_ADMIN = expect(403, anonymous=LOGIN, officer=200, admin=200)
# Third-party URL sets included whole: sampled, one entry per included prefix.
SAMPLED_PREFIXES: dict[str, list[Sample]] = {
    "admin/": [
        get("/admin/", OFFICER_AND_ADMIN),
        get("/admin/pages/", OFFICER_AND_ADMIN),
        get(lambda world: f"/admin/pages/{world['lesson'].pk}/edit/", OFFICER_AND_ADMIN),
        get("/admin/documents/", OFFICER_AND_ADMIN),
        get("/admin/users/", expect(403, anonymous=LOGIN, officer=302, admin=200)),
        get(
            lambda world: f"/admin/users/edit/{world['staff_b'].user.pk}/",
            expect(403, anonymous=LOGIN, officer=302, admin=200),
        ),
        get("/admin/groups/", expect(403, anonymous=LOGIN, officer=302, admin=200)),
    ],
    "django-admin/": [
        get("/django-admin/", expect(403, anonymous=LOGIN, officer=302, admin=200)),
        get("/django-admin/organisation/staffprofile/", ADMIN_ONLY | {"officer": 302}),
        get(
            lambda world: f"/django-admin/organisation/staffprofile/{world['staff_b'].pk}/change/",
            ADMIN_ONLY | {"officer": 302},
        ),
        get("/django-admin/organisation/staffprofile/import/", ADMIN_ONLY | {"officer": 302}),
        get("/django-admin/organisation/hrscope/", ADMIN_ONLY | {"officer": 302}),
        get("/django-admin/organisation/auditlog/", ADMIN_ONLY | {"officer": 302}),
        get("/django-admin/auth/user/", ADMIN_ONLY | {"officer": 302}),
    ],
    "documents/": [
        get(
            lambda world: f"/documents/{world['document'].pk}/{world['document'].filename}",
            SIGNED_IN,
        ),
        post(
            lambda world: f"/documents/authenticate_with_password/{world['doc_restriction'].pk}/",
            SIGNED_IN,
            data=lambda world: {"password": "wrong", "return_url": "/"},
        ),
    ],
}


def url_patterns() -> list[str]:
    """Every route of the URL configuration, as the resolver spells it (prefix + pattern)."""

    def walk(patterns, prefix: str):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern)

    return list(walk(get_resolver().url_patterns, ""))


def entry_of(route: str) -> str | None:
    if route in MATRIX:
        return route
    return next((prefix for prefix in SAMPLED_PREFIXES if route.startswith(prefix)), None)


def test_every_url_pattern_has_an_entry():
    missing = [route for route in url_patterns() if entry_of(route) is None]

    assert missing == [], "add these URLs to the permission matrix"


def test_every_entry_names_a_url_pattern():
    routes = set(url_patterns())

    assert [route for route in MATRIX if route not in routes] == []


# --- The world: two municipalities' people, HR, an officer, an administrator -----------------


def person(code: str, letter: str, given: str, family: str):
    profile = StaffProfileFactory(
        municipality=municipality(code),
        department=DepartmentFactory(municipality=municipality(code), name=f"{family}情報政策課"),
        employee_id=f"{letter}0001",
        display_name=f"{family} {given}",
        user__username=f"{family}-{given}-{letter}",
        user__email=f"{given}.{letter.lower()}@example.jp",
        user__first_name=given,
        user__last_name=family,
    )
    return profile


def make_world() -> dict:
    from django.contrib.auth.models import Group
    from wagtail.documents.models import Document
    from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

    from courses.models import LessonProgress
    from demo.catalogue import site_root
    from feedback.models import LessonRating, Survey, SurveyQuestion
    from media_pipeline import grants
    from media_pipeline.models import VideoAsset
    from media_pipeline.storage import storage
    from notifications import unsubscribe
    from notifications.models import Notice
    from skills import portfolio_compute
    from skills.models import QuizAttempt
    from tests.skills.factories import (
        QuestionFactory,
        QuizFactory,
        SkillFactory,
        StaffSkillLevelFactory,
    )
    from training.models import Assignee, Assignment

    staff_a = person(SHINJUKU, "A", "一郎", "新宿")
    staff_b = person(MITAKA, "B", "花子", "三鷹")
    skill = SkillFactory()
    for staff in (staff_a, staff_b):
        StaffSkillLevelFactory(staff=staff, skill=skill, level=3)
    portfolio_compute.recompute()
    course = make_course(site_root())
    video = VideoAsset.objects.create(title="勉強会の録画")
    lesson = make_lesson(course, video=video)
    secret_lesson = make_lesson(course, title="職員だけのレッスン")
    restriction = PageViewRestriction.objects.create(
        page=secret_lesson, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set(Group.objects.filter(name="職員"))
    draft_lesson = make_lesson(course, title="下書きのレッスン")
    draft_lesson.unpublish()
    quiz = QuizFactory(lesson=lesson)
    QuestionFactory(quiz=quiz, skill=skill)
    attempt = QuizAttempt.objects.create(
        quiz=quiz, user=staff_a.user, drawn=[], submitted_at=timezone.now()
    )
    for seen in (lesson, secret_lesson):
        LessonProgress.objects.create(user=staff_a.user, lesson=seen, completed_at=timezone.now())
    survey = Survey(course=course, title="研修の振り返り")
    survey.questions.add(SurveyQuestion(text="役に立ちましたか"))
    survey.save()
    LessonRating.objects.create(lesson=lesson, user=staff_a.user, score=5, comment="新宿の感想")
    poster_key = f"videos/{video.pk}/poster.jpg"
    storage().save(poster_key, ContentFile(b"\xff\xd8\xff poster"))
    source_key = f"sources/{video.pk}/recording.mp4"
    storage().save(source_key, ContentFile(b"\x00\x00\x00\x18ftypmp42"))
    video.poster = poster_key
    video.status = VideoAsset.Status.READY
    video.save(update_fields=["poster", "status"])
    collection = Collection.get_first_root_node().add_child(name="研修資料")
    document = Document.objects.create(
        title="研修資料",
        file=ContentFile(b"%PDF-1.4 shiryo", name="shiryo.pdf"),
        collection=collection,
    )
    doc_restriction = CollectionViewRestriction.objects.create(
        collection=Collection.get_first_root_node().add_child(name="秘密の資料"),
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="himitsu",
    )
    assignment = Assignment.objects.create(
        title="情報セキュリティ研修",
        course=course,
        starts_on=timezone.localdate(),
        due_on=timezone.localdate() + timedelta(days=30),
    )
    for staff in (staff_a, staff_b):
        Assignee.objects.create(assignment=assignment, staff=staff, added_at=timezone.now())
    assignments = {}
    for letter, staff in (("a", staff_a), ("b", staff_b)):
        assignments[f"assignment_{letter}"] = own = Assignment.objects.create(
            title=f"{staff.municipality.name}の必修研修",
            course=course,
            starts_on=timezone.localdate(),
            due_on=timezone.localdate(),
            municipality=staff.municipality,
        )
        Assignee.objects.create(assignment=own, staff=staff, added_at=timezone.now())
    accounts = {
        "anonymous": None,
        "staff_a": staff_a.user,
        "staff_b": staff_b.user,
        "officer": officer_user(username="officer"),
        "hr_a": hr_user(SHINJUKU, user__username="hr-a"),
        "hr_tokyo": hr_user(user__username="hr-tokyo"),
        "hr_none": unscoped_hr_user(username="hr-none"),
        "admin": UserFactory(username="admin", is_superuser=True, is_staff=True, roles=["管理者"]),
    }
    from organisation.access import Scope
    from training.assigning import assign
    from training.audience import resolve_rule

    mitaka_scope = Scope(everywhere=False, municipality=municipality(MITAKA))
    mitaka_assignment, _assigned = assign(
        course=course,
        rules=[resolve_rule("municipality", MITAKA, mitaka_scope)],
        scope=mitaka_scope,
        due_on=timezone.localdate(),
    )
    world = {
        "accounts": accounts,
        "course": course,
        "mitaka_assignment": mitaka_assignment,
        "staff_a": staff_a,
        "staff_b": staff_b,
        "department_a": staff_a.department,
        "department_b": staff_b.department,
        "lesson": lesson,
        "secret_lesson": secret_lesson,
        "draft_lesson": draft_lesson,
        "restriction": restriction,
        "quiz": quiz,
        "attempt": attempt,
        "survey": survey,
        "video": video,
        "poster_key": poster_key,
        "source_key": source_key,
        "grant_a": grants.issue(video, staff_a.user.pk),
        "assignment": assignment,
        "notice_a": Notice.objects.create(
            user=staff_a.user, kind="training.assigned", key="matrix", title="お知らせ", body="本文"
        ),
        "unsubscribe_a": unsubscribe.token_for(staff_a.user.pk, "training.assigned"),
        "document": document,
        "doc_restriction": doc_restriction,
        "certificate": certificate_of(staff_a, course),
        **assignments,
    }
    return world


def certificate_of(staff, course):
    """A certificate of staff A (issued without the completion rule: only its pages matter)."""
    from certificates.issuing import save_with_serials
    from certificates.models import Certificate

    save_with_serials(
        [
            Certificate(
                holder=staff.user,
                municipality=staff.municipality,
                course=course,
                holder_name=staff.display_name,
                title=course.title,
                issuer=staff.municipality.name,
                completed_on=timezone.localdate(),
                minutes=10,
            )
        ]
    )
    return Certificate.objects.get(holder=staff.user)


def record_viewing(client, world: dict) -> None:
    """Both people watch, so there are statements and learner accounts to leak."""
    from courses.models import LearnerAccount

    for letter in ("a", "b"):
        client.force_login(world[f"staff_{letter}"].user)
        response = client.post(
            "/api/v1/progress/", json.dumps(beat(world)), content_type="application/json"
        )
        assert response.status_code == 200, response.content
    client.logout()
    world["xapi_names"] = {
        user_id: str(name) for user_id, name in LearnerAccount.objects.values_list("user", "name")
    }


def markers(world: dict, letter: str) -> list[str]:
    """What would identify the planted person of municipality `letter` in a page or a file."""
    staff = world[f"staff_{letter.lower()}"]
    found = [staff.display_name, staff.user.email, staff.user.username]
    if staff.user.pk in world.get("xapi_names", {}):
        found.append(world["xapi_names"][staff.user.pk])
    return found


def request(client, sample: Sample, world: dict):
    url = sample.url(world)
    data = sample.data(world)
    if sample.json_body:
        return client.post(url, json.dumps(data), content_type="application/json")
    return getattr(client, sample.method)(url, data)


def body_text(response) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return content.decode("utf-8-sig", errors="replace")


@pytest.mark.parametrize("role", ROLES)
def test_role_gets_the_expected_status_and_nobody_elses_people(client, role):
    world = make_world()
    record_viewing(client, world)
    account = world["accounts"][role]
    forbidden = [
        marker
        for letter in ("A", "B")
        if letter not in MAY_READ[role]
        for marker in markers(world, letter)
    ]
    wrong = []
    for samples in [*MATRIX.values(), *SAMPLED_PREFIXES.values()]:
        for sample in samples:
            client.logout()
            if account is not None:
                client.force_login(account)
            response = request(client, sample, world)
            url = sample.url(world)
            if response.status_code != sample.expected[role]:
                wrong.append(f"{url}: {response.status_code}, not {sample.expected[role]}")
            text = body_text(response)
            wrong.extend(f"{url}: shows {marker!r}" for marker in forbidden if marker in text)
    assert not wrong, "\n".join(wrong)
