from django.core.exceptions import ValidationError

from tongxin.accounts.models import Unit, UnitKind
from tongxin.accounts.services.units import UNIT_PARENT_CYCLE, unit_create, unit_update
from tongxin.audit.models import AuditEvent
from tongxin.testing import CastTestCase


class UnitServiceTests(CastTestCase):
    def test_unit_create_writes_an_audit_row_with_the_new_values(self):
        unit = unit_create(
            actor=self.sysadmin,
            code="510683",
            name="绵竹市",
            kind=UnitKind.COUNTY,
            parent=self.city,
        )
        event = AuditEvent.objects.get(action="unit.create", object_id=str(unit.pk))
        self.assertEqual(event.actor, self.sysadmin)
        self.assertEqual(event.after["name"], "绵竹市")
        self.assertEqual(event.after["parent"], self.city.pk)

    def test_a_duplicate_code_is_refused_in_chinese(self):
        with self.assertRaises(ValidationError) as ctx:
            unit_create(actor=self.sysadmin, code="510681", name="重复", kind=UnitKind.COUNTY)
        self.assertIn("已被使用", str(ctx.exception))

    def test_moving_a_unit_moves_its_subtree(self):
        unit_update(actor=self.sysadmin, unit=self.guanghan, parent=self.shifang)
        town = Unit.objects.get(pk=self.guanghan_town.pk)
        self.assertTrue(town.path.startswith(Unit.objects.get(pk=self.shifang.pk).path))
        event = AuditEvent.objects.get(action="unit.update", object_id=str(self.guanghan.pk))
        self.assertEqual(event.before["parent"], self.city.pk)
        self.assertEqual(event.after["parent"], self.shifang.pk)

    def test_a_unit_cannot_move_below_itself(self):
        with self.assertRaises(ValidationError) as ctx:
            unit_update(actor=self.sysadmin, unit=self.guanghan, parent=self.guanghan_town)
        self.assertIn(str(UNIT_PARENT_CYCLE), str(ctx.exception))

    def test_tree_order_follows_creation_past_nine_children(self):
        for i in range(10):
            unit_create(actor=None, code=f"X{i}", name=f"单位{i}", parent=self.city)
        names = [u.name for u in Unit.objects.filter(code__startswith="X")]
        self.assertEqual(names, [f"单位{i}" for i in range(10)])
