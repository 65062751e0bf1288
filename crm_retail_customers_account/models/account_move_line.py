# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.crm_retail_customers.models.product_template import (
    REDEMPTION_PRODUCT_XMLID,
)
from odoo.addons.crm_retail_customers.models.retail_derived_state_mixin import (
    _SERVER_WRITE,
)
from odoo.addons.crm_retail_customers.models.retail_point_entry import POINT_KINDS

#: Fields of a points discount line that make its money: only the server
#: sets them (``account.move._retail_set_points_discount``). Its balance
#: follows from them (Odoo writes it when it syncs the invoice); posting
#: checks the lines against the points (``_retail_check_points_discount``).
REDEMPTION_LINE_FIELDS = frozenset(
    {
        "product_id",
        "price_unit",
        "quantity",
        "discount",
        "tax_ids",
        "move_id",
        "display_type",
    }
)

#: Stored amounts of a points discount line that follow from its money
#: (Odoo computes them): nobody writes them by hand, the server never needs
#: to, on any document (a credit note included: what it gives back follows
#: its price, see ``account.move._retail_line_total``).
REDEMPTION_AMOUNT_FIELDS = frozenset(
    {
        "price_total",
        "price_subtotal",
        "amount_currency",
        "balance",
        "debit",
        "credit",
    }
)


#: Fields of a journal item that make its money: nobody changes them on a
#: journal entry of the points liability (``account.move``'s
#: ``_retail_check_liability_unchanged``).
LIABILITY_LINE_FIELDS = frozenset(
    {
        "account_id",
        "debit",
        "credit",
        "balance",
        "amount_currency",
        "currency_id",
        "move_id",
        "display_type",
        "retail_liability_kind",
        "retail_liability_points",
    }
)


#: Context marker of the lines :meth:`AccountMoveLine.create` is creating
#: (an object: no RPC call can send it).
_CREATING = object()


