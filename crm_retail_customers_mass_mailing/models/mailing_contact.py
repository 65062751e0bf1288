# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models
from odoo.tools import SQL


class MailingContact(models.Model):
    _inherit = "mailing.contact"

    # -- recipients banned as customers ---------------------------------------------
    @api.model
    def _retail_recipients_query(self, mailing, lists=None):
        """The list contacts a mailing goes to, as a query (record rules
        applied) to embed in the ban look-ups: the contacts of ``lists`` when
        given, else those of the mailing's recipient domain. ``None`` when
        the mailing does not send to list contacts."""
        if lists:
            return self._search([("list_ids", "in", lists.ids)])
        if mailing and mailing.mailing_model_real == self._name:
            # the whole domain, not ``_get_recipients()``: that one draws a
            # random sample for A/B tests, which may differ from the one sent
            return self._search(mailing._parse_mailing_domain())
        return None

    @api.model
    def _retail_banned_emails(self, recipients):
        """Normalised e-mail addresses of the ``recipients`` query that belong
        to customers whose e-mail marketing is banned (own or company ban):
        one search with the recipients as a sub-query, however many there
        are. Archived customers' bans count too: a customer who refused
        marketing has not agreed to it by being archived.

        :return: set of e-mail addresses
        """
        if recipients is None:
            return set()
        # the sub-query reads the contacts' addresses in SQL
        self.flush_model(["email_normalized"])
        emails = recipients.subselect(
            SQL.identifier(recipients.table, "email_normalized")
        )
        banned = (
            self.env["res.partner"]
            # sudo: a ban holds in every company, also for customers the sender
            # cannot see; only the addresses of banned customers that are
            # already the mailing's own recipients are read.
            .sudo()
            .with_context(active_test=False)
            .search_fetch(
                [
                    ("effective_no_email_marketing", "=", True),
                    ("email_normalized", "in", emails),
                ],
                ["email_normalized"],
            )
        )
        return set(banned.mapped("email_normalized")) - {False}

    @api.model
    def _retail_banned_sms_contact_ids(self, recipients):
        """Ids of the list contacts of the ``recipients`` query whose number
        is one of an SMS-banned customer's numbers, in one query.

        Numbers are compared reduced to their digits, a leading ``+`` or
        ``00`` read as the international prefix: the contact's
        ``phone_sanitized`` against the customer's ``phone_sanitized`` (the
        main number, formatted with the customer's country when the
        ``phonenumbers`` library is there) and the customer's mobile and
        phone as typed. So a second number typed in national format is only
        recognised when the contact has it in the same format. Like the
        e-mail ban it holds in every company and for archived customers; the
        query reads only banned customers' numbers.

        :return: list of ``mailing.contact`` ids
        """
        if recipients is None:
            return []
        self.env["res.partner"].flush_model(
            ["effective_no_sms_marketing", "phone_sanitized", "mobile", "phone"]
        )
        self.flush_model(["phone_sanitized"])
        self.env.cr.execute(
            SQL(
                """
                WITH banned AS (
                    SELECT DISTINCT regexp_replace(
                               regexp_replace(raw.number, '[^0-9+]', '', 'g'),
                               '^00', '+') AS number
                      FROM res_partner p,
                           unnest(ARRAY[p.phone_sanitized, p.mobile, p.phone])
                               AS raw(number)
                     WHERE p.effective_no_sms_marketing
                       AND raw.number IS NOT NULL
                )
                SELECT DISTINCT c.id
                  FROM mailing_contact c
                  JOIN banned b
                    ON b.number = regexp_replace(
                           regexp_replace(c.phone_sanitized, '[^0-9+]', '', 'g'),
                           '^00', '+')
                 WHERE c.id IN %s AND c.phone_sanitized IS NOT NULL
                """,
                recipients.subselect(),
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    # -- hooks of mass_mailing / mass_mailing_sms (mailings on list contacts) -------
    def _mailing_get_opt_out_list(self, mailing):
        """E-mail addresses a mailing sent to list contacts directly must
        skip: those of e-mail-banned customers."""
        opt_out = self._retail_parent_opt_out("_mailing_get_opt_out_list", mailing)
        recipients = self._retail_mailing_recipients(mailing)
        return opt_out | self._retail_banned_emails(recipients)

    def _mailing_get_opt_out_list_sms(self, mailing):
        """List contacts an SMS mailing sent to list contacts directly must
        skip: those with the number of an SMS-banned customer."""
        opt_out = self._retail_parent_opt_out("_mailing_get_opt_out_list_sms", mailing)
        recipients = self._retail_mailing_recipients(mailing)
        return list(opt_out | set(self._retail_banned_sms_contact_ids(recipients)))

    def _retail_parent_opt_out(self, method, mailing):
        """What the parent's hook ``method`` answers for ``mailing``, as a set
        (nothing when no installed module defines the hook)."""
        parent = getattr(super(), method, None)
        return set(parent(mailing)) if parent else set()

    def _retail_mailing_recipients(self, mailing):
        """The list contacts a hook is asked about: these, or, called on none,
        all those the mailing is sent to."""
        if self:
            return self._search([("id", "in", self.ids)])
        return self._retail_recipients_query(mailing)
