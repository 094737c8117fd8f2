"""Decoding office files: the encodings Japanese offices save in, told apart by their bytes."""

import codecs

import pytest

from common.text_files import UnreadableText, decode, detect_encoding, open_text

TEXT = "職員番号,氏名\r\n00123,山田 太郎\r\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        pytest.param(TEXT.encode("utf-8"), "utf-8", id="utf-8"),
        pytest.param(codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig", id="utf-8-bom"),
        pytest.param(codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16", id="utf-16-le"),
        pytest.param(codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16", id="utf-16-be"),
        pytest.param(TEXT.encode("cp932"), "cp932", id="cp932"),
    ],
)
def test_each_office_encoding_is_detected_and_read(data, encoding):
    assert detect_encoding(data) == encoding
    assert decode(data) == TEXT


def test_cp932_extensions_excel_writes_are_read():
    text = "髙橋 﨑 ①"
    assert decode(text.encode("cp932")) == text


def test_bytes_in_no_office_encoding_are_refused_in_japanese():
    with pytest.raises(UnreadableText, match="文字コードを判別できません"):
        decode(b"1,\xfd\xfe,13104\n")


def test_a_broken_utf8_file_with_a_bom_names_the_byte():
    with pytest.raises(UnreadableText, match="ファイルの 6 バイト目が UTF-8 として読めません"):
        decode(codecs.BOM_UTF8 + b"ab\xff")


def test_a_large_file_is_streamed_with_its_line_endings_kept():
    data = ("山田,太郎\r\n" * 300_000).encode("cp932")

    stream = open_text(data)

    assert stream.readline() == "山田,太郎\r\n"
    assert sum(1 for _line in stream) == 299_999
