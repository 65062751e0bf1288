# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, models
from odoo.exceptions import UserError

from .loyalty_rule import MONEY_PROGRAM_TYPES

#: Context marker of the server's own writes of gift cards and eWallets
#: (``pos.order._retail_settle_money_cards``). An object, not a string: a
#: context sent over RPC is JSON and cannot hold it.
_SERVER_CARD_WRITE = object()

#: Who changes gift cards and eWallets by hand besides the server:
#: managers of the Point of Sale, and salespeople, whose sales orders add and
#: take the points of cards in Odoo's own code (``sale_loyalty``).
CARD_POINTS_GROUPS = (
    "point_of_sale.group_pos_manager",
    "sales_team.group_sale_salesman",
)


def server_card_write(records):
    """``records`` in an environment whose writes of gift cards and eWallets
    come from server code that checked them."""
    return records.with_context(retail_card_write=_SERVER_CARD_WRITE)


def is_server_card_write(env):
    """Whether ``env`` writes gift cards and eWallets from server code that
    checked them (:func:`server_card_write`)."""
    return env.context.get("retail_card_write") is _SERVER_CARD_WRITE


class LoyaltyCard(models.Model):
    _inherit = "loyalty.card"

    def write(self, vals):
        """A card stays in the program it was issued for. Odoo lets Point of
        Sale users write cards (the till updates their points), and a card
        moved from a loyalty program into a gift card or eWallet program
        would turn its points into money that pays for sales, and earns the
        shop's reward points (``pos.order._retail_card_payment``). Only
        server code moves one (none of Odoo's flows does).

        For the same reason a cashier does not change a gift card or an
        eWallet (its points, holder, code or source): the till's own
        confirmation of an order's cards goes through the server's check of
        what the order paid with and sold
        (``pos.order._retail_settle_money_cards``)."""
        if "program_id" in vals and not self.env.su:
            moved = self.filtered(lambda card: card.program_id.id != vals["program_id"])
            if moved:
                raise UserError(
                    _(
                        "The card %(card)s stays in its program %(program)s: "
                        "issue a card of the other program instead.",
                        card=moved[0].code,
                        program=moved[0].program_id.name,
                    )
                )
        self._retail_check_money_cards()
        return super().write(vals)

    def _retail_check_money_cards(self):
        """Refuse a change of gift cards and eWallets among these cards by a
        user who may not make it (a cashier)."""
        if (
            self.env.su
            or is_server_card_write(self.env)
            or any(
                self.env.ref(group, raise_if_not_found=False)
                and self.env.user.has_group(group)
                for group in CARD_POINTS_GROUPS
            )
        ):
            return
        money = self.filtered(
            lambda card: card.program_id.program_type in MONEY_PROGRAM_TYPES
        )
        if money:
            raise UserError(
                _(
                    "%(card)s holds money: only a Point of Sale manager "
                    "changes it by hand. The till changes it with the orders "
                    "that sell or spend it.",
                    card=money[0].code,
                )
            )
