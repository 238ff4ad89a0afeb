"""The API's request and response shapes (pydantic, through ninja): the OpenAPI
schema is generated from these, so what is documented is what is answered."""

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema
from pydantic import AfterValidator

from tongxin.api.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from tongxin.cases.models import CaseSource, CaseState, Ownership
from tongxin.ledger.models import RecordStatus

# What the databases store: PositiveIntegerField and ids, dates the app can count.
MAX_INT = 2_147_483_647
MAX_ID = 2**63 - 1
MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(2100, 12, 31)
CONTROL_CHARACTERS = _("不能包含控制字符。")
DATE_RANGE = _("日期应在 1900-01-01 至 2100-12-31 之间。")


def _clean_text(value: str) -> str:
    # NUL cannot be stored by PostgreSQL, lone surrogates by any UTF-8 database.
    if any(c == "\x00" or "\ud800" <= c <= "\udfff" for c in value):
        raise ValueError(CONTROL_CHARACTERS)
    return value


def _date_in_range(value: dt.date) -> dt.date:
    if not MIN_DATE <= value <= MAX_DATE:
        raise ValueError(DATE_RANGE)
    return value


Text = Annotated[str, AfterValidator(_clean_text)]
Day = Annotated[dt.date, AfterValidator(_date_in_range)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Year = Annotated[int, Field(ge=1900, le=2100)]
Measure = Annotated[int, Field(ge=0, le=MAX_INT)]
Amount = Annotated[Decimal, Field(ge=0, max_digits=16, decimal_places=2)]


class UnitRef(Schema):
    id: int
    code: str
    name: str


class Page(Schema):
    count: int = Field(description=_("符合条件的总数"))
    page: int
    page_size: int
    num_pages: int


# Units


class UnitOut(UnitRef):
    kind: str
    kind_label: str
    parent_id: int | None
    depth: int
    is_active: bool


class UnitPage(Page):
    results: list[UnitOut]


# Records


class RecordOut(Schema):
    id: int
    unit: UnitRef
    record_type: str = Field(description=_("记录类型代码"))
    record_type_name: str
    area: str = Field(description=_("工作领域代码"))
    area_name: str
    date: dt.date
    end_date: dt.date | None
    title: str
    description: str
    count: int | None
    participants: int | None
    amount: str | None = Field(description=_("金额（元），十进制字符串"))
    tags: list[str]
    status: RecordStatus
    status_label: str
    return_reason: str
    version: int = Field(description=_("乐观锁版本号：修改时原样提交"))
    created_by: str
    created_at: dt.datetime
    updated_at: dt.datetime
    submitted_at: dt.datetime | None


class RecordPage(Page):
    results: list[RecordOut]


class RecordIn(Schema):
    unit: Id | None = Field(None, description=_("单位 id；不填为本人所在单位"))
    record_type: Text = Field(max_length=32, description=_("记录类型代码，如 forum"))
    area: Text | None = Field(None, max_length=32, description=_("工作领域代码；不填用类型默认"))
    date: Day
    end_date: Day | None = None
    title: Text = Field(max_length=200)
    description: Text = Field("", max_length=20000)
    count: Measure | None = None
    participants: Measure | None = None
    amount: Amount | None = None
    tags: list[Annotated[Text, Field(max_length=30)]] = Field([], max_length=20)
    submit: bool = Field(False, description=_("true：保存并提交审核"))


class RecordPatch(Schema):
    version: Annotated[int, Field(ge=0, le=MAX_INT)] = Field(
        description=_("读取时的版本号；期间有人修改则返回 409")
    )
    unit: Id | None = None
    record_type: Text | None = Field(None, max_length=32)
    area: Text | None = Field(None, max_length=32)
    date: Day | None = None
    end_date: Day | None = None
    title: Text | None = Field(None, max_length=200)
    description: Text | None = Field(None, max_length=20000)
    count: Measure | None = None
    participants: Measure | None = None
    amount: Amount | None = None
    tags: list[Annotated[Text, Field(max_length=30)]] | None = Field(None, max_length=20)


# Enterprises


class EnterpriseOut(Schema):
    id: int
    name: str
    credit_code: str
    district: UnitRef
    industry: str
    industry_label: str
    ownership: str
    ownership_label: str
    founded_on: dt.date | None
    arrived_on: dt.date | None


class MembershipOut(Schema):
    year: int
    list_name: str
    rank: int | None


class EnterpriseDetailOut(EnterpriseOut):
    memberships: list[MembershipOut]


class EnterprisePage(Page):
    results: list[EnterpriseOut]


# Cases


class EnterpriseRef(Schema):
    id: int
    name: str


class CaseOut(Schema):
    id: int
    number: str = Field(description=_("诉求编号，如 SQ2022-00001"))
    title: str
    description: str
    enterprise: EnterpriseRef
    source: CaseSource
    source_label: str
    category: str
    state: CaseState
    state_label: str
    received_on: dt.date
    respond_by: dt.date
    resolve_by: dt.date
    is_overdue: bool
    lead_unit: UnitRef | None
    assisting_units: list[UnitRef]
    reply: str
    satisfaction: str
    closed_at: dt.datetime | None
    forum_record: int | None
    resolution_record: int | None


class CaseEventOut(Schema):
    at: dt.datetime
    action: str
    actor: str
    state_from: str
    state_to: str
    note: str


class CaseDetailOut(CaseOut):
    timeline: list[CaseEventOut]


class CasePage(Page):
    results: list[CaseOut]


class CaseIn(Schema):
    enterprise: Id = Field(description=_("企业 id"))
    source: CaseSource
    category: Text = Field(max_length=50, description=_("诉求类别名称，如 融资信贷"))
    title: Text = Field(max_length=200)
    description: Text = Field("", max_length=20000)
    received_on: Day | None = Field(None, description=_("不填为今天"))
    forum_record: Id | None = Field(None, description=_("来源为恳谈会时：恳谈会记录 id"))


# Indicators


class IndicatorValueOut(Schema):
    code: str
    name: str
    unit: str = Field(description=_("计量单位"))
    value: int | float | None
    target: int | float | None


class IndicatorTableOut(Schema):
    year: int
    unit: UnitRef
    indicators: list[IndicatorValueOut]


# The published review


class FigureOut(Schema):
    code: str
    name: str
    unit: str
    value: int | float


class ReviewOut(Schema):
    year: int
    unit: UnitRef
    title: str
    version: int
    signed_at: dt.datetime
    signed_by: str
    text: str = Field(description=_("签发稿全文（数字为签发时冻结的数值）"))
    figures: list[FigureOut]


# Query strings


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=MAX_INT)
    page_size: int = Field(
        DEFAULT_PAGE_SIZE,
        ge=1,
        le=MAX_INT,
        description=format_lazy(_("每页条数（超过 {max} 按 {max}）"), max=MAX_PAGE_SIZE),
    )


class RecordQuery(PageQuery):
    year: Year | None = None
    unit: Id | None = Field(None, description=_("单位 id（含下级单位）"))
    status: RecordStatus | None = Field(None, description=_("不填时不含已撤销的记录"))
    record_type: Text | None = Field(None, max_length=32, description=_("记录类型代码"))


class CaseQuery(PageQuery):
    state: CaseState | None = None
    year: Year | None = Field(None, description=_("接收年度"))


class EnterpriseQuery(PageQuery):
    q: Text | None = Field(None, max_length=100, description=_("名称或统一社会信用代码"))
    ownership: Ownership | None = None


class IndicatorQuery(Schema):
    year: Year | None = Field(None, description=_("年度；不填为今年"))
    unit: Id | None = Field(None, description=_("单位 id；不填为本人可见的最上级单位"))


class ReviewQuery(Schema):
    unit: Id | None = Field(None, description=_("单位 id；不填为本人可见的最上级单位"))