class AccountMoveLine(models.Model):
    """An invoice line keeps the points it earned by the earning rules when
    its invoice was posted: a credit note of the invoice takes back what the
    credited lines earned, also once a campaign has ended. Derived state:
    only the booking writes it (``retail.derived.state.mixin``).

    The points discount lines of an invoice (the redemption product) are
    derived state too: only the server adds them or changes their money
    (``account.move._retail_set_points_discount``), so that the discount is
    always the value of the points the server takes. A credit note may carry
    them (reversing the invoice copies them): it gives back points for them,
    never more than its invoice took."""

    _name = "account.move.line"
    _inherit = ["account.move.line", "retail.derived.state.mixin"]
    _retail_derived_fields = (
        "retail_points",
        "retail_liability_kind",
        "retail_liability_points",
    )

    retail_points = fields.Float(
        "Points Earned",
        digits="Reward Points",
        copy=False,
        readonly=True,
        help="Points this invoice line earned by the earning rules when the "
        "invoice was posted (negative on a credit note: what it took back). "
        "A credit note of the line takes back its share of them.",
    )

    retail_liability_kind = fields.Selection(
        [
            *POINT_KINDS,
            ("revaluation", "Revaluation"),
            ("rounding", "Rounding"),
        ],
        "Points Liability Kind",
        copy=False,
        readonly=True,
        help="Set on the liability lines of the journal entries of the points "
        "liability: the kind of reward point entries the line posted.",
    )
    retail_liability_points = fields.Float(
        "Points Posted",
        digits="Reward Points",
        copy=False,
        readonly=True,
        help="The reward points this liability line posted (the sum of the "
        "reward point entries of its kind the journal entry carries).",
    )

    @api.model_create_multi
    def create(self, vals_list):
        # Odoo's inverses write the amounts of the lines it creates (a credit
        # note copying the discount lines): that is no change by hand
        lines = super(
            AccountMoveLine, self.with_context(retail_lines_created=_CREATING)
        ).create(vals_list)
        lines = lines.with_env(self.env)
        lines.move_id._retail_check_liability_unchanged()
        lines._retail_check_redemption_lines()
        return lines

    def write(self, vals):
        if LIABILITY_LINE_FIELDS.intersection(vals):
            self.move_id._retail_check_liability_unchanged()
        if vals.get("move_id"):
            self.env["account.move"].browse(
                vals["move_id"]
            )._retail_check_liability_unchanged()
        amounts = REDEMPTION_AMOUNT_FIELDS.intersection(vals)
        if amounts:
            self._retail_check_redemption_amounts({f: vals[f] for f in amounts})
        if REDEMPTION_LINE_FIELDS.intersection(vals):
            self._retail_check_redemption_lines(vals.get("product_id"))
        res = super().write(vals)
        if "product_id" in vals or "move_id" in vals:
            self._retail_check_redemption_lines()
        return res

    def reconcile(self):
        """Refuse reconciling the lines of a points payment with another
        customer's: Odoo reconciles receivable lines of different partners
        (Add an outstanding credit on an invoice does not compare them), and
        one customer's points would pay another's invoice.

        A points payment reconciled with an invoice (Pay with Points, or Add
        an outstanding credit by hand) pays a share of it with points, which
        earns nothing (``account.move._retail_points_paid_ratio``): the
        invoice's earned points are brought in line afterwards, whoever
        reconciles. Ordinary reconciliations (no points payment among the
        lines) book nothing and cost no query more: the lines' payments are
        read for the check above anyway."""
        points_lines = self.filtered("payment_id.retail_points_payer_id")
        for line in points_lines:
            line._retail_check_points_pairing(self - line.payment_id.move_id.line_ids)
        # the partials Odoo creates are checked again, one by one, and the
        # invoices re-booked here, once, after the whole reconciliation
        # (``account.partial.reconcile.create``)
        res = super(
            AccountMoveLine, self.with_context(retail_points_reconciling=True)
        ).reconcile()
        if points_lines:
            (
                self - points_lines
            )._retail_points_paid_invoices()._retail_book_invoice_points()
        return res

    def _retail_check_points_pairing(self, others):
        """Refuse reconciling this journal item of a points payment with
        ``others``: another customer's items (their points would pay
        another's invoice), or items of another document than the one the
        payment was drawn for (``account.payment._retail_check_points_paid_for``).
        Checked on every path that pairs them: ``reconcile`` and the
        creation of a partial reconciliation, which an invoicing user may
        also do directly."""
        self.ensure_one()
        payment = self.payment_id
        payer = payment.retail_points_payer_id.commercial_partner_id
        if any(other.partner_id.commercial_partner_id != payer for other in others):
            raise UserError(
                _(
                    "%(payment)s is paid with the reward points of "
                    "%(customer)s: it pays their invoices only.",
                    payment=payment.display_name,
                    customer=payer.display_name,
                )
            )
        payment._retail_check_points_paid_for(others.move_id)

    def _retail_points_paid_invoices(self):
        """The posted customer invoices of these journal items, whose earned
        points follow the share paid with points (see :meth:`reconcile`); a
        draft or cancelled one books when it is posted or cancelled."""
        return self.move_id.filtered(
            lambda move: move.move_type == "out_invoice" and move.state == "posted"
        )

    def _retail_check_redemption_amounts(self, vals):
        """Refuse a change of the stored amounts of a points discount line
        (``REDEMPTION_AMOUNT_FIELDS``) by anyone but server code, on any
        document: writing the same value (a form saving what it read) is
        accepted."""
        context = self.env.context
        if (
            self.env.su
            or context.get("retail_derived_write") is _SERVER_WRITE
            or context.get("retail_lines_created") is _CREATING
        ):
            return
        redemption_id = self.env["ir.model.data"]._xmlid_to_res_id(
            REDEMPTION_PRODUCT_XMLID, raise_if_not_found=False
        )
        for line in self:
            if not redemption_id or line.product_id.id != redemption_id:
                continue
            currency = line.currency_id or line.company_currency_id
            if any(
                not isinstance(value, int | float)
                or currency.compare_amounts(value, line[field])
                for field, value in vals.items()
            ):
                raise UserError(
                    _(
                        "The points discount lines are set by Redeem points "
                        "only: their points and amounts cannot be set by hand."
                    )
                )

    def _retail_check_redemption_lines(self, product_id=None):
        """Refuse a points discount line (or a change of its money) made by
        hand on anything but a credit note: only server code
        (``retail.derived.state.mixin``'s marker, or the superuser: the
        Point of Sale invoicing its orders) does that."""
        if self.env.su or self.env.context.get("retail_derived_write") is _SERVER_WRITE:
            return
        redemption_id = self.env["ir.model.data"]._xmlid_to_res_id(
            REDEMPTION_PRODUCT_XMLID, raise_if_not_found=False
        )
        if not redemption_id:
            return
        if any(
            (line.product_id.id == redemption_id or product_id == redemption_id)
            and line.move_id.move_type != "out_refund"
            for line in self
        ):
            raise UserError(
                _(
                    "The points discount lines are set by Redeem points only: "
                    "their points and amounts cannot be set by hand."
                )
            )
