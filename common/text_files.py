"""Text files as Japanese offices save them: UTF-8 with or without BOM, UTF-16 with BOM, or CP932.

Excel saves "CSV UTF-8" with a BOM, plain "CSV" in CP932 (Shift_JIS with Microsoft's additions)
and "Unicode text" in UTF-16 with a BOM; editors and other systems write UTF-8 without one.
The encoding is detected, not asked: a BOM decides; otherwise the bytes are tried as strict UTF-8
and then as strict CP932. CP932 text is practically never valid UTF-8 (its lead bytes 0x81-0x9F
and 0xE0-0xFC are followed by bytes that break UTF-8's continuation rules), so a strict attempt
is exact where a statistical guess on a short file is not; charset-normalizer is consulted only
to name the encoding of a file that is neither, for the message.

Detection reads the bytes in chunks and keeps none of the text, so a caller that streams the
file (`open_text`) never holds it decoded in memory as a whole.
"""

import codecs
import io
import re

from django.utils.translation import gettext as _

# (BOM, the codec that reads the file and drops the BOM, the codec that checks what follows it)
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16-be"),
)
# Python maps bytes CP932 leaves undefined (0xA0, 0xF0-0xF9 leads, 0xFD-0xFF) to private-use
# characters; in an office file they mean another encoding, not gaiji.
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
CHUNK = 1 << 20


class UnreadableText(ValueError):
    """The bytes are in none of the encodings offices use; the message says so, in Japanese."""


def _first_error(data: memoryview, encoding: str) -> int | None:
    """Where `encoding` first fails to read `data` (CP932: or meets an undefined byte), or None."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        for start in range(0, len(data), CHUNK):
            text = decoder.decode(data[start : start + CHUNK], final=start + CHUNK >= len(data))
            if encoding == "cp932" and PRIVATE_USE.search(text):
                return start + PRIVATE_USE.search(text).start()
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        # Only on failure: decode again in one piece for the exact place to tell the user.
        try:
            bytes(data).decode(encoding)
        except UnicodeDecodeError as error:
            return error.start
    return None


def detect_encoding(data: bytes) -> str:
    """The codec that reads `data` (dropping a BOM); UnreadableText if none of them does."""
    for bom, codec, check in BOMS:
        if data.startswith(bom):
            position = _first_error(memoryview(data)[len(bom) :], check)
            if position is not None:
                raise UnreadableText(
                    _("ファイルの %(position)d バイト目が %(encoding)s として読めません。")
                    % {"position": position + len(bom) + 1, "encoding": check.upper()}
                )
            return codec
    for encoding in ("utf-8", "cp932"):
        if _first_error(memoryview(data), encoding) is None:
            return encoding
    from charset_normalizer import from_bytes

    guess = from_bytes(data[:CHUNK]).best()
    raise UnreadableText(
        _(
            "文字コードを判別できません（UTF-8でもCP932(Shift_JIS)でもありません。"
            "推定: %(guess)s）。"
            "UTF-8かCP932で保存し直してください。"
        )
        % {"guess": guess.encoding if guess else _("不明")}
    )


def decode(data: bytes) -> str:
    """The whole text of a small file (captions, chapter lists, frameworks)."""
    return data.decode(detect_encoding(data))


def open_text(data: bytes) -> io.TextIOWrapper:
    """The text of a large file as a stream, decoded as it is read; newlines left as written."""
    return io.TextIOWrapper(io.BytesIO(data), encoding=detect_encoding(data), newline="")
