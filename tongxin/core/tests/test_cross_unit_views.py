"""Every view that takes an id must 404 for a reporter of 广汉市 asking for an
object of 什邡市 in which 广汉市 takes no part. New id-taking URLs must add a
case here; the completeness test fails until they do."""

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tongxin.testing import CastTestCase

# URL name -> function(cast) returning the kwargs that name a 什邡市 object.
CROSS_UNIT_CASES = {
    "accounts:unit_detail": lambda cast: {"pk": cast.shifang.pk},
}


def id_taking_url_names() -> set[str]:
    names = set()

    def walk(patterns, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                walk(p.url_patterns, ns)
            elif isinstance(p, URLPattern) and p.pattern.converters and p.name:
                names.add(f"{namespace}{p.name}")

    walk(get_resolver().url_patterns, "")
    return names


class CrossUnitViewTests(CastTestCase):
    def test_every_id_taking_view_has_a_cross_unit_case(self):
        missing = id_taking_url_names() - set(CROSS_UNIT_CASES)
        self.assertEqual(missing, set(), "add these URL names to CROSS_UNIT_CASES")

    def test_a_guanghan_reporter_gets_404_for_shifang_objects(self):
        self.client.force_login(self.guanghan_reporter)
        for name, kwargs_for in CROSS_UNIT_CASES.items():
            with self.subTest(name):
                response = self.client.get(reverse(name, kwargs=kwargs_for(self)))
                self.assertEqual(response.status_code, 404)

    def test_the_shifang_reporter_can_open_the_same_objects(self):
        # The 404 above must come from scoping, not from a broken case.
        self.client.force_login(self.shifang_reporter)
        for name, kwargs_for in CROSS_UNIT_CASES.items():
            with self.subTest(name):
                response = self.client.get(reverse(name, kwargs=kwargs_for(self)))
                self.assertEqual(response.status_code, 200)
