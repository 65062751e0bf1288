# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.addons.crm_retail_customers_pos.tests.common import RetailPosCase


class RetailLoyaltyCase(RetailPosCase):
    """The till of :class:`RetailPosCase` with Odoo's gift cards, eWallet and
    a 10 % promotion, as Odoo's loyalty templates make them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Program = cls.env["loyalty.program"]
        # the templates' products are archived until a program uses them
        cls.gift_card_product = cls.env.ref("loyalty.gift_card_product_50")
        cls.ewallet_product = cls.env.ref("loyalty.ewallet_product_50")
        (cls.gift_card_product | cls.ewallet_product).active = True
        cls.gift_program = Program.browse(
            Program.create_from_template("gift_card")["res_id"]
        )
        cls.ewallet_program = Program.browse(
            Program.create_from_template("ewallet")["res_id"]
        )
        cls.promotion = Program.create(
            {
                "name": "Ten percent off",
                "program_type": "promotion",
                "trigger": "auto",
                "applies_on": "current",
                "company_id": cls.company.id,
                "rule_ids": [(0, 0, {"reward_point_amount": 1})],
                "reward_ids": [
                    (
                        0,
                        0,
                        {
                            "reward_type": "discount",
                            "discount": 10,
                            "discount_mode": "percent",
                            "discount_applicability": "order",
                        },
                    )
                ],
            }
        )
        (cls.gift_program | cls.ewallet_program).company_id = cls.company
        cls.gift_reward = cls.gift_program.reward_ids
        cls.ewallet_reward = cls.ewallet_program.reward_ids
        cls.promo_reward = cls.promotion.reward_ids
        cls.Card = cls.env["loyalty.card"]
        # gift cards scanned at the till (the default prints new ones, which
        # needs a report the template does not set)
        cls.config.gift_card_settings = "scan_use"

    def card(self, program, points):
        return self.Card.create({"program_id": program.id, "points": points})

    def reward_line(self, reward, amount, card=None, taxes=None):
        """A reward line as pos_loyalty adds it: ``amount`` without taxes
        (negative), the taxes the till gives it (none for a gift card or
        eWallet payment)."""
        taxes = taxes or self.env["account.tax"]
        if taxes:
            res = taxes.compute_all(amount, self.currency, 1)
            excl, incl = res["total_excluded"], res["total_included"]
        else:
            excl = incl = amount
        line = self.ui_line(
            reward.discount_line_product_id,
            1,
            amount,
            is_reward_line=True,
            reward_id=reward.id,
            coupon_id=card.id if card else False,
            reward_identifier_code="retail",
            points_cost=-amount if card else 0,
        )
        line.update(
            price_subtotal=excl,
            price_subtotal_incl=incl,
            tax_ids=[(6, 0, taxes.ids)],
        )
        return line
