"""The text of the overdue reminder (`tongxin remind`), grouped by who must act."""

import datetime as dt

from tongxin.cases.models import Case, CaseState

DEPARTMENT = "部机关"


def responsible(case: Case) -> str:
    """Who must act now: the department until the case is assigned, then the lead unit."""
    if case.state in (CaseState.RECEIVED, CaseState.ACCEPTED) or case.lead_unit is None:
        return DEPARTMENT
    return case.lead_unit.name


def reminder_lines(cases, *, today: dt.date) -> list[str]:
    cases = list(cases)
    if not cases:
        return [f"截至{today:%Y-%m-%d}，没有逾期的企业诉求。"]
    lines = [f"截至{today:%Y-%m-%d}，逾期的企业诉求共{len(cases)}件："]
    groups: dict[str, list[Case]] = {}
    for case in cases:
        groups.setdefault(responsible(case), []).append(case)
    for who in sorted(groups, key=lambda name: (name != DEPARTMENT, name)):
        lines.append(f"【{who}】{len(groups[who])}件")
        for case in groups[who]:
            kind = "受理" if case.state == CaseState.RECEIVED else "办结"
            days = (today - case.due).days
            lines.append(
                f"  {case.number} {case.enterprise.name}：{case.title}"
                f"（{case.get_state_display()}，{kind}期限{case.due:%Y-%m-%d}，逾期{days}天）"
            )
    return lines
