"""The load test's parts (`tongxin loadtest`): the fixture its simulated users pick from,
every step of the mix giving every account the page it asks for, and the JSON's
per-step figures. The run itself (gunicorn, locust, minutes) is a benchmark, not a
test: its figures are in docs/benchmarks.md ("Load")."""

import json
import random
import tempfile
from pathlib import Path

from django.test import SimpleTestCase, TestCase

from tongxin.accounts.models import Unit, User
from tongxin.ops.demo import load_demo
from tongxin.ops.load import prepare, steps
from tongxin.ops.load.run import _workload_figures
from tongxin.reports.models import Review

DRAWS = 6  # random draws of each step per account


class LoadFixtureTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo()
        cls.fixture = prepare.fixture()
        cls.accounts = {a["username"]: a for a in cls.fixture["users"]}

    def test_only_the_department_accounts_are_sent_to_the_draft_review(self):
        draft = Review.objects.get(year=2022, published_version=None)
        for username, account in self.accounts.items():
            with self.subTest(username):
                expected = [draft.pk] if username in ("editor", "leader") else []
                self.assertEqual(account["reviews"], expected)

    def test_drilldowns_are_the_indicators_with_a_record_list(self):
        codes = set(self.fixture["drilldowns"])
        self.assertIn("party_consultations", codes)  # a count
        self.assertIn("hmto_credit", codes)  # a sum
        self.assertIn("hmto_reply_rate", codes)  # a rate of two counts
        self.assertNotIn("provincial_rank", codes)  # a manual value

    def test_a_reporter_starts_from_their_own_unit_the_others_from_the_top(self):
        department = Unit.objects.get(parent=None).pk
        for username, account in self.accounts.items():
            with self.subTest(username):
                user = User.objects.get(username=username)
                top = department if username in ("editor", "leader") else user.unit_id
                self.assertEqual(account["top_unit"], top)
                self.assertIn(account["top_unit"], account["units"])

    def assert_page(self, step, username):
        name, url, params = step
        response = self.client.get(url, params or {})
        self.assertEqual(response.status_code, 200, f"{username} {name} {url} {params}")

    def test_every_step_gives_every_account_the_page_asked_for(self):
        rng = random.Random(7)
        for username, account in self.accounts.items():
            self.client.force_login(User.objects.get(username=username))
            chosen = [steps.home(), steps.case(account, rng)]
            for _ in range(DRAWS):
                chosen += [
                    steps.ledger_list(self.fixture, account, rng),
                    steps.ledger_search(self.fixture, rng),
                    steps.dashboard(rng),
                    steps.drilldown(self.fixture, account, rng),
                    steps.record(account, [], rng),
                    steps.review(account, rng),
                ]
            for step in filter(None, chosen):
                with self.subTest(username=username, step=step[0]):
                    self.assert_page(step, username)

    def test_every_drilldown_opens_for_the_top_of_a_reporter_and_of_the_department(self):
        for username in ("editor", "guanghan"):
            account = self.accounts[username]
            self.client.force_login(User.objects.get(username=username))
            for code in self.fixture["drilldowns"]:
                only = {**self.fixture, "drilldowns": [code]}
                rng = random.Random(code)
                step = steps.drilldown(only, {**account, "units": [account["top_unit"]]}, rng)
                with self.subTest(username=username, code=code):
                    self.assert_page(step, username)

    def test_the_posted_record_is_saved_and_its_page_shown(self):
        rng = random.Random(3)
        for username in ("editor", "guanghan"):
            account = self.accounts[username]
            self.client.force_login(User.objects.get(username=username))
            with self.subTest(username):
                self.assertEqual(self.client.get(steps.RECORD_NEW).status_code, 200)
                data = steps.record_form_data(self.fixture, account, rng)
                response = self.client.post(steps.RECORD_NEW, data, follow=True)
                self.assertEqual(response.status_code, 200)
                self.assertRegex(response.redirect_chain[-1][0], r"/ledger/records/\d+/$")


class WorkloadFiguresTests(SimpleTestCase):
    def figures(self, times: list) -> dict:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "times.json"
            path.write_text(json.dumps(times))
            return _workload_figures(path, seconds=10)

    def test_each_step_has_its_own_percentiles_slowest_first(self):
        times = [[steps.HOME, float(ms), True] for ms in range(1, 101)]
        times += [[steps.REVIEW, 400.0, True], [steps.REVIEW, 200.0, False]]
        result = self.figures(times)
        self.assertEqual(result["requests"], 102)
        self.assertEqual(result["errors"], 1)
        review, home = result["steps"]
        self.assertEqual(review["name"], steps.REVIEW)
        self.assertEqual((review["requests"], review["p95_ms"], review["errors"]), (2, 400.0, 1))
        self.assertEqual(home["name"], steps.HOME)
        self.assertEqual((home["p50_ms"], home["p95_ms"], home["max_ms"]), (50.0, 95.0, 100.0))

    def test_no_times_written_gives_no_figures(self):
        self.assertEqual(self.figures([]), {})
