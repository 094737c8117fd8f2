"""Signals skills sends for the apps above it, which it may not import.

- `levels_changed`: once per recompute of stored levels (`levels.recompute_levels_for`), after it
  commits, with `staff_ids` (the people recomputed) and `skill_ids` (None: every skill).
- `attempt_submitted`: a quiz attempt was scored and closed (`assessments.submit_attempt`), with
  `attempt`; the close is an UPDATE, so no post_save announces it.
"""

from django.dispatch import Signal

levels_changed = Signal()
attempt_submitted = Signal()
