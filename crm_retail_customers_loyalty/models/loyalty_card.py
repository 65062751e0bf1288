# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, models
from odoo.exceptions import UserError


class LoyaltyCard(models.Model):
    _inherit = "loyalty.card"

    def write(self, vals):
        """A card stays in the program it was issued for. Odoo lets Point of
        Sale users write cards (the till updates their points), and a card
        moved from a loyalty program into a gift card or eWallet program
        would turn its points into money that pays for sales, and earns the
        shop's reward points (``pos.order._retail_card_payment``). Only
        server code moves one (none of Odoo's flows does)."""
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
        return super().write(vals)
