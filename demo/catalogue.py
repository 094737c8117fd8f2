"""The demo catalogue: the Government Cloud study sessions as a course of micro-lessons.

The demo is the only code that sets up a site, and only an empty one: no site yet, or the
placeholder page a fresh Wagtail install leaves. A site with pages of its own is left alone.
"""

from django.db import transaction
from wagtail.models import Page, Site

from courses.models import CourseIndexPage, CoursePage, LessonPage

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


def seed() -> list[str]:
    course = seed_demo_course()
    return [f"course: {course.title} ({course.lessons().count()} lessons)"]
