"""No input gives a 500 (issue 22): every GET page of the URL resolver gets hostile
values (NUL, control characters, over-long numbers, quotes, FTS operators, 10,000
characters) and a bounded number of generated ones in every list, search and filter
parameter it reads, as an editor and as a reporter.

Pages and parameters are discovered: pages from the resolver, parameters from the
views' modules (`request.GET.get("x")`, `GET.getlist`, `GET["x"]`) and the fields of
forms bound to `request.GET`. A page that takes a path argument and reads the query
string must have an entry in PAGES_WITH_ARGUMENTS; the completeness test fails until
a new one is added."""

import datetime as dt
import inspect
import re
import sys
import time

from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisDjangoTestCase

from tongxin.core.input_guard import clean_value
from tongxin.core.views import database_unreachable
from tongxin.ledger.tests.base import LedgerTestCase

HOSTILE = [
    "a\x00",
    "\x00\x01\x02\x1b[31m\x7f\t\n\r",
    "99999999999999999999",
    "-9223372036854775809",
    "1e309",
    "NaN",
    "'",
    "' OR '1'='1' --",
    'a" OR "b',
    "NEAR(a b) AND -c OR d* ^e:f + (g",
    "%00%ff\u202e\ufeff\ud7ff",
    "x" * 10_000,
]
# Values tried one parameter at a time (the others absent), so that an invalid
# neighbour cannot hide a parameter behind a failed form.
SINGLE = ["a\x00", "99999999999999999999"]
GENERATED_EXAMPLES = 60
# Always tried, whatever a page reads: the names the filters and lists use.
COMMON = {"q", "page", "unit", "year", "type", "status", "sort"}

