"""Reads of training classes and secondments, scoped to the user's units."""

from django.db.models import Count, QuerySet

from tongxin.accounts.access import get_object_for_user, scope_queryset
from tongxin.accounts.models import User
from tongxin.assessment.models import Secondment, TrainingClass


def training_queryset(user: User, *, year: int | None = None) -> QuerySet[TrainingClass]:
    qs = scope_queryset(
        user,
        TrainingClass.objects.select_related("unit", "record").annotate(roster=Count("trainees")),
    )
    return qs.filter(record__date__year=year) if year else qs


def secondment_queryset(user: User, *, year: int | None = None) -> QuerySet[Secondment]:
    qs = scope_queryset(user, Secondment.objects.select_related("unit", "record"))
    return qs.filter(start__year=year) if year else qs


def programme_latest_year(user: User) -> int | None:
    """The latest year with a training class or a secondment the user sees."""
    years = [
        training_queryset(user)
        .order_by("-record__date")
        .values_list("record__date", flat=True)
        .first(),
        secondment_queryset(user).order_by("-start").values_list("start", flat=True).first(),
    ]
    years = [d.year for d in years if d]
    return max(years) if years else None


def training_get(user: User, pk) -> TrainingClass:
    return get_object_for_user(user, TrainingClass.objects.select_related("unit", "record"), pk)
