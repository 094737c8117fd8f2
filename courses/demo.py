"""The demo catalogue: the Government Cloud study sessions as a course of micro-lessons."""

import random
import uuid
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page, Site

from .models import CourseIndexPage, CoursePage, LessonPage, LessonProgress, ViewingBeat

DEMO_COURSE_TITLE = "ガバメントクラウド運用勉強会"
DEMO_COURSE_SLUG = "gov-cloud-operations"

DEMO_LESSONS = [
    (
        "ガバメントクラウドとは",
        "国が調達するクラウド基盤の目的と、自治体の標準化対象システムが移行する背景を学びます。",
        300,
    ),
    (
        "アカウントと権限の管理",
        "IAM の考え方、最小権限の原則、多要素認証と運用管理補助者との役割分担を学びます。",
        420,
    ),
    (
        "コスト管理の基本",
        "利用料金の見える化、予算アラート、リソースの停止と適正化の進め方を学びます。",
        360,
    ),
    (
        "監視と障害対応",
        "ログと監視の設計、障害発生時の連絡体制とベンダーとの切り分けの手順を学びます。",
        480,
    ),
]


class SiteNotEmpty(Exception):
    """The default site already has pages of its own: the demo leaves it alone."""


def is_placeholder(page: Page) -> bool:
    """Wagtail's welcome page as a fresh install leaves it: a plain page with nothing under it."""
    return page.specific_class is Page and not page.get_children().exists()


def site_is_free() -> bool:
    """True if the demo may set up the site: none yet, only Wagtail's placeholder, or the demo's."""
    sites = Site.objects.select_related("root_page")
    site = sites.filter(is_default_site=True).first()
    if site is None:
        return not sites.exists()
    return site.root_page.specific_class is CourseIndexPage or is_placeholder(site.root_page)


def site_root() -> CourseIndexPage:
    """The demo's catalogue as the default site's home page, set up on an empty site only."""
    if not site_is_free():
        raise SiteNotEmpty
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None and site.root_page.specific_class is CourseIndexPage:
        return site.root_page.specific
    index = CourseIndexPage(
        title="講座一覧",
        slug="courses",
        intro="<p>東京都と都内区市町村の職員向け研修の録画を、5分で学べるレッスンにしました。</p>",
    )
    Page.get_first_root_node().add_child(instance=index)
    index.save_revision().publish()
    if site is None:
        Site.objects.create(
            hostname="localhost", root_page=index, is_default_site=True, site_name="まなびDX"
        )
    else:
        placeholder = site.root_page
        site.root_page = index
        site.site_name = "まなびDX"
        site.save()
        placeholder.delete()
    return index


@transaction.atomic
def seed_demo_course() -> CoursePage:
    index = site_root()
    course = CoursePage.objects.filter(slug=DEMO_COURSE_SLUG).first()
    if course is None:
        course = CoursePage(
            title=DEMO_COURSE_TITLE,
            slug=DEMO_COURSE_SLUG,
            summary="区市町村の情報システム担当向けに開催した運用勉強会の録画から作ったレッスンです。",
            audience="区市町村の情報システム担当、DX推進担当",
        )
        index.add_child(instance=course)
        course.save_revision().publish()
    existing = set(LessonPage.objects.child_of(course).values_list("title", flat=True))
    for title, summary, duration in DEMO_LESSONS:
        if title in existing:
            continue
        lesson = LessonPage(title=title, summary=summary, duration=duration)
        course.add_child(instance=lesson)
        lesson.save_revision().publish()
    return course


