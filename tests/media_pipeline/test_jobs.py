"""Jobs: Celery chain, cancellation, and a worker killed midway leaving a state a retry finishes."""

import pytest

from media_pipeline import pipeline
from media_pipeline.models import Chapter, VideoAsset
from media_pipeline.probe import probe
from media_pipeline.runner import Cancelled, run_graph
from media_pipeline.samples import Talk, make_talk
from media_pipeline.storage import save_file
from media_pipeline.transcode import ladder_graph, parse_ladder, plan_ladder, plan_storyboard

from .conftest import upload

pytestmark = [pytest.mark.media, pytest.mark.django_db]


@pytest.fixture(scope="module")
def short_talk(videos):
    return make_talk(Talk(10, 160, 90, slide_changes=[5.0]), videos / "short.mp4")


@pytest.fixture
def eager_celery(media_settings):
    from lms.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


def test_the_celery_chain_makes_a_ready_video(short_talk, eager_celery):
    from media_pipeline.tasks import process_in_background

    video = upload(short_talk)
    process_in_background(video)
    video.refresh_from_db()
    assert video.status == VideoAsset.Status.READY
    assert video.progress == 100 and video.renditions.count() == 1


def test_transcoding_runs_on_its_own_queue():
    from lms.celery import app
    from media_pipeline.tasks import transcode_video

    assert app.amqp.router.route({}, transcode_video.name)["queue"].name == "transcode"
    assert transcode_video.acks_late


def test_a_running_ffmpeg_is_stopped_when_cancelled(short_talk, tmp_path, media_settings):
    result = probe(short_talk)
    rungs = plan_ladder(result.width, result.height, parse_ladder("90:100"))
    (tmp_path / "out" / rungs[0].name).mkdir(parents=True)
    graph = ladder_graph(short_talk, result, rungs, tmp_path / "out", analyse=False)
    with pytest.raises(Cancelled):
        run_graph(
            graph, tmp_path / "log", result.duration, should_cancel=lambda: True, report_every=0
        )
    assert not (tmp_path / "out" / "master.m3u8").exists()


def test_progress_is_reported_while_ffmpeg_runs(talk_file, tmp_path, media_settings):
    result = probe(talk_file)
    rungs = plan_ladder(result.width, result.height, parse_ladder("90:100,144:200"))
    for name in [r.name for r in rungs] + ["storyboard"]:
        (tmp_path / "out" / name).mkdir(parents=True)
    board = plan_storyboard(result.width, result.height, result.duration)
    graph = ladder_graph(talk_file, result, rungs, tmp_path / "out", board)
    seen = []
    run_graph(graph, tmp_path / "log", result.duration, on_progress=seen.append, report_every=0)
    assert any(0 < value < 90 for value in seen), seen


def test_a_cancelled_video_is_not_processed(short_talk, media_settings):
    video = upload(short_talk)
    pipeline.request_cancel(video)
    pipeline.process(video)
    video.refresh_from_db()
    assert video.status == VideoAsset.Status.CANCELLED
    assert video.renditions.count() == 0 and video.master_playlist_url is None


def test_a_cancel_requested_before_transcoding_stops_it(short_talk, media_settings):
    video = upload(short_talk)
    assert pipeline.probe_step(video)
    pipeline.request_cancel(video)
    assert not pipeline.transcode_step(video)
    video.refresh_from_db()
    assert video.status == VideoAsset.Status.CANCELLED and not video.output_prefix


class WorkerKilled(BaseException):
    """Stands for SIGKILL: nothing after it in the step runs."""


def test_a_worker_killed_while_publishing_leaves_a_state_a_retry_finishes(
    short_talk, media_settings, monkeypatch
):
    video = upload(short_talk)
    assert pipeline.probe_step(video)
    real_publish = pipeline.publish_folder

    def publish_half_then_die(folder, prefix):
        files = sorted(p for p in folder.rglob("*.ts"))
        save_file(f"{prefix}/{files[0].relative_to(folder)}", files[0])
        raise WorkerKilled

    monkeypatch.setattr(pipeline, "publish_folder", publish_half_then_die)
    with pytest.raises(WorkerKilled):
        pipeline.transcode_step(video)
    video.refresh_from_db()
    assert video.status == VideoAsset.Status.PROCESSING
    assert video.master_playlist_url is None and video.renditions.count() == 0

    monkeypatch.setattr(pipeline, "publish_folder", real_publish)
    pipeline.process(video)
    video.refresh_from_db()
    assert video.status == VideoAsset.Status.READY
    assert video.chapters.count() == 1 and video.chapters.get().clip.is_ready


def test_a_failed_video_can_be_started_over(short_talk, media_settings):
    video = upload(short_talk)
    pipeline.request_cancel(video)
    pipeline.start_over(video)
    pipeline.process(video)
    video.refresh_from_db()
    assert video.status == VideoAsset.Status.READY


def test_a_video_without_sound_gets_a_ladder_without_audio(videos, media_settings):
    path = make_talk(Talk(6, 160, 90, audio=False), videos / "silent.mp4")
    video = pipeline.process(upload(path))
    assert video.status == VideoAsset.Status.READY
    assert video.renditions.get().codecs.startswith("avc1.") and "mp4a" not in (
        video.renditions.get().codecs
    )


def test_edited_chapters_update_the_same_lessons_in_seconds(
    short_talk, media_settings, course_index
):
    from courses.lessons_from_chapters import course_for_slug, destination_for
    from courses.models import LessonPage

    course = course_for_slug("edited")
    video = upload(short_talk, destination=destination_for(course))
    pipeline.process(video)
    lesson = LessonPage.objects.get(video__parent=video)
    chapter = video.chapters.get()
    chapter.title = "はじめに"
    chapter.end = 4.0
    chapter.save()
    Chapter.objects.create(recording=video, index=2, title="本題", start=4.0, end=10.0)
    assert pipeline.clips_step(video)
    lessons = list(LessonPage.objects.child_of(course).live().order_by("path"))
    assert [(page.title, page.duration) for page in lessons] == [("はじめに", 4), ("本題", 6)]
    assert lessons[0].pk == lesson.pk


def test_a_deleted_video_takes_its_files_with_it(
    short_talk, media_settings, django_capture_on_commit_callbacks
):
    from media_pipeline.storage import storage

    video = pipeline.process(upload(short_talk))
    master, source = video.master_playlist_key, video.source.name
    with django_capture_on_commit_callbacks(execute=True):
        video.delete()
    assert not storage().exists(master) and not storage().exists(source)
