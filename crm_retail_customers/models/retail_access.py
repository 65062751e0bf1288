# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The one check of "retail managers only" actions: moving points between
customers, unblocking or re-numbering cards, re-booking a failed POS order;
and the one check of changes to the records every company shares."""

from odoo import _
from odoo.exceptions import AccessError

MANAGER_GROUP = "crm_retail_customers.group_retail_manager"


def check_retail_manager(env, message):
    """Raise ``AccessError(message)`` unless ``env`` acts for a retail
    manager, or as the superuser (server code that elevated on purpose)."""
    if not (env.su or env.user.has_group(MANAGER_GROUP)):
        raise AccessError(message)


def check_shared_change(records, vals=None):
    """Refuse to create, change or delete a record shared by every company
    (``company_id`` empty: a tier, a customer group) unless the user works
    in every company, or is an administrator (or server code as the
    superuser). Such a record is part of every company's programme: a tier
    multiplies the points of every company's customers, a group's place in
    the tree decides which earning rules reach its members; a manager of one
    company changes their own company's.

    :param records: the records changed or deleted; for a creation, an
        empty recordset of the model
    :param vals: the values written, or those of the record created (a
        record created without a company is shared)
    """
    vals = vals or {}
    shared = records.filtered(lambda record: not record.company_id)
    if records:
        becomes_shared = "company_id" in vals and not vals["company_id"]
    else:
        becomes_shared = not vals.get("company_id")
    if not (shared or becomes_shared):
        return
    env = records.env
    if env.su or env.user.has_group("base.group_system"):
        return
    # sudo: only the ids of the companies, to know whether the user works in
    # every one of them
    companies = env["res.company"].sudo().search([])
    if companies <= env.user.company_ids:
        return
    name = shared[:1].display_name or records[:1].display_name or vals.get("name")
    raise AccessError(
        _(
            "%(name)s is shared by every company: only a user who works in all "
            "of them, or an administrator, can create, change or delete it. "
            "Set your company on it to make it your company's own.",
            name=name,
        )
    )
