"""Units and record types as people write them in a ledger."""

import difflib
from collections import defaultdict

from tongxin.ledger.importing.mapping import norm

# i18n: data (suffixes people add to or leave off a unit's name)
UNIT_SUFFIXES = (
    "办公室",
    "委统战部",
    "统战部",
    "委员会",
    "人民政府",
    "街道",
    "市",
    "县",
    "区",
    "镇",
    "乡",
)
# i18n: data (what ledgers call the kinds of work) → record type code
TYPE_SYNONYMS = {
    "恳谈会": "forum",
    "座谈会": "forum",
    "企业家座谈会": "forum",
    "政企恳谈": "forum",
    "调研": "report",
    "调研报告": "report",
    "课题": "report",
    "培训": "training",
    "培训班": "training",
    "会议": "meeting",
    "宣传": "publicity",
    "报道": "publicity",
    "签约": "credit",
    "授信": "credit",
    "招商": "investment_event",
    "推介": "investment_event",
}


def _variants(text: str) -> list[str]:
    """The name, then the name with common suffixes taken off one after another."""
    out, current = [text], text
    changed = True
    while changed:
        changed = False
        for suffix in UNIT_SUFFIXES:
            if current.endswith(suffix) and len(current) > len(suffix) + 1:
                current = current[: -len(suffix)]
                out.append(current)
                changed = True
                break
    return out


class UnitMatcher:
    """Matches a cell to one of `units` (those the uploader may act for)."""

    def __init__(self, units, labels: dict | None = None):
        self.exact, self.loose = {}, defaultdict(set)
        self.names = {}
        for unit in units:
            self.names[unit.name] = unit
            for key in (unit.name, unit.code):
                self.exact[norm(key)] = unit
            for variant in _variants(norm(unit.name)):
                self.loose[variant].add(unit)
        for label, unit in (labels or {}).items():
            self.exact[norm(label)] = unit
        self.cache: dict[str, tuple] = {}

    def match(self, text: str):
        """(unit, [], False) when found; else (None, names, ambiguous): the units the
        name could mean when it is ambiguous, or the closest names when it is unknown."""
        if text in self.cache:
            return self.cache[text]
        key = norm(text)
        found = self.exact.get(key)
        result = (found, [], False) if found else None
        if result is None:
            for variant in _variants(key):
                units = self.loose.get(variant)
                if units and len(units) == 1:
                    result = (next(iter(units)), [], False)
                    break
                if units:
                    result = (None, sorted(u.name for u in units), True)
                    break
        if result is None:
            close = difflib.get_close_matches(text, list(self.names), n=3, cutoff=0.5)
            result = (None, close, False)
        self.cache[text] = result
        return result


class TypeMatcher:
    """Matches a type cell to an active record type: name, code, synonym, or a type's
    name inside the cell (民营企业家恳谈会 → 恳谈会)."""

    def __init__(self, types):
        self.exact = {}
        by_code = {t.code: t for t in types}
        for t in types:
            self.exact[norm(t.name)] = self.exact[norm(t.code)] = t
        for word, code in TYPE_SYNONYMS.items():
            if code in by_code:
                self.exact.setdefault(norm(word), by_code[code])
        self.inside = sorted(self.exact.items(), key=lambda kv: len(kv[0]), reverse=True)
        self.cache: dict = {}

    def match(self, text: str):
        if text not in self.cache:
            key = norm(text)
            found = self.exact.get(key)
            if found is None:
                found = next((t for word, t in self.inside if len(word) > 1 and word in key), None)
            self.cache[text] = found
        return self.cache[text]
