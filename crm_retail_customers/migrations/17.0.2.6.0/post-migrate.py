# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""17.0.2.6.0: the tier upgrade e-mail tells a member since when they are
one, the date in the customer's calendar (Solar Hijri for Persian readers).
The template is loaded once (``noupdate``): a database whose template is
still the one shipped gets the new one; a template an administrator changed
is kept as it is."""

import re

from openupgradelib import openupgrade

#: The body of the tier upgrade e-mail up to 17.0.2.5.0, without whitespace.
OLD_BODY = (
    '<divstyle="margin:0px;padding:0px;"><pstyle="margin:0px;padding:0px;">'
    "Dear<tt-out=\"object.nameor''\">Customer</t>,<br><br>Thankyouforyour"
    'loyalty:youhavereachedthetier<strongt-out="object.reward_tier_id.name'
    'or\'\'">Gold</strong>.Yourbalanceis<tt-out="object.reward_pointsor0">0'
    "</t>points.<br><br>Seeyousoon!</p></div>"
)


@openupgrade.migrate()
def migrate(env, version):
    template = env.ref(
        "crm_retail_customers.mail_template_retail_tier_upgrade",
        raise_if_not_found=False,
    )
    if not template:
        return
    body = template.with_context(lang="en_US").body_html or ""
    if re.sub(r"\s+", "", str(body)) == OLD_BODY:
        template.reset_template()
