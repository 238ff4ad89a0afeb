"""For core/tests/test_cross_unit_views.py: an indicator's definition belongs to no
unit (the department keeps them); its edit page is for editors only, and every other
role gets 403 (test_indicator_definitions.py), so it needs no cross-unit case."""

CASES: dict = {}

ADMIN_PAGES = {"indicators:indicator_edit"}
