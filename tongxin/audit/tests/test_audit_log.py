from django.db import transaction
from django.test import RequestFactory, override_settings

from tongxin.accounts.models import UnitKind
from tongxin.accounts.services.units import unit_create
from tongxin.audit.middleware import client_ip_from_request
from tongxin.audit.models import AppendOnlyError, AuditEvent
from tongxin.audit.services import audit_log
from tongxin.testing import CastTestCase


class AppendOnlyTests(CastTestCase):
    def test_events_cannot_be_changed_or_deleted(self):
        event = AuditEvent.objects.first()
        event.action = "forged"
        with self.assertRaises(AppendOnlyError):
            event.save()
        with self.assertRaises(AppendOnlyError):
            event.delete()
        with self.assertRaises(AppendOnlyError):
            AuditEvent.objects.filter(pk=event.pk).update(action="forged")
        with self.assertRaises(AppendOnlyError):
            AuditEvent.objects.all().delete()

    def test_audit_log_refuses_to_run_outside_a_transaction(self):
        # TestCase wraps each test in a transaction; leave it to see the guard.
        conn = transaction.get_connection()
        conn.in_atomic_block, saved = False, conn.in_atomic_block
        try:
            with self.assertRaises(RuntimeError):
                audit_log(action="x")
        finally:
            conn.in_atomic_block = saved


class SameTransactionTests(CastTestCase):
    def test_a_rolled_back_change_leaves_no_audit_row(self):
        before = AuditEvent.objects.count()
        try:
            with transaction.atomic():
                unit_create(actor=self.sysadmin, code="T1", name="临时", kind=UnitKind.MEMBER)
                raise RuntimeError("the surrounding work fails")
        except RuntimeError:
            pass
        self.assertEqual(AuditEvent.objects.count(), before)

    def test_times_are_stored_in_utc(self):
        event = AuditEvent.objects.first()
        self.assertEqual(event.at.utcoffset().total_seconds(), 0)


class ClientAddressTests(CastTestCase):
    def request(self, **meta):
        return RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", **meta)

    def test_forwarding_headers_are_ignored_without_a_trusted_proxy(self):
        request = self.request(HTTP_X_FORWARDED_FOR="1.2.3.4", HTTP_X_REAL_IP="1.2.3.4")
        self.assertEqual(client_ip_from_request(request), "10.0.0.5")

    @override_settings(CLIENT_IP_HEADER="X-Forwarded-For")
    def test_the_configured_header_is_believed_last_hop_first(self):
        request = self.request(HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
        self.assertEqual(client_ip_from_request(request), "203.0.113.9")

    @override_settings(CLIENT_IP_HEADER="X-Real-IP")
    def test_a_malformed_header_falls_back_to_the_socket(self):
        self.assertEqual(client_ip_from_request(self.request(HTTP_X_REAL_IP="junk")), "10.0.0.5")
