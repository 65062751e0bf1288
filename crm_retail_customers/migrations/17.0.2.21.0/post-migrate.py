# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""17.0.2.21.0: national IDs are stored with ASCII digits and letters.

Since 17.0.2.21.0 a national ID typed with Persian or Arabic-Indic digits is
read as the digits 0-9, and one typed with full-width letters or digits (a
CJK keyboard) as ASCII letters and digits (``national_id.read_number``): the
same number typed on another keyboard is one number for the duplicate check
and the search. A number saved before with such characters is written as it
is read now, as a number of a country whose rules are not checked is (NFKC,
the digits 0-9, upper case: the checked countries' stored numbers, without
spaces and in upper case already, come out as their checkers write them).
When another customer already holds that number, both are kept as they are
and the conflict is logged: which customer is the person is a manager's
call."""

import logging

from openupgradelib import openupgrade

from odoo.addons.crm_retail_customers.models.national_id import (
    NATIONAL_ID_CATEGORY,
    check_other,
)

_logger = logging.getLogger(__name__)


@openupgrade.migrate()
def migrate(env, version):
    cr = env.cr
    # only numbers with a character outside ASCII can change
    cr.execute(
        """SELECT n.id, n.name, n.category_id FROM res_partner_id_number n
             JOIN res_partner_id_category c ON c.id = n.category_id
            WHERE c.code = %s AND n.name !~ '^[ -~]*$'""",
        [NATIONAL_ID_CATEGORY],
    )
    for number_id, name, category_id in cr.fetchall():
        read = check_other(name)[0]
        if read == name:
            continue
        cr.execute(
            "SELECT id FROM res_partner_id_number WHERE category_id = %s "
            "AND name = %s AND id != %s LIMIT 1",
            [category_id, read, number_id],
        )
        other = cr.fetchone()
        if other:
            _logger.warning(
                "National ID %s (number %r) is read as the number of ID %s: "
                "both kept as they are",
                number_id,
                name,
                other[0],
            )
            continue
        cr.execute(
            "UPDATE res_partner_id_number SET name = %s WHERE id = %s",
            [read, number_id],
        )
    env["res.partner.id_number"].invalidate_model(["name"])
