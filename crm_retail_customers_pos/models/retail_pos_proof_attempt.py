# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Wrong card codes and manager passwords typed at the till, counted so that
a 4-digit code cannot be guessed over RPC (see ``retail_pos_redeem_proof``)."""

from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

#: Wrong codes or manager passwords allowed per cashier and per customer or
#: manager: ``MAX_FAILED_ATTEMPTS`` within ``ATTEMPT_WINDOW_MINUTES``, and
#: ``MAX_FAILED_ATTEMPTS_PER_DAY`` within a day; then the server stops
#: checking. At 10 guesses a day, a 4-digit code takes years to find.
MAX_FAILED_ATTEMPTS = 5
ATTEMPT_WINDOW_MINUTES = 15
MAX_FAILED_ATTEMPTS_PER_DAY = 10


class RetailPosProofAttempt(models.Model):
    _name = "retail.pos.proof.attempt"
    _description = "Wrong Card Code or Manager Password at the Till"
    _order = "id desc"

    user_id = fields.Many2one(
        "res.users", "Cashier", required=True, index=True, readonly=True
    )
    kind = fields.Selection(
        [("code", "Card code"), ("manager", "Manager password")],
        required=True,
        readonly=True,
    )
    target = fields.Char(
        required=True,
        index=True,
        readonly=True,
        help="The card (code) or the manager's login (approval) tried.",
    )

    @api.model
    def _retail_check_throttle(self, kind, target):
        """Refuse to check one more code or password when this cashier or
        this card / manager has had too many wrong ones lately."""
        now = fields.Datetime.now()
        # sudo: the attempts are the server's own records
        Attempt = self.sudo()
        for window, limit in (
            (timedelta(minutes=ATTEMPT_WINDOW_MINUTES), MAX_FAILED_ATTEMPTS),
            (timedelta(days=1), MAX_FAILED_ATTEMPTS_PER_DAY),
        ):
            base = [("kind", "=", kind), ("create_date", ">=", now - window)]
            for who in (("user_id", "=", self.env.uid), ("target", "=", target)):
                if Attempt.search_count(base + [who], limit=limit) >= limit:
                    raise UserError(
                        _(
                            "Too many wrong attempts: try again later or ask a "
                            "manager at the back office."
                        )
                    )

    @api.model
    def _retail_record_failure(self, kind, target):
        # sudo: the attempts are the server's own records; the cashier
        # cannot create, change or delete them
        self.sudo().create([{"user_id": self.env.uid, "kind": kind, "target": target}])
