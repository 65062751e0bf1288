# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _lt, api, fields, models
from odoo.tools import SQL

#: Notes the invoicing bridge writes on ledger entries (shown in the reader's
#: language, see ``retail.point.entry._note_vals``).
ACCOUNT_NOTE_TERMS = {
    "invoice_bonus_revoked": _lt(
        "Bonus taken back: %(invoice)s is no longer their purchase (credited "
        "in full, cancelled, deleted or another customer's)"
    ),
    "invoice_bonus_restored": _lt(
        "Bonus given back: %(invoice)s is their purchase again"
    ),
    "invoice_bonus_again": _lt(
        "Bonus moved to %(invoice)s, a purchase of the customer that stands"
    ),
}


class RetailPointEntry(models.Model):
    """A ledger entry knows the journal entry that posted it to the points
    liability (``res.company._retail_post_points_liability``, which sets it
    in SQL: the ledger stays insert-only for everyone else)."""

    _inherit = "retail.point.entry"

    liability_move_id = fields.Many2one(
        "account.move",
        "Liability Journal Entry",
        readonly=True,
        index=True,
        copy=False,
        ondelete="restrict",
        groups="account.group_account_readonly,account.group_account_manager",
        help="The journal entry that posted this entry to the points liability.",
    )

    @api.model
    def _retail_bonuses_taken_back(self, bonuses):
        """A customer merged with another who had earned the same bonus on
        an invoice holds one (``account.move._retail_bonus_held_elsewhere``):
        the one kept from their purchases while ``bonuses`` stood is given
        back by the sync of their latest invoice, now rather than at their
        next posting. Only customers with the merge's marks are looked at:
        one search for anyone else."""
        res = super()._retail_bonuses_taken_back(bonuses)
        # sudo: marks and invoices of any company only decide whether the
        # sync runs; it books by its own rules
        Entry = self.sudo()
        ids = {int(key.split(":")[1]) for key in bonuses.mapped("idempotency_key")}
        # sudo: only whether the customers of the keys still exist (merged)
        customers = self.env["res.partner"].sudo().browse(ids).exists()
        marks = Entry.search(
            [
                "|",
                ("partner_id", "in", customers.commercial_partner_id.ids),
                ("res_id", "in", bonuses.ids),
                ("res_model", "=", Entry._name),
                ("kind", "=", "bonus"),
            ]
        )
        # sudo: the customer's latest invoice in any company (see above)
        Move = self.env["account.move"].sudo()
        for customer in marks.partner_id:
            Move.search(
                [
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("commercial_partner_id", "=", customer.id),
                ],
                order="id desc",
                limit=1,
            )._retail_sync_invoice_bonuses()
        return res

    @api.model
    def _retail_source_refunded(self, documents):
        """A till's refund of a POS order in part: with what the credit notes
        of the order's invoice gave back, the purchase may be given back in
        full (``account.move._retail_sync_source_bonuses``)."""
        res = super()._retail_source_refunded(documents)
        if documents._name == "account.move":
            documents._retail_sync_source_bonuses()
        return res

    @api.model
    def _retail_bonus_moves(self, bonuses):
        """The credit notes of the invoice of a POS order take back its
        bonuses, and give them back when cancelled
        (``account.move._retail_sync_source_bonuses``): what their entries
        (``<bonus key>:<stage>:<n>``) add up to, one query per window of
        keys."""
        res = super()._retail_bonus_moves(bonuses)
        if not bonuses:
            return res
        family = self.env["account.move"]._retail_bonus_family(bonuses)
        for bonus in bonuses:
            others = family[bonus.idempotency_key] - bonus
            res[bonus.id] = res.get(bonus.id, 0.0) + sum(others.mapped("points"))
        return res

    @api.model
    def _retail_text_terms(self):
        return {
            **super()._retail_text_terms(),
            **{f"note_{code}": term for code, term in ACCOUNT_NOTE_TERMS.items()},
        }

    @api.model
    def _get_points_taken_back_elsewhere(self, documents):
        """The credit notes of invoices booked by their source (an order of
        the Point of Sale): what their entries took back, in one query. A
        cancelled credit note counts what it keeps (see
        ``account.move._retail_source_points_kept``); a deleted one gave
        everything back."""
        taken = super()._get_points_taken_back_elsewhere(documents)
        if documents._name != "account.move" or not documents:
            return taken
        self.flush_model(["res_model", "res_id", "kind", "points"])
        self.env["account.move"].flush_model(["reversed_entry_id", "move_type"])
        self.env.cr.execute(
            SQL(
                """
                SELECT m.reversed_entry_id, -SUM(e.points)
                  FROM retail_point_entry e
                  JOIN account_move m ON m.id = e.res_id
                 WHERE e.res_model = 'account.move'
                   AND e.kind NOT IN ('redeem', 'bonus')
                   AND m.move_type = 'out_refund'
                   AND m.reversed_entry_id = ANY(%s)
                 GROUP BY m.reversed_entry_id
                """,
                documents.ids,
            )
        )
        for move_id, points in self.env.cr.fetchall():
            taken[move_id] = taken.get(move_id, 0.0) + max(points or 0.0, 0.0)
        return taken
