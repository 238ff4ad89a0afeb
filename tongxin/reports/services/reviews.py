"""Writes to annual reviews: versions, comments, sign-off. Atomic and audited."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.accounts.models import Unit, User
from tongxin.accounts.roles import Role
from tongxin.audit.services import audit_log
from tongxin.ledger.closing import year_close
from tongxin.reports.models import Review, ReviewComment, ReviewVersion
from tongxin.reports.review_source import DEFAULT_SOURCE, DEFAULT_TITLE, title_for_year
from tongxin.reports.selectors.reviews import review_version_live

ONLY_EDITORS = gettext_lazy("只有部机关干部可以起草和修改综述。")
ONLY_LEADERS = gettext_lazy("只有部领导可以签发综述。")
STALE_VERSION = gettext_lazy(
    "综述已被他人保存为第 {number} 版，您的修改未覆盖对方的内容，请在新版本基础上修改。"
)
HAS_ERRORS = gettext_lazy("模板中有错误，不能签发：{errors}")
REVIEW_EXISTS = gettext_lazy("{unit}{year}年的综述已经存在。")
ALREADY_PUBLISHED = gettext_lazy(
    "{year}年综述已签发第 {number} 版；重新发布须签发其后保存的新版本。"
)
NO_PREVIOUS = gettext_lazy("{unit}没有{year}年的综述可供沿用，请选择默认模板。")


def _editor(actor: User | None) -> None:
    if actor is not None and actor.role != Role.EDITOR:
        raise PermissionDenied(ONLY_EDITORS)


@transaction.atomic
def review_create(
    *, actor: User | None, year: int, unit: Unit, title: str, source: str, created_by: User
) -> Review:
    _editor(actor)
    if Review.objects.filter(year=year, unit=unit).exists():
        raise ValidationError(REVIEW_EXISTS.format(year=year, unit=unit.name))
    review = Review.objects.create(year=year, unit=unit, title=title, created_by=created_by)
    ReviewVersion.objects.create(
        review=review, number=1, source=source, note="初稿", created_by=created_by
    )
    audit_log(
        actor=actor,
        action="review.create",
        obj=review,
        unit=unit,
        after={"year": year, "title": title},
    )
    return review


@transaction.atomic
def review_start(*, actor: User, year: int, unit: Unit, from_previous: bool) -> Review:
    """A new review of `unit` for `year`: last year's review of the unit copied (its
    signed version if any, else its latest; placeholders then evaluate for the new
    year), or the default template."""
    _editor(actor)
    if from_previous:
        previous = (
            Review.objects.filter(year=year - 1, unit=unit)
            .select_related("published_version")
            .first()
        )
        if previous is None:
            raise ValidationError(NO_PREVIOUS.format(unit=unit.name, year=year - 1))
        version = previous.published_version or previous.versions.order_by("-number").first()
        title = title_for_year(previous.title, previous.year, year)
        source = version.source
    else:
        title, source = (
            DEFAULT_TITLE.format(year=year, unit=unit.name),
            DEFAULT_SOURCE.format(year=year),
        )
    return review_create(
        actor=actor, year=year, unit=unit, title=title, source=source, created_by=actor
    )


@transaction.atomic
def review_version_save(
    *, actor: User, review: Review, source: str, note: str, based_on: int
) -> ReviewVersion:
    """A new version; refused if someone saved since the one it was edited from."""
    _editor(actor)
    latest = review.versions.select_for_update().order_by("-number").first()
    if latest.number != based_on:
        raise ValidationError(STALE_VERSION.format(number=latest.number))
    version = ReviewVersion.objects.create(
        review=review,
        number=latest.number + 1,
        source=source,
        note=note[:200],
        created_by=actor,
    )
    audit_log(
        actor=actor,
        action="review.save",
        obj=review,
        unit=review.unit,
        after={"version": version.number, "note": note[:200]},
    )
    return version


@transaction.atomic
def review_comment_add(*, actor: User, version: ReviewVersion, text: str) -> ReviewComment:
    if actor.role not in (Role.EDITOR, Role.LEADER):
        raise PermissionDenied(ONLY_EDITORS)
    if not text.strip():
        raise ValidationError(_("请填写意见。"))
    comment = ReviewComment.objects.create(version=version, author=actor, text=text.strip())
    audit_log(
        actor=actor,
        action="review.comment",
        obj=version.review,
        unit=version.review.unit,
        after={"version": version.number, "text": text[:200]},
    )
    return comment


@transaction.atomic
def review_sign_off(
    *, actor: User, version: ReviewVersion, at: dt.datetime | None = None
) -> ReviewVersion:
    """签发: the version becomes the year's published review, its figures frozen."""
    if actor.role != Role.LEADER:
        raise PermissionDenied(ONLY_LEADERS)
    review = Review.objects.select_for_update().select_related("unit").get(pk=version.review_id)
    # Re-publishing is a later version signed again; a version is signed once.
    if review.published_version_id and (
        version.signed_at or version.number <= review.published_version.number
    ):
        raise ValidationError(
            ALREADY_PUBLISHED.format(year=review.year, number=review.published_version.number)
        )
    rendered = review_version_live(version)
    if rendered.errors:
        raise ValidationError(HAS_ERRORS.format(errors=_("；").join(rendered.errors)))
    version.signed_by = actor
    version.signed_at = at or timezone.now()  # `at`: a sign-off dated on its day (the demo)
    version.frozen_values = {
        code: str(value) for code, value in rendered.values.items() if value is not None
    }
    version.save(update_fields=["signed_by", "signed_at", "frozen_values"])
    review.published_version = version
    review.save(update_fields=["published_version"])
    # Published means frozen: the year's approved records now change only by correction.
    # Only the top unit's review speaks for the year; a county's sign-off closes nothing.
    if review.unit.parent_id is None:
        year_close(actor=actor, year=review.year)
    audit_log(
        actor=actor,
        action="review.sign_off",
        obj=review,
        unit=review.unit,
        after={"version": version.number, "figures": version.frozen_values},
    )
    return version
