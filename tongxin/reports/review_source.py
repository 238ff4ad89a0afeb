"""The review's source as the editor sees it: blocks with a kind, a lead phrase and a
text (no `#` or `**` to type), the default template, and the literal years and numbers
left in the prose that do not come from the ledger."""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from tongxin.reports import templating

# i18n: data (a template's text, stored as the review's source)
DEFAULT_TITLE = "{year}年{unit}统战工作综述"
# i18n: data
DEFAULT_SOURCE = """\
{year}年，全市统一战线团结奋进，各项工作取得新成效。

# 强化引领 不断巩固共同思想根基
**加强思想政治引领。**（在此写明主要做法，数字用“插入数字”从台账取。）

# 围绕中心 充分发挥统战法宝作用
**切实排忧纾困。**（在此写明主要做法。）

# 守正创新 推动各项工作提质增效
**多党合作效能提升。**（在此写明主要做法。）
"""

# A figure in the editor's text: 〔恳谈会场次〕, 〔恳谈会参与人数·余〕, 〔授信签约金额·金额〕.
# i18n: data (the words are part of the token the editor's text is read back from)
STYLE_WORDS = {"approx": "余", "money": "金额", "bare": "数字"}
WORD_STYLES = {word: style for style, word in STYLE_WORDS.items()}
# i18n: data (a pattern)
TOKEN = re.compile(r"〔([^〔〕·]+)(?:·([^〔〕·]+))?〕")

UNKNOWN_TOKEN = _("没有这个名称的指标，请删去后用“插入数字”重新选择")

KINDS = (("h1", _("一级标题")), ("h2", _("二级标题")), ("p", _("段落")))
# i18n: data (a pattern)
YEAR = re.compile(r"(?<![\d.])(19|20)\d\d(?=年)")
NUMBER = re.compile(r"\d+(?:\.\d+)?")


@dataclass
class EditBlock:
    kind: str
    lead: str
    text: str


def figure_token(name: str, style: str) -> str:
    word = STYLE_WORDS.get(style)
    return f"〔{name}·{word}〕" if word else f"〔{name}〕"


def to_display(text: str, names: dict[str, str]) -> str:
    """Placeholders as the editor shows them: the indicator's name, not its code."""

    def token(m):
        code, style = m.group(1), m.group(2) or "exact"
        if code not in names or (style != "exact" and style not in STYLE_WORDS):
            return m.group(0)  # unknown: left as stored, the preview marks the error
        return figure_token(names[code], style)

    return templating.PLACEHOLDER.sub(token, text)


def display_names(text: str) -> set[str]:
    return {m.group(1) for m in TOKEN.finditer(text)}


def from_display(text: str, codes: dict[str, str]) -> str:
    """The editor's tokens back to placeholders; a name no indicator has becomes a
    placeholder the preview marks as an unknown indicator."""

    def placeholder(m):
        name, word = m.group(1), m.group(2)
        code = codes.get(name, name)
        style = WORD_STYLES.get(word, word) if word else "exact"
        if not templating.PLACEHOLDER.fullmatch("{{" + code + "}}"):
            return m.group(0)
        return "{{" + code + ("" if style == "exact" else "|" + style) + "}}"

    return TOKEN.sub(placeholder, text)


def blocks_from_source(source: str, names: dict[str, str] | None = None) -> list[EditBlock]:
    out = []
    for kind, raw in templating.parse_blocks(source):
        lead = ""
        if kind == "p":
            m = templating.LEAD.match(raw)
            if m:
                lead, raw = m.group(1), raw[m.end() :]
        out.append(EditBlock(kind, lead, to_display(raw, names or {})))
    return out


def source_from_blocks(kinds: list[str], leads: list[str], texts: list[str]) -> str:
    """The stored source from the editor's fields; a line break typed in a field does
    not start a new block, and an empty block is dropped."""
    lines = []
    for i, kind in enumerate(kinds):
        text = " ".join((texts[i] if i < len(texts) else "").split())
        lead = " ".join((leads[i] if i < len(leads) else "").split())
        if kind in ("h1", "h2"):
            if text and kind == "h1":
                lines += ["", "# " + text]
            elif text:
                lines.append("## " + text)
        elif text or lead:
            # A paragraph's own text never turns into a heading or a lead phrase.
            text = text.lstrip("#*") if not lead else text
            lines.append((f"**{lead}**" if lead else "") + text)
    return "\n".join(lines).strip() + "\n"


def title_for_year(title: str, old_year: int, new_year: int) -> str:
    return title.replace(f"{old_year}年", f"{new_year}年")


@dataclass
class Literal:
    text: str
    note: str


def _literals(text: str, year: int):
    """(start, end, note) of each year other than the review's and each other number."""
    years = {m.start() for m in YEAR.finditer(text)}
    for m in NUMBER.finditer(text):
        if m.start() in years and len(m.group(0)) == 4:
            if int(m.group(0)) != year:
                note = _("年份与本综述的年度（{year}年）不同，请核对").format(year=year)
                yield m.start(), m.end(), str(note)
            continue
        yield m.start(), m.end(), str(_("手写的数字，不是从台账取的"))


def literal_figures(source: str, year: int) -> list[Literal]:
    """Years and numbers typed into the prose, not placeholders."""
    found = []
    for _kind, raw in templating.parse_blocks(source):
        prose = templating.PLACEHOLDER.sub(" ", raw)
        found += [Literal(m.group(0), str(UNKNOWN_TOKEN)) for m in TOKEN.finditer(prose)]
        prose = TOKEN.sub(" ", prose)
        found += [Literal(prose[a:b], note) for a, b, note in _literals(prose, year)]
    return found


def mark_literals(blocks: list, year: int) -> list:
    """The editor's preview: plain text parts split so each literal is its own part
    with a note (the printed text stays the same)."""
    for block in blocks:
        parts = []
        for part in block.parts:
            if part.code:
                parts.append(part)
                continue
            pos = 0
            for a, b, note in _literals(part.text, year):
                if a > pos:
                    parts.append(templating.Part(part.text[pos:a]))
                parts.append(templating.Part(part.text[a:b], note=note))
                pos = b
            if pos < len(part.text):
                parts.append(templating.Part(part.text[pos:]))
        block.parts = parts
    return blocks
