"""Training classes and secondments. Each is recorded in the ledger (a 培训班 record
with its participants, a 挂职 record counting a batch's cadres), so the indicators
that sum those records count them; an existing record may be given instead (the
demo's). Atomic and audited."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from tongxin.accounts.models import Unit, User
from tongxin.assessment.models import Secondment, Trainee, TrainingClass
from tongxin.assessment.services.sites import _require_recorder
from tongxin.audit.services import audit_log
from tongxin.ledger.models import RecordType, WorkRecord
from tongxin.ledger.services import record_create

WRONG_RECORD = _("须为该单位的“{type}”记录。")
COUNT_MISMATCH = _("名单人数（{n}）与记录的人数（{count}）不一致。")
NO_PERSONS = _("请至少填写一名挂职干部。")


def _check_record(record: WorkRecord, unit: Unit, code: str) -> None:
    if record.record_type.code != code or not record.unit.is_within(unit):
        raise ValidationError(WRONG_RECORD.format(type=record.record_type.name))


@transaction.atomic
def training_class_create(
    *,
    actor: User | None,
    unit: Unit,
    name: str,
    start: dt.date | None = None,
    end: dt.date | None = None,
    participants: int | None = None,
    record: WorkRecord | None = None,
) -> TrainingClass:
    _require_recorder(actor, unit)
    if record is None:
        record = record_create(
            actor=actor,
            unit=unit,
            record_type=RecordType.objects.get(code="training"),
            date=start,
            end_date=end,
            title=name,
            count=1,
            participants=participants,
            submit=True,
        )
    _check_record(record, unit, "training")
    training = TrainingClass.objects.create(record=record, unit=unit, name=name)
    audit_log(
        actor=actor,
        action="assessment.training_create",
        obj=training,
        unit=unit,
        after={"name": name, "record": record.pk},
    )
    return training


@transaction.atomic
def trainee_add(
    *, actor: User | None, training: TrainingClass, name: str, work_unit: str = ""
) -> Trainee:
    _require_recorder(actor, training.unit)
    trainee = Trainee(training_class=training, name=name.strip(), work_unit=work_unit.strip())
    trainee.full_clean()
    trainee.save()
    audit_log(
        actor=actor,
        action="assessment.trainee_add",
        obj=training,
        unit=training.unit,
        after={"trainee": trainee.pk},
    )
    return trainee


@transaction.atomic
def secondment_batch_create(
    *,
    actor: User | None,
    unit: Unit,
    batch: int | None,
    persons: list[dict],
    start: dt.date,
    end: dt.date | None = None,
    record: WorkRecord | None = None,
) -> list[Secondment]:
    """A batch of cadres: `persons` are dicts of person_name, home_unit, host_unit."""
    _require_recorder(actor, unit)
    if not persons:
        raise ValidationError(NO_PERSONS)
    if record is None:
        record = record_create(
            actor=actor,
            unit=unit,
            record_type=RecordType.objects.get(code="secondment"),
            date=start,
            title=f"{f'第{batch}批' if batch else ''}{len(persons)}名党外干部挂职锻炼",
            count=len(persons),
            tags=[f"第{batch}批"] if batch else [],
            submit=True,
        )
    _check_record(record, unit, "secondment")
    if record.count != len(persons):
        raise ValidationError(COUNT_MISMATCH.format(n=len(persons), count=record.count))
    made = Secondment.objects.bulk_create(
        Secondment(
            record=record,
            unit=unit,
            batch=batch,
            person_name=p["person_name"],
            home_unit=p["home_unit"],
            host_unit=p["host_unit"],
            start=start,
            end=end,
        )
        for p in persons
    )
    audit_log(
        actor=actor,
        action="assessment.secondment_batch_create",
        obj=record,
        unit=unit,
        after={"batch": batch, "persons": len(made)},
    )
    return made
