"""Closed years: whether a year's figures may still change.

Signing off a year's review closes the year (`closing.year_close`). From then on the
ledger's services refuse to change, withdraw or newly approve an approved record of
that year, unless the caller applies an approved correction and says so by passing
it (`correction=`): the permission travels down the call, never in hidden state.
This module imports no service, so the services and the correction code can both
stand on it.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tongxin.ledger.models import ClosedYear, Correction, WorkRecord

YEAR_CLOSED = _(
    "{year}年的综述已签发、该年度已关账：已审核的记录只能通过更正修改。"
    "请在记录页面提交更正申请并说明原因。"
)


def year_is_closed(year: int) -> bool:
    return ClosedYear.objects.filter(year=year).exists()


def ensure_open(record: WorkRecord, *, correction: Correction | None = None) -> None:
    """Refuse a change that would alter a closed year's figures, unless it applies
    `correction`, a correction of this very record being approved."""
    if correction is not None and correction.record_id == record.pk:
        return
    if year_is_closed(record.date.year):
        raise ValidationError(YEAR_CLOSED.format(year=record.date.year))
