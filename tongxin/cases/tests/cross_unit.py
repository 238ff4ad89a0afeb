"""Cross-unit cases for core/tests/test_cross_unit_views.py: 什邡市's enterprise,
and a case led by 什邡市 in which 广汉市 takes no part."""

import datetime as dt

from tongxin.cases.models import Enterprise, Ownership


def shifang_enterprise(cast):
    from tongxin.cases.tests.base import make_enterprise

    # A private enterprise: its arrival writes no ledger record, so it can be made after
    # another case has closed 2022.
    return Enterprise.objects.filter(district=cast.shifang).first() or make_enterprise(
        cast, serial=990, district=cast.shifang, ownership=Ownership.PRIVATE
    )


def shifang_case(cast):
    from tongxin.cases.tests.base import make_case

    return make_case(cast, enterprise=shifang_enterprise(cast), lead=cast.shifang, until="assigned")


def shifang_project(cast):
    from tongxin.cases.tests.base import make_event, make_project

    return make_project(
        cast,
        investor=shifang_enterprise(cast),
        unit=cast.shifang,
        # Unapproved, and not in 2022: another case signs off 2022's review, closing it.
        event=make_event(cast, unit=cast.shifang, date=dt.date(2023, 9, 20), approve=False),
    )


def shifang_credit_meeting(cast):
    from tongxin.cases.services.credit import credit_meeting_create

    return credit_meeting_create(
        actor=cast.shifang_reporter,
        title="什邡市银企对接会",
        date=dt.date(2023, 6, 1),
        unit=cast.shifang,
    )


def shifang_credit_line(cast):
    from decimal import Decimal

    from tongxin.cases.models import CreditLine
    from tongxin.cases.services.credit import credit_line_add

    return CreditLine.objects.filter(meeting__unit=cast.shifang).first() or credit_line_add(
        actor=cast.shifang_reporter,
        meeting=shifang_credit_meeting(cast),
        enterprise=shifang_enterprise(cast),
        bank="什邡银行",
        amount=Decimal("1000000"),
    )


def shifang_evaluation(cast):
    from tongxin.cases.models import Ranking
    from tongxin.cases.services.rankings import ranking_create

    return Ranking.objects.filter(unit=cast.shifang).first() or ranking_create(
        actor=cast.city_editor, name="什邡市民营企业20强", year=2022, unit=cast.shifang, size=20
    )


def _evaluation(cast):
    return {"pk": shifang_evaluation(cast).pk}


CASES = {
    "cases:evaluation_detail": ("get", _evaluation),
    "cases:evaluation_edit": ("post", _evaluation),
    "cases:evaluation_action": ("post", _evaluation),
    "cases:evaluation_export": (
        "get",
        lambda cast: {"pk": shifang_evaluation(cast).pk, "fmt": "xlsx"},
    ),
    "cases:credit_meeting_detail": ("get", lambda cast: {"pk": shifang_credit_meeting(cast).pk}),
    "cases:credit_line_add": ("post", lambda cast: {"pk": shifang_credit_meeting(cast).pk}),
    "cases:credit_line_amend": ("post", lambda cast: {"pk": shifang_credit_line(cast).pk}),
    "cases:credit_line_withdraw": ("post", lambda cast: {"pk": shifang_credit_line(cast).pk}),
    "cases:project_detail": ("get", lambda cast: {"pk": shifang_project(cast).pk}),
    "cases:project_advance": ("post", lambda cast: {"pk": shifang_project(cast).pk}),
    "cases:project_stage_undo": ("post", lambda cast: {"pk": shifang_project(cast).pk}),
    "cases:enterprise_detail": ("get", lambda cast: {"pk": shifang_enterprise(cast).pk}),
    "cases:enterprise_edit": ("get", lambda cast: {"pk": shifang_enterprise(cast).pk}),
    "cases:enterprise_membership_add": (
        "post",
        lambda cast: {"pk": shifang_enterprise(cast).pk},
    ),
    "cases:case_detail": ("get", lambda cast: {"pk": shifang_case(cast).pk}),
    "cases:case_action": ("post", lambda cast: {"pk": shifang_case(cast).pk}),
}
