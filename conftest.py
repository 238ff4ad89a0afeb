"""Root conftest: the summary lines that say plainly when browser tests or the tests of
the reference files (the shared folder: tongxin/reference_testing.py) did not run."""

_browser_skips: list[str] = []
_reference_skips: list[str] = []


def pytest_runtest_logreport(report):
    if not report.skipped:
        return
    # A browser test that reads the reference review counts as a reference skip.
    if _is_reference_skip(report):
        _reference_skips.append(report.nodeid)
    elif "browser" in report.keywords:
        _browser_skips.append(report.nodeid)


def _is_reference_skip(report) -> bool:
    from tongxin.reference_testing import NOT_FOUND

    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    return NOT_FOUND in reason


def pytest_terminal_summary(terminalreporter):
    if _browser_skips:
        terminalreporter.write_line(
            f"浏览器测试未运行 (browser tests did NOT run): {len(_browser_skips)} skipped "
            "because chromium is not installed. Install it with "
            "`apt-get install chromium fonts-noto-cjk` (`.ci/run` does this).",
            yellow=True,
            bold=True,
        )
    if _reference_skips:
        from tongxin.lib.shared import shared_dir

        terminalreporter.write_line(
            f"参考文件未找到 (reference tests did NOT run): {len(_reference_skips)} skipped "
            f"because the reference files were not found in {shared_dir()}. Lay the shared "
            "folder beside the checkout as ../shared or set TONGXIN_SHARED_DIR "
            "(`.ci/run` requires them: TONGXIN_REQUIRE_REFERENCE=1).",
            yellow=True,
            bold=True,
        )


def pytest_report_header(config):
    import os

    url = os.environ.get("DATABASE_URL", "")
    engine = url.split(":", 1)[0] if url else "sqlite (var/ test database)"
    browser = "required" if os.environ.get("TONGXIN_REQUIRE_BROWSER") == "1" else "if installed"
    reference = "required" if os.environ.get("TONGXIN_REQUIRE_REFERENCE") == "1" else "if found"
    return [f"tongxin: database {engine}; browser tests {browser}; reference tests {reference}"]
