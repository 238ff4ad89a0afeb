from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError

from tongxin.assessment import scoring
from tongxin.assessment.models import Scheme, SchemeStatus
from tongxin.assessment.services import schemes as scheme_services
from tongxin.assessment.tests.base import AssessmentTestCase
from tongxin.audit.models import AuditEvent


class SchemeScoringTests(AssessmentTestCase):
    def test_scores_have_a_breakdown_per_item(self):
        results = scoring.compute(self.scheme)
        guanghan = self.row(results, self.guanghan)
        self.assertEqual(
            [i["name"] for i in results["items"]], ["民营企业家恳谈会", "工作评价", "创新加分"]
        )
        self.assertEqual([c["score"] for c in guanghan["cells"]], ["40.00", "20.00", "0.00"])
        self.assertEqual(guanghan["cells"][0]["value"], "2")
        self.assertEqual(guanghan["cells"][1]["note"], "工作扎实")
        self.assertEqual(guanghan["cells"][2]["note"], "未评分")

    def test_equal_totals_share_a_rank(self):
        results = scoring.compute(self.scheme)
        ranks = {r["unit_name"]: (r["rank"], r["total"]) for r in results["rows"]}
        self.assertEqual(
            ranks, {"广汉市": (1, "60.00"), "什邡市": (1, "60.00"), "向阳镇": (3, "0.00")}
        )

    def test_a_deduction_takes_points_off_and_weights_multiply(self):
        deduction = scheme_services.scheme_item_add(
            actor=self.city_editor,
            scheme=self.scheme,
            name="信息报送迟报",
            kind="deduction",
            max_score=Decimal(5),
            weight=Decimal(2),
        )
        scheme_services.manual_score_set(
            actor=self.city_editor,
            item=deduction,
            unit=self.shifang,
            score=Decimal(3),
            comment="迟报一次",
            evidence_record=self.shifang_forum,
        )
        shifang = self.row(scoring.compute(self.scheme), self.shifang)
        self.assertEqual(shifang["cells"][-1]["weighted"], "-6.00")
        self.assertEqual((shifang["total"], shifang["rank"]), ("54.00", 2))

    def test_all_indicator_items_cost_one_table_whatever_the_units(self):
        # items, units, manual scores, then the indicator table's own queries: the
        # definitions' three links (read as ids), unit paths, one grouped count.
        with self.assertNumQueries(8):
            scoring.compute(self.scheme)


