# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged

from .common import RetailCase


@tagged("post_install", "-at_install")
class TestProportionalPoints(RetailCase):
    """The share of points a partial refund takes or gives back, the rule of
    POS refunds and of credit notes."""

    def share(self, points, base, refunded, done=0.0):
        return self.env["retail.point.entry"]._retail_proportional_points(
            points, base, refunded, done=done
        )

    def test_share_of_the_refunded_amount(self):
        self.assertEqual(self.share(100.0, 200.0, 50.0), 25.0)
        self.assertEqual(self.share(10.0, 30.0, 10.0), 3.33)

    def test_never_more_than_what_earlier_refunds_left(self):
        self.assertEqual(self.share(100.0, 200.0, 150.0, done=60.0), 40.0)
        self.assertEqual(self.share(100.0, 200.0, 50.0, done=100.0), 0.0)

    def test_share_kept_between_nothing_and_everything(self):
        self.assertEqual(self.share(100.0, 200.0, 500.0), 100.0)
        self.assertEqual(self.share(100.0, 200.0, -50.0), 0.0)
        # no amount to share: the whole
        self.assertEqual(self.share(100.0, 0.0, 5.0), 100.0)

    def test_nothing_booked_nothing_to_take(self):
        self.assertEqual(self.share(0.0, 200.0, 50.0), 0.0)
        self.assertEqual(self.share(-5.0, 200.0, 50.0), 0.0)
