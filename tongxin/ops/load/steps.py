"""What each step of the load test asks for: (name, path, query) chosen from the
fixture `prepare.py` wrote, for one account. Kept apart from the locustfile (which
only sends them) so the test suite can check, without locust, that every step gives
every account the page it asks for (tongxin/ops/tests/test_loadtest.py)."""

import datetime as dt
import random

# Step names as they appear in the JSON's `steps` and `endpoints` (one per page).
HOME = "/ (home)"
LEDGER_LIST = "/ledger/ (filters)"
LEDGER_SEARCH = "/ledger/?q="
DASHBOARD = "/indicators/ (dashboard)"
DRILLDOWN = "/indicators/<code>/unit/<id>/records/ (drill-down)"
RECORD = "/ledger/records/<id>/"
RECORD_FORM = "/ledger/records/new/ (form)"
RECORD_SUBMIT = "/ledger/records/new/ (submit)"
REVIEW = "/reports/reviews/<id>/ (draft review)"
CASE = "/cases/<id>/"
CASES = "/cases/"
RECORD_NEW = "/ledger/records/new/"

Step = tuple[str, str, dict | None]


def home() -> Step:
    return HOME, "/", None


def ledger_list(fixture: dict, account: dict, rng: random.Random) -> Step:
    year = rng.choice(fixture["years"])
    params = rng.choice(
        [
            {"year": year},
            {"unit": rng.choice(account["units"]), "year": year},
            {"unit": account["unit_id"], "year": year, "page": 2},
            {"status": "submitted"},
            {"type": rng.choice(fixture["types"])["id"], "year": year},
        ]
    )
    return LEDGER_LIST, "/ledger/", params


def ledger_search(fixture: dict, rng: random.Random) -> Step:
    return LEDGER_SEARCH, "/ledger/", {"q": rng.choice(fixture["searches"])}


def dashboard(rng: random.Random) -> Step:
    params = {"period": f"{rng.choice([2022, 2023])}-Y"} if rng.random() < 0.5 else {}
    return DASHBOARD, "/indicators/", params


def drilldown(fixture: dict, account: dict, rng: random.Random) -> Step:
    """The records behind one figure, as from the dashboard or the home page's key
    figures: a counted indicator (a rate shows its two lists), the user's own top unit
    or another unit they see, a year of the demo or one of its quarters."""
    code = rng.choice(fixture["drilldowns"])
    unit = account["top_unit"] if rng.random() < 0.5 else rng.choice(account["units"])
    year = rng.choice([2022, 2023])
    kind = "Y" if rng.random() < 0.75 else rng.choice(["H1", "Q2", "Q4"])
    return DRILLDOWN, f"/indicators/{code}/unit/{unit}/records/", {"period": f"{year}-{kind}"}


def record(account: dict, created: list[int], rng: random.Random) -> Step | None:
    ids = account["records"] + created
    return (RECORD, f"/ledger/records/{rng.choice(ids)}/", None) if ids else None


def review(account: dict, rng: random.Random) -> Step | None:
    """The demo's draft review (its figures computed live), for the accounts that see
    it (the department's editor and leader; a county reporter sees none)."""
    if not account["reviews"]:
        return None
    return REVIEW, f"/reports/reviews/{rng.choice(account['reviews'])}/", None


def case(account: dict, rng: random.Random) -> Step:
    if account["cases"]:
        return CASE, f"/cases/{rng.choice(account['cases'])}/", None
    return CASES, "/cases/", None


def record_form_data(fixture: dict, account: dict, rng: random.Random) -> dict:
    """A record to create and submit, of one of the active types, dated this month."""
    kind = rng.choice(fixture["types"])
    day = dt.date.today() - dt.timedelta(days=rng.randrange(30))
    # i18n: data (a synthetic record the load test posts)
    return {
        "unit": account["unit_id"],
        "record_type": kind["id"],
        "date": day.isoformat(),
        "title": f"负载测试：召开统战工作座谈会 {rng.randrange(10**6)}",
        "description": "会议听取了近年来工作成效的汇报，部署了下一步工作安排。",
        "count": 1 if kind["count"] else "",
        "participants": rng.randint(10, 80) if kind["participants"] else "",
        "amount": "100000" if kind["amount"] else "",
        "submit": "1",
    }
