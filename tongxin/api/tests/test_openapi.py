"""The OpenAPI schema: served without a token, valid, every error documented; and
a schemathesis run over every operation finds no server error and no response
that breaks the schema, on SQLite and PostgreSQL alike."""

import time
from collections import Counter, defaultdict

import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tongxin.api.errors import ERROR_STATUSES
from tongxin.api.tests.base import ApiTestCase, bearer, make_record
from tongxin.cases.tests.base import make_case, make_enterprise

SCHEMA_URL = "/api/v1/openapi.json"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Per operation and generation mode; small enough for the whole run to take well
# under a minute on the CI machine.
MAX_EXAMPLES = 10


class OpenApiSchemaTests(ApiTestCase):
    def test_the_schema_is_served_without_a_token_and_is_valid_openapi(self):
        response = self.client.get(SCHEMA_URL)
        self.assertEqual(response.status_code, 200)
        raw = response.json()
        schemathesis.openapi.from_dict(raw).validate()  # raises on an invalid document
        self.assertEqual(
            set(raw["paths"]),
            {
                "/api/v1/records/",
                "/api/v1/records/{record_id}/",
                "/api/v1/records/{record_id}/submit/",
                "/api/v1/cases/",
                "/api/v1/cases/{case_id}/",
                "/api/v1/units/",
                "/api/v1/enterprises/",
                "/api/v1/enterprises/{enterprise_id}/",
                "/api/v1/indicators/",
                "/api/v1/reviews/{year}/",
            },
        )
        self.assertEqual(raw["components"]["securitySchemes"]["BearerToken"]["scheme"], "bearer")

    def test_every_operation_documents_every_error(self):
        raw = self.client.get(SCHEMA_URL).json()
        for path, operations in raw["paths"].items():
            for method, operation in operations.items():
                with self.subTest(f"{method.upper()} {path}"):
                    documented = set(operation["responses"])
                    self.assertTrue({str(s) for s in ERROR_STATUSES} <= documented, documented)


class SchemathesisRunTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        from tongxin.reports.services.reviews import review_create, review_sign_off

        # Objects for the generated requests to find, not only 404s.
        cls.record = make_record(cls, actor=cls.guanghan_reporter, unit=cls.guanghan)
        cls.case = make_case(
            cls,
            enterprise=make_enterprise(cls, district=cls.guanghan),
            lead=cls.guanghan,
            until="assigned",
        )
        review = review_create(
            actor=None,
            year=2021,
            unit=cls.city,
            title="2021年统战工作综述",
            source="# 总体情况\n全年工作扎实推进。",
            created_by=cls.city_editor,
        )
        review_sign_off(actor=cls.leader, version=review.versions.get())

    def setUp(self):
        # The app runs on the test's own connection; Django's request signals would
        # close it (and with it the test's transaction) after each call.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        self.addCleanup(request_started.connect, close_old_connections)
        self.addCleanup(request_finished.connect, close_old_connections)
        self.statuses: dict[str, Counter] = defaultdict(Counter)

    def valid_references(self, operation):
        """For a second pass of the writes: generated bodies with the references
        (type code, enterprise, version) made valid, so the services themselves meet
        generated titles, dates, measures and tags, not only the lookups' 400."""
        record = self.record

        def fix(case):
            body = case.body if isinstance(case.body, dict) else None
            if body is None:
                return case
            if operation.label == "POST /api/v1/records/":
                body.update(record_type="forum")
                body.pop("unit", None)
                body.pop("area", None)
            elif operation.label == "PATCH /api/v1/records/{record_id}/":
                record.refresh_from_db(fields=["version"])
                body.update(version=record.version)
                for name in ("unit", "record_type", "area"):
                    body.pop(name, None)
            elif operation.label == "POST /api/v1/cases/":
                body.update(enterprise=self.case.enterprise_id, category="融资信贷")
                body.update(source="hotline", forum_record=None)
            return case

        return fix

    def run_operation(self, operation, headers, mode, path_parameters=None, fix=None):
        strategy = operation.as_strategy(
            generation_mode=mode, headers=headers, path_parameters=path_parameters
        )
        if fix is not None:
            strategy = strategy.map(fix)
        statuses = self.statuses[operation.label]

        @given(case=strategy)
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,  # the same cases on every run: CI never flickers
            suppress_health_check=list(HealthCheck),
        )
        def exercise(case):
            # A savepoint per request: a failed one cannot poison the test's transaction.
            with transaction.atomic():
                response = case.call()
                statuses[response.status_code] += 1
                case.validate_response(response, checks=CHECKS)

        exercise()

    def test_every_operation_as_the_department_and_a_reporter(self):
        started = time.monotonic()
        schema = schemathesis.openapi.from_wsgi(SCHEMA_URL, WSGIHandler())
        existing = {
            "record_id": self.record.pk,
            "case_id": self.case.pk,
            "enterprise_id": self.case.enterprise_id,
            "year": 2021,
        }
        users = {"editor": self.city_editor, "reporter": self.guanghan_reporter}
        operations = [result.ok() for result in schema.get_all_operations()]
        self.assertEqual(len(operations), 13)
        for who, user in users.items():
            headers = bearer(user)
            for operation in operations:
                names = {p.name for p in operation.path_parameters}
                fixed = {k: v for k, v in existing.items() if k in names} or None
                for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                    with self.subTest(who=who, operation=operation.label, mode=mode.value):
                        self.run_operation(operation, headers, mode)
                        if fixed and mode == GenerationMode.POSITIVE:
                            self.run_operation(operation, headers, mode, path_parameters=fixed)
                        if operation.method.upper() in ("POST", "PATCH") and (
                            mode == GenerationMode.POSITIVE
                        ):
                            self.run_operation(
                                operation,
                                headers,
                                mode,
                                path_parameters=fixed,
                                fix=self.valid_references(operation),
                            )
        print(f"\nschemathesis: {time.monotonic() - started:.1f} s")
        for label, counts in sorted(self.statuses.items()):
            print(f"  {label}: {dict(sorted(counts.items()))}")
        # The run reached the views, not only the authentication and the 404s.
        for label, counts in self.statuses.items():
            if label.startswith("GET") or label.endswith("/records/"):
                with self.subTest(label):
                    self.assertTrue(any(200 <= s < 300 for s in counts), counts)
