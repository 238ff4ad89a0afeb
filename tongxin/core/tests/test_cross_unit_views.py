"""Every view that takes an id must 404 for a reporter of 广汉市 asking for an
object of 什邡市 in which 广汉市 takes no part. New id-taking URLs must add a
case here; the completeness test fails until they do."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tongxin.ledger.catalogue import catalogue_ensure
from tongxin.ledger.models import RecordType
from tongxin.ledger.services import evidence_attach, record_create
from tongxin.testing import CastTestCase


def shifang_record(cast):
    return record_create(
        actor=cast.shifang_reporter,
        unit=cast.shifang,
        record_type=RecordType.objects.get(code="forum"),
        date=dt.date(2022, 5, 1),
        title="什邡市民营企业家恳谈会",
        submit=True,
    )


def forum_indicator():
    from tongxin.indicators.models import Indicator
    from tongxin.indicators.services import indicator_create

    return Indicator.objects.filter(code="forums").first() or indicator_create(
        actor=None,
        code="forums",
        name="恳谈会",
        kind="count",
        record_types=[RecordType.objects.get(code="forum")],
    )


def shifang_article(cast):
    from tongxin.reports.services.articles import article_read

    return article_read(
        actor=cast.shifang_reporter,
        unit=cast.shifang,
        text="什邡市统战工作简报\n全年举办恳谈会3场。",
    )


def shifang_review(cast):
    from tongxin.reports.models import Review
    from tongxin.reports.services.reviews import review_create

    return Review.objects.filter(year=2022, unit=cast.shifang).first() or review_create(
        actor=None,
        year=2022,
        unit=cast.shifang,
        title="什邡市综述",
        source="全年工作。",
        created_by=cast.city_editor,
    )


def shifang_import_batch(cast):
    """An import 什邡市's reporter committed, with one row rejected."""
    import io

    from openpyxl import Workbook

    from tongxin.ledger.importing import import_commit
    from tongxin.ledger.models import ImportBatch

    earlier = ImportBatch.objects.filter(filename="什邡市批次.xlsx").first()
    if earlier is not None:
        return earlier
    book = Workbook()
    book.active.append(["单位", "日期", "标题"])
    book.active.append(["什邡市", "2022-05-02", "什邡市企业家座谈会"])
    book.active.append(["什邡市", "2022-02-30", "日期有误"])
    out = io.BytesIO()
    book.save(out)
    return import_commit(
        actor=cast.shifang_reporter,
        record_type=RecordType.objects.get(code="forum"),
        uploaded_bytes=out.getvalue(),
        filename="什邡市批次.xlsx",
        valid_only=True,
    )


def shifang_import_upload(cast):
    """An Excel upload of 什邡市's reporter waiting for its commit; its hash names it."""
    import io

    from openpyxl import Workbook

    from tongxin.ledger.importing import pending_save

    book = Workbook()
    book.active.append(["单位", "日期", "标题"])
    book.active.append(["什邡市", "2022-05-01", "什邡市民营企业家恳谈会"])
    out = io.BytesIO()
    book.save(out)
    return pending_save(
        actor=cast.shifang_reporter,
        record_type=RecordType.objects.get(code="forum"),
        filename="什邡市.xlsx",
        content=out.getvalue(),
    )


def shifang_correction(cast):
    from tongxin.ledger.closing import correction_request
    from tongxin.ledger.models import ClosedYear

    ClosedYear.objects.get_or_create(year=2022, defaults={"closed_by": cast.leader})
    return correction_request(
        actor=cast.shifang_reporter, record=shifang_record(cast), kind="withdraw", reason="重复登记"
    )


def shifang_evidence(cast):
    pdf = SimpleUploadedFile("纪要.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    return evidence_attach(
        actor=cast.shifang_reporter, record=shifang_record(cast), uploaded_file=pdf
    )


def shifang_photo(cast):
    from tongxin.ledger.tests.test_evidence_with_record import image_bytes

    return evidence_attach(
        actor=cast.shifang_reporter,
        record=shifang_record(cast),
        uploaded_file=SimpleUploadedFile("现场.jpg", image_bytes(), content_type="image/jpeg"),
    )


