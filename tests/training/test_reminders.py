"""Reminders of required training: who is told what, on which day, once; as the reader of the
mail sees it, delivered through a real SMTP server on loopback."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from notifications.models import Delivery, Notice
from skills.models import LessonSkill
from skills.self_assessment import submit
from tests.factories import make_lesson
from tests.notifications.smtp_servers import LoopbackSMTP, use_server
from tests.skills.factories import RoleTargetFactory, SkillFactory
from tests.training.assignments import DUE, assignee, assignment, at, person
from training.reminders import send_reminders

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def smtp(settings):
    with LoopbackSMTP() as server:
        use_server(settings, server.port)
        yield server.mailbox


@pytest.fixture
def course(course_index):
    from tests.factories import make_course

    return make_course(course_index, title="情報セキュリティ基礎")


def test_the_due_date_reminder_says_the_date_in_japanese_and_links_the_course(smtp, course):
    training = assignment(course, remind_days_before=7)
    hanako = person(display_name="山田 花子")
    assignee(training, hanako)

    send_reminders(today=DUE - 7 * DAY)

    (mail,) = smtp.to(hanako.user.email)
    assert (
        mail["Subject"].strip()
        == "【まなびDX】必修研修「情報セキュリティ研修」の受講期限が近づいています"
    )
    body = mail.get_content()
    assert "山田 花子 さん" in body
    assert "受講期限は 2026年7月31日（金） です（あと7日）。" in body
    assert "現在の状況：未着手" in body
    assert f"http://127.0.0.1:8000{course.url}" in body


def test_nothing_is_sent_before_the_reminder_day(smtp, course):
    training = assignment(course, remind_days_before=7)
    assignee(training)

    tally = send_reminders(today=DUE - 8 * DAY)

    assert tally.as_dict() == {"sent": 0, "skipped": 0, "failed": 0}


def test_a_second_run_the_same_day_sends_nothing_twice(smtp, course):
    training = assignment(course, remind_days_before=7)
    for _ in range(3):
        assignee(training)

    first = send_reminders(today=DUE - 7 * DAY)
    second = send_reminders(today=DUE - 7 * DAY)

    assert first.as_dict() == {"sent": 3, "skipped": 0, "failed": 0}
    assert second.as_dict() == {"sent": 0, "skipped": 3, "failed": 0}
    assert len(smtp.messages) == 3


def test_a_second_run_the_same_day_composes_no_mail_again(smtp, course):
    """What was recorded is not rendered again: the second run of 10,000 reminders is a lookup."""
    from django.test.signals import template_rendered

    training = assignment(course, remind_days_before=7)
    for _ in range(3):
        assignee(training)
    send_reminders(today=DUE - 7 * DAY)
    rendered = []

    def count(sender, template, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(count)
    try:
        send_reminders(today=DUE - 7 * DAY)
    finally:
        template_rendered.disconnect(count)
    assert not [name for name in rendered if name and "mail/" in name]


def test_only_current_not_done_active_people_are_reminded(smtp, course):
    training = assignment(course, remind_days_before=7)
    reminded = assignee(training)
    assignee(training, removed_at=at(DUE - 30 * DAY))
    assignee(training, completed_at=at(DUE - 10 * DAY))
    assignee(training, staff=person(active=False))
    left_account = person()
    left_account.user.is_active = False
    left_account.user.save()
    assignee(training, staff=left_account)

    tally = send_reminders(today=DUE - 7 * DAY)

    assert tally.as_dict() == {"sent": 1, "skipped": 0, "failed": 0}
    assert [m["To"] for m in smtp.messages] == [reminded.staff.user.email]
    assert list(Notice.objects.values_list("user_id", flat=True)) == [reminded.staff.user_id]


def test_a_person_without_an_address_is_told_on_the_site_and_skipped_by_mail(smtp, course):
    training = assignment(course, remind_days_before=7)
    no_address = assignee(training, staff=person(email=""))

    tally = send_reminders(today=DUE - 7 * DAY)

    assert tally.as_dict() == {"sent": 0, "skipped": 1, "failed": 0}
    assert smtp.messages == []
    assert Notice.objects.get().user_id == no_address.staff.user_id


def test_a_withdrawn_assignment_reminds_nobody(smtp, course):
    training = assignment(course, remind_days_before=7, withdrawn_at=timezone.now())
    assignee(training)

    assert send_reminders(today=DUE - 7 * DAY).sent == 0
    assert send_reminders(today=DUE + DAY).sent == 0


def test_a_changed_due_date_is_a_new_reminder(smtp, course):
    training = assignment(course, remind_days_before=7)
    someone = assignee(training)
    send_reminders(today=DUE - 7 * DAY)
    training.due_on = DUE + 14 * DAY
    training.save()

    send_reminders(today=DUE + 7 * DAY)

    assert len(smtp.to(someone.staff.user.email)) == 2


def test_overdue_is_told_the_day_after_and_then_weekly(smtp, course):
    training = assignment(course, remind_days_before=0)
    late = assignee(training)

    sent = {offset: send_reminders(today=DUE + offset * DAY).sent for offset in range(0, 16)}

    assert [offset for offset, count in sent.items() if count] == [1, 8, 15]
    mails = smtp.to(late.staff.user.email)
    assert "受講期限（2026年7月31日（金））を1日過ぎています" in mails[0].get_content()
    assert "を8日過ぎています" in mails[1].get_content()


def test_new_people_are_told_once_that_they_were_assigned(smtp, course):
    training = assignment(course, starts_on=DUE - 60 * DAY, remind_days_before=7)
    newcomer = assignee(training, added_on=DUE - 20 * DAY)
    long_known = assignee(training, added_on=DUE - 60 * DAY)

    first = send_reminders(today=DUE - 20 * DAY)
    again = send_reminders(today=DUE - 19 * DAY)

    assert first.sent == 1 and again.sent == 0
    (mail,) = smtp.to(newcomer.staff.user.email)
    assert "受講期間：2026年6月1日（月） から 2026年7月31日（金） まで" in mail.get_content()
    assert smtp.to(long_known.staff.user.email) == []


def test_the_weekly_digest_lists_the_lessons_that_close_the_largest_gap(smtp, course):
    far = RoleTargetFactory(target_level=4, skill=SkillFactory(name="コスト管理"))
    staff = person(role_profile=far.role_profile)
    submit(staff, {far.skill_id: 1})
    lesson = make_lesson(course, title="コスト管理の基本")
    LessonSkill.objects.create(lesson=lesson, skill=far.skill, level=3)
    monday = datetime.date(2026, 7, 27)

    first = send_reminders(today=monday)
    later_that_week = send_reminders(today=monday + 3 * DAY)
    next_week = send_reminders(today=monday + 7 * DAY)

    assert (first.sent, later_that_week.sent, next_week.sent) == (1, 0, 1)
    assert later_that_week.skipped == 1  # told this week already: counted, not forgotten
    body = smtp.to(staff.user.email)[0].get_content()
    assert "1. コスト管理の基本" in body and "スキル：コスト管理" in body
    assert f"http://127.0.0.1:8000{lesson.url}" in body


def test_people_without_gaps_get_no_digest(smtp, course):
    person()  # no role, so no targets and no gaps

    assert send_reminders(today=datetime.date(2026, 7, 27)).as_dict() == {
        "sent": 0,
        "skipped": 0,
        "failed": 0,
    }


def test_every_reminder_is_also_a_notice_on_the_site(smtp, course):
    training = assignment(course, remind_days_before=7)
    someone = assignee(training)

    send_reminders(today=DUE - 7 * DAY)

    (notice,) = Notice.objects.filter(user=someone.staff.user)
    assert notice.title == "必修研修「情報セキュリティ研修」の受講期限が近づいています"
    assert notice.url == course.url


def test_the_command_prints_the_counts_as_json(smtp, course, monkeypatch):
    training = assignment(course, remind_days_before=7)
    assignee(training)
    assignee(training)
    monkeypatch.setattr(timezone, "localdate", lambda *args: DUE - 7 * DAY)
    out = StringIO()

    call_command("send_reminders", "--json", stdout=out)
    call_command("send_reminders", "--json", stdout=(again := StringIO()))

    assert json.loads(out.getvalue()) == {"sent": 2, "skipped": 0, "failed": 0}
    assert json.loads(again.getvalue()) == {"sent": 0, "skipped": 2, "failed": 0}


def test_a_dry_run_counts_and_sends_nothing(smtp, course, monkeypatch):
    training = assignment(course, remind_days_before=7)
    assignee(training)
    monkeypatch.setattr(timezone, "localdate", lambda *args: DUE - 7 * DAY)
    out = StringIO()

    call_command("send_reminders", "--dry-run", "--json", stdout=out)

    assert json.loads(out.getvalue()) == {"sent": 1, "skipped": 0, "failed": 0}
    assert smtp.messages == [] and not Delivery.objects.exists() and not Notice.objects.exists()
