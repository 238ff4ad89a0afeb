from django.http import Http404

from tongxin.accounts.access import get_unit_for_user, scope_queryset, visible_units
from tongxin.accounts.models import Unit, User
from tongxin.testing import CastTestCase


class ScopeQuerysetTests(CastTestCase):
    def units_seen_by(self, user):
        # Units stand in for any business object owned by a unit.
        qs = scope_queryset(user, Unit.objects.all(), unit_field="parent")
        return set(qs.values_list("name", flat=True))

    def test_a_reporter_sees_objects_of_their_units_subtree_only(self):
        self.assertEqual(self.units_seen_by(self.guanghan_reporter), {"向阳镇"})

    def test_editors_and_leaders_see_every_unit(self):
        everything = set(Unit.objects.values_list("name", flat=True))
        self.assertEqual(self.units_seen_by(self.city_editor), everything)
        self.assertEqual(self.units_seen_by(self.leader), everything)

    def test_the_three_administrators_see_no_business_data(self):
        for admin in (self.sysadmin, self.secadmin, self.auditor):
            self.assertEqual(self.units_seen_by(admin), set(), admin.role)

    def test_a_participating_unit_sees_the_object(self):
        # A user row is "owned" by its unit; treat the unit as the participant.
        qs = scope_queryset(
            self.guanghan_reporter,
            User.objects.all(),
            unit_field="unit__parent",
            participant_field="unit",
        )
        self.assertIn(self.guanghan_reporter, qs)
        self.assertNotIn(self.shifang_reporter, qs)

    def test_an_inactive_user_sees_nothing(self):
        self.guanghan_reporter.is_active = False
        self.assertEqual(self.units_seen_by(self.guanghan_reporter), set())


class GetUnitForUserTests(CastTestCase):
    def test_it_rejects_other_units(self):
        with self.assertRaises(Http404):
            get_unit_for_user(self.guanghan_reporter, self.shifang.pk)

    def test_it_returns_own_and_lower_units(self):
        self.assertEqual(get_unit_for_user(self.guanghan_reporter, self.guanghan.pk), self.guanghan)
        self.assertEqual(
            get_unit_for_user(self.guanghan_reporter, self.guanghan_town.pk), self.guanghan_town
        )

    def test_it_treats_a_bad_id_as_not_found(self):
        with self.assertRaises(Http404):
            get_unit_for_user(self.city_editor, "abc")

    def test_the_unit_directory_is_whole_for_the_system_administrator(self):
        self.assertEqual(visible_units(self.sysadmin).count(), Unit.objects.count())
