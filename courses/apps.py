from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


def apply_approval_workflow(sender: AppConfig, **kwargs) -> None:
    # After the last app's migrations, when Wagtail's workflow tables and every group exist.
    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender is not with_models[-1]:
        return
    from .approval import set_up_approval

    set_up_approval()


def catalogue_follows_approval(
    sender, instance, created: bool, raw: bool = False, **kwargs
) -> None:
    if created and not raw:
        from .approval import follow_approval

        follow_approval(instance)


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("講座")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_migrate, post_save
        from wagtail.signals import page_published, page_unpublished

        from media_pipeline.signals import clips_ready

        from . import roster_columns
        from .access import forget_lesson_facts
        from .lessons_from_chapters import on_clips_ready
        from .models import CourseIndexPage, LessonPage
        from .tasks import forward_soon
        from .xapi_outbox import statements_stored

        roster_columns.register()
        post_migrate.connect(apply_approval_workflow, dispatch_uid="courses.approval")
        post_save.connect(
            catalogue_follows_approval, sender=CourseIndexPage, dispatch_uid="courses.approval"
        )
        clips_ready.connect(on_clips_ready, dispatch_uid="courses.lessons_from_chapters")
        statements_stored.connect(forward_soon, dispatch_uid="courses.tasks.forward_soon")
        for signal in (page_published, page_unpublished, post_save, post_delete):
            signal.connect(
                forget_lesson_facts, sender=LessonPage, dispatch_uid=f"lesson-facts-{id(signal)}"
            )
