import uuid

import pytest

from courses.progress import (
    InvalidBeat,
    covered_seconds,
    is_complete,
    merge_intervals,
    parse_beat,
)


def beat(**fields):
    body = {
        "lesson": 1,
        "session": str(uuid.uuid4()),
        "seq": 1,
        "segments": [[0, 10]],
        "position": 10,
        "duration": 300,
        "event": "heartbeat",
        "rate": 1,
    }
    body.update(fields)
    return body


def test_overlapping_and_touching_intervals_merge_into_one():
    assert merge_intervals([[10, 20], [0, 5], [5, 12], [30, 40]]) == [[0, 20], [30, 40]]


def test_seconds_watched_twice_count_once():
    assert covered_seconds([[0, 10], [5, 15], [0, 15]]) == 15


def test_empty_intervals_count_nothing():
    assert covered_seconds([[5, 5]]) == 0


def test_completion_needs_the_ratio_of_the_duration():
    assert not is_complete(269, 300, ratio=0.9)
    assert is_complete(270, 300, ratio=0.9)


def test_a_beat_at_double_speed_is_accepted():
    assert parse_beat(beat(rate=2), 300).rate == 2


@pytest.mark.parametrize(
    "fields, reason",
    [
        ({"segments": [[-1, 5]]}, "負の時刻"),
        ({"segments": [[8, 5]]}, "終了が開始より前"),
        ({"segments": [[290, 320]]}, "長さを超えて"),
        ({"rate": 50}, "再生速度"),
        ({"position": -3}, "範囲外"),
        ({"session": "not-a-uuid"}, "UUID"),
        ({"event": "dance"}, "event"),
        ({"segments": "0-10"}, "segments"),
    ],
)
def test_nonsense_beats_are_refused_with_a_reason(fields, reason):
    with pytest.raises(InvalidBeat, match=reason):
        parse_beat(beat(**fields), 300)


def test_the_server_duration_wins_over_the_players():
    with pytest.raises(InvalidBeat):
        parse_beat(beat(duration=10_000, segments=[[0, 1000]]), 300)
