"""A deleted video takes its stored files with it, once the deletion is committed."""

from django.db import transaction

from .models import VideoAsset
from .storage import delete_prefix, storage


def delete_files(sender, instance: VideoAsset, **kwargs) -> None:
    prefix = f"videos/{instance.pk}"
    source = instance.source.name

    def remove() -> None:
        delete_prefix(prefix)
        if source and storage().exists(source):
            storage().delete(source)

    transaction.on_commit(remove)
