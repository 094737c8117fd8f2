"""Signals courses sends for the apps above it, which it may not import.

`lessons_started` is sent when people open lessons for the first time in a batch of the player's
beats, with `pairs`: the (user id, lesson id) whose progress rows were just created. The rows are
written in bulk, so no post_save announces them; a completion is announced as LessonProgress's
post_save (recording.py), in either lane.
"""

from django.dispatch import Signal

lessons_started = Signal()
