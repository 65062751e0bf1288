# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _update_foreign_keys(self, src_partners, dst_partner):
        """Odoo's merge moves every column that points to the merged
        partners in SQL, the invoices' stored *commercial entity* too: a
        customer merged into a company's contact leaves their invoices with
        that contact as commercial entity, not its company. The first
        purchase's bonuses are held by the invoices of their customer (the
        commercial entity, see ``account.move._retail_bonus_purchase_stands``):
        such an invoice would no longer hold them, and they would be taken
        back while it is paid. The destination's invoices get the entity of
        their partner again."""
        res = super()._update_foreign_keys(src_partners, dst_partner)
        if dst_partner.commercial_partner_id != dst_partner:
            # sudo: the merge moved these invoices, whoever may see them; only
            # their commercial entity is computed again, from their partner
            Move = self.env["account.move"].sudo()
            moves = Move.search(
                [
                    ("partner_id", "=", dst_partner.id),
                    (
                        "commercial_partner_id",
                        "!=",
                        dst_partner.commercial_partner_id.id,
                    ),
                ]
            )
            self.env.add_to_compute(Move._fields["commercial_partner_id"], moves)
            moves.flush_recordset(["commercial_partner_id"])
        return res
