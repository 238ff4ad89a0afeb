"""The ledger records cases writes, as record owners (ledger/owners.py), registered
in CasesConfig.ready(). Most are tied to their object by a key (a credit line's
`record`, a closed case's `resolution_record` ...). An accepted case, a list entry
and a published ranking keep no key to their record: their records are matched by
what ledger_bridge wrote (type, unit, date, title) until a later issue stores one.

A credit line (amend its amount, withdraw it), a closed case (reopen it) and a
project's stages (undo the last) change through their own services, which carry out an
approved closed-year correction too (`apply`); `check` compares each owner with its
records for `tongxin check-owners`."""

from django.urls import reverse
from django.utils.translation import gettext as _

from tongxin.cases.models import (
    Case,
    CaseState,
    CreditLine,
    Enterprise,
    ListMembership,
    Project,
    Ranking,
    RankingState,
)
from tongxin.ledger.owners import (
    OwnerKind,
    compare,
    no_path,
    register,
    state_pair,
)

TITLE_MAX = 200  # WorkRecord.title; ledger_record cuts titles to it


def _same_title(record_title: str, written: str) -> bool:
    return record_title == written[:TITLE_MAX]


def _by_key(model, field: str, related=()):
    """find() for an owner holding its record in `field`."""

    def find(records):
        pks = [r.pk for r in records]
        rows = model.objects.select_related(*related).filter(**{f"{field}__in": pks})
        return {getattr(row, f"{field}_id"): row for row in rows}

    return find


def _project_stages(records):
    # A stage record is linked PART_OF to its project's promoted record.
    from tongxin.ledger.models import LinkKind, RecordLink

    links = RecordLink.objects.filter(
        source__in=[r.pk for r in records], kind=LinkKind.PART_OF, target__project__isnull=False
    ).values_list("source_id", "target_id")
    projects = {p.record_id: p for p in Project.objects.filter(record__in=[t for _s, t in links])}
    return {source: projects[target] for source, target in links}


def _acceptances(records):
    # 受理{enterprise}诉求：{title}, in the enterprise's district, on the day it came in.
    cases = (
        Case.objects.select_related("enterprise")
        .filter(
            received_on__in={r.date for r in records},
            enterprise__district__in={r.unit_id for r in records},
        )
        .exclude(state__in=[CaseState.RECEIVED, CaseState.NOT_ACCEPTED])
    )
    out = {}
    for record in records:
        for case in cases:
            # i18n: data (the title cases write into the ledger)
            if (
                case.received_on == record.date
                and case.enterprise.district_id == record.unit_id
                and _same_title(record.title, f"受理{case.enterprise.name}诉求：{case.title}")
            ):
                out[record.pk] = case
                break
    return out


def _memberships(records):
    # {enterprise}入选{year}{list}（第n名）, in the enterprise's district.
    rows = ListMembership.objects.select_related("enterprise").filter(
        enterprise__district__in={r.unit_id for r in records}
    )
    out = {}
    for record in records:
        for m in rows:
            written = f"{m.enterprise.name}入选{m.year}{m.list_name}" + (
                f"（第{m.rank}名）" if m.rank else ""
            )
            if m.enterprise.district_id == record.unit_id and _same_title(record.title, written):
                out[record.pk] = m
                break
    return out


def _publications(records):
    # 发布{year}年“{name}”, of the organising unit.
    rows = Ranking.objects.filter(
        state=RankingState.PUBLISHED, unit__in={r.unit_id for r in records}
    )
    out = {}
    for record in records:
        for ranking in rows:
            written = f"发布{ranking.year}年“{ranking.name}”"
            if ranking.unit_id == record.unit_id and _same_title(record.title, written):
                out[record.pk] = ranking
                break
    return out


def _kind(key, type_codes, find, label, url, **paths):
    return OwnerKind(
        key=key,
        type_codes=frozenset(type_codes),
        find=find,
        label=label,
        url=url,
        amend=paths.pop("amend", no_path(key, "amend")),
        withdraw=paths.pop("withdraw", no_path(key, "withdraw")),
        **paths,
    )


# --- the owners' paths (services imported late: they import the ledger's services) ---


def _credit_amend(*, actor, record, owner, changes, correction=None, reason=""):
    from tongxin.cases.services.credit import credit_line_amend

    return credit_line_amend(
        actor=actor,
        line=owner,
        amount=changes.get("amount", owner.amount),
        bank=changes.get("bank"),
        reason=reason,
        correction=correction,
    )


