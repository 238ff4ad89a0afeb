"""The browser tests notice a Content-Security-Policy violation (issue 22): the CSP is
on under the live server, and a violation on a page reaches `csp_violations`, which
tearDown fails the test on."""

from tongxin.browser_testing import BrowserTestCase


class CspInTheBrowserTests(BrowserTestCase):
    def test_an_inline_style_is_refused_and_reported(self):
        self.page.goto(self.url("/accounts/login/"))
        self.page.evaluate(
            "document.body.insertAdjacentHTML('beforeend', '<span style=\"color: red\">x</span>')"
        )
        self.page.wait_for_timeout(300)  # the report is queued as a task
        self.assertTrue(self.csp_violations, "no violation reported")
        self.assertIn("style-src", " ".join(self.csp_violations))
        self.csp_violations.clear()  # seen: this test expected it

    def test_a_page_without_inline_code_reports_nothing(self):
        self.log_in("editor", "")  # the login page and its error: both must be clean
        self.page.wait_for_timeout(300)
        self.assertEqual(self.csp_violations, [])
