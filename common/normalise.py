"""Text as people type it, folded before it is compared or stored.

Japanese input mixes full- and half-width letters, digits and spaces (ＡＢＣ１２３, 　); NFKC
folds them to one form. Every comparison of typed text (names, codes, headers, search words)
starts here, so that they agree on what "the same" means.
"""

import unicodedata


def fold_width(text: str | None) -> str:
    """Full-width letters, digits, spaces and half-width kana to their usual forms (NFKC)."""
    return unicodedata.normalize("NFKC", text or "")


def fold(text: str | None) -> str:
    """Width folded, runs of spaces to one, no spaces at either end: a value to store."""
    return " ".join(fold_width(text).split())


def lookup_key(text: str | None) -> str:
    """Width folded, without spaces, in lower case: a key two spellings of a name share."""
    return "".join(fold_width(text).split()).lower()
