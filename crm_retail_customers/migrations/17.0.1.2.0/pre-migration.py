# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tools import sql

#: Fields of res.partner given the ``retail_`` prefix in 17.0.1.2.0 (``age``
#: clashed with OCA's partner_contact_birthdate). Only ``birth_month`` is
#: stored; renaming the field rows too keeps their ids, so that tracking
#: values, filters and exports that point to them follow.
RENAMED_FIELDS = {
    "age": "retail_age",
    "birth_month": "retail_birth_month",
    "birthday_this_month": "retail_birthday_this_month",
    "card_count": "retail_card_count",
    "reward_points_expiring": "retail_reward_points_expiring",
    "contact_role_warning": "retail_contact_role_warning",
}


def migrate(cr, version):
    if not version:
        return
    if sql.column_exists(cr, "res_partner", "birth_month") and not sql.column_exists(
        cr, "res_partner", "retail_birth_month"
    ):
        sql.rename_column(cr, "res_partner", "birth_month", "retail_birth_month")
        cr.execute(
            "ALTER INDEX IF EXISTS res_partner__birth_month_index "
            "RENAME TO res_partner__retail_birth_month_index"
        )
    for old, new in RENAMED_FIELDS.items():
        cr.execute(
            """
            UPDATE ir_model_fields f
               SET name = %(new)s
             WHERE f.model = 'res.partner' AND f.name = %(old)s
               AND NOT EXISTS (SELECT 1 FROM ir_model_fields n
                                WHERE n.model = 'res.partner' AND n.name = %(new)s)
            """,
            {"old": old, "new": new},
        )
        # the views of the addon are loaded again from the new files, one by
        # one: the ones not loaded yet must not name a field that is gone
        cr.execute(
            """
            UPDATE ir_ui_view v
               SET arch_db = regexp_replace(
                       arch_db::text, %(pattern)s, %(new)s, 'g')::jsonb
              FROM ir_model_data d
             WHERE d.module = 'crm_retail_customers' AND d.model = 'ir.ui.view'
               AND d.res_id = v.id AND v.arch_db::text ~ %(pattern)s
            """,
            {"pattern": rf"\m{old}\M", "new": new},
        )
        cr.execute(
            """
            UPDATE ir_model_data
               SET name = %(new)s
             WHERE module = 'crm_retail_customers' AND model = 'ir.model.fields'
               AND name = %(old)s
            """,
            {"old": f"field_res_partner__{old}", "new": f"field_res_partner__{new}"},
        )
