# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Proof that the customer is at the till when their points are redeemed.

The till cannot prove anything by itself: whatever it sends, a cashier can
send too. So the server writes down, when it happens, what it saw of the
customer for one order of one session: the card it looked up
(``res.partner.retail_pos_find_by_card``), the card's verification code it
checked, or a retail manager's approval it checked with the manager's own
password. Booking the paid order (``pos.order._retail_book_redemption``)
redeems points only when such a record exists for the order's till session,
receipt number and customer. Nobody but the server writes these records
(no access rights for POS users; the methods below write them in sudo).

Wrong codes and wrong manager passwords are written down too
(``retail.pos.proof.attempt``, in ``retail_pos_proof_attempt.py``): after a
few, for one cashier or one card / manager, the server refuses to check any
more, so that a 4-digit code cannot be guessed over RPC.
"""

from odoo import api, fields, models

PROOF_KINDS = [
    ("card", "Card presented"),
    ("code", "Card code typed"),
    ("manager", "Manager approval"),
]

#: Which proofs each company setting (``res.company.retail_redeem_proof``)
#: accepts; ``False``: no proof needed.
ACCEPTED_PROOFS = {
    "card_or_code": ("card", "code", "manager"),
    "card": ("card", "manager"),
    "code": ("code", "manager"),
    "manager": ("manager",),
    "none": False,
}


class RetailPosRedeemProof(models.Model):
    _name = "retail.pos.redeem.proof"
    _description = "Customer Presence at the Till"
    _order = "id desc"

    session_id = fields.Many2one(
        "pos.session", required=True, index=True, readonly=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="session_id.company_id", store=True)
    order_ref = fields.Char(
        "Receipt Number",
        required=True,
        index=True,
        readonly=True,
        help="The till's name of the order (its receipt number once paid).",
    )
    partner_id = fields.Many2one(
        "res.partner",
        "Customer",
        required=True,
        index=True,
        readonly=True,
        ondelete="cascade",
        help="The customer whose points may be redeemed (the commercial "
        "partner, who holds the balance).",
    )
    kind = fields.Selection(PROOF_KINDS, required=True, readonly=True)
    card_id = fields.Many2one("retail.card", readonly=True, ondelete="cascade")
    user_id = fields.Many2one(
        "res.users", "Cashier", required=True, readonly=True, ondelete="cascade"
    )
    approver_id = fields.Many2one(
        "res.users", "Approved by", readonly=True, ondelete="cascade"
    )
    reason = fields.Text(readonly=True)
    max_points = fields.Float(
        "Points Approved",
        digits="Reward Points",
        readonly=True,
        help="Manager approval: the most points it lets the order redeem.",
    )
    order_id = fields.Many2one(
        "pos.order",
        "Used by",
        readonly=True,
        ondelete="set null",
        help="The paid order that redeemed with this proof.",
    )

    @api.model
    def _retail_record(self, session, order_ref, partner, kind, **vals):
        """Write down a proof for the order ``order_ref`` of ``session``."""
        # sudo: POS users have no access to proofs (they must not make them
        # up); the server records what it has just checked itself.
        return self.sudo().create(
            [
                dict(
                    vals,
                    session_id=session.id,
                    order_ref=order_ref,
                    partner_id=partner.commercial_partner_id.id,
                    kind=kind,
                    user_id=self.env.uid,
                )
            ]
        )

    @api.model
    def _retail_find(self, order, customer, requested):
        """The proof that lets ``order`` redeem ``requested`` points of
        ``customer``, by the order's company setting; ``True`` when the
        company asks for none; else an empty recordset."""
        accepted = ACCEPTED_PROOFS.get(order.company_id.retail_redeem_proof or "")
        if accepted is False:
            return True
        if not order.pos_reference or not order.session_id:
            return self.browse()
        # sudo: proofs are the server's own records (see _retail_record)
        proofs = self.sudo().search(
            [
                ("session_id", "=", order.session_id.id),
                ("order_ref", "=", order.pos_reference),
                ("partner_id", "=", customer.id),
                ("kind", "in", list(accepted or ())),
                ("order_id", "in", [False, order.id]),
            ],
            order="id",
        )
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        for proof in proofs:
            if proof.kind != "manager":
                return proof
            if round(proof.max_points - requested, digits) >= 0:
                return proof
        return self.browse()

    def _retail_note_vals(self):
        """What the ledger entry says of the proof: the values of its note
        (``retail.point.entry._note_vals``), read in the reader's language."""
        self.ensure_one()
        Entry = self.env["retail.point.entry"]
        if self.kind in ("card", "code"):
            return Entry._note_vals(f"pos_{self.kind}", card=self.card_id.number)
        return Entry._note_vals(
            "pos_manager", manager=self.approver_id.name, reason=self.reason
        )
