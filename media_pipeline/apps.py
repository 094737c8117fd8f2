from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class MediaPipelineConfig(AppConfig):
    name = "media_pipeline"
    verbose_name = _("動画処理")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .cleanup import delete_files
        from .models import VideoAsset
        from .playable import forget_playable_files

        post_delete.connect(delete_files, sender=VideoAsset, dispatch_uid="media_pipeline.cleanup")
        for signal in (post_save, post_delete):
            signal.connect(
                forget_playable_files,
                sender=VideoAsset,
                dispatch_uid=f"media_pipeline.playable-{id(signal)}",
            )
