"""Folding typed Japanese text: widths, spaces and case, one rule for every comparison."""

from common.normalise import fold, fold_width, lookup_key


def test_full_width_letters_and_digits_fold_to_half_width():
    assert fold_width("ＡＢＣ１２３") == "ABC123"


def test_half_width_kana_fold_to_full_width():
    assert fold_width("ｼﾝｼﾞｭｸ") == "シンジュク"


def test_fold_keeps_one_space_between_words():
    assert fold("　山田　 太郎 ") == "山田 太郎"


def test_lookup_keys_of_two_spellings_agree():
    assert lookup_key("Ｔｏｋｙｏ　Ｓｈｉｎｊｕｋｕ") == lookup_key("tokyo shinjuku")


def test_nothing_folds_to_empty_text():
    assert fold(None) == lookup_key(None) == ""
