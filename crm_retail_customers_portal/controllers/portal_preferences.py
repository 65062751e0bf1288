# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The customer's own marketing choices and joining the loyalty programme
from the customer portal.

Both pages act on the logged-in user's records only, never on ids from the
request: the marketing choices on the user's own contact, joining on its
commercial partner (the company customer a contact belongs to). A form
carrying anything else than what the page shows (another field, another
partner, an unknown channel or choice) is refused whole: nothing is written
and the page says why, with status 400. Odoo checks the CSRF token of every
POST before these methods run (400 without a valid one).
"""

from odoo import _, http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.crm_retail_customers.models.res_partner import MARKETING_BANS
from odoo.addons.crm_retail_customers.models.retail_consent_log import (
    with_consent_source,
)
from odoo.addons.portal.controllers.portal import CustomerPortal

#: Values of a channel's choice in the preferences form.
ALLOW, BAN = "allow", "ban"
#: Field of every POST that is not a choice (Odoo checks it).
CSRF_FIELD = "csrf_token"
#: The consent checkbox of the join form.
CONSENT_FIELD = "consent"


class RetailPortalPreferences(CustomerPortal):
    # -- helpers ---------------------------------------------------------------
    @staticmethod
    def _retail_channel_labels():
        return {
            "letter": _("Letters"),
            "sms": _("Text messages (SMS)"),
            "email": _("E-mails"),
        }

    def _retail_preferences_values(self, partner, errors=(), saved=False):
        """Values of the preferences page of ``partner`` (the user's own
        contact, sudo): per channel whether marketing is allowed and whether
        the company's ban decides it."""
        company = partner.commercial_partner_id
        labels = self._retail_channel_labels()
        channels = []
        for channel, (own, _effective) in MARKETING_BANS.items():
            locked = company != partner and bool(company[own])
            channels.append(
                {
                    "code": channel,
                    "label": labels[channel],
                    "allowed": not (partner[own] or locked),
                    "locked": locked,
                    "company_note": locked
                    and _(
                        "Your company %(company)s does not allow this; its "
                        "choice applies to you too.",
                        company=company.name,
                    ),
                }
            )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "retail_loyalty_preferences",
                "retail_partner": partner,
                "retail_company": company if company != partner else None,
                "retail_channels": channels,
                "retail_errors": list(errors),
                "retail_saved": saved,
                "retail_direction": self._retail_direction(),
            }
        )
        return values

    @staticmethod
    def _retail_direction():
        lang = request.env["res.lang"]._lang_get(request.env.lang or "en_US")
        return lang.direction if lang else "ltr"

    def _retail_own_partner(self):
        """The logged-in user's own contact, sudo: portal users may not read
        the marketing fields themselves."""
        # sudo: the user's own contact, fixed by the user record (no id from
        # the request); only its name and marketing fields are shown
        return request.env.user.sudo().partner_id

    def _retail_preferences_changes(self, partner, form):
        """``(vals, errors)`` of a posted preferences ``form``: ``vals``
        holds only the own ban fields of the channels whose choice changed;
        any error refuses the whole form."""
        errors = []
        labels = self._retail_channel_labels()
        unknown = sorted(set(form) - set(MARKETING_BANS) - {CSRF_FIELD})
        if unknown:
            errors.append(
                _(
                    "The form contained something this page does not offer: "
                    "%(fields)s.",
                    fields=", ".join(unknown),
                )
            )
        company = partner.commercial_partner_id
        vals = {}
        for channel, (own, _effective) in MARKETING_BANS.items():
            if channel not in form:
                continue
            choice = form[channel]
            if choice not in (ALLOW, BAN):
                errors.append(
                    _(
                        "Unknown choice for %(channel)s.",
                        channel=labels[channel],
                    )
                )
                continue
            if company != partner and company[own]:
                # the page shows no choice for a channel the company bans
                errors.append(
                    _(
                        "%(channel)s: your company's choice applies and cannot "
                        "be changed here.",
                        channel=labels[channel],
                    )
                )
                continue
            banned = choice == BAN
            if banned != bool(partner[own]):
                vals[own] = banned
        return vals, errors

    # -- /my/loyalty/preferences -------------------------------------------------
    @http.route(
        "/my/loyalty/preferences",
        type="http",
        auth="user",
        methods=["GET"],
        website=True,
    )
    def portal_retail_preferences(self, saved=None, **kw):
        """The user's marketing choices. Parameters other than ``saved`` are
        ignored: the contact is the user's."""
        partner = self._retail_own_partner()
        values = self._retail_preferences_values(partner, saved=bool(saved))
        return request.render(
            "crm_retail_customers_portal.portal_retail_preferences", values
        )

    @http.route(
        "/my/loyalty/preferences",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_retail_preferences_save(self, **form):
        """Save the user's choices on their own contact, logged in the
        consent log with the source ``portal`` and the user."""
        partner = self._retail_own_partner()
        vals, errors = self._retail_preferences_changes(partner, form)
        if errors:
            errors.append(_("Nothing was saved."))
            values = self._retail_preferences_values(partner, errors=errors)
            return request.render(
                "crm_retail_customers_portal.portal_retail_preferences",
                values,
                status=400,
            )
        if vals:
            # sudo (``partner`` is): the user's own contact only, fixed by the
            # user record, and ``vals`` holds only the three own ban fields
            # (built above from MARKETING_BANS, never from the form's keys).
            # sudo keeps the user as env.uid: the consent log and the
            # chatter name the portal user.
            with_consent_source(partner, "portal").write(vals)
        return request.redirect("/my/loyalty/preferences?saved=1", code=303)

    # -- /my/loyalty/join ----------------------------------------------------------
    def _retail_join_customer(self):
        """The customer the user may enrol (sudo), or ``None``: only a portal
        user, for the commercial partner of their own contact, and only in a
        company the user belongs to."""
        user = request.env.user
        if not user.share:
            return None
        customer = self._retail_own_partner().commercial_partner_id
        if customer.company_id and customer.company_id not in user.company_ids:
            return None
        return customer

    def _retail_join_values(self, customer, error=None, status=None):
        values = self._prepare_portal_layout_values()
        # sudo: the programme settings of the customer's company (or the
        # user's), shown as the terms; nothing else of the company is shown
        company = (customer and customer.company_id) or request.env.company.sudo()
        welcome = None
        if customer and customer._retail_is_bonus(company.retail_welcome_points):
            digits = request.env["decimal.precision"].precision_get("Reward Points")
            lang = request.env["res.lang"]._lang_get(request.env.lang or "en_US")
            welcome = lang.format(
                f"%.{digits}f", company.retail_welcome_points, grouping=True
            )
        values.update(
            {
                "page_name": "retail_loyalty_join",
                "retail_terms": self._retail_terms(company, welcome),
                "retail_customer": customer,
                "retail_programme_company": company,
                "retail_welcome_points": welcome,
                "retail_error": error,
                "retail_status": status,
                "retail_direction": self._retail_direction(),
            }
        )
        return values

    @staticmethod
    def _retail_terms(company, welcome):
        """The sentences of the programme's terms, from ``company``'s
        settings (``welcome``: the formatted welcome bonus, or ``None``)."""
        terms = [
            _(
                "Members earn reward points on their purchases at %(company)s "
                "and can pay with them.",
                company=company.name,
            )
        ]
        if welcome and company.retail_welcome_on_enrol:
            terms.append(
                _(
                    "New members receive a welcome bonus of %(points)s points "
                    "when they join.",
                    points=welcome,
                )
            )
        elif welcome:
            terms.append(
                _(
                    "New members receive a welcome bonus of %(points)s points "
                    "after their first paid purchase.",
                    points=welcome,
                )
            )
        if company.retail_points_validity_months > 0:
            terms.append(
                _(
                    "Points not used within %(months)s months expire.",
                    months=company.retail_points_validity_months,
                )
            )
        terms += [
            _(
                "Your membership, its date and the points you earn and use "
                "are recorded on your customer account."
            ),
            _(
                "You can leave the programme at any time by asking the shop: "
                "your points are then kept but cannot be used."
            ),
            _("Joining does not change your marketing choices."),
        ]
        return terms

    def _retail_join_status(self, customer):
        """Why ``customer`` cannot join, as a status code, or ``None``."""
        if customer is None:
            return "no_customer"
        if not customer.active:
            return "archived"
        if customer.retail_member:
            return "member"
        return None

    @http.route(
        "/my/loyalty/join", type="http", auth="user", methods=["GET"], website=True
    )
    def portal_retail_join(self, joined=None, **kw):
        """The programme's terms and the consent box, for a customer who is
        not a member; otherwise why they cannot join."""
        customer = self._retail_join_customer()
        status = self._retail_join_status(customer)
        if status == "member" and joined:
            status = "joined"
        values = self._retail_join_values(customer, status=status)
        return request.render("crm_retail_customers_portal.portal_retail_join", values)

    @http.route(
        "/my/loyalty/join", type="http", auth="user", methods=["POST"], website=True
    )
    def portal_retail_join_save(self, **form):
        """Enrol the user's customer (source ``portal``) when the consent box
        is ticked, through the core's enrolment (welcome bonus as the
        company's settings say, once). A second submit finds a member and
        writes nothing."""
        customer = self._retail_join_customer()
        status = self._retail_join_status(customer)
        unknown = sorted(set(form) - {CSRF_FIELD, CONSENT_FIELD})
        error = None
        if unknown:
            error = _(
                "The form contained something this page does not offer: "
                "%(fields)s. Nothing was saved.",
                fields=", ".join(unknown),
            )
        elif status:
            values = self._retail_join_values(customer, status=status)
            return request.render(
                "crm_retail_customers_portal.portal_retail_join", values
            )
        elif form.get(CONSENT_FIELD) != "1":
            error = _("Tick the box to accept the terms and join.")
        if error:
            values = self._retail_join_values(customer, error=error)
            return request.render(
                "crm_retail_customers_portal.portal_retail_join", values, status=400
            )
        try:
            # sudo (``customer`` is): the commercial partner of the user's own
            # contact, fixed by the user record; the core's enrolment writes
            # only the membership fields and the company's welcome bonus
            # (once, under the customer's key), with the user as env.uid.
            joined = customer.with_company(
                customer.company_id or request.env.company
            )._retail_enrol("portal")
            # the customer's own request: the tracked link they came
            # through (UTM cookies) is where they came from
            joined._retail_set_acquisition_from_request()
        except UserError as exc:
            values = self._retail_join_values(customer, error=str(exc))
            return request.render(
                "crm_retail_customers_portal.portal_retail_join", values, status=400
            )
        return request.redirect("/my/loyalty/join?joined=1", code=303)
