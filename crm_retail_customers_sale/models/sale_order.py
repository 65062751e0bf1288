# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tools import float_is_zero

from odoo.addons.crm_retail_customers.models.retail_derived_state_mixin import (
    _SERVER_WRITE,
)
from odoo.addons.crm_retail_customers.models.retail_role_contact_mixin import (
    commercial_partner_field,
    role_contact_field,
)
from odoo.addons.crm_retail_customers_account.models.account_move import (
    MANAGER_GROUP,
    check_points_to_redeem,
    points_discount_differs,
    points_discount_lines,
)


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = [
        "sale.order",
        "retail.role.contact.mixin",
        "retail.points.document.mixin",
        "retail.derived.state.mixin",
    ]
    _retail_derived_fields = (
        "retail_points_redeemed",
        "retail_points_redeem_partner_id",
    )
    _retail_contact_role = "sales"
    _retail_contact_field = "retail_sales_contact_id"

    retail_commercial_partner_id = commercial_partner_field(
        "Customer Entity",
        "The company (or person) the customer belongs to; the sales "
        "contact is one of its contacts.",
    )
    retail_sales_contact_id = role_contact_field(
        "Sales Contact",
        "The customer's contact for sales, proposed from the contact "
        "holding the sales role. Quotation and order e-mails are sent to this "
        "contact instead of the customer; the documents print it.",
    )

    retail_points_redeemed = fields.Float(
        "Points Redeemed",
        digits="Reward Points",
        copy=False,
        readonly=True,
        help="Reward points the points discount lines of this quotation are "
        "worth (Redeem points). They go to the invoice with the lines and are "
        "taken from the customer's balance when the invoice is posted.",
    )
    retail_points_redeem_partner_id = fields.Many2one(
        "res.partner",
        "Points Redeemed From",
        copy=False,
        readonly=True,
        help="The customer whose points the points discount was granted on.",
    )
    retail_points_redeem_mode = fields.Selection(
        related="company_id.retail_points_redeem_mode"
    )

    # -- followers (retail.role.contact.mixin) --------------------------------------
    def action_quotation_sent(self):
        return super(
            SaleOrder, self.with_context(retail_follow_role_contact=True)
        ).action_quotation_sent()

    def action_confirm(self):
        for order in self:
            order._retail_check_points_discount()
        return super(
            SaleOrder, self.with_context(retail_follow_role_contact=True)
        ).action_confirm()

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        return super().message_subscribe(
            partner_ids=self._retail_follower_ids(partner_ids),
            subtype_ids=subtype_ids,
        )

    # -- e-mails (template recipients: retail.role.contact.mixin) ---------------
    def _notify_get_recipients_groups(self, message, model_description, msg_vals=None):
        """Give the sales contact the customer's button in the e-mail (the
        quotation opened with the order's access token, to accept and sign
        it), since the quotation is sent to them in the customer's place
        (retail.role.contact.mixin)."""
        groups = super()._notify_get_recipients_groups(
            message, model_description, msg_vals=msg_vals
        )
        return self._retail_notify_role_contact_groups(groups, msg_vals)

    # -- customer since -------------------------------------------------------------
    def _action_confirm(self):
        res = super()._action_confirm()
        self._retail_update_customer_since()
        return res

    def _retail_customer_since_day(self):
        """A confirmed order dates the first purchase by its confirmation
        date, when the company takes 'customer since' from sales
        (retail.points.document.mixin)."""
        if (
            self.state == "sale"
            and self.date_order
            and self.partner_id
            and self.company_id.retail_customer_since_sale
        ):
            return (
                self.partner_id.commercial_partner_id,
                fields.Date.context_today(self, self.date_order),
            )
        return False

    # -- redeeming points: the points discount ---------------------------------------
    def _retail_redemption_lines(self):
        """The points discount lines of this order."""
        self.ensure_one()
        product = self.env["account.move"]._retail_redemption_product()
        if not product:
            return self.env["sale.order.line"]
        return self.order_line.filtered(
            lambda line: not line.display_type and line.product_id == product
        )

    def _retail_goods_by_taxes(self):
        """``[(taxes, amount with taxes)]`` of the goods that may be paid with
        points, per set of taxes (see ``account.move``'s)."""
        self.ensure_one()
        discount = self._retail_redemption_lines()
        groups = {}
        for line in self.order_line:
            if (
                line.display_type
                or line in discount
                or line.product_id.retail_no_points
            ):
                continue
            key = frozenset(line.tax_id.ids)
            taxes, amount = groups.get(key, (line.tax_id, 0.0))
            groups[key] = (taxes, amount + self._retail_line_total(line))
        return [
            groups[key]
            for key in sorted(groups, key=sorted)
            if self.currency_id.compare_amounts(groups[key][1], 0.0) > 0
        ]

    def _retail_line_total(self, line):
        """The amount with taxes of order ``line`` from its price, quantity,
        discount and taxes, never its stored ``price_total`` (see
        ``account.move._retail_line_total``)."""
        price = line.price_unit * (1.0 - (line.discount or 0.0) / 100.0)
        if not line.tax_id:
            return self.currency_id.round(price * line.product_uom_qty)
        return line.tax_id.compute_all(
            price,
            currency=self.currency_id,
            quantity=line.product_uom_qty,
            product=line.product_id,
            partner=self.partner_shipping_id,
        )["total_included"]

    def _retail_redeemable_amount(self):
        return sum(amount for _taxes, amount in self._retail_goods_by_taxes())

    def action_retail_redeem_points(self):
        """The "Redeem points" wizard of this quotation (the invoice's)."""
        self.ensure_one()
        self._retail_check_redeem_allowed()
        return {
            "type": "ir.actions.act_window",
            "name": _("Redeem Points"),
            "res_model": "retail.invoice.redeem.points",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id},
        }

    def _retail_check_redeem_allowed(self):
        """As ``account.move._retail_check_redeem_allowed`` (discount mode)
        for a quotation: a Retail CRM manager who may write it, a company
        that redeems points as a discount, the company's currency. In payment
        mode a quotation has no redemption: its invoice is paid with points."""
        self.ensure_one()
        self.check_access_rights("write")
        self.check_access_rule("write")
        if not self.env.user.has_group(MANAGER_GROUP):
            raise UserError(
                _(
                    "Only a Retail CRM manager may redeem a customer's points "
                    "on a quotation."
                )
            )
        if self.state not in ("draft", "sent"):
            raise UserError(_("Points can be redeemed on a quotation only."))
        if self.company_id.retail_points_redeem_mode != "discount":
            raise UserError(
                _(
                    "%(company)s redeems points as a payment: pay the "
                    "invoice of the order with points instead.",
                    company=self.company_id.name,
                )
            )
        if self.currency_id != self.company_id.currency_id:
            raise UserError(
                _(
                    "Points are worth money in %(currency)s: they can be "
                    "redeemed on a quotation in that currency only.",
                    currency=self.company_id.currency_id.name,
                )
            )
        if not self.partner_id:
            raise UserError(_("Choose the customer first."))

    def _retail_set_points_discount(self, points):
        """Replace the points discount of this quotation by one worth
        ``points`` (none for 0), as on an invoice
        (``account.move._retail_set_points_discount``: the same checks and
        lines). Nothing is taken now: the lines go to the invoice, whose
        posting takes the points."""
        self.ensure_one()
        self._retail_check_redeem_allowed()
        customer = self.partner_id.commercial_partner_id
        points = check_points_to_redeem(self, customer, points)
        commands = [Command.unlink(line.id) for line in self._retail_redemption_lines()]
        if points:
            product = self.env["account.move"]._retail_redemption_product()
            name = _("Reward points: %(points)s points", points=points)
            commands += [
                Command.create(
                    {
                        "product_id": product.id,
                        "name": name,
                        "product_uom_qty": 1.0,
                        "price_unit": price,
                        "tax_id": [Command.set(taxes.ids)],
                    }
                )
                for taxes, price in self._retail_points_discount_lines(points)
            ]
        self._retail_write_derived(
            {
                "order_line": commands,
                "retail_points_redeemed": points,
                "retail_points_redeem_partner_id": customer.id if points else False,
            }
        )

    def _retail_points_discount_lines(self, points):
        self.ensure_one()
        return points_discount_lines(
            self.company_id,
            self.currency_id,
            self.partner_id,
            self._retail_goods_by_taxes(),
            points,
        )

    def _retail_check_points_discount(self):
        """Refuse to confirm an order whose points discount is not the one
        the server set for its goods, points and customer now (as posting an
        invoice refuses it), or whose currency is no longer the company's (a
        price list changed since: the discount lines keep their figures, which
        would be worth that currency's money)."""
        self.ensure_one()
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        points = self.retail_points_redeemed
        lines = self._retail_redemption_lines()
        if float_is_zero(points, precision_digits=digits) and not lines:
            return
        currency = self.currency_id
        if currency != self.company_id.currency_id:
            raise UserError(
                _(
                    "Points are worth money in %(currency)s: %(order)s has a "
                    "points discount and is confirmed in that currency only. "
                    "Choose a price list in %(currency)s again.",
                    currency=self.company_id.currency_id.name,
                    order=self.display_name,
                )
            )
        wrong = (
            float_is_zero(points, precision_digits=digits)
            or self.retail_points_redeem_partner_id
            != self.partner_id.commercial_partner_id
        )
        wrong = wrong or points_discount_differs(
            currency,
            self._retail_points_discount_lines(points),
            [
                (line.tax_id, line.price_unit, line.product_uom_qty, line.discount)
                for line in lines
            ],
        )
        if wrong:
            raise UserError(
                _(
                    "The points discount of %(order)s is not the one granted "
                    "for its goods, its points and its customer (lines changed "
                    "or goods changed since): use Redeem points again.",
                    order=self.display_name,
                )
            )

    def copy_data(self, default=None):
        """A copy of a quotation has no points discount (Redeem points again
        on the copy)."""
        data_list = super().copy_data(default)
        product = self.env["account.move"]._retail_redemption_product()
        if not product:
            return data_list
        for data in data_list:
            if "order_line" in data:
                data["order_line"] = [
                    command
                    for command in data["order_line"]
                    if not (
                        command[0] == Command.CREATE
                        and command[2].get("product_id") == product.id
                    )
                ]
        return data_list

    def _create_invoices(self, grouped=False, final=False, date=None):
        """The invoices take the points discount lines of their orders
        (server code: the lines' guard lets them through) and the points
        they are worth: the order's points in the share of its discount the
        invoice carries. The invoice's posting takes them, once: a discount
        line is invoiced once (its quantity), and an invoice cancelled gives
        its points back before the line is invoiced again."""
        moves = super(
            SaleOrder, self.with_context(retail_derived_write=_SERVER_WRITE)
        )._create_invoices(grouped=grouped, final=final, date=date)
        moves = moves.with_env(self.env)
        for move in moves:
            move._retail_take_order_points()
        return moves
