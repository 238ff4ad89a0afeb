"""The strict CSP and the Permissions-Policy (issue 22): on every page, and no template
writes what the CSP would refuse (inline script or style, on* handlers, javascript:)."""

import re
from pathlib import Path

from django.urls import reverse

from tongxin.testing import CastTestCase

ROOT = Path(__file__).resolve().parents[3]
INLINE = {
    "inline <script>": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "<style> element": re.compile(r"<style[\s>]", re.I),
    "style= attribute": re.compile(r"\sstyle\s*=", re.I),
    "on* handler": re.compile(r"\son[a-z]+\s*=", re.I),
    "hx-on (eval)": re.compile(r"\shx-on[:-]", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


class SecurityHeaderTests(CastTestCase):
    def test_pages_carry_a_strict_csp_and_a_permissions_policy(self):
        self.client.force_login(self.city_editor)
        for path in (reverse("core:home"), reverse("ledger:record_list"), "/accounts/login/"):
            with self.subTest(path):
                response = self.client.get(path)
                csp = response["Content-Security-Policy"]
                self.assertIn("script-src 'self'", csp)
                self.assertIn("style-src 'self'", csp)
                self.assertNotIn("unsafe-inline", csp)
                self.assertIn("frame-ancestors 'none'", csp)
                policy = response["Permissions-Policy"]
                self.assertIn("camera=(self)", policy)
                self.assertIn("geolocation=()", policy)
                self.assertIn("microphone=()", policy)

    def test_base_turns_off_htmx_inline_indicator_style(self):
        response = self.client.get("/accounts/login/")
        self.assertContains(response, '"includeIndicatorStyles": false')


def test_no_template_writes_inline_script_or_style():
    found = []
    templates = sorted(ROOT.glob("tongxin/**/templates/**/*.html"))
    assert len(templates) > 50
    for template in templates:
        text = template.read_text(encoding="utf-8")
        for what, pattern in INLINE.items():
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{template.relative_to(ROOT)}:{line}: {what}")
    assert found == [], "\n".join(found)
