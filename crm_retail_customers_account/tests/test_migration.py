# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from pathlib import Path

from odoo.tests import tagged

from odoo.addons.crm_retail_customers.tests.test_migration import load_migration

from .test_invoice_pay_points import PayPointsCase

MIGRATIONS = Path(__file__).parent.parent / "migrations"


@tagged("post_install", "-at_install")
class TestMigration170113(PayPointsCase):
    """17.0.1.13.0: points payments made before the upgrade get the document
    they were made for from their reconciliation."""

    def test_points_payments_get_their_document(self):
        invoice = self.basket()
        invoice.action_post()
        drawn = self.pay(invoice, 50.0)
        refund = self.credit_note(invoice)
        back = self.pay(refund, 30.0)
        # a points payment taken off its invoice before the upgrade
        other = self.basket()
        other.action_post()
        loose = self.pay(other, 20.0)
        loose.move_id.line_ids.remove_move_reconcile()
        payments = drawn | back | loose
        # the state before the upgrade: no document recorded
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE account_payment SET retail_points_move_id = NULL WHERE id IN %s",
            [tuple(payments.ids)],
        )
        payments.invalidate_recordset(["retail_points_move_id"])
        self.assertEqual(refund._retail_points_refundable(), 0.0)
        load_migration("17.0.1.13.0", "post-migrate", MIGRATIONS)(
            self.env.cr, "17.0.1.12.3"
        )
        payments.invalidate_recordset(["retail_points_move_id"])
        self.assertEqual(drawn.retail_points_move_id, invoice)
        self.assertEqual(back.retail_points_move_id, refund)
        self.assertFalse(loose.retail_points_move_id)
        self.assertEqual(refund._retail_points_refundable(), 20.0)
