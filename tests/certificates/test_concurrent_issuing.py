"""Serials under concurrent issuing, on PostgreSQL: many people asking at the same moment, and
the nightly bulk run beside them, get unique serials without gaps."""

import threading

import pytest
from django.db import connection, connections

from certificates import issuing
from certificates.models import Certificate
from tests.certificates.conftest import complete_course
from tests.factories import StaffProfileFactory

PEOPLE = 12


def test_people_asking_at_once_get_unique_serials_without_gaps(transactional_db, course):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer in at a time; the race is PostgreSQL's to test")
    people = [StaffProfileFactory().user for _ in range(PEOPLE)]
    for user in people:
        complete_course(user, course)
    start = threading.Barrier(PEOPLE + 1)
    failures = []

    def ask(user) -> None:
        try:
            start.wait()
            issuing.issue_for_course(user, course)
        except Exception as error:
            failures.append(error)
        finally:
            connections.close_all()

    def bulk() -> None:
        try:
            start.wait()
            issuing.issue_due()
        except Exception as error:
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=ask, args=(user,)) for user in people[1:]]
    threads.append(threading.Thread(target=bulk))
    threads.append(threading.Thread(target=ask, args=(people[0],)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert failures == []
    serials = sorted(Certificate.objects.values_list("serial", flat=True))
    assert len(serials) == PEOPLE
    assert [int(serial.split("-")[1]) for serial in serials] == list(range(1, PEOPLE + 1))
    assert Certificate.objects.values("holder").distinct().count() == PEOPLE
