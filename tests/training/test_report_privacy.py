"""Figures where the reader may not see names: nothing about fewer than PRIVACY_THRESHOLD
people is shown, and nothing withheld can be recovered by subtracting shown figures from a shown
total (the portfolio's rule, skills.privacy), in the departments' tables and the municipalities'
table alike; those who may see the names see the figures whole."""

import random

import pytest

from organisation.models import Municipality
from tests.factories import hr_user
from tests.training.report_data import MITAKA, SHINJUKU, enrol_many, make_assignment, officer
from training import reports
from training.models import Assignment

pytestmark = pytest.mark.django_db
THRESHOLD = 5
COLUMNS = ("audience", *reports.STATUSES)


@pytest.fixture(autouse=True)
def threshold(settings):
    settings.PRIVACY_THRESHOLD = THRESHOLD


def tables(report):
    """Each table as the page shows it: (rows, total row), rows keyed by name."""
    found = [({row.municipality.code: row.figures for row in report.municipalities}, report.total)]
    for row in report.municipalities:
        found.append(
            ({department.name: department.figures for department in row.departments}, row.total)
        )
    return found


def lines(rows: dict, total):
    """Every row (audience = sum of statuses) and column (total = sum of rows) of a table, as
    (total figure, [member figures]) getters."""
    for key in rows:
        yield (
            (lambda r, k=key: r[0][k].audience),
            [(lambda r, k=key, s=status: getattr(r[0][k], s)) for status in reports.STATUSES],
        )
    for column in COLUMNS:
        yield (
            (lambda r, c=column: getattr(r[1], c)),
            [(lambda r, k=key, c=column: getattr(r[0][k], c)) for key in rows],
        )


def leaks(seen, truth) -> list[str]:
    """What in `seen` breaks the rule, checked against the true figures of `truth`."""
    found = []
    for (rows, total), (true_rows, true_total) in zip(tables(seen), tables(truth), strict=True):
        for figures in [*rows.values(), total]:
            for column in COLUMNS:
                value = getattr(figures, column)
                if value is not None and 0 < value < THRESHOLD:
                    found.append(f"{column} = {value} shown")
        for total_of, members in lines(rows, total):
            hidden = [member for member in members if member((rows, total)) is None]
            if total_of((rows, total)) is None:
                if not hidden and total_of((true_rows, true_total)):
                    found.append("a withheld total is the sum of shown figures")
                continue
            if not hidden:
                continue
            hidden_sum = sum(member((true_rows, true_total)) for member in hidden)
            if len(hidden) < 2 or 0 < hidden_sum < THRESHOLD:
                found.append(f"{len(hidden)} withheld figure(s) of {hidden_sum} recoverable")
    return found


@pytest.fixture
def spread(course_index):
    """An all-Tokyo assignment: small groups and small counts in two municipalities."""
    assigner = officer()
    assignment = make_assignment(course_index, created_by=assigner)
    enrol_many(assignment, SHINJUKU, "総務課", completed=8, in_progress=2)
    enrol_many(assignment, SHINJUKU, "税務課", completed=5, not_started=5)
    enrol_many(assignment, SHINJUKU, "企画課", completed=12, in_progress=6, not_started=7)
    enrol_many(assignment, MITAKA, "企画課", completed=3)
    enrol_many(assignment, MITAKA, "市民課", completed=20, not_started=9, in_progress=1)
    return assignment, assigner


def test_hr_of_all_tokyo_sees_no_small_figure_and_none_recoverable(spread):
    assignment, assigner = spread

    seen = reports.report(hr_user(), assignment)
    truth = reports.report(assigner, assignment)

    assert leaks(seen, truth) == []
    assert any(figures.suppressed for rows, total in tables(seen) for figures in rows.values())


def test_a_department_of_fewer_people_than_the_threshold_is_withheld_whole(spread):
    assignment, _assigner = spread

    mitaka = reports.report(hr_user(), assignment).municipalities[1]
    small = next(row for row in mitaka.departments if row.name == "企画課")

    assert small.figures == reports.Figures(None, None, None, None, None)
    assert small.figures.completion_rate is None


def test_the_shown_figures_are_the_true_ones(spread):
    assignment, assigner = spread

    seen = reports.report(hr_user(), assignment)
    truth = reports.report(assigner, assignment)

    for (rows, total), (true_rows, true_total) in zip(tables(seen), tables(truth), strict=True):
        for key, figures in [*rows.items(), ("total", total)]:
            true = true_rows.get(key, true_total)
            for column in COLUMNS:
                assert getattr(figures, column) in (None, getattr(true, column))


def test_a_municipality_reads_the_same_in_both_tables(spread):
    assignment, _assigner = spread

    for row in reports.report(hr_user(), assignment).municipalities:
        assert row.figures == row.total


def test_the_assigner_sees_every_figure(spread):
    assignment, assigner = spread

    report = reports.report(assigner, assignment)

    assert not report.total.suppressed
    assert report.total.audience == 78
    assert not any(
        department.figures.suppressed
        for row in report.municipalities
        for department in row.departments
    )


def test_hr_of_the_municipality_sees_its_figures_whole(spread):
    assignment, _assigner = spread

    report = reports.report(hr_user(SHINJUKU), assignment)

    assert [row.municipality.code for row in report.municipalities] == [SHINJUKU]
    assert report.total == reports.Figures(45, 25, 8, 12, 0)
    assert report.names_allowed[0].code == SHINJUKU


def test_an_officer_who_did_not_assign_it_sees_figures_only(spread):
    assignment, assigner = spread
    reader = officer(user__username="another-officer")

    seen = reports.report(reader, assignment)

    assert seen.names_allowed == []
    assert leaks(seen, reports.report(assigner, assignment)) == []


def random_counts(rng: random.Random) -> dict:
    """Counts of a made-up assignment: 1-4 municipalities of 1-5 departments, small and large."""
    counts = {}
    for municipality in range(rng.randint(1, 4)):
        for department in range(rng.randint(1, 5)):
            figures = [rng.choice([0, 0, 1, 2, 3, 4, 6, 9, 15]) for _status in reports.STATUSES]
            counts[(municipality, department)] = (sum(figures), *figures)
    return counts


@pytest.mark.parametrize("seed", range(300))
def test_no_made_up_assignment_shows_or_lets_anyone_recover_a_small_figure(seed):
    rng = random.Random(seed)
    counts = random_counts(rng)
    municipalities = {
        pk: Municipality(pk=pk, code=f"13{pk:04d}", name=f"自治体{pk}") for pk in range(4)
    }
    departments = {pk: f"所属{pk}" for pk in range(5)}
    assignment = Assignment(pk=1, title="研修")

    def build(allowed: bool):
        return reports.build(
            assignment, reports.today(), counts, lambda *_: allowed, municipalities, departments
        )

    assert leaks(build(False), build(True)) == []
