# Copyright 2026 Retail CRM Customers Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo import api, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def create_from_ui(self, partner):
        """Save the first and last name typed in the till's customer editor.

        When a person has a first or a last name, the name is built from them
        (``partner_firstname``, in the order of the settings) and the
        editor's name, which only shows that composition, is left out. When
        both are empty, the editor's name is kept and split as a name typed
        in the back office. A company keeps its name as typed.
        """
        partner = dict(partner)
        names = {
            key: (partner.pop(key) or "").strip() or False
            for key in ("firstname", "lastname")
            if key in partner
        }
        is_company = (
            self.browse(partner["id"]).is_company
            if partner.get("id")
            else partner.get("is_company", False)
        )
        if names and not is_company and any(names.values()):
            partner.pop("name", None)
            partner.update(names)
        return super().create_from_ui(partner)
