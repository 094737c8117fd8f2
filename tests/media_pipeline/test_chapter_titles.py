"""Titles suggested for chapters: what is said at the start, else the recording and a number."""

from media_pipeline.chapter_titles import is_placeholder, suggested_title


def test_the_first_sentence_that_says_something_becomes_the_title():
    cues = ["はい。", "えー、本日はガバメントクラウドの運用について", "お話しします。次に…"]
    assert (
        suggested_title(cues, "勉強会", 1) == "本日はガバメントクラウドの運用についてお話しします"
    )


def test_a_long_sentence_is_cut_at_a_comma_within_forty_characters():
    sentence = (
        "アカウントと権限の管理については、各自治体の情報システム担当課が責任を持って"
        "運用することになっており、その手順を説明します。"
    )
    title = suggested_title([sentence], "勉強会", 2)
    assert title == "アカウントと権限の管理については…"
    assert len(title) <= 40


def test_without_captions_the_title_is_the_recordings_with_the_chapter_number():
    assert suggested_title([], "ガバメントクラウド勉強会", 3) == "ガバメントクラウド勉強会 第3章"


def test_captions_that_say_nothing_fall_back_to_the_recordings_title():
    assert suggested_title(["はい。", "えー。"], "勉強会", 2) == "勉強会 第2章"


def test_tags_in_captions_do_not_reach_the_title():
    assert suggested_title(["<v 講師>クラウドの利点を整理します。"], "勉強会", 1) == (
        "クラウドの利点を整理します"
    )


def test_only_titles_nobody_chose_are_placeholders():
    assert is_placeholder("", "勉強会")
    assert is_placeholder("チャプター2", "勉強会")
    assert is_placeholder("勉強会 第12章", "勉強会")
    assert not is_placeholder("本題", "勉強会")
    assert not is_placeholder("他の会 第1章", "勉強会")
