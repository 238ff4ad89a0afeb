"""Browser tests: Playwright driving Debian's chromium against a live test server.

Without chromium the tests are skipped and the run's summary says so plainly;
with TONGXIN_REQUIRE_BROWSER=1 (set by .ci/run) a missing browser is a failure.
"""

import os
import shutil
import unittest
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles.testing import StaticLiveServerTestCase

from tongxin.testing import build_cast

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
SCREENSHOT_DIR = Path(settings.VAR_DIR) / "screenshots"
CSP_PREFIX = "csp-violation:"
# Runs before the page's own scripts (Playwright's init scripts are not subject to the
# page's CSP) and reports each violation on the console, where the test collects it.
CSP_LISTENER = (
    "document.addEventListener('securitypolicyviolation', (e) => console.error("
    f"'{CSP_PREFIX} ' + e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile"
    " + ':' + e.lineNumber + ' ' + (e.sample || '')));"
)


def find_chromium() -> str | None:
    for candidate in (os.environ.get("CHROMIUM_PATH"), "chromium", "chromium-browser"):
        if candidate:
            found = shutil.which(candidate)
            if found:
                return found
    return None


@pytest.mark.browser
class BrowserTestCase(StaticLiveServerTestCase):
    """A live server with the shared cast, and one chromium for the class."""

    host = "127.0.0.1"

    @classmethod
    def setUpClass(cls):
        executable = find_chromium()
        if executable is None:
            if os.environ.get("TONGXIN_REQUIRE_BROWSER") == "1":
                raise RuntimeError(
                    "chromium is required (TONGXIN_REQUIRE_BROWSER=1) but was not found; "
                    "install it with `apt-get install chromium fonts-noto-cjk`"
                )
            raise unittest.SkipTest("chromium is not installed: browser tests did not run")
        # Playwright's sync API runs an event loop in this thread; the ORM calls the
        # tests make are still synchronous, so Django's async guard does not apply.
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        super().setUpClass()
        from playwright.sync_api import sync_playwright

        cls._playwright = sync_playwright().start()
        cls.browser = cls._playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)

    @classmethod
    def tearDownClass(cls):
        cls.browser.close()
        cls._playwright.stop()
        super().tearDownClass()

    def setUp(self):
        build_cast(self)
        self.context = self.browser.new_context(viewport=DESKTOP, locale="zh-CN")
        self.watch_csp(self.context)
        self.page = self.context.new_page()

    def watch_csp(self, context) -> None:
        """Record every Content-Security-Policy violation on `context`'s pages: the
        console's report and the page's own `securitypolicyviolation` event (issue 22).
        tearDown fails the test on any. Call it for contexts a test makes itself."""
        if not hasattr(self, "csp_violations"):
            self.csp_violations = []
        context.add_init_script(CSP_LISTENER)

        def on_console(message):
            text = message.text
            if "Content Security Policy" in text or text.startswith(CSP_PREFIX):
                self.csp_violations.append(text)

        context.on("console", on_console)

    def tearDown(self):
        self.context.close()
        violations = getattr(self, "csp_violations", [])
        if violations:
            self.fail(
                "Content-Security-Policy violations:\n" + "\n".join(dict.fromkeys(violations))
            )

    def url(self, path: str) -> str:
        return f"{self.live_server_url}{path}"

    def log_in(self, username: str, password: str) -> None:
        self.page.goto(self.url("/accounts/login/"))
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        self.page.click("button[type=submit]")

    def screenshot_both_widths(self, name: str) -> list[Path]:
        """The current page at desktop and at phone width, under var/screenshots/."""
        paths = []
        for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            self.page.set_viewport_size(viewport)
            path = SCREENSHOT_DIR / f"{name}-{label}.png"
            self.page.screenshot(path=str(path), full_page=True)
            paths.append(path)
        self.page.set_viewport_size(DESKTOP)
        return paths

    def assert_fits_phone_width(self) -> None:
        """Nothing makes the page scroll sideways at phone width."""
        self.page.set_viewport_size(PHONE)
        overflow = self.page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        self.page.set_viewport_size(DESKTOP)
        self.assertLessEqual(overflow, 0, "the page scrolls sideways at phone width")
