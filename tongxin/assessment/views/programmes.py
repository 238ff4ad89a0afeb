from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.accounts.access import get_unit_for_user
from tongxin.accounts.decorators import business_user_required
from tongxin.assessment.forms import SecondmentBatchForm, TraineeForm, TrainingForm
from tongxin.assessment.selectors import programmes
from tongxin.assessment.services import programmes as programme_services
from tongxin.assessment.views.schemes import form_errors
from tongxin.assessment.views.sites import _can_record


def _year(request) -> int:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() else timezone.localdate().year


@business_user_required
def programme_list(request):
    year = _year(request)
    trainings = list(programmes.training_queryset(request.user, year=year))
    secondments = list(programmes.secondment_queryset(request.user, year=year))
    empty = None
    if not trainings and not secondments:
        # A year with nothing says so and points to the latest year that has some.
        latest = programmes.programme_latest_year(request.user)
        empty = {
            "message": _("%(year)s年尚无培训班和挂职记录") % {"year": year},
            "latest_year": latest if latest != year else None,
        }
    return render(
        request,
        "assessment/programme_list.html",
        {
            "year": year,
            "empty": empty,
            "trainings": trainings,
            "participants": sum(t.record.participants or 0 for t in trainings),
            "secondments": secondments,
            "can_record": _can_record(request.user),
        },
    )


@business_user_required
def training_create(request):
    if not _can_record(request.user):
        raise PermissionDenied
    form = TrainingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            training = programme_services.training_class_create(
                actor=request.user,
                unit=get_unit_for_user(request.user, data.pop("unit").pk),
                **data,
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("已登记培训班，记录已提交审核。"))
            return redirect("assessment:training_detail", pk=training.pk)
    return render(request, "assessment/programme_form.html", {"form": form, "title": "登记培训班"})


@business_user_required
def training_detail(request, pk: int):
    training = programmes.training_get(request.user, pk)
    return render(
        request,
        "assessment/training_detail.html",
        {
            "training": training,
            "trainees": training.trainees.all(),
            "form": TraineeForm(),
            "can_record": _can_record(request.user),
        },
    )


@business_user_required
@require_POST
def trainee_add(request, pk: int):
    training = programmes.training_get(request.user, pk)
    if not _can_record(request.user):
        raise PermissionDenied
    form = TraineeForm(request.POST)
    if form.is_valid():
        programme_services.trainee_add(actor=request.user, training=training, **form.cleaned_data)
        messages.success(request, _("已加入名册。"))
    else:
        messages.error(request, _("请填写姓名。"))
    return redirect("assessment:training_detail", pk=training.pk)


@business_user_required
def secondment_create(request):
    if not _can_record(request.user):
        raise PermissionDenied
    form = SecondmentBatchForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            programme_services.secondment_batch_create(
                actor=request.user,
                unit=get_unit_for_user(request.user, data.pop("unit").pk),
                **data,
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("已登记挂职干部，记录已提交审核。"))
            return redirect("assessment:programme_list")
    return render(
        request, "assessment/programme_form.html", {"form": form, "title": "登记挂职干部"}
    )
