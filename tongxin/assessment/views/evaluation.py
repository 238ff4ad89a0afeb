"""Duty reports and the democratic evaluation. The rating page is public: whoever
holds a token may use it once, with no account."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from tongxin.accounts.access import NOT_FOUND, get_object_for_user, get_unit_for_user
from tongxin.accounts.decorators import business_user_required
from tongxin.accounts.roles import Role
from tongxin.assessment.forms import DutyReportForm, EvaluationForm, rating_form_class
from tongxin.assessment.models import DutyReport, EvaluationToken, Grade
from tongxin.assessment.selectors.evaluation import evaluation_get
from tongxin.assessment.selectors.schemes import scheme_get
from tongxin.assessment.services import evaluation as evaluation_services
from tongxin.assessment.views.schemes import _require_editor
from tongxin.core.downloads import stored_file_response


@business_user_required
@require_POST
def evaluation_create(request, pk: int):
    scheme = scheme_get(request.user, pk)
    _require_editor(request.user)
    form = EvaluationForm(request.POST, scheme=scheme)
    if form.is_valid():
        try:
            evaluation = evaluation_services.evaluation_create(
                actor=request.user, scheme=scheme, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("已生成测评链接。"))
            return redirect("assessment:evaluation_detail", pk=evaluation.pk)
    else:
        messages.error(request, _("请填写测评名称、计入的评分项和票数。"))
    return redirect("assessment:scheme_detail", pk=scheme.pk)


@business_user_required
def evaluation_detail(request, pk: int):
    """Tallies per unit and how many tokens were used: never which token voted how."""
    evaluation = evaluation_get(request.user, pk)
    if request.user.role == Role.REPORTER:
        raise PermissionDenied
    tallies = {}
    for t in evaluation.tallies.select_related("unit").order_by("unit__sort_order", "unit__path"):
        tallies.setdefault(t.unit, {})[t.grade] = t.votes
    tokens = evaluation.tokens.values_list("used", flat=True)
    scores = evaluation_services.evaluation_scores(evaluation)
    return render(
        request,
        "assessment/evaluation_detail.html",
        {
            "evaluation": evaluation,
            "rows": [
                (unit, grades, scores.get(unit.pk, (None, 0))) for unit, grades in tallies.items()
            ],
            "used": sum(1 for u in tokens if u),
            "total": len(tokens),
            "is_editor": request.user.role == Role.EDITOR,
        },
    )


@business_user_required
def evaluation_tokens(request, pk: int):
    """The unused links, printable as a list for the meeting room."""
    evaluation = evaluation_get(request.user, pk)
    _require_editor(request.user)
    tokens = evaluation.tokens.filter(used=False)
    links = [request.build_absolute_uri(f"/assessment/rate/{t.token}/") for t in tokens]
    return render(
        request, "assessment/evaluation_tokens.html", {"evaluation": evaluation, "links": links}
    )


@business_user_required
@require_POST
def evaluation_close(request, pk: int):
    evaluation = evaluation_get(request.user, pk)
    _require_editor(request.user)
    try:
        evaluation_services.evaluation_close(actor=request.user, evaluation=evaluation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("测评已结束，结果已计入考核。"))
    return redirect("assessment:evaluation_detail", pk=evaluation.pk)


@never_cache
@csrf_protect
def rate(request, token: str):
    """One submission per token; no login. A logged-in user still sees only the
    evaluations of schemes visible to them (404 otherwise, like any other object)."""
    entry = EvaluationToken.objects.select_related("evaluation__scheme").filter(token=token).first()
    if entry is None:
        raise Http404(NOT_FOUND)
    if request.user.is_authenticated:
        evaluation_get(request.user, entry.evaluation_id)
    evaluation = entry.evaluation
    units = [t.unit for t in evaluation.tallies.filter(grade="good").select_related("unit")]
    units.sort(key=lambda u: (u.sort_order, u.path))
    if entry.used or not evaluation.is_open:
        message = (
            evaluation_services.TOKEN_USED if entry.used else evaluation_services.EVALUATION_CLOSED
        )
        return render(
            request, "assessment/rate.html", {"evaluation": evaluation, "closed": message}
        )
    form = rating_form_class(units)(request.POST or None)
    if request.method == "POST" and form.is_valid():
        grades = {unit.pk: form.cleaned_data[f"unit_{unit.pk}"] for unit in units}
        try:
            evaluation_services.evaluation_vote(token=token, grades=grades)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return render(request, "assessment/rate.html", {"evaluation": evaluation, "done": True})
    return render(
        request,
        "assessment/rate.html",
        {"evaluation": evaluation, "form": form, "grades": Grade.choices},
    )


@business_user_required
@require_POST
def duty_report_upload(request, pk: int):
    scheme = scheme_get(request.user, pk)
    form = DutyReportForm(request.POST, request.FILES)
    if form.is_valid():
        unit = get_unit_for_user(request.user, form.cleaned_data["unit"])
        try:
            evaluation_services.duty_report_upload(
                actor=request.user,
                scheme=scheme,
                unit=unit,
                title=form.cleaned_data["title"],
                uploaded_file=form.cleaned_data["file"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("已上传述职报告。"))
    else:
        messages.error(request, _("请填写标题并选择文件。"))
    return redirect("assessment:scheme_detail", pk=scheme.pk)


@business_user_required
def duty_report_download(request, pk: int):
    report = get_object_for_user(request.user, DutyReport.objects.select_related("unit"), pk)
    # Named and typed by its bytes (tongxin/core/downloads.py); ".file" stands in for
    # the extension, which the sniffed one replaces.
    return stored_file_response(
        report.file.open("rb"), _("%(unit)s述职报告") % {"unit": report.unit.name} + ".file"
    )
