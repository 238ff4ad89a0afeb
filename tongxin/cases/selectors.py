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


def enterprise_queryset(user: User) -> QuerySet[Enterprise]:
    return scope_queryset(user, Enterprise.objects.all(), unit_field="district")


def enterprise_get(user: User, pk) -> Enterprise:
    queryset = Enterprise.objects.select_related("district")
    return get_object_for_user(user, queryset, pk, unit_field="district")


def enterprise_list(user: User, *, q: str = "", ownership: str = "") -> QuerySet[Enterprise]:
    qs = enterprise_queryset(user).select_related("district")
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


def case_queryset(user: User) -> QuerySet[Case]:
    return _scoped(user, Case.objects.all())


def case_get(user: User, pk) -> Case:
    """The one permission-checked lookup every case view goes through: the lead
    unit's subtree and the assisting units see it, editors and leaders see all."""
    queryset = Case.objects.select_related(
        "enterprise", "category", "lead_unit", "forum_record", "resolution_record", "created_by"
    ).prefetch_related("assisting_units")
    return get_object_for_user(
        user, queryset, pk, unit_field="lead_unit", participant_field="assisting_units"
    )


def case_overdue_condition(today: dt.date) -> Q:
    """Not accepted or refused by the acceptance deadline, or not replied by the
    solution deadline."""
    return Q(state=CaseState.RECEIVED, respond_by__lt=today) | Q(
        state__in=[CaseState.ACCEPTED, *UNIT_STATES], resolve_by__lt=today
    )


def case_list(
    user: User, *, state: str = "", year: int | None = None, overdue: bool = False
) -> QuerySet[Case]:
    qs = case_queryset(user)
    if state:
        qs = qs.filter(state=state)
    if year:
        qs = qs.filter(received_on__year=year)
    if overdue:
        qs = qs.filter(case_overdue_condition(timezone.localdate()))
    return qs.select_related("enterprise", "category", "lead_unit").order_by("-received_on", "-id")


def case_events(case: Case) -> QuerySet[CaseEvent]:
    return case.events.select_related("actor")


def case_overdue_list(*, today: dt.date | None = None) -> QuerySet[Case]:
    """Every overdue case, for `tongxin remind`."""
    today = today or timezone.localdate()
    return (
        Case.objects.filter(case_overdue_condition(today))
        .select_related("enterprise", "lead_unit", "category")
        .order_by("resolve_by", "id")
    )


def case_overdue_list_for(user: User, *, today: dt.date | None = None) -> QuerySet[Case]:
    """Overdue cases waiting on `user`: the department's editors for receiving and
    assigning, the lead unit's reporters for starting and replying (and a reopened
    case until it is replied again)."""
    today = today or timezone.localdate()
    # A reopened case waits on its lead unit again, overdue or not.
    overdue = (
        Case.objects.filter(
            case_overdue_condition(today) | Q(state__in=UNIT_STATES, reopened_at__isnull=False)
        )
        .select_related("enterprise", "lead_unit", "category")
        .order_by("resolve_by", "id")
    )
    if user.role == Role.EDITOR:
        return overdue.filter(state__in=DEPARTMENT_STATES)
    if user.role == Role.REPORTER and user.unit_id:
        return overdue.filter(state__in=UNIT_STATES, lead_unit__path__startswith=user.unit.path)
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


@dataclass
class HistoryRow:
    event: object
    changes: list  # (field label, before, after), as people read them


def _readable(name: str, value, units: dict) -> str:
    if value in (None, ""):
        return "—"
    field = Enterprise._meta.get_field(name)
    if name == "district":
        return units.get(value, str(value))
    if field.choices:
        return str(dict(field.choices).get(value, value))
    return str(value)


def enterprise_history(enterprise: Enterprise) -> list[HistoryRow]:
    """The enterprise's audit rows, each change spelled out (three queries)."""
    from tongxin.accounts.models import Unit
    from tongxin.audit.selectors import audit_events_for

    events = list(
        audit_events_for(object_type="cases.enterprise", object_id=str(enterprise.pk)).order_by(
            "at", "id"
        )
    )
    unit_ids = {
        side.get("district")
        for e in events
        for side in (e.before or {}, e.after or {})
        if side.get("district")
    }
    units = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "name"))
    rows = []
    for event in events:
        changes = []
        if event.action == "enterprise.update":
            for name, value in (event.after or {}).items():
                label = str(Enterprise._meta.get_field(name).verbose_name)
                before = _readable(name, (event.before or {}).get(name), units)
                changes.append((label, before, _readable(name, value, units)))
        elif event.action == "enterprise.membership_add":
            after = event.after or {}
            changes.append(("榜单", "—", f"{after.get('year')}{after.get('list_name')}"))
        rows.append(HistoryRow(event=event, changes=changes))
    return rows


# Investment projects


def project_queryset(user: User):
    from tongxin.cases.models import Project

    return scope_queryset(user, Project.objects.all(), unit_field="unit")


def project_get(user: User, pk):
    from tongxin.cases.models import Project

    queryset = Project.objects.select_related("investor", "unit", "event_record", "created_by")
    return get_object_for_user(user, queryset, pk, unit_field="unit")


