"""Assessment's record owners (ledger/owners.py): a training class, a secondment batch
and a site own the records they wrote."""

import datetime as dt

from django.urls import reverse

from tongxin.assessment.models import SiteCategory
from tongxin.assessment.services import programmes, sites
from tongxin.ledger.owners import record_owners
from tongxin.ledger.tests.base import LedgerTestCase


class AssessmentRecordOwnerTests(LedgerTestCase):
    def test_each_owner_is_found_with_its_page(self):
        training = programmes.training_class_create(
            actor=self.guanghan_reporter,
            unit=self.guanghan,
            name="广汉市民营经济人士培训班",
            start=dt.date(2022, 5, 15),
            participants=30,
        )
        batch = programmes.secondment_batch_create(
            actor=self.city_editor,
            unit=self.city,
            batch=3,
            persons=[{"person_name": "张明", "home_unit": "民盟", "host_unit": "发改委"}],
            start=dt.date(2022, 3, 1),
        )
        site = sites.site_create(
            actor=self.city_editor,
            name="德阳市同心教育基地",
            unit=self.city,
            category=SiteCategory.BASE,
            designation="同心教育基地",
            designated_on=dt.date(2022, 6, 1),
        )
        records = [training.record, batch[0].record, site.record]
        owners = record_owners(records)
        self.assertEqual(
            [(owners[r.pk].kind.key, owners[r.pk].url) for r in records],
            [
                (
                    "assessment.training_class",
                    reverse("assessment:training_detail", args=[training.pk]),
                ),
                ("assessment.secondment", reverse("assessment:programme_list")),
                ("assessment.site", reverse("assessment:site_detail", args=[site.pk])),
            ],
        )
        self.assertEqual(owners[batch[0].record_id].label, "挂职干部（第3批）")
