"""Skills: recomputing everyone's current levels from their evidence.

Runs in a throw-away test database filled by seed_demo (about 200 staff, 2,300 evidence).
Figure: the bulk recompute (`recompute_levels_for`, one read and one bulk write) against the
baseline of recomputing person by person (`recompute_levels`), in the same session.
"""

import time

from .common import figure


def _seconds(action) -> float:
    """Time one full recompute: every stored level is removed first, so all are written."""
    from skills.models import StaffSkillLevel

    StaffSkillLevel.objects.all().delete()
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def run() -> dict:
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    from demo import catalogue, organisation, viewing
    from demo import skills as skills_demo
    from organisation.models import StaffProfile
    from skills.levels import recompute_levels, recompute_levels_for
    from skills.models import SkillEvidence

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        organisation.seed_demo_users(settings.DEMO_PASSWORD)
        organisation.seed_demo_staff()
        catalogue.seed()
        viewing.seed()
        skills_demo.seed()
        staff = list(StaffProfile.objects.all())
        ids = [person.pk for person in staff]
        evidence = SkillEvidence.objects.count()
        bulk = min(_seconds(lambda: recompute_levels_for(ids)) for _ in range(3))
        one_by_one = min(
            _seconds(lambda: [recompute_levels(person) for person in staff]) for _ in range(2)
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    return {
        "skills.recompute_levels_all_staff": figure(
            bulk,
            "s",
            one_by_one,
            f"bulk recompute of {len(ids)} staff / {evidence} evidence ≥ 5× faster than one by one",
        )
    }