def project_list(user: User, *, year: int | None = None, stage: str = ""):
    qs = project_queryset(user)
    if year:
        qs = qs.filter(promoted_on__year=year)
    if stage:
        qs = qs.filter(stage=stage)
    return qs.select_related("investor", "unit", "event_record").order_by("-promoted_on", "-id")


def project_stage_counts(qs) -> dict[str, int]:
    """How many projects reached each stage (a signed project was also promoted and
    talked about), and how many events they came from; one query."""
    from tongxin.cases.models import STAGE_DATE_FIELDS

    reached = {
        stage: Count("id", filter=Q(**{f"{field}__isnull": False}))
        for stage, field in STAGE_DATE_FIELDS.items()
    }
    return qs.order_by().aggregate(**reached, events=Count("event_record", distinct=True))


# Credit matchmaking


def credit_meeting_queryset(user: User):
    from tongxin.cases.models import CreditMeeting

    return scope_queryset(user, CreditMeeting.objects.all(), unit_field="unit")


def credit_meeting_get(user: User, pk):
    from tongxin.cases.models import CreditMeeting

    queryset = CreditMeeting.objects.select_related("unit", "meeting_record")
    return get_object_for_user(user, queryset, pk, unit_field="unit")


def credit_meeting_list(user: User, *, year: int | None = None):
    from django.db.models import Sum

    qs = credit_meeting_queryset(user)
    if year:
        qs = qs.filter(date__year=year)
    # A withdrawn line counts nowhere, like its record.
    standing = Q(lines__withdrawn_at__isnull=True)
    return (
        qs.select_related("unit")
        .annotate(
            line_count=Count("lines", filter=standing),
            total=Sum("lines__amount", filter=standing),
        )
        .order_by("-date", "-id")
    )


def credit_totals(user: User, *, year: int | None = None) -> dict:
    """Sum and counts of the credit lines signed at the meetings `user` sees (one query)."""
    from django.db.models import Sum

    from tongxin.cases.models import CreditLine

    meetings = credit_meeting_queryset(user)
    qs = CreditLine.objects.filter(meeting__in=meetings.values("pk"), withdrawn_at__isnull=True)
    if year:
        qs = qs.filter(meeting__date__year=year)
    return qs.aggregate(
        amount=Sum("amount"),
        lines=Count("id"),
        enterprises=Count("enterprise", distinct=True),
        meetings=Count("meeting", distinct=True),
    )


def credit_corrections_pending(meeting, lines) -> list:
    """The closed-year requests (补录, 更正) waiting on a meeting's lines (one query)."""
    from tongxin.ledger.models import Correction, CorrectionStatus

    return list(
        Correction.objects.filter(owner_kind="cases.credit_line", status=CorrectionStatus.PENDING)
        .filter(Q(payload__meeting=meeting.pk) | Q(payload__line__in=[line.pk for line in lines]))
        .select_related("requested_by")
    )


# Evaluations (rankings)


def ranking_queryset(user: User):
    from tongxin.cases.models import Ranking

    return scope_queryset(user, Ranking.objects.all(), unit_field="unit")


def ranking_get(user: User, pk):
    from tongxin.cases.models import Ranking

    queryset = Ranking.objects.select_related("unit", "reviewed_by", "published_by")
    return get_object_for_user(user, queryset, pk, unit_field="unit")


def ranking_rows(evaluation) -> list:
    """The ranking as it stands (scoring.Scored, entrants are Enterprises); for a
    published evaluation, the frozen results instead (with empty `normalised`)."""
    from tongxin.cases.models import CriterionValue, RankingState
    from tongxin.cases.scoring import CriterionSpec, Scored, score, top

    if evaluation.state == RankingState.PUBLISHED:
        return [
            Scored(entrant=r.enterprise, score=r.score, rank=r.rank, normalised={})
            for r in evaluation.results.select_related("enterprise")
        ]
    criteria = list(evaluation.criteria.all())
    values: dict = {c.pk: {} for c in criteria}
    rows = (
        CriterionValue.objects.filter(criterion__evaluation=evaluation)
        .select_related("enterprise")
        .order_by("enterprise__name", "enterprise_id")
    )
    for row in rows:
        values[row.criterion_id][row.enterprise] = row.value
    specs = [
        CriterionSpec(key=c.pk, weight=c.weight, higher_is_better=c.higher_is_better)
        for c in criteria
    ]
    return top(score(specs, values), evaluation.size)


def ranking_table(evaluation) -> tuple[list, list]:
    """(criteria, rows) for pages and exports: each row (Scored, [value per criterion])."""
    from tongxin.cases.models import CriterionValue

    criteria = list(evaluation.criteria.all())
    ranking = ranking_rows(evaluation)
    raw = {
        (v.criterion_id, v.enterprise_id): v.value
        for v in CriterionValue.objects.filter(criterion__evaluation=evaluation)
    }
    rows = [(s, [raw.get((c.pk, s.entrant.pk)) for c in criteria]) for s in ranking]
    return criteria, rows
