"""Search that finds Japanese by part of a word, on SQLite and PostgreSQL alike.

Japanese has no spaces between words, so the full-text engines see a whole phrase as one token and
'クラウド' would not find 'ガバメントクラウド運用'. Pages therefore index their text as overlapping
character pairs (bigrams), and a query is turned into the same pairs, all of which must match.
"""

import re

from django.utils.html import strip_tags
from wagtail.models import Page
from wagtail.search.query import PlainText

from common.normalise import fold_width

# Runs of characters written without spaces: kana, kanji and the prolonged sound mark.
CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u30fc々〆ヶ]+")
WORD = re.compile(r"\w+")


def bigram_tokens(text: str) -> list[str]:
    """Latin words as they are; each run of Japanese as its overlapping character pairs."""
    folded = fold_width(strip_tags(text or "")).lower()
    tokens: list[str] = []
    for word in WORD.findall(folded):
        position = 0
        for run in CJK_RUN.finditer(word):
            if run.start() > position:
                tokens.append(word[position : run.start()])
            chars = run.group()
            if len(chars) == 1:
                tokens.append(chars)
            else:
                tokens.extend(chars[i : i + 2] for i in range(len(chars) - 1))
            position = run.end()
        if position < len(word):
            tokens.append(word[position:])
    return tokens


def searchable_text(*parts: str) -> str:
    """What a page puts in its search index: its text as bigram tokens."""
    return " ".join(bigram_tokens(" ".join(part for part in parts if part)))


def search_pages(query: str, queryset=None):
    """Live pages whose text contains every part of `query`, best first."""
    tokens = bigram_tokens(query)
    if queryset is None:
        queryset = Page.objects.live()
    if not tokens:
        return queryset.none()
    return queryset.search(PlainText(" ".join(dict.fromkeys(tokens)), operator="and"))
