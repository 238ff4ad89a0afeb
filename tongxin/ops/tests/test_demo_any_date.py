"""The demo on any date: `loaddemo --today` adds every year after the seed's up to the
day before, so the dashboard opens on this year with figures and targets, and nothing
is dated after that day or outside its year. Loaded at fixed dates (time-machine), so
no test depends on the day it runs."""

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.test import TestCase
from django.urls import reverse

from tongxin.accounts.models import Unit, User
from tongxin.audit.models import AuditEvent
from tongxin.cases.models import Case
from tongxin.indicators.models import Target
from tongxin.ledger.models import RecordStatus, WorkRecord
from tongxin.reports.models import Review

ZONE = ZoneInfo("Asia/Shanghai")
# Written when they were written, not business dates: the audit trail and the stamps
# every model keeps of its own rows.
SKIPPED_APPS = {"audit", "sessions", "admin", "auth", "contenttypes", "otp_static", "otp_totp"}


def business_date_fields():
    """(model, field) for every date or datetime a user reads as the object's own date."""
    for model in apps.get_models():
        if model._meta.app_label in SKIPPED_APPS:
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.DateField):
                continue
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                continue
            if field.name in {"last_login", "date_joined", "password_changed_at"}:
                continue
            # Deadlines and expiries lie ahead by nature.
            if field.name.endswith(("_by", "_until", "expires_at", "expire_date")):
                continue
            yield model, field


def as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.astimezone(ZONE).date()
    return value


class DemoOnADateMixin:
    today: dt.date

    @classmethod
    def setUpTestData(cls):
        with time_machine.travel(dt.datetime.combine(cls.today, dt.time(9), ZONE), tick=False):
            call_command("loaddemo", today=cls.today.isoformat(), stdout=StringIO())

    def travel(self):
        traveller = time_machine.travel(
            dt.datetime.combine(self.today, dt.time(9, 30), ZONE), tick=False
        )
        traveller.start()
        self.addCleanup(traveller.stop)

    def test_the_dashboard_opens_on_this_year_with_figures_and_targets(self):
        self.travel()
        self.client.force_login(User.objects.get(username="editor"))
        response = self.client.get(reverse("indicators:dashboard"))
        self.assertEqual(response.context["period"].year, self.today.year)
        self.assertIsNone(response.context["empty"])
        items = [item for items in response.context["groups"].values() for item in items]
        self.assertTrue(any(item["value"] for item in items if item["drillable"]))
        self.assertTrue(any(item["target"] for item in items))

    def test_loading_again_creates_nothing(self):
        self.travel()
        models_counted = (WorkRecord, Case, Target, Review, Unit, User, AuditEvent)
        before = [m.objects.count() for m in models_counted]
        call_command("loaddemo", today=self.today.isoformat(), stdout=StringIO())
        self.assertEqual([m.objects.count() for m in models_counted], before)

    def test_nothing_is_dated_after_the_day_given_or_outside_its_year(self):
        checked = 0
        for model, field in business_date_fields():
            latest = (
                model.objects.exclude(**{field.name: None})
                .order_by(f"-{field.name}")
                .values_list(field.name, flat=True)
                .first()
            )
            if latest is None:
                continue
            checked += 1
            # Before the load day, not on it: a stamp taken from the real clock while
            # loading (rather than the business clock) would fall on the load day.
            self.assertLess(
                as_date(latest), self.today, f"{model._meta.label}.{field.name}: {latest}"
            )
            # An object of a year (its `year`, or the year of its `date`) is dated in
            # that year or early the next: a scheme published, a review signed, a
            # record approved after the year ended.
            own = {f.name for f in model._meta.concrete_fields} & {"year", "date"}
            if not own or field.name in own:
                continue
            for owned, value in model.objects.exclude(**{field.name: None}).values_list(
                own.pop(), field.name
            ):
                year = owned if isinstance(owned, int) else owned.year
                self.assertIn(
                    as_date(value).year,
                    (year, year + 1),
                    f"{model._meta.label}.{field.name} of {owned}: {value}",
                )
        self.assertGreater(checked, 10)

    def test_this_year_has_open_and_closed_cases_and_last_years_review_is_a_draft(self):
        this_year = Case.objects.filter(received_on__year=self.today.year)
        self.assertTrue(this_year.filter(closed_at__isnull=False).exists())
        self.assertTrue(this_year.filter(closed_at__isnull=True).exists())
        city = Unit.objects.get(parent=None)
        draft = Review.objects.get(year=self.today.year - 1, unit=city)
        self.assertIsNone(draft.published_version_id)
        signed = Review.objects.select_related("published_version").get(year=2022, unit=city)
        self.assertEqual(signed.published_version.signed_at.astimezone(ZONE).year, 2023)

    def test_the_last_days_records_entered_by_hand_are_still_in_review(self):
        # (a request accepted or solved is recorded by the cases app, approved)
        recent = WorkRecord.objects.filter(
            date__gt=self.today - dt.timedelta(days=14), date__lt=self.today
        ).exclude(record_type__code__in=["request_accepted", "problem_solved"])
        self.assertTrue(recent.exists())
        self.assertFalse(recent.filter(status=RecordStatus.APPROVED).exists())


class DemoInMarchTests(DemoOnADateMixin, TestCase):
    today = dt.date(2026, 3, 15)


class DemoInDecemberTests(DemoOnADateMixin, TestCase):
    today = dt.date(2026, 12, 4)

    def test_a_quarter_without_the_site_meeting_is_missed(self):
        from tongxin.assessment.models import RecurringMeeting
        from tongxin.assessment.selectors.meetings import MISSED, meeting_occurrences

        meeting = RecurringMeeting.objects.get(name="全市基层统战工作现场推进会")
        occurrences = meeting_occurrences([meeting], [self.today.year], self.today)[meeting.pk]
        statuses = [o.status for o in occurrences]
        self.assertEqual(statuses.count(MISSED), 1, statuses)
