"""ASGI entry point: the player's beats take the fast lane (courses/beat_lane.py), the rest Django.

gunicorn lms.asgi:application -k uvicorn.workers.UvicornWorker
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
django_application = get_asgi_application()

from courses.beat_lane import BeatLane  # noqa: E402 - needs the apps loaded above

application = BeatLane(django_application)
