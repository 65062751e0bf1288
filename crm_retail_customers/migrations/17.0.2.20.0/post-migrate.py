# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""17.0.2.20.0: card numbers are stored with ASCII digits.

Since 17.0.2.19.2 a scanned or typed card number is read with its Persian or
Arabic-Indic digits as the digits 0-9 (``retail.card._normalize_number``).
A card saved before with such digits (possible only with the EAN-13 check
off) was then found by no scan: its number is written as it is read now.
When another card already has that number, both are kept as they are and
the conflict is logged: which card is the customer's is a manager's call."""

import logging

from openupgradelib import openupgrade

from odoo.addons.crm_retail_customers.models.retail_card import ascii_digits

_logger = logging.getLogger(__name__)


@openupgrade.migrate()
def migrate(env, version):
    cr = env.cr
    # only numbers with a character outside ASCII can change
    cr.execute("SELECT id, number FROM retail_card WHERE number !~ '^[ -~]*$'")
    for card_id, number in cr.fetchall():
        read = ascii_digits(number)
        if read == number:
            continue
        cr.execute("SELECT id FROM retail_card WHERE number = %s", [read])
        other = cr.fetchone()
        if other:
            _logger.warning(
                "Card %s (number %r) is read as %s, the number of card %s: "
                "both kept as they are",
                card_id,
                number,
                read,
                other[0],
            )
            continue
        cr.execute("UPDATE retail_card SET number = %s WHERE id = %s", [read, card_id])
        # the holder's stored card number is their newest active card's
        cr.execute(
            "UPDATE res_partner SET card_number = %s WHERE card_number = %s",
            [read, number],
        )
    env["retail.card"].invalidate_model(["number"])
    env["res.partner"].invalidate_model(["card_number"])
