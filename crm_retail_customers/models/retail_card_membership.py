# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


class RetailCard(models.Model):
    """Issuing a loyalty card enrols its holder in the loyalty programme."""

    _inherit = "retail.card"

    @api.model_create_multi
    def create(self, vals_list):
        cards = super().create(vals_list)
        holders = cards.partner_id.commercial_partner_id.filtered(
            lambda partner: partner.active and not partner.retail_member
        )
        if holders:
            # sudo: handing out a card is the act of joining; the card itself
            # was created with the user's rights (a cashier at the till, a
            # clerk in the back office), who may not write partners
            holders.sudo()._retail_enrol("card")
        return cards
