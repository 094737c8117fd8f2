"""Completing a lesson tagged with skills becomes evidence: courses saves, skills listens."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from .evidence import record_lesson_completion


@receiver(post_save, sender="courses.LessonProgress", dispatch_uid="skills_lesson_completion")
def lesson_progress_saved(sender, instance, **kwargs) -> None:
    if instance.completed_at is not None:
        record_lesson_completion(instance.user, instance.lesson_id, instance.completed_at)
