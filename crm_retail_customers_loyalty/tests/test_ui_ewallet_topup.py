# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import time
from unittest.mock import patch

from odoo import api
from odoo.tests import tagged

from odoo.addons.crm_retail_customers_pos.tests.common import RetailPosTillCase

#: Seconds the server takes to answer the till's standing request here.
SLOW_STANDING = 1.5


@tagged("post_install", "-at_install")
class TestRetailLoyaltyEwalletTopUpTour(RetailPosTillCase):
    """Odoo's eWallet top-up at the till, beside the customer's standing our
    till asks for when a customer is picked."""

    def test_ewallet_topup_for_a_customer_just_picked(self):
        """static/tests/tours/retail_loyalty_tours.js: the customer's
        eWallet is made with the 10.00 topped up, while the server answers
        the standing request slowly (as a busy server, or the one-request-at-
        a-time server of the tests, does). pos_loyalty updates an order's
        programs in steps: when the standing request held up its request for
        the customer's cards, the top-up line started a second update in
        between, and the order was paid without the top-up's points (no
        eWallet; Odoo's own EWalletProgramTour1 failed so)."""
        env = self.env
        Program = env["loyalty.program"]
        # only this test's program on the till, as pos_loyalty's own test
        Program.search([]).pos_ok = False
        env.ref("loyalty.ewallet_product_50").active = True
        program = Program.browse(Program.create_from_template("ewallet")["res_id"])
        program.pos_ok = True
        customer = env["res.partner"].create({"name": "Wanda Wallet"})
        # as Odoo's own pos_loyalty tours: with Sales installed, confirming
        # the programs of a paid order reads sales order lines
        self.pos_user.groups_id += env.ref("stock.group_stock_user")
        self.main_pos_config.with_user(self.pos_user).open_ui()

        Partner = type(env["res.partner"])
        standing = Partner.retail_pos_standing

        @api.model
        def slow_standing(model, partner_id):
            time.sleep(SLOW_STANDING)
            return standing(model, partner_id)

        with patch.object(Partner, "retail_pos_standing", slow_standing):
            self.start_pos_tour("crm_retail_customers_loyalty_ewallet_topup_tour")
        ewallet = env["loyalty.card"].search(
            [("partner_id", "=", customer.id), ("program_id", "=", program.id)]
        )
        self.assertEqual(len(ewallet), 1)
        self.assertAlmostEqual(ewallet.points, 10.0, places=2)
