"""English and romanised (karaoke) Thai words read as their Thai counterparts.

Leaders write whole reports in English ("fixed the roof for granny Bua today, 6 of us") or in
Thai spelt in Latin letters ("prachum kammakan sun wan nee, ma 11 khon"). :func:`to_thai`
rewrites the words listed in ``lexicons/latin.json`` into Thai before segmentation, so that
every lexicon weight, context cue, sector and head-count rule reads them as it reads Thai;
words not listed are left as they are. It runs inside :func:`classifier.text.prepare`, on the
lexicon keys as on the messages, so an English key and an English text stay alike.
"""

from __future__ import annotations

import json
import re
from importlib import resources

# The longest listed phrase, in words.
MAX_PHRASE = 4

_LATIN = re.compile(r"[a-z]")
# A run of Latin words separated by single spaces ("wat pho chai cleanup done").
_WORD = r"[a-z]+(?:['’\-][a-z]+)*"
_RUN = re.compile(rf"{_WORD}(?: {_WORD})*")


def _load() -> tuple[dict[str, str], re.Pattern[str], dict[str, str]]:
    text = resources.files("classifier").joinpath("lexicons", "latin.json").read_text("utf-8")
    data = json.loads(text)
    words: dict[str, str] = data["words"]
    people: dict[str, str] = data["people"]
    names = "|".join(re.escape(k) for k in sorted(people, key=len, reverse=True))
    # "9 villagers", "~20 ppl", "6 of us", "about 30 people": a head-count.
    headcount = re.compile(rf"(?<![\w.])(\d+)\s*({names})(?![a-z])")
    return words, headcount, people


_WORDS, _HEADCOUNT, _PEOPLE = _load()
# "16 members came", "7 old men came today": whoever a number names, those who came took part.
_CAME = re.compile(
    r"(?<![\w.])(\d+)\s+((?:[a-z]+\s+){0,2}?[a-z]+)\s+"
    r"(came|attended|joined|showed up|turned up|took part)(?![a-z])"
)


def to_thai(prepared: str) -> str:
    """``prepared`` (lower case) with listed Latin words and head-counts in Thai."""
    if not _LATIN.search(prepared):
        return prepared
    prepared = _HEADCOUNT.sub(_headcount, prepared)
    prepared = _CAME.sub(r"\2 \1 คน \3", prepared)
    return _RUN.sub(_run, prepared)


def _headcount(match: re.Match[str]) -> str:
    word = _PEOPLE[match.group(2)]
    return f"{word} {match.group(1)} คน" if word else f"{match.group(1)} คน"


def _run(match: re.Match[str]) -> str:
    words = match.group(0).split(" ")
    pieces: list[tuple[str, bool]] = []  # (text, translated)
    i = 0
    while i < len(words):
        for size in range(min(MAX_PHRASE, len(words) - i), 0, -1):
            thai = _WORDS.get(" ".join(words[i : i + size]))
            if thai is not None:
                if thai:
                    pieces.append((thai, True))
                i += size
                break
        else:
            pieces.append((words[i], False))
            i += 1
    out = ""
    for k, (text, translated) in enumerate(pieces):
        # Thai is written without spaces between words; a Latin word keeps its spaces.
        joined = k > 0 and translated and pieces[k - 1][1]
        out += text if joined or k == 0 else " " + text
    return out
