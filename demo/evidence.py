"""The story's evidence (story.py): self-assessments, tests taken and answered, confirmations.

The tests are real attempts: questions drawn and scored by skills/assessments.py, and recorded
as evidence by skills/evidence.py (`record_unrecorded_attempts`), passed or failed, so the level
rule decides what they show. Whether a person answers a question right is a draw against their
chance: higher in well-staffed municipalities, much higher after training, a little lower for
those who were not trained when they are tested again (they forget).
"""

import random
from datetime import datetime, timedelta

from django.contrib.auth.models import Group
from django.db.models import Count, F

from courses.models import LessonProgress
from organisation.models import Municipality, StaffProfile
from skills import confirmation
from skills.assessments import authored_options, draw, score
from skills.evidence import record_unrecorded_attempts
from skills.models import (
    Question,
    Quiz,
    QuizAttempt,
    RoleTarget,
    SelfAssessment,
    Skill,
    SkillEvidence,
    role_profile_of,
)

from . import story

Kind = Question.Kind

# How far a municipality's staff have come, by kind of municipality (islands: thin coverage).
STRENGTH = {"都": 1.0, "特別区": 0.95, "市": 0.7, "町": 0.45, "村": 0.3}
ISLANDS_FACTOR = 0.7
TRAINED_CHANCE = 0.92
FORGETTING = 0.25
SELF_ASSESSMENT_SHARE = 0.2
# The ward whose manager confirms levels (story.py).
MANAGER_MUNICIPALITY = "131041"
CONFIRMATIONS = 6
# Confirmed skills are ones no test asks about, so that the confirmation stays the newest word.
CONFIRMED_SKILLS = ("GC3-01", "GC8-02", "GC3-02")


def strength_of(municipality: Municipality) -> float:
    strength = STRENGTH.get(municipality.kind, 0.5)
    if municipality.region == Municipality.Region.ISLANDS:
        strength *= ISLANDS_FACTOR
    return strength


def baseline_chance(municipality: Municipality) -> float:
    return 0.2 + 0.45 * strength_of(municipality)


def answer(question: Question, right: bool, rng: random.Random) -> list[int]:
    """Authored choice indexes a person gives: the right answer, or a plausible wrong one."""
    options = authored_options(question)
    correct = [index for index, option in enumerate(options) if option.correct]
    wrong = [index for index, option in enumerate(options) if not option.correct]
    if question.kind == Kind.ORDERING:
        order = list(range(len(options)))
        if not right:
            first = rng.randrange(len(order) - 1)
            order[first], order[first + 1] = order[first + 1], order[first]
        return order
    if right:
        return correct
    if question.kind == Kind.MULTIPLE:
        return correct[1:] + wrong[:1]
    return [rng.choice(wrong)]


def taken_test(
    quiz: Quiz, questions: dict, user, when: datetime, chance: float, rng: random.Random
) -> QuizAttempt:
    """A submitted attempt: drawn and scored as the quiz page does, answered by chance."""
    attempt = QuizAttempt(quiz=quiz, user=user, drawn=draw(quiz, rng))
    answers = {
        item["question"]: answer(questions[item["question"]], rng.random() < chance, rng)
        for item in attempt.drawn
    }
    total, maximum, record = score(attempt, answers)
    attempt.submitted_at = when
    attempt.answers = record
    attempt.score, attempt.max_score = total, maximum
    attempt.passed = maximum > 0 and 100 * total / maximum >= quiz.pass_mark
    return attempt


def first_completions() -> dict[int, datetime]:
    """User id → when the person first completed a lesson (the start of their training)."""
    first: dict[int, datetime] = {}
    for user_id, completed_at in LessonProgress.objects.filter(
        completed_at__isnull=False
    ).values_list("user_id", "completed_at"):
        first[user_id] = min(completed_at, first.get(user_id, completed_at))
    return first