class SchemeWriteTests(AssessmentTestCase):
    def test_publishing_freezes_the_scores_and_is_audited(self):
        scheme_services.scheme_publish(actor=self.city_editor, scheme=self.scheme)
        self.scheme.refresh_from_db()
        self.assertEqual(self.scheme.status, SchemeStatus.PUBLISHED)
        self.assertEqual(self.row(self.scheme.results, self.shifang)["total"], "60.00")
        event = AuditEvent.objects.get(action="assessment.scheme_publish")
        self.assertEqual(event.actor, self.city_editor)
        self.assertEqual(event.object_id, str(self.scheme.pk))

    def test_a_published_scheme_refuses_every_change(self):
        scheme_services.scheme_publish(actor=self.city_editor, scheme=self.scheme)
        attempts = [
            lambda: scheme_services.scheme_item_add(
                actor=self.city_editor,
                scheme=self.scheme,
                name="新项目",
                kind="manual",
                max_score=Decimal(5),
            ),
            lambda: scheme_services.scheme_item_update(
                actor=self.city_editor, item=self.manual_item, max_score=Decimal(50)
            ),
            lambda: scheme_services.scheme_item_delete(
                actor=self.city_editor, item=self.bonus_item
            ),
            lambda: scheme_services.manual_score_set(
                actor=self.city_editor,
                item=self.manual_item,
                unit=self.guanghan,
                score=Decimal(30),
                comment="改分",
            ),
            lambda: scheme_services.scheme_update(
                actor=self.city_editor, scheme=self.scheme, name="改名", units=[self.guanghan]
            ),
            lambda: scheme_services.scheme_publish(actor=self.city_editor, scheme=self.scheme),
        ]
        for attempt in attempts:
            with self.assertRaisesMessage(ValidationError, str(scheme_services.SCHEME_FROZEN)):
                attempt()

    def test_later_records_do_not_change_published_scores(self):
        scheme_services.scheme_publish(actor=self.city_editor, scheme=self.scheme)
        self.make_record(by=self.shifang_reporter, title="什邡补录恳谈会", approve=True)
        self.scheme.refresh_from_db()
        self.assertEqual(self.row(self.scheme.results, self.shifang)["cells"][0]["score"], "20.00")
        self.assertEqual(self.row(scoring.compute(self.scheme), self.shifang)["total"], "80.00")

    def test_only_editors_write(self):
        for actor in (self.leader, self.guanghan_reporter, self.sysadmin):
            with self.subTest(actor.role), self.assertRaises(PermissionDenied):
                scheme_services.scheme_publish(actor=actor, scheme=self.scheme)

    def test_a_manual_score_needs_a_comment_and_stays_within_the_maximum(self):
        with self.assertRaisesMessage(ValidationError, str(scheme_services.COMMENT_REQUIRED)):
            scheme_services.manual_score_set(
                actor=self.city_editor, item=self.manual_item, unit=self.guanghan, score=Decimal(5)
            )
        with self.assertRaises(ValidationError):
            scheme_services.manual_score_set(
                actor=self.city_editor,
                item=self.manual_item,
                unit=self.guanghan,
                score=Decimal(31),
                comment="超出满分",
            )

    def test_a_bonus_needs_evidence(self):
        with self.assertRaisesMessage(ValidationError, str(scheme_services.EVIDENCE_REQUIRED)):
            scheme_services.manual_score_set(
                actor=self.city_editor,
                item=self.bonus_item,
                unit=self.guanghan,
                score=Decimal(5),
                comment="加分",
            )

    def test_a_unit_outside_the_scheme_cannot_be_scored(self):
        with self.assertRaisesMessage(ValidationError, str(scheme_services.UNIT_NOT_IN_SCHEME)):
            scheme_services.manual_score_set(
                actor=self.city_editor,
                item=self.manual_item,
                unit=self.city,
                score=Decimal(5),
                comment="x",
            )

    def test_an_indicator_item_needs_its_target_or_thresholds(self):
        with self.assertRaisesMessage(ValidationError, str(scheme_services.TARGET_REQUIRED)):
            scheme_services.scheme_item_add(
                actor=self.city_editor,
                scheme=self.scheme,
                name="参与人数",
                kind="indicator",
                max_score=Decimal(10),
                indicator=self.forum_people,
                method="linear",
            )
        item = scheme_services.scheme_item_add(
            actor=self.city_editor,
            scheme=self.scheme,
            name="参与人数",
            kind="indicator",
            max_score=Decimal(10),
            indicator=self.forum_people,
            method="thresholds",
            thresholds="60 100\n30 50",
        )
        results = scoring.compute(self.scheme)
        self.assertEqual(self.row(results, self.guanghan)["cells"][-1]["score"], "10.00")
        self.assertEqual(self.row(results, self.shifang)["cells"][-1]["score"], "5.00")
        self.assertEqual(item.order, 4)

    def test_a_new_year_starts_as_a_copy_of_last_year(self):
        scheme_services.scheme_publish(actor=self.city_editor, scheme=self.scheme)
        copy = scheme_services.scheme_copy(actor=self.city_editor, scheme=self.scheme)
        self.assertEqual((copy.year, copy.name, copy.status), (2023, self.scheme.name, "draft"))
        self.assertEqual(set(copy.units.all()), {self.guanghan, self.shifang, self.guanghan_town})
        self.assertEqual(
            [(i.name, i.kind, i.target) for i in copy.items.all()],
            [(i.name, i.kind, i.target) for i in self.scheme.items.all()],
        )
        self.assertFalse(copy.items.filter(scores__isnull=False).exists())
        self.assertTrue(AuditEvent.objects.filter(action="assessment.scheme_copy").exists())
        with self.assertRaises(ValidationError):
            scheme_services.scheme_copy(actor=self.city_editor, scheme=self.scheme)

    def test_the_scheme_is_run_by_the_department_not_the_editors_section(self):
        self.assertEqual(self.scheme.unit, self.city)
        self.assertEqual(Scheme.objects.count(), 1)
