from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tongxin.accounts.access import get_unit_for_user, visible_units
from tongxin.accounts.decorators import business_user_required
from tongxin.accounts.models import UnitKind
from tongxin.accounts.roles import Role
from tongxin.indicators import selectors, services
from tongxin.indicators.cards import attach_card_parts
from tongxin.indicators.dashboard import build_dashboard, year_empty_state
from tongxin.indicators.exporting import indicator_table_xlsx
from tongxin.indicators.forms import IndicatorForm, ManualValueForm, TargetForm, YearStartForm
from tongxin.indicators.models import Indicator, IndicatorKind
from tongxin.indicators.periods import parse_period, period_for
from tongxin.ledger.selectors import measure_totals

PAGE_SIZE = 50


def _default_unit(user):
    """The top of what the user sees: the department, or the reporter's own unit."""
    if user.role == Role.REPORTER:
        return user.unit
    return visible_units(user).filter(parent=None).first()


def _period(request):
    """`?period=2022-Q3`, or `?year=2022` as on the other year-defaulted pages; else
    this year."""
    year = request.GET.get("year", "")
    if not request.GET.get("period") and year.isdigit() and 1900 < int(year) < 3000:
        return period_for(int(year))
    return parse_period(request.GET.get("period", ""), default_year=timezone.localdate().year)


@business_user_required
def dashboard(request):
    period = _period(request)
    unit = (
        get_unit_for_user(request.user, request.GET["unit"])
        if request.GET.get("unit", "").isdigit()
        else _default_unit(request.user)
    )
    context = build_dashboard(
        user=request.user,
        unit=unit,
        period=period,
        compare_code=request.GET.get("compare"),
        today=timezone.localdate(),
    )
    # What other apps keep beside a card (assessment: a ranking's provincial tiers
    # and slogan), through indicators/cards.py.
    attach_card_parts(context["groups"], unit=unit, year=period.year)
    context["units"] = list(
        visible_units(request.user).select_related(None).only("id", "name", "path")
    )
    context["period_choices"] = _period_choices(period.year)
    context["can_edit"] = request.user.role == Role.EDITOR
    return render(request, "indicators/dashboard.html", context)


def _period_choices(year: int) -> list[tuple[str, str]]:
    from tongxin.indicators.periods import LABELS

    years = range(year + 1, year - 6, -1)
    return [
        (f"{y}-{k}", _("{year}年{period}").format(year=y, period=label))
        for y in years
        for k, label in LABELS.items()
    ]


@business_user_required
def drilldown(request, code: str, unit_pk: int):
    """Exactly the records behind one value: their count or measure total is the value."""
    unit = get_unit_for_user(request.user, unit_pk)
    indicator = get_object_or_404(Indicator, code=code)
    period = _period(request)
    if (
        indicator.kind == IndicatorKind.RATIO
        and indicator.numerator_id
        and indicator.numerator.is_computed
        and indicator.denominator.is_computed
    ):
        return _ratio_drilldown(request, indicator, unit, period)
    if not indicator.is_computed:
        raise PermissionDenied  # a manual value has no record list of its own
    records = selectors.drilldown_records(
        request.user, indicator=indicator, period=period, unit=unit
    )
    table = selectors.indicator_table(indicators=[indicator], period=period, units=[unit])
    totals = measure_totals(records)
    paginator = Paginator(records, PAGE_SIZE)
    paginator.count = totals["records"]  # counted with the totals: no second COUNT
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "indicators/drilldown.html",
        {
            "indicator": indicator,
            "unit": unit,
            "period": period,
            "page": page,
            "value": table.value(indicator, unit),
            "totals": totals,
            "query": f"period={period.key}",
        },
    )


def _ratio_drilldown(request, indicator, unit, period):
    """A rate's two lists: the records of its numerator and of its denominator, so the
    rate can be checked by hand (the reply rate: requests solved over accepted)."""
    parts = []
    table = selectors.indicator_table(
        indicators=[indicator, indicator.numerator, indicator.denominator],
        period=period,
        units=[unit],
    )
    for key, part in (("numerator", indicator.numerator), ("denominator", indicator.denominator)):
        records = selectors.drilldown_records(
            request.user, indicator=part, period=period, unit=unit
        )
        parts.append(
            {
                "key": key,
                "indicator": part,
                "value": table.value(part, unit),
                "records": records[:PAGE_SIZE],
                "totals": measure_totals(records),
            }
        )
    return render(
        request,
        "indicators/drilldown_ratio.html",
        {
            "indicator": indicator,
            "unit": unit,
            "period": period,
            "value": table.value(indicator, unit),
            "parts": parts,
        },
    )


