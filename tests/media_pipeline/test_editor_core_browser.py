"""The editors' pure functions (editor-core.js), run in Chromium: the same snapping rule as the
server's, times read and written, boundaries moved, split and removed, cues nudged and added."""

import pytest

from media_pipeline.keyframes import where_cut_falls

pytestmark = pytest.mark.browser


@pytest.fixture
def core(browser, live_server):
    page = browser.new_page()
    page.goto(f"{live_server.url}/accounts/login/")

    page.evaluate(
        "async () => { window.core = await import('/static/media_pipeline/editor-core.js'); }"
    )

    def run(expression: str, argument=None):
        return page.evaluate(
            f"(argument) => {{ const core = window.core; return {expression}; }}", argument
        )

    yield run
    page.close()


def test_the_editor_snaps_exactly_as_the_clips_are_cut(core):
    points = [0.0, 4.0, 8.0, 12.0, 16.0, 18.5]
    times = [n / 4 for n in range(0, 80)]
    shown = core(
        "argument.times.map(t => core.whereCutFalls(t, argument.points))",
        {
            "times": times,
            "points": points,
        },
    )
    assert shown == [where_cut_falls(t, points) for t in times]


TIMES_READ = {
    "75": 75,
    "75.5": 75.5,
    "01:15": 75,
    "00:01:15.5": 75.5,
    "1:02:03": 3723,
    "0:00:02,500": 2.5,
    "abc": None,
    "-3": None,
    "1:2:3:4": None,
    "": None,
}


def test_times_are_read_in_seconds_or_hh_mm_ss(core):
    read = core("Object.keys(argument).map(text => [text, core.parseTime(text)])", TIMES_READ)
    assert dict(read) == TIMES_READ


def test_times_are_written_as_hh_mm_ss(core):
    assert core("core.formatTime(3723)") == "01:02:03"
    assert core("core.formatTime(8.25, 1)") == "00:00:08.3"
    assert core("core.formatTime(2.5, 3)") == "00:00:02.500"
    assert core("core.formatTime(4, 3)") == "00:00:04.000"


CHAPTERS = [
    {"title": "一", "start": 0, "end": 10, "reason": "start"},
    {"title": "二", "start": 10, "end": 24, "reason": "slide"},
]


def test_touching_chapters_share_one_boundary(core):
    boundaries = core("core.boundariesOf(argument)", CHAPTERS)
    assert boundaries == [
        {"time": 0, "before": None, "after": 0},
        {"time": 10, "before": 0, "after": 1},
        {"time": 24, "before": 1, "after": None},
    ]


def test_moving_a_shared_boundary_moves_both_chapters_and_stops_a_second_short(core):
    moved = core("core.moveBoundary(argument, 1, 15.04, 24)", CHAPTERS)
    assert (moved[0]["end"], moved[1]["start"], moved[1]["reason"]) == (15, 15, "manual")
    stopped = core("core.moveBoundary(argument, 1, 30, 24)", CHAPTERS)
    assert stopped[0]["end"] == 23


def test_splitting_and_removing_a_boundary(core):
    split = core("core.splitAt(argument, 5, '新')", CHAPTERS)
    assert [(c["start"], c["end"]) for c in split] == [(0, 5), (5, 10), (10, 24)]
    assert core("core.splitAt(argument, 10.5, '新')", CHAPTERS) is None  # too near a boundary
    joined = core("core.removeBoundary(argument, 1)", CHAPTERS)
    assert [(c["title"], c["start"], c["end"]) for c in joined] == [("一", 0, 24)]
    assert core("core.removeBoundary(argument, 0)", CHAPTERS) is None


def test_the_next_keyframe_either_way(core):
    points = [0, 4, 8, 12]
    assert core("core.nextCutPoint(9, argument, 1)", points) == 12
    assert core("core.nextCutPoint(8, argument, -1)", points) == 4
    assert core("core.nextCutPoint(12, argument, 1)", points) == 12


CUES = [{"start": 1, "end": 3, "text": "a"}, {"start": 5, "end": 7, "text": "b"}]


def test_a_cue_time_is_nudged_and_never_below_zero(core):
    assert core("core.nudgeCue(argument, 0, 'end', 0.1)", CUES)[0]["end"] == 3.1
    assert core("core.nudgeCue(argument, 0, 'start', -5)", CUES)[0]["start"] == 0


def test_a_new_cue_goes_in_time_order_after_the_cue_before_it(core):
    cues, index = core("core.addCue(argument, 2)", CUES)
    assert index == 1 and cues[1] == {"start": 3, "end": 5, "text": ""}
    cues, index = core("core.addCue(argument, 10)", CUES)
    assert index == 2 and cues[2]["start"] == 10
    assert core("core.removeCue(argument, 0)", CUES) == CUES[1:]