def self_assessments(staff_list: list, rng: random.Random, now: datetime) -> None:
    """A few people rate themselves on their role's targets early in the story."""
    targets: dict[int, list[RoleTarget]] = {}
    for target in RoleTarget.objects.all():
        targets.setdefault(target.role_profile_id, []).append(target)
    rounds, ratings = [], []
    for staff in staff_list:
        role = role_profile_of(staff)
        wanted = targets.get(role.pk if role else None, [])
        if not wanted or rng.random() >= SELF_ASSESSMENT_SHARE:
            continue
        strength = strength_of(staff.municipality)
        rounds.append(
            SelfAssessment(
                staff=staff, submitted_at=story.moment_in(rng, now, story.SELF_ASSESSMENT_MONTHS)
            )
        )
        ratings.append(
            [
                (target.skill_id, round(target.target_level * strength * rng.uniform(0.3, 1.1)))
                for target in wanted
            ]
        )
    SelfAssessment.objects.bulk_create(rounds)
    SkillEvidence.objects.bulk_create(
        [
            SkillEvidence(
                staff=round_.staff,
                skill_id=skill_id,
                level=min(5, level),
                source=SkillEvidence.Source.SELF,
                observed_at=round_.submitted_at,
                reference=f"self-assessment:{round_.pk}",
            )
            for round_, rated in zip(rounds, ratings, strict=True)
            for skill_id, level in rated
        ],
        batch_size=1000,
    )


def tests(staff_list: list, lesson_quiz: Quiz, course_quiz: Quiz, rng, now) -> None:
    """The baseline test, the lesson's test after training, and the follow-up test."""
    questions = {
        question.pk: question
        for question in Question.objects.filter(quiz__in=[lesson_quiz, course_quiz])
    }
    trained_since = first_completions()
    attempts = []
    for staff in staff_list:
        user, base = staff.user, baseline_chance(staff.municipality)
        took_baseline = rng.random() < 0.5 + 0.4 * strength_of(staff.municipality)
        if took_baseline:
            when = story.moment_in(rng, now, story.BASELINE_MONTHS)
            attempts.append(taken_test(course_quiz, questions, user, when, base, rng))
        trained = trained_since.get(user.pk)
        if trained is not None:
            when = min(trained + timedelta(days=rng.uniform(0, 3)), now)
            attempts.append(taken_test(lesson_quiz, questions, user, when, TRAINED_CHANCE, rng))
        # The follow-up: everyone trained, and most of the others who took the baseline.
        when = story.moment_in(rng, now, story.FOLLOW_UP_MONTHS)
        if trained is not None and trained < when and rng.random() < 0.9:
            attempts.append(taken_test(course_quiz, questions, user, when, TRAINED_CHANCE, rng))
        elif trained is None and took_baseline and rng.random() < 0.7:
            chance = base - FORGETTING
            attempts.append(taken_test(course_quiz, questions, user, when, chance, rng))
    QuizAttempt.objects.bulk_create(attempts, batch_size=500)
    # started_at is stamped on creation: set it back to when each test began.
    QuizAttempt.objects.filter(pk__in=[attempt.pk for attempt in attempts]).update(
        started_at=F("submitted_at") - timedelta(minutes=6)
    )
    record_unrecorded_attempts()


def confirmations(rng: random.Random, now: datetime) -> None:
    """A manager in a trained ward confirms a few of their staff's levels, on the real rule:
    the first member of staff of the ward's largest department."""
    staff = StaffProfile.objects.filter(
        municipality__code=MANAGER_MUNICIPALITY, user__username__startswith="staff-"
    )
    largest = (
        staff.values("department").annotate(count=Count("id")).order_by("-count", "department")
    ).first()
    if largest is None:
        return
    team = list(
        staff.filter(department=largest["department"])
        .select_related("user")
        .order_by("employee_id")
    )
    manager = team[0].user
    confirmation.ensure_manager_group()
    manager.groups.add(Group.objects.get(name=confirmation.MANAGERS))
    manager = type(manager).objects.get(pk=manager.pk)  # permissions as of the new group
    skills = list(
        Skill.objects.filter(code__in=CONFIRMED_SKILLS, category__framework__code="gov-cloud")
    )
    for member in rng.sample(team[1:], k=min(CONFIRMATIONS, len(team) - 1)):
        when = story.moment_in(rng, now, story.CONFIRMATION_MONTHS)
        confirmation.confirm(manager, member, rng.choice(skills), rng.randint(2, 3), now=when)


def seed_story(lesson_quiz: Quiz, course_quiz: Quiz, rng: random.Random, now: datetime) -> None:
    staff_list = list(
        StaffProfile.objects.filter(user__username__startswith="staff-")
        .select_related("municipality", "user", "role__role_profile")
        .order_by("pk")
    )
    self_assessments(staff_list, rng, now)
    tests(staff_list, lesson_quiz, course_quiz, rng, now)
    confirmations(rng, now)
