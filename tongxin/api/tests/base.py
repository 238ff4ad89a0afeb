"""The API's test base: the cast, the catalogue, and a token per cast member."""

import datetime as dt
import json

from tongxin.api.services import api_token_create
from tongxin.ledger.catalogue import catalogue_ensure
from tongxin.ledger.models import RecordType
from tongxin.ledger.services import record_create
from tongxin.testing import CastTestCase

API = "/api/v1"
NEW_RECORD = {"record_type": "forum", "date": "2023-06-01", "title": "广汉市民营企业家恳谈会"}


def bearer(user) -> dict:
    """Headers that authenticate as `user` with a fresh token of theirs."""
    _, raw = api_token_create(actor=user, name="测试")
    return {"Authorization": f"Bearer {raw}"}


def make_record(cast, *, actor, unit, title="民营企业家恳谈会", submit=False, date=None):
    return record_create(
        actor=actor,
        unit=unit,
        record_type=RecordType.objects.get(code="forum"),
        date=date or dt.date(2023, 5, 1),
        title=title,
        submit=submit,
    )


class ApiTestCase(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        catalogue_ensure()

    def call(self, method: str, path: str, *, user=None, headers=None, body=None):
        headers = headers if headers is not None else (bearer(user) if user else {})
        kwargs = {"headers": headers}
        if body is not None:
            kwargs["data"] = json.dumps(body, ensure_ascii=False)
            kwargs["content_type"] = "application/json"
        return getattr(self.client, method)(f"{API}{path}", **kwargs)