@business_user_required
def targets(request):
    """Targets and manual values of a year, for the department's editors."""
    if request.user.role != Role.EDITOR:
        raise PermissionDenied
    year = request.GET.get("year", "")
    # A year that is not one (typed by hand in the address) shows this year's targets.
    if not (year.isdecimal() and 1900 <= int(year) <= 2100):
        year = timezone.localdate().year
    year = int(year)
    top = _default_unit(request.user)
    indicators = list(selectors.active_indicators())
    existing = selectors.targets_for(indicators=indicators, year=year, period_kind="Y", units=[top])
    rows = [(i, existing.get((i.pk, top.pk))) for i in indicators]
    return render(
        request,
        "indicators/targets.html",
        {
            "year": year,
            "unit": top,
            "rows": rows,
            "empty": year_empty_state(top, year),
            "target_form": TargetForm(),
            "manual_form": ManualValueForm(),
            "year_form": YearStartForm(initial={"year": year + 1}),
        },
    )


@business_user_required
@require_POST
def target_save(request):
    form = TargetForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        unit = get_unit_for_user(request.user, data["unit"])
        try:
            services.target_set(
                actor=request.user,
                indicator=data["indicator"],
                unit=unit,
                year=data["year"],
                value=data["value"],
                floor=data["floor"],
            )
            messages.success(request, _("目标值已保存。"))
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _("目标值填写有误：") + form.errors.as_text())
    return redirect(f"{request.POST.get('next') or '/indicators/targets/'}")


@business_user_required
@require_POST
def manual_value_save(request):
    form = ManualValueForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        unit = get_unit_for_user(request.user, data["unit"])
        try:
            services.manual_value_set(
                actor=request.user,
                indicator=data["indicator"],
                unit=unit,
                year=data["year"],
                value=data["value"],
                note=data["note"],
            )
            messages.success(request, _("数值已保存。"))
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, _("；").join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.error(request, _("填写有误：") + form.errors.as_text())
    return redirect(request.POST.get("next") or "/indicators/targets/")


@business_user_required
@require_POST
def year_start(request):
    form = YearStartForm(request.POST)
    if form.is_valid():
        year = form.cleaned_data["year"]
        try:
            count = services.year_start(actor=request.user, year=year)
            message = ngettext(
                "已将 {previous} 年的 {count} 个目标值复制到 {year} 年，请逐项核改。",
                "已将 {previous} 年的 {count} 个目标值复制到 {year} 年，请逐项核改。",
                count,
            )
            messages.success(request, message.format(previous=year - 1, count=count, year=year))
            return redirect(f"/indicators/targets/?year={year}")
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, _("；").join(getattr(exc, "messages", [str(exc)])))
    return redirect("/indicators/targets/")


@business_user_required
def export(request):
    """The indicator table of a period for every visible unit, as the province asks for it."""
    period = _period(request)
    units = list(
        visible_units(request.user)
        .filter(kind__in=[UnitKind.DEPARTMENT, UnitKind.COUNTY])
        .select_related(None)
    )
    indicators = list(selectors.active_indicators())
    table = selectors.indicator_table(indicators=indicators, period=period, units=units)
    targets = selectors.targets_for(
        indicators=indicators, year=period.year, period_kind=period.target_kind, units=units
    )
    content = indicator_table_xlsx(table=table, indicators=indicators, units=units, targets=targets)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"indicators-{period.key}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _editor_only(request) -> None:
    if request.user.role != Role.EDITOR:
        raise PermissionDenied


@business_user_required
def indicator_list(request):
    _editor_only(request)
    indicators = Indicator.objects.select_related("area").prefetch_related("record_types")
    return render(request, "indicators/indicator_list.html", {"indicators": indicators})


@business_user_required
def indicator_edit(request, code: str | None = None):
    """Create (no code) or edit an indicator's definition."""
    _editor_only(request)
    indicator = get_object_or_404(Indicator, code=code) if code else None
    initial = {}
    if indicator:
        initial = {
            f: getattr(indicator, f)
            for f in (
                "code",
                "name",
                "kind",
                "measure",
                "unit_word",
                "scope",
                "area",
                "link_filter",
                "numerator",
                "denominator",
                "higher_is_better",
                "keywords",
                "aliases",
            )
        }
        initial["record_types"] = list(indicator.record_types.all())
        initial["tags"] = ", ".join(indicator.tags.values_list("name", flat=True))
    form = IndicatorForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if indicator:
                data.pop("code")
                services.indicator_update(actor=request.user, indicator=indicator, changes=data)
            else:
                indicator = services.indicator_create(actor=request.user, **data)
        except ValidationError as exc:
            for field, errors in getattr(exc, "message_dict", {None: exc.messages}).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("指标已保存。"))
            return redirect("indicators:indicator_list")
    return render(request, "indicators/indicator_form.html", {"form": form, "indicator": indicator})
