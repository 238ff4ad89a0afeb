"""Find places where characters were lost in transcoding, so they are flagged, never guessed.

A lost character shows up as ``?`` or U+FFFD inside Chinese text, often with the
broken remains of a pinyin annotation after it (``?yún)^(qū)``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .annotations import HAN, PINYIN_LETTERS, is_toned_syllable

# The lost character(s), then optionally what is left of its annotation: a syllable whose
# opening parenthesis went missing, stray ASCII junk, and a following whole annotation.
_SPOT = re.compile(
    rf"[?\ufffd]+"
    rf"(?:(?P<syl>[{PINYIN_LETTERS}]{{1,6}})[)）]"
    rf"(?:[\^~`]*[(（](?P<syl2>[{PINYIN_LETTERS}]{{1,6}})[)）])?)?"
)
_HAN_RE = re.compile(f"[{HAN}]")
# A real question mark after a sentence-final particle (是吗?) is punctuation, not a loss.
_PARTICLES = set("吗呢吧么啊呀嘛嗎麼")
_WINDOW = 2


@dataclass(frozen=True)
class CorruptionSpot:
    start: int
    end: int
    text: str


def _in_chinese_text(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - _WINDOW) : start]
    after = text[end : end + _WINDOW]
    return bool(_HAN_RE.search(before) or _HAN_RE.search(after))


def _is_real_question_mark(text: str, start: int, end: int) -> bool:
    if text[start:end] != "?":
        return False
    prev = text[start - 1] if start else ""
    nxt = text[end] if end < len(text) else ""
    return prev in _PARTICLES and (not nxt or nxt.isspace() or nxt in '"”’」』)）')


def _is_loss(text: str, start: int, end: int) -> bool:
    """A bare ? is a loss only inside Chinese text, and not after 吗/呢 at a clause end."""
    return _in_chinese_text(text, start, end) and not _is_real_question_mark(text, start, end)


def find_corruption(text: str) -> list[CorruptionSpot]:
    """Return the spots (half-open offsets into ``text``) where characters were lost."""
    spots: list[CorruptionSpot] = []
    for m in _SPOT.finditer(text):
        start, end = m.span()
        residue = m.group("syl")
        if residue and not is_toned_syllable(residue):
            end, residue = m.start("syl"), None  # not pinyin after all: flag the loss alone
        elif m.group("syl2") and not is_toned_syllable(m.group("syl2")):
            end = m.start("syl2") - 1  # keep the broken part, not the parenthesis after it
        if "\ufffd" not in m.group() and not residue and not _is_loss(text, start, end):
            continue
        spots.append(CorruptionSpot(start, end, text[start:end]))
    return spots
