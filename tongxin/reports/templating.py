"""Review templates: plain text with section marks and figure placeholders.

    # 围绕中心 充分发挥统战法宝作用          first-level heading
    ## ...                                  second-level heading
    **切实排忧纾困。**举办恳谈会{{forums}}   a paragraph with a lead phrase
    {{problems_solved|approx}}              a figure: code, then the number style

Styles: `exact` (default: 46个), `approx` (70余件), `money` (62.38亿元), `bare` (46).
A placeholder naming an unknown indicator, or a style that does not exist, becomes an
error part at its spot: never a blank.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from tongxin.text.numbers import format_count, format_money

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z0-9_.-]+)\s*(?:\|\s*([a-z]+)\s*)?\}\}")
LEAD = re.compile(r"^\*\*(.+?)\*\*")
STYLES = ("exact", "approx", "money", "bare")

UNKNOWN_INDICATOR = _("未知指标“{code}”")
UNKNOWN_STYLE = _("未知数字样式“{style}”（可用：exact、approx、money、bare）")
NO_VALUE = _("指标“{code}”本期没有数值")


@dataclass
class Part:
    text: str
    code: str | None = None  # set on figures
    error: str | None = None
    value: Decimal | None = None
    note: str | None = None  # the editor's flag on a literal year or number


@dataclass
class Block:
    kind: str  # h1, h2, p
    lead: str = ""
    parts: list[Part] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.lead + "".join(p.text for p in self.parts)


def parse_blocks(source: str) -> list[tuple[str, str]]:
    """(kind, raw text) per non-empty line."""
    blocks = []
    for line in source.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("## "):
            blocks.append(("h2", line[3:].strip()))
        elif line.startswith("# "):
            blocks.append(("h1", line[2:].strip()))
        else:
            blocks.append(("p", line))
    return blocks


def placeholder_codes(source: str) -> set[str]:
    return {m.group(1) for m in PLACEHOLDER.finditer(source)}


def placeholder_styles(source: str) -> dict[str, str]:
    """code → the style of its first placeholder (how the review prints that figure)."""
    styles: dict[str, str] = {}
    for m in PLACEHOLDER.finditer(source):
        styles.setdefault(m.group(1), m.group(2) or "exact")
    return styles


def format_figure(value: Decimal, unit_word: str, style: str) -> str:
    if style == "money":
        return format_money(value)
    if style == "bare":
        return f"{value.normalize():f}" if value != value.to_integral() else str(int(value))
    if value != value.to_integral() or value < 0:
        # Not a whole count (a ratio, a sum with decimals): print it plainly.
        return f"{value.normalize():f}{unit_word}"
    return format_count(int(value), unit_word, approx=(style == "approx"))


def render(source: str, indicators: dict, values: dict) -> list[Block]:
    """`indicators`: code → object with `unit_word`; `values`: code → Decimal or None."""
    out = []
    for kind, raw in parse_blocks(source):
        block = Block(kind=kind)
        if kind == "p":
            lead = LEAD.match(raw)
            if lead:
                block.lead = lead.group(1)
                raw = raw[lead.end() :]
        pos = 0
        for m in PLACEHOLDER.finditer(raw):
            if m.start() > pos:
                block.parts.append(Part(raw[pos : m.start()]))
            block.parts.append(_figure(m.group(1), m.group(2) or "exact", indicators, values))
            pos = m.end()
        if pos < len(raw):
            block.parts.append(Part(raw[pos:]))
        out.append(block)
    return out


def _figure(code: str, style: str, indicators: dict, values: dict) -> Part:
    indicator = indicators.get(code)
    if indicator is None:
        return Part(
            f"【{UNKNOWN_INDICATOR.format(code=code)}】",
            code=code,
            error=UNKNOWN_INDICATOR.format(code=code),
        )
    if style not in STYLES:
        return Part(
            f"【{UNKNOWN_STYLE.format(style=style)}】",
            code=code,
            error=UNKNOWN_STYLE.format(style=style),
        )
    value = values.get(code)
    if value is None:
        return Part(
            f"【{NO_VALUE.format(code=code)}】", code=code, error=NO_VALUE.format(code=code)
        )
    return Part(format_figure(value, indicator.unit_word, style), code=code, value=value)


def errors(blocks: list[Block]) -> list[str]:
    return [p.error for b in blocks for p in b.parts if p.error]


def as_text(title: str, blocks: list[Block]) -> str:
    lines = [title, ""]
    for block in blocks:
        lines.append(block.text)
    return "\n".join(lines) + "\n"
