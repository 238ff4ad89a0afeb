"""For core/tests/test_cross_unit_views.py: a scheme, its items, evaluations and
rating links are visible to the department and to the units it assesses; duty
reports to their unit. The objects here assess 什邡市 alone."""

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

SCHEME_NAME = "什邡市专项考核"


def shifang_scheme(cast):
    from tongxin.assessment.models import Scheme
    from tongxin.assessment.services.schemes import scheme_create

    return Scheme.objects.filter(name=SCHEME_NAME).first() or scheme_create(
        actor=None, year=2022, name=SCHEME_NAME, units=[cast.shifang], unit=cast.city
    )


def shifang_item(cast):
    from tongxin.assessment.services.schemes import scheme_item_add

    scheme = shifang_scheme(cast)
    return scheme.items.first() or scheme_item_add(
        actor=None, scheme=scheme, name="工作评价", kind="manual", max_score=Decimal(30)
    )


def shifang_evaluation(cast):
    from tongxin.assessment.services.evaluation import evaluation_create

    scheme = shifang_scheme(cast)
    return scheme.evaluations.first() or evaluation_create(
        actor=None, scheme=scheme, item=shifang_item(cast), title="民主测评", token_count=2
    )


def shifang_token(cast):
    return shifang_evaluation(cast).tokens.filter(used=False).first().token


def shifang_duty_report(cast):
    from tongxin.assessment.services.evaluation import duty_report_upload

    scheme = shifang_scheme(cast)
    return scheme.duty_reports.first() or duty_report_upload(
        actor=cast.shifang_reporter,
        scheme=scheme,
        unit=cast.shifang,
        title="什邡市述职报告",
        uploaded_file=SimpleUploadedFile("述职.pdf", b"%PDF-1.4\n%test\n"),
    )


def shifang_meeting(cast):
    from tongxin.assessment.models import RecurringMeeting
    from tongxin.assessment.services.meetings import recurring_meeting_create
    from tongxin.ledger.models import RecordType

    return RecurringMeeting.objects.filter(unit=cast.shifang).first() or recurring_meeting_create(
        actor=None,
        name="什邡市基层统战工作现场推进会",
        unit=cast.shifang,
        record_type=RecordType.objects.get(code="forum"),
        per_year=4,
        start_year=2022,
    )


def shifang_site(cast):
    import datetime as dt

    from tongxin.assessment.models import Site
    from tongxin.assessment.services.sites import site_create

    return Site.objects.filter(unit=cast.shifang).first() or site_create(
        actor=cast.shifang_reporter,
        name="什邡市同心驿站",
        unit=cast.shifang,
        category="base",
        designation="“同心德阳”统战工作基地",
        designated_on=dt.date(2022, 6, 1),
    )


def shifang_training(cast):
    import datetime as dt

    from tongxin.assessment.models import TrainingClass
    from tongxin.assessment.services.programmes import training_class_create

    return TrainingClass.objects.filter(unit=cast.shifang).first() or training_class_create(
        actor=cast.shifang_reporter,
        unit=cast.shifang,
        name="什邡市党外知识分子培训班",
        start=dt.date(2022, 7, 18),
        participants=60,
    )


def _scheme(cast):
    return {"pk": shifang_scheme(cast).pk}


def _item(cast):
    return {"pk": shifang_item(cast).pk}


def _evaluation(cast):
    return {"pk": shifang_evaluation(cast).pk}


CASES = {
    "assessment:scheme_detail": ("get", _scheme),
    "assessment:scheme_edit": ("get", _scheme),
    "assessment:item_add": ("get", _scheme),
    "assessment:item_edit": ("get", _item),
    "assessment:scheme_publish": ("post", _scheme),
    "assessment:scheme_copy": ("post", _scheme),
    "assessment:item_delete": ("post", _item),
    "assessment:item_scores": ("get", _item),
    "assessment:evaluation_create": ("post", _scheme),
    "assessment:duty_report_upload": ("post", _scheme),
    "assessment:duty_report_download": ("get", lambda cast: {"pk": shifang_duty_report(cast).pk}),
    "assessment:evaluation_detail": ("get", _evaluation),
    "assessment:evaluation_tokens": ("get", _evaluation),
    "assessment:evaluation_close": ("post", _evaluation),
    "assessment:rate": ("get", lambda cast: {"token": shifang_token(cast)}),
    "assessment:site_detail": ("get", lambda cast: {"pk": shifang_site(cast).pk}),
    "assessment:site_record_add": ("post", lambda cast: {"pk": shifang_site(cast).pk}),
    "assessment:training_detail": ("get", lambda cast: {"pk": shifang_training(cast).pk}),
    "assessment:trainee_add": ("post", lambda cast: {"pk": shifang_training(cast).pk}),
    "assessment:meeting_detail": ("get", lambda cast: {"pk": shifang_meeting(cast).pk}),
}
