"""Root conftest: the summary line that says plainly when browser tests did not run."""

_browser_skips: list[str] = []


def pytest_runtest_logreport(report):
    if report.skipped and "browser" in report.keywords:
        _browser_skips.append(report.nodeid)


def pytest_terminal_summary(terminalreporter):
    if _browser_skips:
        terminalreporter.write_line(
            f"浏览器测试未运行 (browser tests did NOT run): {len(_browser_skips)} skipped "
            "because chromium is not installed. Install it with "
            "`apt-get install chromium fonts-noto-cjk` (`.ci/run` does this).",
            yellow=True,
            bold=True,
        )


def pytest_report_header(config):
    import os

    url = os.environ.get("DATABASE_URL", "")
    engine = url.split(":", 1)[0] if url else "sqlite (var/ test database)"
    browser = "required" if os.environ.get("TONGXIN_REQUIRE_BROWSER") == "1" else "if installed"
    return [f"tongxin: database {engine}; browser tests {browser}"]
