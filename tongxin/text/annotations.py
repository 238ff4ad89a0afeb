"""Remove the pinyin annotations that some sites leave after Han characters.

Scraped pages from some Chinese news sites carry a toned pinyin syllable in
parentheses after many characters (``統(tǒng)戰(zhàn)``).  Only a single, well-formed,
tone-marked syllable directly after a Han character is residue; anything else in
parentheses (``(市、縣)``, ``(2022)``, ``(Wang)``) is real text and is kept.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, compress
from operator import itemgetter

# Han ideographs (BMP, extension A, compatibility, supplementary planes).
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"

# Letters that occur in toned pinyin, lowercase only: residue is never capitalised,
# which keeps romanised names such as (Wang) out.
PINYIN_LETTERS = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"

_TONE_MARKS = {"\u0300", "\u0301", "\u0304", "\u030c"}

_SYLLABLE = re.compile(
    r"(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|iao|ian|uai|uan|üan|ai|ei|ao|ou|an|en|er"
    r"|ia|ie|iu|in|ua|uo|ui|un|üe|ue|ün|a|o|e|i|u|ü)"
    r"|m|n|ng|hm|hng)"
)

# A run of parenthesised syllables after a Han character; each syllable is then checked in
# Python, where the grammar and tone placement are clearer than in one regex.  The pattern
# starts with the parenthesis and looks back for the Han character: that lets the regex
# engine skip ahead to the next parenthesis, about twice as fast as leading with the lookbehind.
_GROUP_RE = rf"[(（][{PINYIN_LETTERS}]{{1,6}}[)）]"
_RUN = re.compile(rf"([(（](?<=[{HAN}][(（])[{PINYIN_LETTERS}]{{1,6}}[)）](?:{_GROUP_RE})*)")
_GROUP = re.compile(rf"[(（]([{PINYIN_LETTERS}]{{1,6}})[)）]")


@lru_cache(maxsize=4096)
def is_toned_syllable(word: str) -> bool:
    """True for one pinyin syllable carrying exactly one tone mark (mǎ, lǜ, ńg...)."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = sum(1 for ch in decomposed if ch in _TONE_MARKS)
    if tones != 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    return _SYLLABLE.fullmatch(base) is not None


@dataclass(frozen=True)
class CleanResult:
    """Cleaned text, the number of annotations removed, and a map back to the input.

    The map is kept as breakpoints: from cleaned offset ``starts[k]`` on, a character
    sits ``shifts[k]`` places further on in the input (``offsets`` pairs them up).
    """

    text: str
    removed: int
    starts: list[int] = field(default_factory=list, repr=False)
    shifts: list[int] = field(default_factory=list, repr=False)

    @property
    def offsets(self) -> list[tuple[int, int]]:
        return list(zip(self.starts, self.shifts, strict=True))

    def to_original(self, pos: int) -> int:
        """Map an offset in the cleaned text to the offset of the same character in the input."""
        i = bisect_right(self.starts, pos) - 1
        return pos if i < 0 else pos + self.shifts[i]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a cleaned half-open span to the input; residue inside the span is included."""
        if end <= start:
            o = self.to_original(start)
            return o, o
        return self.to_original(start), self.to_original(end - 1) + 1


@lru_cache(maxsize=8192)
def _cut(run: str) -> tuple[int, int]:
    """(characters, groups) at the start of a run that are valid toned-syllable groups."""
    length = groups = 0
    for g in _GROUP.finditer(run):
        if g.start() != length or not is_toned_syllable(g.group(1)):
            break
        length = g.end()
        groups += 1
    return length, groups


def clean_annotations(text: str) -> CleanResult:
    """Remove pinyin residue such as ``統(tǒng)`` -> ``統``; idempotent, touches nothing else."""
    parts = _RUN.split(text)
    if len(parts) == 1:
        return CleanResult(text, 0)
    # Work on whole lists (map, accumulate, join) rather than match by match: residue can be
    # a tenth of a scraped page, and a Python loop per annotation dominated the run time.
    texts, runs = parts[0::2], parts[1::2]
    cuts = list(map(_cut, runs))
    removed = sum(map(itemgetter(1), cuts))
    if not removed:
        return CleanResult(text, 0)
    removed_chars = list(map(itemgetter(0), cuts))
    shifts = list(accumulate(removed_chars))
    if removed_chars == list(map(len, runs)):
        # The usual case: whole runs go, so the shift for run k starts right after text k.
        starts = list(accumulate(map(len, texts[:-1])))
        return CleanResult("".join(texts), removed, starts, shifts)
    pieces = [""] * (len(texts) + len(runs))
    pieces[0::2] = texts
    pieces[1::2] = [run[c:] for run, c in zip(runs, removed_chars, strict=True)]
    # What is kept of a run sits after its removed syllables, so the shift starts before it.
    starts = list(accumulate(map(len, pieces)))[0:-1:2]
    if 0 in removed_chars:
        starts = list(compress(starts, removed_chars))
        shifts = list(compress(shifts, removed_chars))
    return CleanResult("".join(pieces), removed, starts, shifts)
