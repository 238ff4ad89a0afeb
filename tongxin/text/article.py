"""Read a news article (plain text or HTML) into title, meta data and body.

HTML goes through trafilatura (a maintained extractor) for the main text; the plain text
that results, or plain text given directly, is then read by rules that know the page
furniture of Chinese news sites: breadcrumbs, 来源/编辑 lines, datelines (……电),
(完) and copyright or disclaimer footers.  Rules match on a simplified copy of each line
(same length), so traditional and simplified pages read alike; output keeps the script given.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from .annotations import clean_annotations
from .script import simplified_aligned

BEIJING = timezone(timedelta(hours=8))

_HTML = re.compile(r"\s*(?:<!doctype|<html|<head|<body|<\?xml|<(?:div|p|article)\b)", re.I)
_DATE = re.compile(
    r"(?P<y>\d{4})\s*(?:年|[-/.])\s*(?P<m>\d{1,2})\s*(?:月|[-/.])\s*(?P<d>\d{1,2})\s*日?"
    r"(?:\s*(?P<H>\d{1,2})[:：](?P<M>\d{2})(?:[:：](?P<S>\d{2}))?)?"
)
_LABEL = r"(?:来源|稿源|出处|责任编辑|编辑|作者|记者|发布时间|发布日期|时间)"
_FIELD = re.compile(rf"(?P<label>{_LABEL})\s*[:：]\s*(?P<value>[^\s:：【】\[\]()（）]+)")
_BREADCRUMB = re.compile(r"^(?:首页|当前位置|您的位置|你的位置|您现在的位置)|\S\s*[>＞»›]\s*\S")
_FOOTER = re.compile(
    r"版权与免责声明|免责声明|版权所有|版权声明|copyright|©|ICP备|ICP证|未经.{0,12}授权.{0,6}不得"
    r"|^(?:上一篇|下一篇|相关新闻|相关阅读|分享到|扫一扫|打印本页|关闭窗口|【?字体|责任编辑[:：])",
    re.I,
)
_END_MARK = re.compile(r"[（(]完[)）]\s*$")
_TRAILING_EDITOR = re.compile(r"[（(【\[]\s*(?:责任)?编辑\s*[:：]\s*([^）)】\]]+)[）)】\]]\s*$")
_DATELINE = re.compile(
    r"^\s*(?:[^\s，。,]{2,24}?\d{1,2}月\d{1,2}日电|本报讯|本网讯|讯)"
    r"(?:\s*[（(][^）)]{0,30}[）)])?\s*"
)
_FURNITURE = re.compile(r"正文$|^(?:返回|登录|注册|搜索|网站地图|English)$")


def _is_html(text: str) -> bool:
    return bool(_HTML.match(text)) and "</" in text


def _from_html(html: str) -> tuple[str, dict]:
    import trafilatura  # optional and heavy: only HTML needs it

    doc = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        # Only dates the page states in its markup: guessing from the text finds the year
        # the article talks about, not when it was published.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None:
        return "", {}
    meta = {"title": doc.title, "published_at": doc.date, "source": doc.sitename}
    return doc.text or "", meta


def _published_at(m: re.Match) -> str | None:
    try:
        if m.group("H") is None:
            return datetime(int(m["y"]), int(m["m"]), int(m["d"])).date().isoformat()
        moment = datetime(
            int(m["y"]), int(m["m"]), int(m["d"]), int(m["H"]), int(m["M"]), int(m["S"] or 0),
            tzinfo=BEIJING,
        )  # fmt: skip
    except ValueError:
        return None
    return moment.isoformat()


def _read_meta(line: str, simple: str, info: dict) -> bool:
    """Fill info from a 日期/来源/编辑 line; True when the line was one."""
    fields = list(_FIELD.finditer(simple))
    date = _DATE.search(simple)
    if not fields and not (date and len(simple.strip()) <= len(date.group()) + 4):
        return False
    if date and not info.get("published_at"):
        info["published_at"] = _published_at(date)
    for f in fields:
        label, value = f.group("label"), line[f.start("value") : f.end("value")]
        if label in ("来源", "稿源", "出处") and not info.get("source"):
            info["source"] = value
        elif label in ("编辑", "责任编辑") and not info.get("editor"):
            info["editor"] = value
        elif label in ("作者", "记者") and not info.get("author"):
            info["author"] = value
    return True


def read_article(text: str) -> dict:
    """``{title, subtitle, published_at, source, editor, author, dateline, body, removed}``.

    ``removed`` lists the lines dropped as page furniture (breadcrumbs, footers...).
    """
    info: dict = {"title": None, "subtitle": None, "published_at": None, "source": None}
    info.update({"editor": None, "author": None, "dateline": None, "body": "", "removed": []})
    fallback: dict = {}
    if _is_html(text):
        text, fallback = _from_html(text)
    lines = [ln.strip(" \t\u3000\r") for ln in clean_annotations(text).text.split("\n")]
    lines = [ln for ln in lines if ln]
    simple = [simplified_aligned(ln) for ln in lines]
    removed = info["removed"]

    # The meta line (date, 来源, 编辑) anchors the head: the title sits just above it.
    meta_at = next((i for i, s in enumerate(simple[:12]) if _read_meta(lines[i], s, {})), None)
    body_from = 0
    if meta_at is not None:
        _read_meta(lines[meta_at], simple[meta_at], info)
        head = [i for i in range(meta_at) if not _BREADCRUMB.search(simple[i])]
        title_at = head[-1] if head else None
        removed.extend(lines[i] for i in range(meta_at) if i != title_at)
        if title_at is not None:
            info["title"] = lines[title_at]
        body_from = meta_at + 1
    else:
        while body_from < len(lines) and (
            _BREADCRUMB.search(simple[body_from]) or _FURNITURE.search(simple[body_from])
        ):
            removed.append(lines[body_from])
            body_from += 1
        if not fallback.get("title") and body_from < len(lines):
            info["title"] = lines[body_from]
            body_from += 1
    # Further meta lines right after the head (编辑 on its own line, say).
    while body_from < len(lines) and _read_meta(lines[body_from], simple[body_from], info):
        body_from += 1

    body = []
    for i in range(body_from, len(lines)):
        if _FOOTER.search(simple[i]):
            removed.extend(lines[i:])
            break
        body.append(i)
    if body and info["title"] is None and fallback.get("title"):
        info["title"] = fallback["title"]
    if body and lines[body[0]] == info["title"]:
        body = body[1:]  # trafilatura repeats the title as the first line
    paragraphs = [lines[i] for i in body]
    _split_title(info)
    _take_dateline(paragraphs, info)
    _take_end_marks(paragraphs, info)
    for key in ("published_at", "source"):
        if not info[key] and fallback.get(key):
            info[key] = fallback[key]
    info["body"] = "\n\n".join(paragraphs)
    return info


def _split_title(info: dict) -> None:
    title = info["title"]
    if title and "——" in title.strip("—"):
        main, sub = title.split("——", 1)
        if main.strip() and sub.strip():
            info["title"], info["subtitle"] = main.strip(), sub.strip("— ")


def _take_dateline(paragraphs: list[str], info: dict) -> None:
    if not paragraphs:
        return
    m = _DATELINE.match(simplified_aligned(paragraphs[0]))
    if m:
        info["dateline"] = paragraphs[0][: m.end()].strip()
        paragraphs[0] = paragraphs[0][m.end() :].strip()
        if not paragraphs[0]:
            paragraphs.pop(0)


def _take_end_marks(paragraphs: list[str], info: dict) -> None:
    while paragraphs:
        last = paragraphs[-1]
        simple = simplified_aligned(last)
        m = _TRAILING_EDITOR.search(simple) or _END_MARK.search(simple)
        if not m:
            return
        if m.re is _TRAILING_EDITOR and not info["editor"]:
            info["editor"] = last[m.start(1) : m.end(1)].strip()
        info["removed"].append(last[m.start() :])
        paragraphs[-1] = last[: m.start()].rstrip()
        if not paragraphs[-1]:
            paragraphs.pop()
