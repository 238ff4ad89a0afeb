"""Remove the pinyin annotations that some sites leave after Han characters.

Scraped pages from some Chinese news sites carry a toned pinyin syllable in
parentheses after many characters (``統(tǒng)戰(zhàn)``).  Only a single, well-formed,
tone-marked syllable directly after a Han character is residue; anything else in
parentheses (``(市、縣)``, ``(2022)``, ``(Wang)``) is real text and is kept.

Some pages romanise a whole word instead, right after the characters it spells:
``德陽市(Dé yáng shì)``.  Such a group is residue too when it is two or more
well-formed syllables, at least one tone-marked, and as many Han characters stand
right before it as it has syllables.
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


# Upper-case letters a romanised word may start with (Dé, Ǎ...), beside PINYIN_LETTERS.
_UPPER = "A-ZĀÁǍÀĒÉĚÈĪÍǏÌŌÓǑÒŪÚǓÙǕǗǙǛÜ"
_WORD_PART = rf"[{PINYIN_LETTERS}{_UPPER}]{{1,6}}"
_WORD = re.compile(rf"[(（]({_WORD_PART}(?:[ \u00a0'’-]{_WORD_PART})+)[)）]")
_WORD_SEP = re.compile(r"[ \u00a0'’-]")
_HAN_CHAR = re.compile(rf"[{HAN}]")


def _is_syllable(word: str) -> bool:
    """A pinyin syllable with at most one tone mark (the neutral tone has none)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(1 for ch in decomposed if ch in _TONE_MARKS) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    return _SYLLABLE.fullmatch(base) is not None


def _word_spans(text: str) -> list[tuple[int, int]]:
    """Spans of whole-word romanisations right after the characters they spell."""
    spans = []
    for m in _WORD.finditer(text):
        syllables = _WORD_SEP.split(m.group(1))
        n = len(syllables)
        before = text[max(0, m.start() - n) : m.start()]
        if (
            len(before) == n
            and all(_HAN_CHAR.match(ch) for ch in before)
            and all(_is_syllable(s) for s in syllables)
            and any(is_toned_syllable(s.lower()) for s in syllables)
        ):
            spans.append((m.start(), m.end()))
    return spans


def _remove_spans(text: str, spans: list[tuple[int, int]]) -> CleanResult:
    pieces, starts, shifts, kept, removed = [], [], [], 0, 0
    for start, end in spans:
        pieces.append(text[kept:start])
        removed += end - start
        starts.append(start - (removed - (end - start)))
        shifts.append(removed)
        kept = end
    pieces.append(text[kept:])
    return CleanResult("".join(pieces), len(spans), starts, shifts)


def _compose(first: CleanResult, second: CleanResult) -> CleanResult:
    """`second` cleaned `first.text`: one result mapping straight back to the input."""
    candidates = set(second.starts)
    for s in first.starts:
        # Where first's breakpoint lands in second's text.
        i = bisect_right(second.starts, s) - 1
        q = s if i < 0 else s - second.shifts[i]
        while i >= 0 and q < second.starts[i]:
            i -= 1
            q = s if i < 0 else s - second.shifts[i]
        candidates.add(max(q, 0))
    starts, shifts, last = [], [], 0
    for q in sorted(candidates):
        shift = first.to_original(second.to_original(q)) - q
        if shift != last:
            starts.append(q)
            shifts.append(shift)
            last = shift
    return CleanResult(second.text, first.removed + second.removed, starts, shifts)


def clean_annotations(text: str) -> CleanResult:
    """Remove pinyin residue such as ``統(tǒng)`` -> ``統`` and ``德陽市(Dé yáng shì)`` ->
    ``德陽市``; idempotent, touches nothing else."""
    syllables = _clean_syllables(text)
    spans = _word_spans(syllables.text) if "(" in text or "（" in text else []
    if not spans:
        return syllables
    words = _remove_spans(syllables.text, spans)
    return _compose(syllables, words) if syllables.removed else words


def _clean_syllables(text: str) -> CleanResult:
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
