"""A title to suggest for a chapter: what is said at its start, else the recording's title and
its number ("勉強会 第2章"); never a placeholder such as "チャプター2".

Pure functions of text: the officer sees the suggestion in the chapter editor and on the lesson,
and changes it if it does not fit. A title the officer typed is never replaced.
"""

import re

from django.utils.translation import gettext as _

from .captions import TAGS

# Long enough to say what the chapter is about, short enough for a lesson list on a phone.
MAX_CHARS = 40
# Shorter than this, a sentence says nothing (「はい。」「では。」).
MIN_CHARS = 6
SENTENCE_END = re.compile(r"(?<=[。！？!?])")
# Words a speaker opens with that say nothing of the subject; dropped from a title's start.
OPENERS = re.compile(
    r"^(?:(?:えー+と?|えっと|あー+|あの+ー*|ええ|はい|では|それでは|じゃあ|さて|まず|えー|ま)"
    r"[、,，\s]*)+"
)
# Where a long sentence can be cut without breaking a word: after a comma or a particle phrase.
SOFT_BREAKS = "、，, 　"
JAPANESE_GAP = re.compile(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])")
PLACEHOLDER = re.compile(r"^(?:チャプター\s*\d+|\d+)?$")


def fallback_title(recording_title: str, number: int) -> str:
    return _("%(title)s 第%(n)d章") % {"title": recording_title.strip(), "n": number}


def first_sentence(text: str) -> str:
    """The first sentence of the cue text that says something, without openers and tags."""
    plain = re.sub(r"\s+", " ", TAGS.sub("", text)).strip()
    # Japanese is written without spaces: a line break between cues is no word boundary.
    plain = JAPANESE_GAP.sub("", plain)
    for sentence in SENTENCE_END.split(plain):
        sentence = OPENERS.sub("", sentence.strip()).strip()
        if len(sentence.rstrip("。！？!?")) >= MIN_CHARS:
            return sentence
    return ""


def trimmed(sentence: str, limit: int = MAX_CHARS) -> str:
    """The sentence without its full stop, cut at a comma before `limit` characters ("…" added)."""
    sentence = sentence.rstrip("。．.！!？?").strip()
    if len(sentence) <= limit:
        return sentence
    head = sentence[: limit - 1]
    cut = max(head.rfind(mark) for mark in SOFT_BREAKS)
    if cut >= MIN_CHARS:
        head = head[:cut]
    return head.rstrip("、，, 　") + "…"


def suggested_title(cue_texts: list[str], recording_title: str, number: int) -> str:
    """From the chapter's captions (its cues' texts, in order) where they say something, else
    "<recording title> 第N章"."""
    sentence = first_sentence(" ".join(cue_texts))
    return trimmed(sentence) if sentence else fallback_title(recording_title, number)


def is_placeholder(title: str, recording_title: str) -> bool:
    """A title nobody chose: empty, a bare number, "チャプターN", or a fallback title."""
    title = title.strip()
    if PLACEHOLDER.match(title):
        return True
    sentinel = 987654321
    fallback = re.escape(fallback_title(recording_title, sentinel))
    return re.fullmatch(fallback.replace(str(sentinel), r"\d+"), title) is not None
