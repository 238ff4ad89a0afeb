"""The ledger records assessment writes, as record owners (ledger/owners.py),
registered in AssessmentConfig.ready(): a site's designation record, a training
class's record and a secondment batch's record, each held by a key."""

from django.urls import reverse
from django.utils.translation import gettext as _

from tongxin.assessment.models import SITE_RECORD_TYPES, Secondment, Site, TrainingClass
from tongxin.ledger.owners import OwnerKind, check_standing, no_path, register


def _by_key(model, related=()):
    def find(records):
        rows = model.objects.select_related(*related).filter(record__in=[r.pk for r in records])
        return {row.record_id: row for row in rows}

    return find


def _standing(model, label):
    """check(): a site, class or secondment has no withdraw path, so its record stands."""

    def check(year):
        rows = model.objects.select_related("record").filter(record__isnull=False)
        if year:
            rows = rows.filter(record__date__year=year)
        return check_standing(rows, label=label)

    return check


def _kind(key, type_codes, find, label, url, place):
    model = {"assessment.site": Site, "assessment.training_class": TrainingClass}.get(
        key, Secondment
    )
    return OwnerKind(
        key=key,
        type_codes=frozenset(type_codes),
        find=find,
        label=label,
        url=url,
        amend=no_path(key, "amend"),
        withdraw=no_path(key, "withdraw"),
        place=place,
        check=_standing(model, label),
    )


def _secondment_label(secondment: Secondment) -> str:
    if secondment.batch:
        return _("挂职干部（第{batch}批）").format(batch=secondment.batch)
    return _("挂职干部")


def register_record_owners() -> None:
    register(
        _kind(
            "assessment.site",
            set(SITE_RECORD_TYPES.values()),
            _by_key(Site),
            lambda site: _("阵地“{name}”").format(name=site.name),
            lambda site: reverse("assessment:site_detail", args=[site.pk]),
            _("阵地页面"),
        )
    )
    register(
        _kind(
            "assessment.training_class",
            ["training"],
            _by_key(TrainingClass),
            lambda training: _("培训班“{name}”").format(name=training.name),
            lambda training: reverse("assessment:training_detail", args=[training.pk]),
            _("培训班页面"),
        )
    )
    register(
        _kind(
            "assessment.secondment",
            ["secondment"],
            _by_key(Secondment),  # a batch shares one record: any of its rows stands for it
            _secondment_label,
            lambda secondment: reverse("assessment:programme_list"),
            _("挂职干部页面"),
        )
    )
