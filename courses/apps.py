from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("講座")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published, page_unpublished

        from media_pipeline.signals import clips_ready

        from . import roster_columns
        from .access import forget_lesson_facts
        from .lessons_from_chapters import on_clips_ready
        from .models import LessonPage
        from .tasks import forward_soon
        from .xapi_outbox import statements_stored

        roster_columns.register()
        clips_ready.connect(on_clips_ready, dispatch_uid="courses.lessons_from_chapters")
        statements_stored.connect(forward_soon, dispatch_uid="courses.tasks.forward_soon")
        for signal in (page_published, page_unpublished, post_save, post_delete):
            signal.connect(
                forget_lesson_facts, sender=LessonPage, dispatch_uid=f"lesson-facts-{id(signal)}"
            )
