"""Reads of the registry and of cases for pages, the inbox, `remind` and indicators."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from tongxin.accounts.access import get_object_for_user, scope_queryset
from tongxin.accounts.models import User
from tongxin.accounts.roles import Role
from tongxin.cases.models import Case, CaseEvent, CaseState, Enterprise, Satisfaction

# States in which the department must act (accept, then assign), and those in
# which the lead unit must (start, then reply).
DEPARTMENT_STATES = (CaseState.RECEIVED, CaseState.ACCEPTED)
UNIT_STATES = (CaseState.ASSIGNED, CaseState.IN_PROGRESS)


# Enterprises


def enterprises_visible_to(user: User) -> QuerySet[Enterprise]:
    return scope_queryset(user, Enterprise.objects.all(), unit_field="district")


def get_enterprise_for_user(user: User, pk) -> Enterprise:
    queryset = Enterprise.objects.select_related("district")
    return get_object_for_user(user, queryset, pk, unit_field="district")


def enterprise_list(user: User, *, q: str = "", ownership: str = "") -> QuerySet[Enterprise]:
    qs = enterprises_visible_to(user).select_related("district")
    if q.strip():
        q = q.strip()
        qs = qs.filter(Q(name__icontains=q) | Q(credit_code__icontains=q.upper()))
    if ownership:
        qs = qs.filter(ownership=ownership)
    return qs.order_by("name", "id")


# Cases


def _scoped(user: User, queryset: QuerySet[Case]) -> QuerySet[Case]:
    return scope_queryset(
        user, queryset, unit_field="lead_unit", participant_field="assisting_units"
    )


def cases_visible_to(user: User) -> QuerySet[Case]:
    return _scoped(user, Case.objects.all())


def get_case_for_user(user: User, pk) -> Case:
    """The one permission-checked lookup every case view goes through: the lead
    unit's subtree and the assisting units see it, editors and leaders see all."""
    queryset = Case.objects.select_related(
        "enterprise", "category", "lead_unit", "forum_record", "resolution_record", "created_by"
    ).prefetch_related("assisting_units")
    return get_object_for_user(
        user, queryset, pk, unit_field="lead_unit", participant_field="assisting_units"
    )


def overdue_condition(today: dt.date) -> Q:
    """Not accepted or refused by the acceptance deadline, or not replied by the
    solution deadline."""
    return Q(state=CaseState.RECEIVED, respond_by__lt=today) | Q(
        state__in=[CaseState.ACCEPTED, *UNIT_STATES], resolve_by__lt=today
    )


def case_list(
    user: User, *, state: str = "", year: int | None = None, overdue: bool = False
) -> QuerySet[Case]:
    qs = cases_visible_to(user)
    if state:
        qs = qs.filter(state=state)
    if year:
        qs = qs.filter(received_on__year=year)
    if overdue:
        qs = qs.filter(overdue_condition(timezone.localdate()))
    return qs.select_related("enterprise", "category", "lead_unit").order_by(
        "-received_on", "-id"
    )


def case_events(case: Case) -> QuerySet[CaseEvent]:
    return case.events.select_related("actor")


def overdue_cases(*, today: dt.date | None = None) -> QuerySet[Case]:
    """Every overdue case, for `tongxin remind`."""
    today = today or timezone.localdate()
    return (
        Case.objects.filter(overdue_condition(today))
        .select_related("enterprise", "lead_unit", "category")
        .order_by("resolve_by", "id")
    )


def overdue_cases_for(user: User, *, today: dt.date | None = None) -> QuerySet[Case]:
    """Overdue cases waiting on `user`: the department's editors for receiving and
    assigning, the lead unit's reporters for starting and replying."""
    today = today or timezone.localdate()
    overdue = overdue_cases(today=today)
    if user.role == Role.EDITOR:
        return overdue.filter(state__in=DEPARTMENT_STATES)
    if user.role == Role.REPORTER and user.unit_id:
        return overdue.filter(
            state__in=UNIT_STATES, lead_unit__path__startswith=user.unit.path
        )
    return overdue.none()


@dataclass
class CaseFigures:
    received: int
    accepted: int
    replied: int
    replied_on_time: int
    with_feedback: int
    satisfied: int
    closed: int

    def rate(self, part: int, whole: int) -> float | None:
        return round(part / whole, 4) if whole else None

    @property
    def on_time_rate(self) -> float | None:
        return self.rate(self.replied_on_time, self.replied)

    @property
    def satisfaction_rate(self) -> float | None:
        """满意 and 基本满意 over every case with a verdict."""
        return self.rate(self.satisfied, self.with_feedback)


def case_figures(qs: QuerySet[Case]) -> CaseFigures:
    """Counts and rates over `qs` in one query. A case is replied once it has a
    reply; on time when the (latest) reply came by the solution deadline."""
    replied = Q(replied_at__isnull=False)
    agg = qs.order_by().aggregate(
        received=Count("id"),
        accepted=Count("id", filter=~Q(state__in=[CaseState.RECEIVED, CaseState.NOT_ACCEPTED])),
        replied=Count("id", filter=replied),
        replied_on_time=Count("id", filter=replied & Q(replied_at__date__lte=_deadline())),
        with_feedback=Count("id", filter=~Q(satisfaction="")),
        satisfied=Count(
            "id", filter=Q(satisfaction__in=[Satisfaction.SATISFIED, Satisfaction.BASICALLY])
        ),
        closed=Count("id", filter=Q(state=CaseState.CLOSED)),
    )
    return CaseFigures(**agg)


def _deadline():
    from django.db.models import F

    return F("resolve_by")
