"""The cases demo: the registry, requests, credit, projects and rankings behind the
2022 review's figures, each written into the ledger by the cases services. On its
own (no ledger demo: it records the forums, meeting and events it needs) the figures
it feeds come out exact, so beside the ledger demo (whose 2022 leaves them to it,
test_demo_ledger) nothing is counted twice."""

import datetime as dt
from decimal import Decimal

from django.db.models import Sum
from django.test import TestCase

from tongxin.audit.models import AuditEvent
from tongxin.cases import creditcode
from tongxin.cases.models import (
    Case,
    CaseState,
    CreditLine,
    Enterprise,
    ListMembership,
    Ownership,
    Project,
    ProjectStage,
    Ranking,
    RankingState,
)
from tongxin.ledger.catalogue import catalogue_ensure
from tongxin.ledger.models import RecordLink, RecordStatus, WorkRecord
from tongxin.ledger.tests.test_demo_ledger import published_figures, value_of
from tongxin.ops.demo.accounts import load_demo_accounts
from tongxin.ops.demo.cases import load_demo_cases
from tongxin.ops.demo.cases_plan import TOP50, TOP100
from tongxin.ops.demo.ledger import create_county_reporters
from tongxin.ops.demo.ledger_figures import FIGURES
from tongxin.ops.demo.ledger_plan import CASES_ROWS


class DemoCasesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_accounts()
        create_county_reporters()
        catalogue_ensure()
        cls.loaded = load_demo_cases()

    def test_73_requests_of_hmto_enterprises_raised_at_two_forums_are_closed(self):
        closed = Case.objects.filter(state=CaseState.CLOSED)
        self.assertEqual(closed.count(), 73)
        self.assertEqual(self.loaded["cases"], 75)  # two more were refused
        self.assertEqual(Case.objects.filter(state=CaseState.NOT_ACCEPTED).count(), 2)
        self.assertTrue(all(c.enterprise.is_hmto for c in closed.select_related("enterprise")))
        forums = {c.forum_record_id for c in Case.objects.all()}
        self.assertEqual(len(forums), 2)
        for case in closed.select_related("resolution_record"):
            record = case.resolution_record
            self.assertEqual(record.status, RecordStatus.APPROVED)
            self.assertEqual(record.date.year, 2022)
            self.assertTrue(
                RecordLink.objects.filter(source=record, target_id=case.forum_record_id).exists()
            )

    def test_every_case_went_through_the_whole_state_machine(self):
        case = Case.objects.filter(state=CaseState.CLOSED).first()
        actions = list(case.events.values_list("action", flat=True))
        self.assertEqual(actions[:3], ["receive", "screen", "assign"])
        self.assertEqual(actions[-3:], ["reply", "feedback", "close"])
        sent_back = Case.objects.filter(events__note__startswith="不满意").distinct()
        self.assertEqual(sent_back.count(), 2)
        self.assertTrue(all(c.state == CaseState.CLOSED for c in sent_back))
        satisfied = Case.objects.filter(satisfaction="satisfied").count()
        self.assertGreater(satisfied, 73 * 0.75)

    def test_credit_lines_sum_to_62_38_yi_yuan(self):
        total = CreditLine.objects.aggregate(s=Sum("amount"))["s"]
        self.assertEqual(total, Decimal("6238000000"))
        amounts = set(CreditLine.objects.values_list("amount", flat=True))
        self.assertTrue(any(a % 100_000_000 == 0 for a in amounts))  # entered in 亿元
        self.assertTrue(any(a % 100_000_000 for a in amounts))  # and in 万元
        self.assertEqual(CreditLine.objects.values("meeting").distinct().count(), 3)
        records = WorkRecord.objects.filter(credit_line__isnull=False)
        self.assertFalse(records.exclude(status=RecordStatus.APPROVED).exists())
        returned = AuditEvent.objects.filter(
            action="record.return",
            object_id__in=[str(pk) for pk in records.values_list("pk", flat=True)],
        )
        self.assertEqual(returned.count(), 1)

    def test_46_projects_promoted_at_3_events_some_moved_on(self):
        projects = Project.objects.all()
        self.assertEqual(projects.count(), 46)
        self.assertEqual(projects.values("event_record").distinct().count(), 3)
        stages = set(projects.values_list("stage", flat=True))
        self.assertEqual(stages, set(ProjectStage.values))
        progress = WorkRecord.objects.filter(record_type__code="project_progress")
        moved = sum(
            (p.talks_on is not None) + (p.signed_on is not None) + (p.started_on is not None)
            for p in projects
        )
        self.assertEqual(progress.count(), moved)

    def test_10_taiwan_funded_enterprises_came_to_the_city_in_2022(self):
        new = Enterprise.objects.filter(ownership=Ownership.TAIWAN, arrived_on__year=2022)
        self.assertEqual(new.count(), 10)
        self.assertTrue(all(e.arrival_record.date == e.arrived_on for e in new))
        # The other 港澳台侨 enterprises came before the demo's ledger years.
        older = Enterprise.objects.exclude(arrived_on__year=2022).filter(arrived_on__isnull=False)
        self.assertFalse(older.filter(arrived_on__gte=dt.date(2019, 1, 1)).exists())

    def test_12_enterprises_are_on_the_provincial_top_100(self):
        members = ListMembership.objects.filter(year=2022, list_name=TOP100)
        self.assertEqual(members.count(), 12)
        self.assertTrue(all(m.enterprise.ownership == Ownership.PRIVATE for m in members))

    def test_the_top_50_is_published_with_50_entries(self):
        evaluation = Ranking.objects.get(name=TOP50, year=2022)
        self.assertEqual(evaluation.state, RankingState.PUBLISHED)
        self.assertEqual(evaluation.results.count(), 50)
        self.assertGreaterEqual(
            evaluation.criteria.first().values.values("enterprise").distinct().count(), 50
        )
        self.assertEqual(evaluation.criteria.count(), 4)

    def test_every_credit_code_is_valid_and_every_object_illustrative(self):
        self.assertEqual(Enterprise.objects.count(), self.loaded["enterprises"])
        for code in Enterprise.objects.values_list("credit_code", flat=True):
            self.assertTrue(creditcode.is_valid(code), code)
        self.assertFalse(WorkRecord.objects.filter(is_illustrative=False).exists())

    def test_alone_it_gives_exactly_the_figures_it_feeds(self):
        exact = published_figures()
        for f in FIGURES:
            key = (f["topic"], f["published"])
            if key in CASES_ROWS:
                with self.subTest(topic=f["topic"], published=f["published"]):
                    self.assertEqual(value_of(f), exact[key])

    def test_loading_twice_creates_nothing(self):
        counts = (
            WorkRecord.objects.count(),
            Enterprise.objects.count(),
            AuditEvent.objects.count(),
        )
        self.assertEqual(set(load_demo_cases().values()), {0})
        self.assertEqual(
            (WorkRecord.objects.count(), Enterprise.objects.count(), AuditEvent.objects.count()),
            counts,
        )