def _credit_withdraw(*, actor, record, owner, correction=None, reason=""):
    from tongxin.cases.services.credit import credit_line_withdraw

    return credit_line_withdraw(actor=actor, line=owner, reason=reason, correction=correction)


def _credit_apply(*, actor, correction):
    from tongxin.cases.services.credit import credit_correction_apply

    credit_correction_apply(actor=actor, correction=correction)


def _case_withdraw(*, actor, record, owner, correction=None, reason=""):
    from tongxin.cases.services.cases import case_reopen

    return case_reopen(actor=actor, case=owner, reason=reason, correction=correction)


def _case_apply(*, actor, correction):
    from tongxin.cases.services.cases import case_correction_apply

    case_correction_apply(actor=actor, correction=correction)


def _stage_withdraw(*, actor, record, owner, correction=None, reason=""):
    from tongxin.cases.services.projects import project_stage_undo

    return project_stage_undo(actor=actor, project=owner, reason=reason, correction=correction)


def _project_apply(*, actor, correction):
    from tongxin.cases.services.projects import project_correction_apply

    project_correction_apply(actor=actor, correction=correction)


def _arrival_withdraw(*, actor, record, owner, correction=None, reason=""):
    from tongxin.cases.services.enterprises import enterprise_arrival_withdraw

    return enterprise_arrival_withdraw(
        actor=actor, enterprise=owner, reason=reason, correction=correction
    )


def _arrival_apply(*, actor, correction):
    from tongxin.cases.services.enterprises import enterprise_correction_apply

    enterprise_correction_apply(actor=actor, correction=correction)


# --- checks: each owner against its records -------------------------------------------


def _credit_label(line) -> str:
    return _("授信签约“{enterprise}获{bank}授信”").format(
        enterprise=line.enterprise.name, bank=line.bank
    )


def _check_credit(year):
    lines = CreditLine.objects.select_related("meeting", "enterprise", "record")
    if year:
        lines = lines.filter(meeting__date__year=year)
    out = []
    for line in lines:
        record = line.record
        out += compare(
            _credit_label(line),
            record,
            [
                (_("金额"), line.amount, record.amount),
                (_("日期"), line.meeting.date, record.date),
                (_("单位"), line.meeting.unit_id, record.unit_id),
                state_pair(line.withdrawn_at is None, record),
            ]
            if record
            else [],
        )
    return out


def _check_cases(year):
    from django.db.models import Q

    cases = Case.objects.select_related("resolution_record").filter(
        Q(state=CaseState.CLOSED) | Q(resolution_record__isnull=False)
    )
    if year:
        cases = cases.filter(resolution_record__date__year=year)
    out = []
    for case in cases:
        record = case.resolution_record
        label = _("企业诉求“{title}”（办结）").format(title=case.title)
        closed = case.state == CaseState.CLOSED
        pairs = [state_pair(closed, record)] if record else []
        if record and closed:
            pairs.append((_("单位"), case.lead_unit_id, record.unit_id))
        out += compare(label, record, pairs)
    return out


def _reached(flag: bool) -> str:
    return _("已到达") if flag else _("未到达")


def _check_projects(year):
    from tongxin.cases.models import STAGE_DATE_FIELDS, STAGE_ORDER, ProjectStage
    from tongxin.ledger.models import LinkKind, RecordLink

    projects = Project.objects.select_related("record", "event_record")
    if year:
        projects = projects.filter(record__date__year=year)
    projects = list(projects)
    stage_links = RecordLink.objects.filter(
        kind=LinkKind.PART_OF,
        target__in=[p.record_id for p in projects if p.record_id],
        source__record_type__code="project_progress",
    ).select_related("source")
    stages: dict[int, list] = {}
    for link in stage_links:
        stages.setdefault(link.target_id, []).append(link.source)
    out = []
    for project in projects:
        record = project.record
        label = _("招商项目“{name}”").format(name=project.name)
        pairs = []
        if record:
            pairs = [
                (_("金额"), project.amount, record.amount),
                (_("单位"), project.unit_id, record.unit_id),
                state_pair(True, record),
            ]
        out += compare(label, record, pairs)
        if not record:
            continue
        reached = STAGE_ORDER[1 : STAGE_ORDER.index(project.stage) + 1]
        standing = [r for r in stages.get(record.pk, []) if r.status != "withdrawn"]
        for stage in STAGE_ORDER[1:]:
            # i18n: data (the title project_advance writes)
            title = f"{ProjectStage(stage).label}：{project.name}"[:200]
            mine = [r for r in standing if r.title == title]
            date = getattr(project, STAGE_DATE_FIELDS[stage])
            what = _("{stage}阶段").format(stage=ProjectStage(stage).label)
            if (stage in reached) != bool(mine):
                out.append(
                    compare(
                        label,
                        mine[0] if mine else record,
                        [(what, _reached(stage in reached), _reached(bool(mine)))],
                    )[0]
                )
            elif mine and mine[0].date != date:
                out += compare(label, mine[0], [(what, date, mine[0].date)])
    return out


