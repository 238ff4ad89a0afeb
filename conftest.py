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
