"""The load test's simulated staff (locust). Run by `tongxin loadtest`, which sets
TONGXIN_LOAD_FIXTURE to the JSON written by `tongxin.ops.load.prepare`.

Each user logs in once as one of the demo's business accounts (taken in turn, so 50
users share 8 accounts as colleagues of an office would; only failed logins slow an
address down, successful ones never do), then, waiting 1-3 s between steps as people
do, mixes: the home page, the ledger list with filters or a search, the indicators
dashboard, the records behind one figure (drill-down), a record's page, creating and
submitting a record (form, then POST), the demo's draft annual review, and opening a
request (case). Any answer other than the page asked for (an error, a redirect to the
login page, a form shown again with errors) counts as a failure.
"""

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, events, task

from tongxin.ops.load import steps

with open(os.environ["TONGXIN_LOAD_FIXTURE"], encoding="utf-8") as _f:
    FIXTURE = json.load(_f)
_ACCOUNTS = itertools.cycle(FIXTURE["users"])
LOGIN = "/accounts/login/"
RECORD_URL = re.compile(r"/ledger/records/(\d+)/$")

# Every workload request's step, time (ms) and outcome once all users are working, the
# one-time logins aside, written at the end for exact percentiles, overall and per
# step (locust's own are rounded to its histogram buckets).
_WORKLOAD: list[tuple[str, float, bool]] = []


@events.request.add_listener
def _note(name, response_time, exception, **kwargs):
    if not name.startswith("login"):
        _WORKLOAD.append((name, response_time, exception is None))


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

    # ---- the workload (what each step asks for: steps.py) ----

    def _step(self, step: steps.Step | None) -> bool:
        if step is None:
            return False
        name, url, params = step
        self._get(url, name=name, params=params)
        return True

    @task(2)
    def home(self):
        self._step(steps.home())

    @task(4)
    def ledger_list(self):
        self._step(steps.ledger_list(FIXTURE, self.account, self.rng))

    @task(1)
    def ledger_search(self):
        self._step(steps.ledger_search(FIXTURE, self.rng))

    @task(3)
    def dashboard(self):
        self._step(steps.dashboard(self.rng))

    @task(2)
    def drilldown(self):
        self._step(steps.drilldown(FIXTURE, self.account, self.rng))

    @task(3)
    def record_detail(self):
        self._step(steps.record(self.account, self.created, self.rng))

    @task(1)
    def create_and_submit(self):
        if not self.account["can_record"]:
            return self.ledger_list()
        self._get(steps.RECORD_NEW, name=steps.RECORD_FORM)
        data = steps.record_form_data(FIXTURE, self.account, self.rng)
        with self._post(steps.RECORD_NEW, data, name=steps.RECORD_SUBMIT) as r:
            found = RECORD_URL.search(r.url)
            if r.status_code != 200 or not found:
                r.failure(f"{r.status_code}: not saved (ended at {r.url})")
            else:
                self.created.append(int(found.group(1)))

    @task(2)
    def review(self):
        # Only the department's accounts see the demo's review; the others go home.
        if not self._step(steps.review(self.account, self.rng)):
            self.home()

    @task(2)
    def open_request(self):
        self._step(steps.case(self.account, self.rng))
