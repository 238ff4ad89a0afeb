"""Reading articles in and turning their figures into draft ledger records."""

import datetime as dt
import io
import re
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from tongxin.accounts.access import can_act_for_unit
from tongxin.accounts.models import Unit, User
from tongxin.audit.services import audit_log
from tongxin.ledger.models import RecordType, WorkRecord
from tongxin.ledger.services import evidence_attach, record_create
from tongxin.reports.models import Article
from tongxin.text import clean_annotations, extract_claims, read_article, to_simplified

EMPTY_TEXT = "请粘贴文章内容或上传文件。"
NO_UNIT = "您不能为该单位登记文章。"
NOTHING_CHOSEN = "请至少勾选一个数字并选择记录类型。"
PEOPLE_UNITS = {"人", "人次", "名", "位"}
PUBLICITY_TYPE = "publicity"


def _published_on(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


@transaction.atomic
def article_read(*, actor: User, unit: Unit, text: str, source_name: str = "") -> Article:
    """Keep the article, cleaned and in simplified script, and count it as a
    publicity record (submitted for review, tagged with its outlet)."""
    if not text.strip():
        raise ValidationError(EMPTY_TEXT)
    if not can_act_for_unit(actor, unit):
        raise PermissionDenied(NO_UNIT)
    info = read_article(text)
    # read_article cleans as it reads; the raw text tells how much residue there was.
    residue = clean_annotations(text).removed
    body = to_simplified(clean_annotations(info["body"] or text).text)
    title = info["title"] or body.strip().split("\n", 1)[0]
    if info["subtitle"]:
        title = f"{title}——{info['subtitle']}"
    title = to_simplified(title)[:300]
    outlet = to_simplified(info["source"] or "")[:100]
    published_on = _published_on(info["published_at"])
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
        editor=to_simplified(info["editor"] or "")[:100],
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
    """The article as a .docx, to attach as evidence (plain text is not accepted)."""
    import docx

    document = docx.Document()
    document.add_heading(article.title, level=1)
    meta = " ".join(x for x in (article.outlet, str(article.published_on or "")) if x)
    if meta:
        document.add_paragraph(meta)
    for paragraph in re.split(r"\n+", article.body):
        if paragraph.strip():
            document.add_paragraph(paragraph.strip())
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


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
            raise ValidationError(f"第 {index + 1} 个数字不存在。")
        claim = claims[index]
        sentence = _sentence_around(article.body, claim["start"], claim["end"])
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
