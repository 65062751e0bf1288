# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from openupgradelib import openupgrade

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


@openupgrade.migrate()
def migrate(env, version):
    env.cr.execute(
        "SELECT name FROM ir_model_fields WHERE model = 'res.partner' AND name IN %s",
        [tuple(RENAMED_FIELDS.values())],
    )
    present = {name for (name,) in env.cr.fetchall()}
    # columns (and their index), field rows, filters and exports
    openupgrade.rename_fields(
        env,
        [
            ("res.partner", "res_partner", old, new)
            for old, new in RENAMED_FIELDS.items()
            if new not in present
        ],
    )
    openupgrade.rename_xmlids(
        env.cr,
        [
            (
                f"crm_retail_customers.field_res_partner__{old}",
                f"crm_retail_customers.field_res_partner__{new}",
            )
            for old, new in RENAMED_FIELDS.items()
        ],
    )
    # The views of the addon are loaded again from the new files, one by one:
    # the ones not loaded yet must not name a field that is gone. openupgradelib
    # has no helper for the arch of views: a word match on the old names.
    for old, new in RENAMED_FIELDS.items():
        openupgrade.logged_query(
            env.cr,
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
