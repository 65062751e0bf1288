# Copyright 2026 Retail CRM Customers Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
from odoo import models

#: What the till's customer editor needs to show a person's name parts.
FIRSTNAME_POS_PARTNER_FIELDS = ["firstname", "lastname", "is_company"]


class PosSession(models.Model):
    _inherit = "pos.session"

    def _loader_params_res_partner(self):
        params = super()._loader_params_res_partner()
        params["search_params"]["fields"] = list(
            dict.fromkeys(
                params["search_params"]["fields"] + FIRSTNAME_POS_PARTNER_FIELDS
            )
        )
        return params

    def _pos_data_process(self, loaded_data):
        res = super()._pos_data_process(loaded_data)
        # the editor composes the name as the server will
        loaded_data["retail_partner_names_order"] = self.env[
            "res.partner"
        ]._get_names_order()
        return res
