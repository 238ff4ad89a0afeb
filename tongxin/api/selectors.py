"""Reads for the API: tokens, and the published review (text and figures)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.http import Http404

from tongxin.accounts.access import NOT_FOUND, scope_queryset
from tongxin.accounts.models import Unit, User
from tongxin.api.models import ApiToken
from tongxin.api.services import token_hash


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(owner=user)


def get_token_for_owner(user: User, pk) -> ApiToken:
    """One of `user`'s own tokens; anyone else's is 404, like another unit's object."""
    try:
        return tokens_of(user).get(pk=pk)
    except (ApiToken.DoesNotExist, ValueError, TypeError):
        raise Http404(NOT_FOUND) from None


def token_by_value(raw: str) -> ApiToken | None:
    """The token whose value is `raw`, with its owner and unit, whatever its state."""
    if not raw or len(raw) > 200:
        return None
    return (
        ApiToken.objects.select_related("owner", "owner__unit")
        .filter(token_hash=token_hash(raw))
        .first()
    )


@dataclass
class PublishedFigure:
    code: str
    name: str
    unit_word: str
    value: Decimal


@dataclass
class PublishedReview:
    year: int
    unit: Unit
    title: str
    version: int
    signed_at: dt.datetime
    signed_by: str
    text: str
    blocks: list
    figures: list[PublishedFigure]


def published_review(user: User, *, year: int, unit: Unit) -> PublishedReview:
    """`unit`'s signed-off review of `year`, as printed: the text rendered with the
    figures frozen at sign-off (not today's ledger). 404 when there is none, or the
    user may not see it."""
    from tongxin.indicators.models import Indicator
    from tongxin.reports import templating
    from tongxin.reports.models import Review

    review = (
        scope_queryset(user, Review.objects.all(), unit_field="unit")
        .select_related("unit", "published_version", "published_version__signed_by")
        .filter(year=year, unit=unit, published_version__isnull=False)
        .first()
    )
    if review is None:
        raise Http404(NOT_FOUND)
    version = review.published_version
    frozen = {code: Decimal(value) for code, value in (version.frozen_values or {}).items()}
    indicators = {
        i.code: i
        for i in Indicator.objects.filter(code__in=templating.placeholder_codes(version.source))
    }
    blocks = templating.render(version.source, indicators, frozen)
    figures = [
        PublishedFigure(code, indicators[code].name, indicators[code].unit_word, value)
        for code, value in sorted(frozen.items())
        if code in indicators
    ]
    return PublishedReview(
        year=review.year,
        unit=review.unit,
        title=review.title,
        version=version.number,
        signed_at=version.signed_at,
        signed_by=str(version.signed_by.display_name if version.signed_by else ""),
        text=templating.as_text(review.title, blocks),
        blocks=blocks,
        figures=figures,
    )
