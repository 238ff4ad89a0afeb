"""Reading articles in and turning their figures into draft ledger records."""

import datetime as dt
import re
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongxin.accounts.access import can_act_for_unit
from tongxin.accounts.models import Unit, User
from tongxin.audit.services import audit_log
from tongxin.ledger.models import RecordType, WorkRecord
from tongxin.ledger.services import evidence_attach, record_create
from tongxin.reports.models import Article
from tongxin.text import clean_annotations, extract_claims, read_article, to_simplified

EMPTY_TEXT = _("请粘贴文章内容或上传文件。")
NO_UNIT = _("您不能为该单位登记文章。")
NOTHING_CHOSEN = _("请至少勾选一个数字并选择记录类型。")
# i18n: data (count words read from articles)
PEOPLE_UNITS = {"人", "人次", "名", "位"}
PUBLICITY_TYPE = "publicity"


def _published_on(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def article_facts(text: str) -> dict:
    """What the text states about itself, for the form to show before saving: title,
    outlet, publication date and author (each empty when the text does not say),
    and the start of the cleaned body. Reads only."""
    if not text.strip():
        raise ValidationError(EMPTY_TEXT)
    info = read_article(text)
    body = to_simplified(clean_annotations(info["body"] or text).text)
    title = info["title"] or body.strip().split("\n", 1)[0]
    if info["subtitle"]:
        title = f"{title}——{info['subtitle']}"
    return {
        "title": to_simplified(title)[:300],
        "outlet": to_simplified(info["source"] or "")[:100],
        "published_on": _published_on(info["published_at"]),
        "author": to_simplified(info.get("author") or "")[:100],
        "editor": to_simplified(info["editor"] or "")[:100],
        "body": body,
    }


@transaction.atomic
def article_read(
    *,
    actor: User,
    unit: Unit,
    text: str,
    source_name: str = "",
    title: str | None = None,
    outlet: str | None = None,
    published_on: dt.date | None = None,
    author: str | None = None,
) -> Article:
    """Keep the article, cleaned and in simplified script, and count it as a
    publicity record (submitted for review, tagged with its outlet, dated the day
    the article was published). Title, outlet, date and author as the user
    confirmed them; any not given are read from the text."""
    if not text.strip():
        raise ValidationError(EMPTY_TEXT)
    if not can_act_for_unit(actor, unit):
        raise PermissionDenied(NO_UNIT)
    facts = article_facts(text)
    # read_article cleans as it reads; the raw text tells how much residue there was.
    residue = clean_annotations(text).removed
    body = facts["body"]
    title = (title.strip() if title else "") or facts["title"]
    title = to_simplified(title)[:300]
    outlet = to_simplified(outlet.strip() if outlet is not None else facts["outlet"])[:100]
    if published_on is None:
        published_on = facts["published_on"]
    author = to_simplified(author.strip() if author is not None else facts["author"])[:100]
    # i18n: data (stored in the record)
    record = record_create(
        actor=actor,
        unit=unit,
        record_type=RecordType.objects.get(code=PUBLICITY_TYPE),
        date=published_on or timezone.localdate(),
        title=title[:200],
        count=1,
        description=f"来源：{outlet or '未注明'}",
        tags=[outlet] if outlet else [],
        submit=True,
    )
    article = Article.objects.create(
        unit=unit,
        title=title,
        outlet=outlet,
        published_on=published_on,
        editor=facts["editor"],
        author=author,
        source_name=source_name[:200],
        raw_text=text,
        body=body,
        residue_removed=residue,
        publicity_record=record,
        read_by=actor,
    )
    audit_log(
        actor=actor,
        action="article.read",
        obj=article,
        unit=unit,
        after={
            "title": title,
            "outlet": outlet,
            "published_on": str(published_on),
            "author": author,
            "publicity_record": record.pk,
        },
    )
    return article


def article_claims(article: Article) -> list[dict]:
    """The figures of the article's body; offsets index `article.body`."""
    return extract_claims(article.body)


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(p, 0, start) for p in "。；！？\n") + 1
    rights = [i for i in (text.find(p, end) for p in "。；！？\n") if i != -1]
    right = min(rights) + 1 if rights else len(text)
    return text[left:right].strip()


def _measures_for(claim: dict, record_type: RecordType) -> dict:
    value = Decimal(str(claim["value"]))
    unit = claim["unit"]
    if unit == "元" and record_type.has_amount:
        return {"amount": value}
    whole = int(value) if value == value.to_integral() else None
    if whole is None:
        return {}
    if unit in PEOPLE_UNITS and record_type.has_participants:
        return {"participants": whole}
    if record_type.has_count:
        return {"count": whole}
    return {}


def article_docx(article: Article) -> bytes:
    """The article as a .docx on the official page, to attach as evidence (plain text is
    not accepted)."""
    from tongxin.lib.officialdoc import (
        body_paragraph,
        document_bytes,
        new_document,
        title_paragraph,
    )

    document = new_document()
    title_paragraph(document, article.title)
    meta = " ".join(x for x in (article.outlet, str(article.published_on or "")) if x)
    if meta:
        body_paragraph(document, indent=False).add_run(meta)
    for paragraph in re.split(r"\n+", article.body):
        if paragraph.strip():
            body_paragraph(document).add_run(paragraph.strip())
    return document_bytes(document)


@transaction.atomic
def article_claims_to_drafts(
    *, actor: User, article: Article, choices: dict[int, RecordType]
) -> list[WorkRecord]:
    """Draft records prefilled from the ticked claims: type chosen by the user, date
    from the article, measure from the claim, the article attached as evidence."""
    if not choices:
        raise ValidationError(NOTHING_CHOSEN)
    claims = article_claims(article)
    evidence = article_docx(article)
    drafts = []
    for index, record_type in sorted(choices.items()):
        if not 0 <= index < len(claims):
            raise ValidationError(_("第 {n} 个数字不存在。").format(n=index + 1))
        claim = claims[index]
        sentence = _sentence_around(article.body, claim["start"], claim["end"])
        # i18n: data (stored in the record)
        record = record_create(
            actor=actor,
            unit=article.unit,
            record_type=record_type,
            date=article.published_on or timezone.localdate(),
            title=sentence[:200] or article.title[:200],
            description=f"据《{article.title}》（{article.outlet or '来源未注明'}）：{sentence}",
            **_measures_for(claim, record_type),
        )
        evidence_attach(
            actor=actor,
            record=record,
            uploaded_file=SimpleUploadedFile(f"{article.title[:60]}.docx", evidence),
        )
        drafts.append(record)
    audit_log(
        actor=actor,
        action="article.drafts",
        obj=article,
        unit=article.unit,
        after={"records": [r.pk for r in drafts]},
    )
    return drafts
