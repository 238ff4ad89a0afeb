"""Test data for enterprises and cases, built with the real services."""

import datetime as dt
import itertools

from tongxin.cases.creditcode import check_character
from tongxin.cases.models import CaseCategory, CaseSource, Industry, Ownership
from tongxin.cases.services.cases import (
    case_assign,
    case_close,
    case_feedback,
    case_receive,
    case_reply,
    case_screen,
    case_start,
)
from tongxin.cases.services.enterprises import enterprise_create
from tongxin.cases.services.projects import project_create
from tongxin.ledger.catalogue import catalogue_ensure
from tongxin.ledger.models import RecordType
from tongxin.ledger.services import record_approve, record_create
from tongxin.ledger.tests.owners_checked import OwnersCheckedMixin
from tongxin.testing import CastTestCase


def make_code(serial: int, prefix: str = "915106") -> str:
    """A valid code made up for tests: the first 17 characters, then their check
    character (no real company's code)."""
    first17 = f"{prefix}{serial:0{17 - len(prefix)}d}"
    return first17 + check_character(first17)


_serials = itertools.count(1000)


def make_enterprise(cast, *, serial=None, district=None, ownership=Ownership.TAIWAN, name=None):
    serial = next(_serials) if serial is None else serial
    return enterprise_create(
        actor=cast.city_editor,
        name=name or f"测试企业{serial}",
        credit_code=make_code(serial),
        district=district or cast.shifang,
        industry=Industry.C,
        ownership=ownership,
        founded_on=dt.date(2015, 3, 1),
        arrived_on=dt.date(2022, 6, 1),
    )


def make_forum(cast, *, unit=None, title="台资企业恳谈会"):
    record = record_create(
        actor=cast.city_editor,
        unit=unit or cast.city,
        record_type=RecordType.objects.get(code="forum"),
        date=dt.date(2022, 5, 10),
        title=title,
        submit=True,
    )
    return record_approve(actor=cast.city_editor, record=record)


def make_event(
    cast, *, unit=None, title="港澳台侨招商推介会", date=dt.date(2022, 9, 20), approve=True
):
    record = record_create(
        actor=cast.city_editor,
        unit=unit or cast.city,
        record_type=RecordType.objects.get(code="investment_event"),
        date=date,
        title=title,
        submit=True,
    )
    return record_approve(actor=cast.city_editor, record=record)


def make_project(
    cast, *, investor=None, unit=None, event=None, name="精密制造基地项目", amount=None
):
    return project_create(
        actor=cast.city_editor,
        name=name,
        investor=investor or make_enterprise(cast),
        unit=unit or cast.guanghan,
        event_record=event or make_event(cast),
        amount=amount,
    )


def make_case(
    cast,
    *,
    enterprise=None,
    forum=None,
    received_on=None,
    lead=None,
    assisting=(),
    until="received",
    title="融资难，请求协调银行",
):
    """A case taken through the steps up to `until` (received, accepted, assigned,
    in_progress, replied, feedback, closed)."""
    editor = cast.city_editor
    enterprise = enterprise or make_enterprise(cast)
    case = case_receive(
        actor=editor,
        enterprise=enterprise,
        source=CaseSource.FORUM if forum else CaseSource.HOTLINE,
        forum_record=forum,
        category=CaseCategory.objects.get(name="融资信贷"),
        title=title,
        received_on=received_on,
    )
    steps = ["received", "accepted", "assigned", "in_progress", "replied", "feedback", "closed"]
    wanted = steps.index(until)
    if wanted >= 1:
        case = case_screen(actor=editor, case=case, accepted=True)
    if wanted >= 2:
        case = case_assign(
            actor=editor,
            case=case,
            lead_unit=lead or enterprise.district,
            assisting_units=list(assisting),
        )
    if wanted >= 3:
        case = case_start(actor=editor, case=case)
    if wanted >= 4:
        case = case_reply(actor=editor, case=case, reply="已协调银行放贷。")
    if wanted >= 5:
        case = case_feedback(actor=editor, case=case, satisfaction="satisfied")
    if wanted >= 6:
        case = case_close(actor=editor, case=case)
    return case


class CasesTestCase(OwnersCheckedMixin, CastTestCase):
    """Every test of cases' owners ends with `tongxin check-owners` clean."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        catalogue_ensure()
