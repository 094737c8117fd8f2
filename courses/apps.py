from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("講座")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from media_pipeline.signals import clips_ready

        from .lessons_from_chapters import on_clips_ready

        clips_ready.connect(on_clips_ready, dispatch_uid="courses.lessons_from_chapters")
