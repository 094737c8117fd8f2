"""Signals the organisation sends for the apps above it, which it may not import.

`roster_changed` is sent once a roster import has committed (never per row, never for a dry run
or a failed import), with `municipality_ids`: the municipalities the file named. Apps that keep
something derived from the roster (e.g. training's audiences) re-evaluate it then.
"""

from django.dispatch import Signal

roster_changed = Signal()