def viewing_rows(user, lessons: list, rng: random.Random, now) -> list[tuple]:
    """(progress, beats) for one person: earlier lessons more often watched, some unfinished."""
    rows = []
    keen = rng.uniform(0.35, 1.0)
    for number, lesson in enumerate(lessons):
        if rng.random() > keen * (0.95 - 0.15 * number):
            break
        finished = rng.random() < 0.55 + 0.4 * keen
        duration = float(lesson.duration)
        watched = (
            round(duration * rng.uniform(0.92, 1.0), 1)
            if finished
            else round(duration * rng.uniform(0.1, 0.8), 1)
        )
        last_seen = now - timedelta(days=rng.uniform(0, 55), minutes=rng.randint(0, 600))
        progress = LessonProgress(
            user=user,
            lesson=lesson,
            watched_intervals=[[0.0, watched]],
            watched_seconds=watched,
            resume_at=0.0 if finished else watched,
            completed_at=last_seen if finished else None,
        )
        # Watched over one to three sittings before the last one.
        sittings = rng.randint(1, 3)
        session = uuid.UUID(int=rng.getrandbits(128), version=4)
        beats = [
            ViewingBeat(
                user=user,
                lesson=lesson,
                session=session,
                seq=n + 1,
                event="pause",
                segments=[[watched * n / sittings, watched * (n + 1) / sittings]],
                position=watched * (n + 1) / sittings,
                new_seconds=watched / sittings,
                received_at=last_seen - timedelta(days=2 * (sittings - n - 1)),
            )
            for n in range(sittings)
        ]
        rows.append((progress, beats, last_seen))
    return rows


def demo_staff_rows(user, lessons: list, now) -> list[tuple]:
    """The demo's own learner: first lesson done, the second stopped at 3:20 (or before half)."""
    first, second = lessons[0], lessons[1]
    stopped_at = min(200.0, round(float(second.duration) * 0.48, 1))
    done = LessonProgress(
        user=user,
        lesson=first,
        watched_intervals=[[0.0, float(first.duration)]],
        watched_seconds=float(first.duration),
        completed_at=now - timedelta(days=6),
    )
    half = LessonProgress(
        user=user,
        lesson=second,
        watched_intervals=[[0.0, stopped_at]],
        watched_seconds=stopped_at,
        resume_at=stopped_at,
    )
    session = uuid.UUID(int=7, version=4)
    beat = [
        ViewingBeat(
            user=user,
            lesson=row.lesson,
            session=session,
            seq=n,
            event="pause",
            segments=row.watched_intervals,
            position=row.resume_at,
            new_seconds=row.watched_seconds,
            received_at=when,
        )
        for n, (row, when) in enumerate(
            [(done, now - timedelta(days=6)), (half, now - timedelta(days=1))], start=1
        )
    ]
    return [(done, beat[:1], now - timedelta(days=6)), (half, beat[1:], now - timedelta(days=1))]


@transaction.atomic
def seed_viewing(seed: int = 20261124) -> int:
    """Viewing history for the demo staff; people who already have some are left as they are."""
    User = get_user_model()
    lessons = list(CoursePage.objects.get(slug=DEMO_COURSE_SLUG).lessons())
    rng = random.Random(seed)
    now = timezone.now()
    already = set(LessonProgress.objects.values_list("user_id", flat=True).distinct())
    people = User.objects.filter(
        Q(username__startswith="staff-") | Q(username="demo_staff")
    ).order_by("username")
    progress_rows, beats, seen = [], [], []
    for user in people:
        rows = viewing_rows(user, lessons, rng, now)
        if user.username == "demo_staff":
            rows = demo_staff_rows(user, lessons, now)
        if user.pk in already:
            continue
        for progress, user_beats, last_seen in rows:
            progress_rows.append(progress)
            beats.extend(user_beats)
            seen.append(last_seen)
    LessonProgress.objects.bulk_create(progress_rows)
    ViewingBeat.objects.bulk_create(beats)
    for progress, last_seen in zip(progress_rows, seen, strict=True):
        LessonProgress.objects.filter(user=progress.user, lesson=progress.lesson).update(
            updated_at=last_seen, started_at=last_seen - timedelta(days=3)
        )
    return LessonProgress.objects.count()


def seed() -> list[str]:
    course = seed_demo_course()
    viewed = seed_viewing()
    return [
        f"course: {course.title} ({course.lessons().count()} lessons)",
        f"viewing: {viewed} lesson records",
    ]
