"""Cross-unit cases for core/tests/test_cross_unit_views.py: 什邡市's objects through
the API (a bearer token of the requesting user, the third element) and another
user's token on the token page."""


def bearer_of(user) -> dict:
    from tongxin.api.tests.base import bearer

    return bearer(user)


def shifang_draft(cast):
    """A draft, so that 什邡市's own reporter may submit it."""
    from tongxin.api.tests.base import make_record

    return make_record(cast, actor=cast.shifang_reporter, unit=cast.shifang, title="什邡市座谈会")


def shifang_published_review_year(cast) -> int:
    """A year whose only signed-off review is 什邡市's (the API picks the review by
    year and the user's unit)."""
    from tongxin.reports.models import Review
    from tongxin.reports.services.reviews import review_create, review_sign_off

    year = 2020
    if not Review.objects.filter(year=year, unit=cast.shifang).exists():
        review = review_create(
            actor=None,
            year=year,
            unit=cast.shifang,
            title="什邡市2020年统战工作综述",
            source="全年工作扎实推进。",
            created_by=cast.city_editor,
        )
        review_sign_off(actor=cast.leader, version=review.versions.get())
    return year


def shifang_token(cast):
    from tongxin.api.services import api_token_create

    token, _ = api_token_create(actor=cast.shifang_reporter, name="什邡脚本")
    return token


def _enterprise(cast):
    """什邡市's own (a private one: its arrival writes no ledger record, so a year
    closed by another case does not matter)."""
    from tongxin.cases.models import Enterprise, Ownership
    from tongxin.cases.tests.base import make_enterprise

    return Enterprise.objects.filter(
        district=cast.shifang, ownership=Ownership.PRIVATE
    ).first() or make_enterprise(
        cast, serial=991, district=cast.shifang, ownership=Ownership.PRIVATE
    )


def _case(cast):
    """A case led by 什邡市 in which 广汉市 takes no part."""
    from tongxin.cases.tests.base import make_case

    return make_case(cast, enterprise=_enterprise(cast), lead=cast.shifang, until="assigned")


CASES = {
    "api_v1:record": ("get", lambda cast: {"record_id": shifang_draft(cast).pk}, bearer_of),
    "api_v1:record_submit": (
        "post",
        lambda cast: {"record_id": shifang_draft(cast).pk},
        bearer_of,
    ),
    "api_v1:case": ("get", lambda cast: {"case_id": _case(cast).pk}, bearer_of),
    "api_v1:enterprise": ("get", lambda cast: {"enterprise_id": _enterprise(cast).pk}, bearer_of),
    "api_v1:review": ("get", lambda cast: {"year": shifang_published_review_year(cast)}, bearer_of),
    "api_tokens:token_revoke": ("post", lambda cast: {"pk": shifang_token(cast).pk}),
}
