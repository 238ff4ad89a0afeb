"""With English selected (the language switch at the page foot sets Django's language
cookie), every page the test cast can open carries no Chinese but user data.

The crawl: every URL pattern without arguments, and every pattern taking one `pk` for a unit,
a user, a record, an enterprise, a request, a bank meeting, a scheme and a review, GET as
each role of the cast. User data is every string
stored in a CharField/TextField of the database (unit names, titles, record types...), the
language names of the switch (each in its own language), and the Chinese an import or a
parser reads (the workbook's column names, 万元, 2022年3月5日, a slogan like 保五奔三), shown
as examples of what to type. A run of Chinese on the page is a leftover unless it is made of
those. Leftovers are printed per page.
"""

import datetime as dt
import re

from django.apps import apps
from django.conf import settings
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation

from tongxin.assessment.services.schemes import scheme_create
from tongxin.cases.importing import LABELS as ENTERPRISE_COLUMNS
from tongxin.cases.services.cases import case_category_ensure, case_receive
from tongxin.cases.services.credit import credit_meeting_create
from tongxin.cases.services.enterprises import enterprise_create
from tongxin.cases.tests.base import make_code
from tongxin.ledger.catalogue import catalogue_ensure
from tongxin.ledger.importing.reading import _HEADER_KEYS as RECORD_COLUMNS
from tongxin.ledger.importing.reading import DATA_SHEET, HELP_SHEET, LISTS_SHEET
from tongxin.ledger.models import RecordType
from tongxin.ledger.parsing import _AMOUNT_UNITS
from tongxin.ledger.services import record_create
from tongxin.reports.services.reviews import review_create
from tongxin.testing import CastTestCase

CJK_RUN = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+")
ROLES = ("city_editor", "guanghan_reporter", "leader", "auditor", "sysadmin", "secadmin")
SKIP_PREFIXES = ("admin/", "api/", "i18n/", "static/", "media/", "__")
# Pages that answer with a file or a redirect only, not HTML.
SKIP_NAMES = {"logout", "set_language"}
# Chinese the user types or an import reads, shown as examples (see the docstring).
INPUT_WORDS = {
    *ENTERPRISE_COLUMNS.values(),
    *RECORD_COLUMNS,
    DATA_SHEET,
    HELP_SHEET,
    LISTS_SHEET,
    *_AMOUNT_UNITS,
    "年",
    "月",
    "日",
    "保五奔三",
    "余件",  # what |approx renders in a (Chinese) review: 70余件
    "〔",  # a review's figure markup: 〔indicator name〕
    "〕",
}


def _patterns(resolver=None, prefix=""):
    """(route, name, converters) of every pattern, joined through includes."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route, entry.name, entry.pattern.converters


def _user_strings() -> list[str]:
    found = set()
    for model in apps.get_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField))
        ]
        for field in fields:
            for value in model._default_manager.values_list(field, flat=True).distinct():
                if value and CJK_RUN.search(value):
                    found.add(value)
                    found.update(CJK_RUN.findall(value))  # as the page shows it, digits apart
    found |= {name for _code, name in settings.LANGUAGES} | INPUT_WORDS
    # Longest first: a title is removed before the unit name inside it.
    return sorted(found, key=len, reverse=True)


def _residue(run: str, user_strings: list[str]) -> str:
    """What is left of a run of Chinese once the user data in it is taken out."""
    for text in user_strings:
        if text in run:
            run = run.replace(text, "")
    return CJK_RUN.sub(lambda m: m.group(0).strip("\u3000：，、（）；。"), run).strip()


class EnglishPagesTests(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        catalogue_ensure()
        cls.record = record_create(
            actor=cls.guanghan_reporter,
            unit=cls.guanghan,
            record_type=RecordType.objects.get(code="forum"),
            date=dt.date(2022, 3, 5),
            title="民营企业家恳谈会",
            description="听取意见建议",
            count=1,
            participants=40,
        )
        enterprise = enterprise_create(
            actor=cls.city_editor,
            name="德阳示例机械有限公司",
            credit_code=make_code(1),
            district=cls.guanghan,
            industry="C",
            ownership="private",
        )
        categories = case_category_ensure()
        cls.objects = {
            "records": cls.record,
            "units": cls.guanghan,
            "users": cls.guanghan_reporter,
            "enterprises": enterprise,
            "cases": case_receive(
                actor=cls.city_editor,
                enterprise=enterprise,
                source="hotline",
                category=categories[0],
                title="用工招聘困难",
                received_on=dt.date(2022, 4, 1),
            ),
            "credit": credit_meeting_create(
                actor=cls.city_editor, title="银企对接会", date=dt.date(2022, 5, 1), unit=cls.city
            ),
            "assessment": scheme_create(
                actor=cls.city_editor, year=2022, name="年度考核", units=[cls.guanghan, cls.shifang]
            ),
            "reviews": review_create(
                actor=cls.city_editor,
                year=2022,
                unit=cls.city,
                title="2022年统战工作综述",
                source="今年召开恳谈会。",
                created_by=cls.city_editor,
            ),
        }

    def _urls(self) -> list[str]:
        urls = []
        for route, name, converters in _patterns():
            if route.startswith(SKIP_PREFIXES) or name in SKIP_NAMES or not name:
                continue
            path = "/" + re.sub(r"^\^|\$$", "", route)
            if not converters:
                if "(" not in path:
                    urls.append(path)
            elif list(converters) == ["pk"]:
                for word, obj in self.objects.items():
                    if f"/{word}/<int:pk>/" in path:
                        urls.append(path.replace("<int:pk>", str(obj.pk)))
        return sorted(set(urls))

    def test_no_chinese_outside_user_data_with_english_selected(self):
        user_strings = _user_strings()
        known = set(user_strings)
        leftovers, checked = {}, 0
        urls = self._urls()
        self.assertGreater(len(urls), 10)
        for role in ROLES:
            self.client.force_login(getattr(self, role))
            self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
            for url in urls:
                response = self.client.get(url)
                if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                    continue
                checked += 1
                runs = set(CJK_RUN.findall(response.content.decode()))
                left = sorted(run for run in runs - known if _residue(run, user_strings))
                if left:
                    leftovers[f"{role} {url}"] = left
        translation.activate(settings.LANGUAGE_CODE)
        self.assertGreater(checked, 120)  # 152 page views when written
        report = "\n".join(f"{page}: {' | '.join(runs)}" for page, runs in leftovers.items())
        self.assertEqual(leftovers, {}, f"Chinese left on {len(leftovers)} pages:\n{report}")
