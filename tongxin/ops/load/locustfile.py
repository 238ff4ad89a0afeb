"""The load test's simulated staff (locust). Run by `tongxin loadtest`, which sets
TONGXIN_LOAD_FIXTURE to the JSON written by `tongxin.ops.load.prepare`.

Each user logs in once as one of the demo's business accounts (taken in turn, so 50
users share 8 accounts as colleagues of an office would; only failed logins slow an
address down, successful ones never do), then, waiting 1-3 s between steps as people
do, mixes: the ledger list with filters or a search, the indicators dashboard, a
record's page, creating and submitting a record (form, then POST), and opening a
request (case). Any answer other than the page asked for (an error, a redirect to the
login page, a form shown again with errors) counts as a failure.
"""

import datetime as dt
import itertools
import json
import os
import random
import re

from locust import HttpUser, between, events, task

with open(os.environ["TONGXIN_LOAD_FIXTURE"], encoding="utf-8") as _f:
    FIXTURE = json.load(_f)
_ACCOUNTS = itertools.cycle(FIXTURE["users"])
LOGIN = "/accounts/login/"
RECORD_URL = re.compile(r"/ledger/records/(\d+)/$")

# Every workload request's time (ms) and outcome once all users are working, the
# one-time logins aside, written at the end for exact percentiles (locust's own are
# rounded to its histogram buckets).
_WORKLOAD: list[tuple[float, bool]] = []


@events.request.add_listener
def _note(name, response_time, exception, **kwargs):
    if not name.startswith("login"):
        _WORKLOAD.append((response_time, exception is None))


@events.spawning_complete.add_listener
def _steady(**kwargs):
    # The figures are those of the steady state: every user logged in and working
    # (locust's own are reset at the same moment, --reset-stats).
    _WORKLOAD.clear()


@events.quitting.add_listener
def _write(**kwargs):
    path = os.environ.get("TONGXIN_LOAD_TIMES")
    if path:
        with open(path, "w", encoding="utf-8") as f:
            json.dump(_WORKLOAD, f)


class Staff(HttpUser):
    wait_time = between(1, 3)

    def on_start(self):
        self.account = next(_ACCOUNTS)
        self.rng = random.Random()
        self.created: list[int] = []
        # A new connection each request: gunicorn closes an idle keep-alive connection
        # after 2 s, and a request sent on it at that moment is reset (a browser would
        # retry it unseen; requests does not).
        self.client.headers["Connection"] = "close"
        self.client.get(LOGIN, name="login (form)")
        data = {"username": self.account["username"], "password": self.account["password"]}
        with self._post(LOGIN, data, name="login") as response:
            if LOGIN in response.url:
                response.failure(f"login refused for {self.account['username']}")

    # ---- helpers ----

    def _post(self, url: str, data: dict, *, name: str):
        token = self.client.cookies.get("csrftoken", "")
        return self.client.post(
            url,
            data={**data, "csrfmiddlewaretoken": token},
            headers={"X-CSRFToken": token, "Referer": self.host + url},
            name=name,
            catch_response=True,
        )

    def _get(self, url: str, *, name: str, params: dict | None = None):
        with self.client.get(url, params=params, name=name, catch_response=True) as response:
            if response.status_code != 200:
                # 0: no HTTP answer at all (connection refused or reset, timeout).
                response.failure(f"{response.status_code} {response.error or ''}".strip())
            elif LOGIN in response.url:
                response.failure("sent to the login page")
            return response

    # ---- the workload ----

    @task(4)
    def ledger_list(self):
        a, rng = self.account, self.rng
        year = rng.choice(FIXTURE["years"])
        params = rng.choice(
            [
                {"year": year},
                {"unit": rng.choice(a["units"]), "year": year},
                {"unit": a["unit_id"], "year": year, "page": 2},
                {"status": "submitted"},
                {"type": rng.choice(FIXTURE["types"])["id"], "year": year},
            ]
        )
        self._get("/ledger/", name="/ledger/ (filters)", params=params)

    @task(1)
    def ledger_search(self):
        self._get(
            "/ledger/", name="/ledger/?q=", params={"q": self.rng.choice(FIXTURE["searches"])}
        )

    @task(3)
    def dashboard(self):
        params = {"period": f"{self.rng.choice([2022, 2023])}-Y"} if self.rng.random() < 0.5 else {}
        self._get("/indicators/", name="/indicators/ (dashboard)", params=params)

    @task(3)
    def record_detail(self):
        ids = self.account["records"] + self.created
        if ids:
            self._get(f"/ledger/records/{self.rng.choice(ids)}/", name="/ledger/records/<id>/")

    @task(1)
    def create_and_submit(self):
        if not self.account["can_record"]:
            return self.ledger_list()
        self._get("/ledger/records/new/", name="/ledger/records/new/ (form)")
        kind = self.rng.choice(FIXTURE["types"])
        today = dt.date.today() - dt.timedelta(days=self.rng.randrange(30))
        # i18n: data (a synthetic record the load test posts)
        data = {
            "unit": self.account["unit_id"],
            "record_type": kind["id"],
            "date": today.isoformat(),
            "title": f"负载测试：召开统战工作座谈会 {self.rng.randrange(10**6)}",
            "description": "会议听取了近年来工作成效的汇报，部署了下一步工作安排。",
            "count": 1 if kind["count"] else "",
            "participants": self.rng.randint(10, 80) if kind["participants"] else "",
            "amount": "100000" if kind["amount"] else "",
            "submit": "1",
        }
        with self._post("/ledger/records/new/", data, name="/ledger/records/new/ (submit)") as r:
            found = RECORD_URL.search(r.url)
            if r.status_code != 200 or not found:
                r.failure(f"{r.status_code}: not saved (ended at {r.url})")
            else:
                self.created.append(int(found.group(1)))

    @task(2)
    def open_request(self):
        if self.account["cases"]:
            case = self.rng.choice(self.account["cases"])
            self._get(f"/cases/{case}/", name="/cases/<id>/")
        else:
            self._get("/cases/", name="/cases/")
