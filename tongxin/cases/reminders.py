"""The text of the overdue reminder (`tongxin remind`), grouped by who must act."""

import datetime as dt

from django.utils.translation import gettext as _

from tongxin.cases.models import Case, CaseState


def responsible(case: Case) -> str:
    """Who must act now: the department until the case is assigned, then the lead unit."""
    if case.state in (CaseState.RECEIVED, CaseState.ACCEPTED) or case.lead_unit is None:
        return _("部机关")
    return case.lead_unit.name


def reminder_lines(cases, *, today: dt.date) -> list[str]:
    cases = list(cases)
    if not cases:
        return [_("截至{today}，没有逾期的企业诉求。").format(today=f"{today:%Y-%m-%d}")]
    lines = [
        _("截至{today}，逾期的企业诉求共{count}件：").format(
            today=f"{today:%Y-%m-%d}", count=len(cases)
        )
    ]
    groups: dict[str, list[Case]] = {}
    for case in cases:
        groups.setdefault(responsible(case), []).append(case)
    department = _("部机关")
    for who in sorted(groups, key=lambda name: (name != department, name)):
        lines.append(_("【{who}】{count}件").format(who=who, count=len(groups[who])))
        for case in groups[who]:
            deadline = _("受理期限") if case.state == CaseState.RECEIVED else _("办结期限")
            days = (today - case.due).days
            line = _("{number} {enterprise}：{title}（{state}，{deadline}{due}，逾期{days}天）")
            lines.append(
                "  "
                + line.format(
                    number=case.number,
                    enterprise=case.enterprise.name,
                    title=case.title,
                    state=case.get_state_display(),
                    deadline=deadline,
                    due=f"{case.due:%Y-%m-%d}",
                    days=days,
                )
            )
    return lines
