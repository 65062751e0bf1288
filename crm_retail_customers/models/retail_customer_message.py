# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

#: Messages to the customer: kind -> e-mail template (xmlid).
MESSAGE_TEMPLATES = {
    "welcome": "crm_retail_customers.mail_template_retail_welcome",
    "expiry": "crm_retail_customers.mail_template_retail_points_expiry",
    "birthday": "crm_retail_customers.mail_template_retail_birthday",
    "statement": "crm_retail_customers.mail_template_retail_statement",
}
#: Promotional messages: they honour the customer's marketing bans. The
#: others are service messages (the customer's own enrolment, points and
#: account), sent whatever the bans, never to a blacklisted address.
PROMOTIONAL_MESSAGES = ("birthday",)


class RetailCustomerMessage(models.Model):
    """A message to a customer that must go out once only: the reminder of
    the points expiring on a date, the statement of a month. Insert-only:
    a row, written when the message is queued, is what keeps the daily job
    from sending it again (one per customer, company, kind and date)."""

    _name = "retail.customer.message"
    _description = "Message to a Retail Customer"
    _order = "id desc"
    _rec_name = "kind"

    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, ondelete="cascade"
    )
    kind = fields.Selection(
        [
            ("welcome", "Welcome"),
            ("expiry", "Points expiry reminder"),
            ("birthday", "Birthday greeting"),
            ("statement", "Monthly statement"),
        ],
        required=True,
    )
    ref_date = fields.Date(
        "For",
        required=True,
        help="Expiry date of the points the reminder is about; first day of "
        "the month of the statement.",
    )

    _sql_constraints = [
        (
            "unique_message",
            "UNIQUE(partner_id, company_id, kind, ref_date)",
            "This message was sent to the customer already.",
        )
    ]

    @api.model
    def _retail_claim(self, partner, company, kind, ref_date):
        """Record that ``kind`` for ``ref_date`` goes to ``partner`` now.

        :return: whether it was not recorded before (one statement: a job
            running twice cannot send it twice)
        """
        self.env.cr.execute(
            """
            INSERT INTO retail_customer_message
                   (partner_id, company_id, kind, ref_date,
                    create_uid, create_date, write_uid, write_date)
            VALUES (%s, %s, %s, %s, %s, NOW() AT TIME ZONE 'UTC',
                    %s, NOW() AT TIME ZONE 'UTC')
       ON CONFLICT DO NOTHING
         RETURNING id
            """,
            [partner.id, company.id, kind, ref_date, self.env.uid, self.env.uid],
        )
        return bool(self.env.cr.fetchone())

    def write(self, vals):
        if vals:
            raise UserError(
                _("The log of messages sent to customers cannot be changed.")
            )
        return super().write(vals)
