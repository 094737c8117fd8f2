"""An ingest takes the site as the administrator built it (issue 12, finding 1).

The site here is a staff portal: the default Site's root is a plain page with three children of
its own. An ingest into a missing course puts the course in the existing catalogue, or refuses in
one Japanese sentence before any work; it never moves the Site, renames or deletes a page.
"""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.models import Page, Site

from courses.models import CourseIndexPage, CoursePage, LessonPage
from media_pipeline import pipeline
from media_pipeline.models import VideoAsset
from media_pipeline.samples import Talk, make_talk
from tests.factories import officer_user, publish_under

from .conftest import upload

pytestmark = pytest.mark.django_db

NO_CATALOGUE = "講座一覧のページがないため"


@pytest.fixture
def portal():
    """A default site whose home is a portal page with three children of other kinds."""
    home = Page.get_first_root_node().add_child(instance=Page(title="職員ポータル", slug="portal"))
    for title, slug in [("お知らせ", "news"), ("規程集", "rules"), ("庁内リンク", "links")]:
        publish_under(home, Page(title=title, slug=slug))
    Site.objects.filter(is_default_site=True).update(root_page=home, site_name="職員ポータル")
    return home


@pytest.fixture
def portal_catalogue(portal):
    """The course catalogue an administrator placed under the portal."""
    return publish_under(portal, CourseIndexPage(title="研修", slug="training"))


def pages_and_sites() -> tuple[list, list]:
    """Every page and Site as it stands (numchild aside: adding a course under a page counts)."""
    pages = list(
        Page.objects.order_by("path").values_list(
            "pk", "title", "slug", "path", "depth", "live", "content_type_id", "url_path"
        )
    )
    sites = list(Site.objects.order_by("pk").values())
    return pages, sites


def ingest(*args: str) -> dict:
    out = StringIO()
    call_command("ingest_video", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_an_ingest_into_a_missing_course_without_a_catalogue_refuses_and_changes_nothing(
    portal, tmp_path
):
    source = tmp_path / "talk.mp4"
    source.write_bytes(b"x")
    before = pages_and_sites()
    out = StringIO()
    with pytest.raises(CommandError, match=NO_CATALOGUE):
        call_command(
            "ingest_video", str(source), "--course", "new-course", "--wait", "--json", stdout=out
        )
    report = json.loads(out.getvalue())
    assert report["status"] == "failed" and report["error"].startswith(NO_CATALOGUE)
    assert report["video_id"] is None
    assert pages_and_sites() == before
    assert not VideoAsset.objects.exists()


def test_an_ingest_into_a_missing_course_goes_into_the_catalogue_under_the_portal(
    portal_catalogue, tmp_path
):
    source = tmp_path / "talk.mp4"
    source.write_bytes(b"x")
    before = pages_and_sites()
    # Without --wait the processing is only queued: the course is made before any of it.
    ingest(str(source), "--course", "new-course")
    course = CoursePage.objects.get(slug="new-course")
    assert course.get_parent().specific == portal_catalogue
    new_pages, sites = pages_and_sites()
    assert [row for row in new_pages if row[0] != course.pk] == before[0]
    assert sites == before[1]


def test_the_catalogue_under_the_default_site_is_chosen_before_an_earlier_one_elsewhere(portal):
    from courses.catalogue import catalogue

    elsewhere = Page.get_first_root_node().add_child(instance=Page(title="旧サイト", slug="old"))
    publish_under(elsewhere, CourseIndexPage(title="旧講座一覧", slug="old-courses"))
    ours = publish_under(portal, CourseIndexPage(title="研修", slug="training"))
    assert catalogue() == ours


@pytest.mark.media
def test_a_whole_ingest_on_the_portal_adds_its_course_and_lessons_and_nothing_else(
    portal_catalogue, videos, media_settings
):
    path = make_talk(Talk(8, 160, 90), videos / "portal-talk.mp4")
    before = pages_and_sites()
    report = ingest(str(path), "--course", "new-course", "--chapters", "none", "--wait")
    assert report["status"] == "ready"
    course = CoursePage.objects.get(slug="new-course")
    made = {course.pk, *LessonPage.objects.child_of(course).values_list("pk", flat=True)}
    assert len(made) == 2
    new_pages, sites = pages_and_sites()
    assert [row for row in new_pages if row[0] not in made] == before[0]
    assert sites == before[1]


@pytest.mark.media
def test_a_recording_whose_course_is_gone_leaves_the_portal_alone(portal, videos, media_settings):
    video = upload(make_talk(Talk(6, 160, 90), videos / "gone.mp4"), destination="course:gone")
    before = pages_and_sites()
    video = pipeline.process(video)
    assert video.status == VideoAsset.Status.READY
    assert pages_and_sites() == before
    assert not CoursePage.objects.exists()


@pytest.mark.media
def test_an_admin_upload_on_the_portal_adds_lessons_and_nothing_else(
    client, portal_catalogue, talk_file, media_settings
):
    from lms.celery import app

    course = publish_under(portal_catalogue, CoursePage(title="クラウド入門", slug="cloud-intro"))
    client.force_login(officer_user())
    data = talk_file.read_bytes()
    client.post(
        reverse("media_pipeline_videos:upload_chunk") + "?key=talk&offset=0",
        data=data,
        content_type="application/octet-stream",
    )
    before = pages_and_sites()
    app.conf.task_always_eager = True
    try:
        response = client.post(
            reverse("media_pipeline_videos:add"),
            {
                "title": "ポータルの録画",
                "destination": "course-review:cloud-intro",
                "chapter_mode": "none",
                "upload_key": "talk",
                "file_name": "talk.mp4",
                "file_size": len(data),
            },
        )
    finally:
        app.conf.task_always_eager = False
    assert response.status_code == 200
    lessons = set(LessonPage.objects.child_of(course).values_list("pk", flat=True))
    assert len(lessons) == 1
    new_pages, sites = pages_and_sites()
    assert [row for row in new_pages if row[0] not in lessons] == before[0]
    assert sites == before[1]
