"""Reads of anonymous evaluations."""

from tongxin.accounts.access import get_object_for_user
from tongxin.accounts.models import User
from tongxin.assessment.models import (
    AnonymousEvaluation,
)


def evaluation_get(user: User, pk) -> AnonymousEvaluation:
    return get_object_for_user(
        user,
        AnonymousEvaluation.objects.select_related("scheme__unit", "item"),
        pk,
        unit_field="scheme__unit",
        participant_field="scheme__units",
    )
