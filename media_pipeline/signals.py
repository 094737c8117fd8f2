"""Signals other packages listen to; the pipeline does not know who they are."""

from django.dispatch import Signal

# Sent with `recording` (a VideoAsset) when its clips have been (re)made and are ready; the
# receiver reads recording.destination and recording.chapters to publish lessons.
clips_ready = Signal()
