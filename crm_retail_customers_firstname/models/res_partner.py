# Copyright 2026 Retail CRM Customers Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo import api, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _retail_forget_columns(self):
        """The name parts are personal columns: emptied by an erasure, and
        nobody gives them to an erased person again."""
        return super()._retail_forget_columns() + ["firstname", "lastname"]

    def _retail_forget_partner_rows(self, names):
        """An erasure empties the name parts too. The anonymous name becomes
        the last name, so that ``partner_firstname`` builds the same name
        again whenever it recomputes it, and a person still has a name part
        (its constraint) after the erasure."""
        res = super()._retail_forget_partner_rows(names)
        for partner_id, name in names.items():
            self.env.cr.execute(
                "UPDATE res_partner SET firstname = NULL, lastname = %s WHERE id = %s",
                [name, partner_id],
            )
        return res