# URL name -> (method, function(cast) returning the kwargs that name a 什邡市 object)
# and, for URLs that authenticate otherwise than by the session (the API's bearer
# token), a third element: function(user) returning the request's headers.
CROSS_UNIT_CASES = {
    "accounts:unit_detail": ("get", lambda cast: {"pk": cast.shifang.pk}),
    "ledger:record_detail": ("get", lambda cast: {"pk": shifang_record(cast).pk}),
    "ledger:record_edit": ("get", lambda cast: {"pk": shifang_record(cast).pk}),
    "ledger:record_action": ("post", lambda cast: {"pk": shifang_record(cast).pk}),
    "ledger:evidence_upload": ("post", lambda cast: {"pk": shifang_record(cast).pk}),
    "ledger:record_link_add": ("post", lambda cast: {"pk": shifang_record(cast).pk}),
    "ledger:evidence_download": ("get", lambda cast: {"pk": shifang_evidence(cast).pk}),
    "ledger:evidence_thumbnail": ("get", lambda cast: {"pk": shifang_photo(cast).pk}),
    "reports:article_detail": ("get", lambda cast: {"pk": shifang_article(cast).pk}),
    "reports:article_drafts": ("post", lambda cast: {"pk": shifang_article(cast).pk}),
    "reports:review_detail": ("get", lambda cast: {"pk": shifang_review(cast).pk}),
    "reports:review_edit": ("get", lambda cast: {"pk": shifang_review(cast).pk}),
    "reports:review_preview": ("post", lambda cast: {"pk": shifang_review(cast).pk}),
    "reports:review_figures": ("get", lambda cast: {"pk": shifang_review(cast).pk}),
    "reports:review_sign_off": ("post", lambda cast: {"pk": shifang_review(cast).pk}),
    "reports:review_comment": ("post", lambda cast: {"pk": shifang_review(cast).pk}),
    "reports:review_docx": ("get", lambda cast: {"pk": shifang_review(cast).pk}),
    "reports:review_pdf": ("get", lambda cast: {"pk": shifang_review(cast).pk}),
    "ledger:ledger_io:import_preview": ("get", lambda cast: {"sha": shifang_import_upload(cast)}),
    "ledger:ledger_io:import_commit": ("post", lambda cast: {"sha": shifang_import_upload(cast)}),
    "ledger:ledger_io:import_undo": ("post", lambda cast: {"pk": shifang_import_batch(cast).pk}),
    "ledger:ledger_io:import_rejected": ("get", lambda cast: {"pk": shifang_import_batch(cast).pk}),
    "ledger:correction_request": ("post", lambda cast: {"pk": shifang_record(cast).pk}),
    "ledger:correction_decide": ("post", lambda cast: {"pk": shifang_correction(cast).pk}),
    "ledger:correction_detail": ("get", lambda cast: {"pk": shifang_correction(cast).pk}),
    "indicators:drilldown": (
        "get",
        lambda cast: {"code": forum_indicator().code, "unit_pk": cast.shifang.pk},
    ),
}


def all_cases() -> dict:
    """The cases above plus those an app declares in `tongxin/<app>/tests/cross_unit.py`
    as `CASES`, in the same form (so each app keeps its own)."""
    import importlib

    from django.apps import apps

    cases = dict(CROSS_UNIT_CASES)
    for config in apps.get_app_configs():
        if not config.name.startswith("tongxin."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.cross_unit")
        except ModuleNotFoundError:
            continue
        cases.update(module.CASES)
    return cases


def admin_page_names() -> set[str]:
    """URL names an app declares in its `tests/cross_unit.py` as `ADMIN_PAGES`: the
    administrators' pages, which hold no unit's business object and refuse every
    business role (their tests say so), so they need no cross-unit case."""
    import importlib

    from django.apps import apps

    names = set()
    for config in apps.get_app_configs():
        if config.name.startswith("tongxin."):
            try:
                module = importlib.import_module(f"{config.name}.tests.cross_unit")
            except ModuleNotFoundError:
                continue
            names |= set(getattr(module, "ADMIN_PAGES", ()))
    return names


# What a POST carries, so the 404 cannot come from a missing field (the link
# target is the object itself: visible exactly when the object is).
POST_DATA = {"action": "withdraw", "kind": "part_of", "reason": "x"}


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
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        catalogue_ensure()

    def request(self, name, user):
        method, kwargs_for, *auth = all_cases()[name]
        kwargs = kwargs_for(self)
        url = reverse(name, kwargs=kwargs)
        headers = auth[0](user) if auth else {}
        if method == "post":
            data = {**POST_DATA, "target": kwargs.get("pk", "")}
            return self.client.post(url, data, headers=headers)
        return self.client.get(url, headers=headers)

    def test_every_id_taking_view_has_a_cross_unit_case(self):
        missing = id_taking_url_names() - set(all_cases()) - admin_page_names()
        self.assertEqual(missing, set(), "add these URL names to CROSS_UNIT_CASES")

    def test_a_guanghan_reporter_gets_404_for_shifang_objects(self):
        self.client.force_login(self.guanghan_reporter)
        for name in all_cases():
            with self.subTest(name):
                self.assertEqual(self.request(name, self.guanghan_reporter).status_code, 404)

    def test_the_shifang_reporter_reaches_the_same_objects(self):
        # The 404 above must come from scoping, not from a broken case: the owner's
        # reporter gets past the lookup (a role check may still answer 403).
        self.client.force_login(self.shifang_reporter)
        for name in all_cases():
            with self.subTest(name):
                status = self.request(name, self.shifang_reporter).status_code
                self.assertIn(status, (200, 302, 403))