_READS = re.compile(r"""GET(?:\.get|\.getlist)?[\[(]\s*["']([A-Za-z_][\w-]*)["']""")
_FORMS = re.compile(r"(\w+Form)\(\s*request\.GET")
# Parameters read outside the view's module: url name -> module whose source reads them.
READ_ELSEWHERE = {
    "ledger:ledger_io:export": "tongxin.ledger.exporting",
    "ledger:record_list": "tongxin.ledger.exporting",
    "ledger:record_totals": "tongxin.ledger.exporting",
}


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            yield from _walk(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{prefix}{p.name}", p


def _module_of(callback):
    while hasattr(callback, "__wrapped__"):
        callback = callback.__wrapped__
    view_class = getattr(callback, "view_class", None)
    return sys.modules[(view_class or callback).__module__]


def _parameters(module) -> set[str]:
    source = inspect.getsource(module)
    names = set(_READS.findall(source))
    for form_name in _FORMS.findall(source):
        form = getattr(module, form_name, None)
        if form is not None:
            names |= set(form.base_fields)
    return names


def get_pages() -> dict[str, tuple[object, set[str]]]:
    """url name -> (pattern, the query parameters its view's module reads)."""
    pages = {}
    for name, pattern in _walk(get_resolver().url_patterns):
        module = _module_of(pattern.callback)
        if not module.__name__.startswith("tongxin."):
            continue
        params = _parameters(module)
        if name in READ_ELSEWHERE:
            params |= _parameters(sys.modules[READ_ELSEWHERE[name]])
        pages[name] = (pattern, params)
    return pages


def _drilldown(cast):
    from tongxin.core.tests.test_cross_unit_views import forum_indicator

    return {"code": forum_indicator().code, "unit_pk": cast.guanghan.pk}


def _review(cast):
    from tongxin.core.tests.test_cross_unit_views import shifang_review

    return {"pk": shifang_review(cast).pk}


def _meeting(cast):
    from tongxin.assessment.tests.cross_unit import shifang_meeting

    return {"pk": shifang_meeting(cast).pk}


def _upload(cast):
    """An Excel upload of 广汉市's reporter (uploads are per user: the editor's GET
    is a 404, the reporter's reaches the preview)."""
    import io

    from openpyxl import Workbook

    from tongxin.ledger.importing import pending_save
    from tongxin.ledger.models import RecordType

    book = Workbook()
    book.active.append(["单位", "日期", "标题"])
    book.active.append(["广汉市", "2022-05-01", "广汉市民营企业家恳谈会"])
    out = io.BytesIO()
    book.save(out)
    pending = pending_save(
        actor=cast.guanghan_reporter,
        record_type=RecordType.objects.get(code="forum"),
        filename="广汉市.xlsx",
        content=out.getvalue(),
    )
    return {"sha": pending if isinstance(pending, str) else pending.sha256}


# Pages with path arguments that read the query string: url name -> kwargs(cast), or
# None with the reason they are not fuzzed.
PAGES_WITH_ARGUMENTS = {
    "indicators:drilldown": _drilldown,
    "ledger:record_detail": lambda cast: {"pk": cast.record.pk},
    "ledger:record_edit": lambda cast: {"pk": cast.record.pk},
    "accounts:unit_detail": lambda cast: {"pk": cast.guanghan.pk},
    "accounts:user_detail": lambda cast: {"pk": cast.guanghan_reporter.pk},
    "reports:review_detail": _review,
    "reports:review_figures": _review,
    "reports:review_docx": _review,
    "reports:review_pdf": _review,
    "assessment:meeting_detail": _meeting,
    "ledger:ledger_io:import_preview": _upload,
    "ledger:ledger_io:import_commit": _upload,
}
# Reached without the session (the API, with its own token and tests) or not pages.
NOT_PAGES = {"core:healthz", "accounts:logout"}


@override_settings(DEBUG_PROPAGATE_EXCEPTIONS=False)
class PagesTestCase(LedgerTestCase):
    """Every GET page and the parameters it reads, and a check of one request."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.record = cls.make_record(title="恳谈会 纪要", approve=True)
        cls.make_record(title="什邡 恳谈", by=cls.shifang_reporter, date=dt.date(2023, 1, 2))

    def setUp(self):
        # A 500 is answered, not raised, so it is counted (and set up here: hypothesis's
        # test case runs setUp before Django's own client exists).
        self.client = self.client_class(raise_request_exception=False)

    def targets(self) -> list[tuple[str, str, set[str]]]:
        """(url name, path, parameters) of every GET page."""
        found = []
        for name, (pattern, params) in sorted(get_pages().items()):
            if name in NOT_PAGES:
                continue
            if pattern.pattern.converters:
                kwargs = PAGES_WITH_ARGUMENTS.get(name)
                if kwargs is None:
                    continue  # reads no query string (the completeness test checks)
                path = reverse(name, kwargs=kwargs(self))
            else:
                path = reverse(name)
            found.append((name, path, params))
        return found

    def server_error(self, path: str, query: dict, who: str) -> str | None:
        """None, or what failed: a 500 answered to `who` for this query."""
        response = self.client.get(path, query)
        if response.status_code < 500:
            return None
        return f"{who} GET {path} { ({k: v[:40] for k, v in query.items()})!r}"

    def assertNoServerError(self, path: str, query: dict, who: str):
        self.assertIsNone(self.server_error(path, query, who))


class HostileInputTests(PagesTestCase):
    def test_every_page_with_arguments_that_reads_the_query_is_listed(self):
        unlisted = [
            name
            for name, (pattern, _params) in get_pages().items()
            if pattern.pattern.converters
            and name not in PAGES_WITH_ARGUMENTS
            and name not in NOT_PAGES
            and _reads_query_in_view(pattern.callback)
        ]
        self.assertEqual(unlisted, [], "add these pages to PAGES_WITH_ARGUMENTS")

    def test_hostile_values_in_every_parameter_of_every_page_give_no_500(self):
        started = time.perf_counter()
        targets = self.targets()
        self.assertGreater(len(targets), 30)
        failed = []
        for who in ("editor", "reporter"):
            user = self.city_editor if who == "editor" else self.guanghan_reporter
            self.client.force_login(user)
            for _name, path, params in targets:
                queries = [dict.fromkeys(params | COMMON, value) for value in HOSTILE]
                queries += [{param: value} for param in params for value in SINGLE]
                failed += filter(None, (self.server_error(path, q, who) for q in queries))
        print(f"hostile input: {time.perf_counter() - started:.1f}s", file=sys.stderr)
        self.assertEqual(failed, [], "server errors (500)")


def _reads_query_in_view(callback) -> bool:
    while hasattr(callback, "__wrapped__"):
        callback = callback.__wrapped__
    try:
        source = inspect.getsource(getattr(callback, "view_class", callback))
    except (OSError, TypeError):
        return False
    return bool(_READS.search(source) or _FORMS.search(source) or "request.GET" in source)


class GeneratedInputTests(HypothesisDjangoTestCase, PagesTestCase):
    """A bounded number of generated values (hypothesis), each example in its own
    transaction."""

    @settings(
        max_examples=GENERATED_EXAMPLES,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(data=st.data())
    def test_generated_values_give_no_500(self, data):
        targets = self.targets()
        name, path, params = data.draw(st.sampled_from(targets))
        value = data.draw(st.text(max_size=60) | st.integers().map(str))
        param = data.draw(st.sampled_from(sorted(params | COMMON)))
        user = data.draw(st.sampled_from([self.city_editor, self.guanghan_reporter]))
        self.client.force_login(user)
        self.assertNoServerError(path, {param: value}, name)


class InputGuardTests(LedgerTestCase):
    def test_control_characters_are_removed_and_huge_integers_dropped(self):
        self.assertEqual(clean_value("a\x00b\x1f"), "ab")
        self.assertEqual(clean_value("a\tb"), "a b")
        self.assertIsNone(clean_value("99999999999999999999"))
        self.assertEqual(clean_value("2026"), "2026")
        self.assertEqual(len(clean_value("x" * 10_000)), 500)

    def test_a_nul_in_the_ledger_search_finds_nothing_instead_of_failing(self):
        self.client.force_login(self.city_editor)
        for path in (reverse("ledger:record_list"), reverse("ledger:ledger_io:export")):
            with self.subTest(path):
                response = self.client.get(path, {"q": "a\x00"})
                self.assertEqual(response.status_code, 200)
        response = self.client.get(reverse("ledger:record_list"), {"unit": "9" * 20})
        self.assertEqual(response.status_code, 200)

    def test_only_an_unreachable_database_counts_as_an_outage(self):
        from django.db import OperationalError

        self.assertTrue(database_unreachable(OperationalError("database is locked")))
        self.assertTrue(
            database_unreachable(OperationalError('connection to server at "x" failed'))
        )
        self.assertFalse(database_unreachable(OperationalError('fts5: syntax error near "\'"')))
        self.assertFalse(database_unreachable(ValueError("NUL")))
