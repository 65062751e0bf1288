# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""17.0.1.2.0: the server debits the gift cards and eWallets an order pays
with, and checks what the till's confirmation of the order's cards adds to
them, once per order.

Orders paid before the upgrade were confirmed by their tills then: they are
marked confirmed (what they sold of gift cards was loaded), so that
confirming one again adds nothing. Their gift card and eWallet reward lines
were debited by the till: they are marked with the points they took, so that
a review or a refund of such an order still sees them as payments."""

from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    openupgrade.logged_query(
        env.cr,
        """
        UPDATE pos_order
           SET retail_cards_confirmed = TRUE
         WHERE state IN ('paid', 'done', 'invoiced')
        """,
    )
    openupgrade.logged_query(
        env.cr,
        """
        UPDATE pos_order_line line
           SET retail_card_points = -line.price_unit
                   * (1 - COALESCE(line.discount, 0) / 100.0) * line.qty
                   / reward.discount
          FROM pos_order o, loyalty_reward reward, loyalty_program program,
               loyalty_card card
         WHERE o.id = line.order_id
           AND o.state IN ('paid', 'done', 'invoiced')
           AND line.is_reward_line
           AND line.refunded_orderline_id IS NULL
           AND COALESCE(line.retail_card_points, 0) = 0
           AND reward.id = line.reward_id
           AND reward.reward_type = 'discount'
           AND reward.discount_mode = 'per_point'
           AND reward.discount > 0
           AND program.id = reward.program_id
           AND program.program_type IN ('gift_card', 'ewallet')
           AND card.id = line.coupon_id
           AND card.program_id = program.id
           AND line.price_unit * line.qty < 0
        """,
    )