def _check_arrivals(year):
    rows = Enterprise.objects.select_related("arrival_record").filter(arrival_record__isnull=False)
    if year:
        rows = rows.filter(arrival_record__date__year=year)
    # An enterprise whose arrival was withdrawn keeps its record, withdrawn.
    return [
        line
        for e in rows
        for line in compare(
            _("新引进企业“{name}”").format(name=e.name),
            e.arrival_record,
            [state_pair(e.arrived_on is not None, e.arrival_record)],
        )
    ]


def _case_url(case: Case) -> str:
    return reverse("cases:case_detail", args=[case.pk])


def register_record_owners() -> None:
    register(
        _kind(
            "cases.case_acceptance",
            ["request_accepted"],
            _acceptances,
            lambda case: _("企业诉求“{title}”（受理）").format(title=case.title),
            _case_url,
            place=_("诉求页面"),
        )
    )
    register(
        _kind(
            "cases.case_resolution",
            ["problem_solved"],
            _by_key(Case, "resolution_record"),
            lambda case: _("企业诉求“{title}”（办结）").format(title=case.title),
            _case_url,
            withdraw=_case_withdraw,
            apply=_case_apply,
            check=_check_cases,
            place=_("诉求页面（重新办理）"),
        )
    )
    register(
        _kind(
            "cases.credit_line",
            ["credit"],
            _by_key(CreditLine, "record", related=["enterprise"]),
            lambda line: _("授信签约“{enterprise}获{bank}授信”").format(
                enterprise=line.enterprise.name, bank=line.bank
            ),
            lambda line: reverse("cases:credit_meeting_detail", args=[line.meeting_id]),
            amend=_credit_amend,
            withdraw=_credit_withdraw,
            apply=_credit_apply,
            check=_check_credit,
            place=_("授信页面"),
        )
    )
    register(
        _kind(
            "cases.project",
            ["project_promoted"],
            _by_key(Project, "record"),
            lambda project: _("招商项目“{name}”").format(name=project.name),
            lambda project: reverse("cases:project_detail", args=[project.pk]),
            apply=_project_apply,
            check=_check_projects,
            place=_("项目页面"),
        )
    )
    register(
        _kind(
            "cases.project_stage",
            ["project_progress"],
            _project_stages,
            lambda project: _("招商项目“{name}”的进展").format(name=project.name),
            lambda project: reverse("cases:project_detail", args=[project.pk]),
            withdraw=_stage_withdraw,
            apply=_project_apply,
            place=_("项目页面（撤回阶段）"),
        )
    )
    register(
        _kind(
            "cases.enterprise_arrival",
            ["new_enterprise"],
            _by_key(Enterprise, "arrival_record"),
            lambda enterprise: _("新引进企业“{name}”").format(name=enterprise.name),
            lambda enterprise: reverse("cases:enterprise_detail", args=[enterprise.pk]),
            withdraw=_arrival_withdraw,
            apply=_arrival_apply,
            check=_check_arrivals,
            place=_("企业页面"),
        )
    )
    register(
        _kind(
            "cases.ranking_membership",
            ["ranking"],
            _memberships,
            lambda m: _("榜单入选“{year}{list_name}”").format(year=m.year, list_name=m.list_name),
            lambda m: reverse("cases:enterprise_detail", args=[m.enterprise_id]),
            place=_("企业页面"),
        )
    )
    register(
        _kind(
            "cases.ranking_publication",
            ["ranking"],
            _publications,
            lambda ranking: _("企业评选“{name}”").format(name=ranking.name),
            lambda ranking: reverse("cases:evaluation_detail", args=[ranking.pk]),
            place=_("评选页面"),
        )
    )
