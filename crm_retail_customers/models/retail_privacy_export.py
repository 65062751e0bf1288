# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The customer's data export (GDPR right of access): one ZIP with
everything the register holds about a customer, as JSON files and a short
summary page in the customer's language.

The builder writes into a file object (the route gives it a spooled
temporary file): the ledger and the purchases are read in batches and
encoded row by row into their ZIP entries, so a customer with 100,000
ledger entries never sits in memory."""

import datetime
import json
import zipfile
from decimal import Decimal

from odoo import _, api, fields, models
from odoo.tools import SQL, html2plaintext

from ..tools.dates import format_date_lang
from .retail_access import check_retail_manager

#: Rows read from the database at a time (ledger, purchases, messages).
EXPORT_BATCH = 5000
#: The fields of the profile, as stored (see :meth:`_retail_privacy_value`).
PROFILE_FIELDS = (
    "name",
    "is_company",
    "type",
    "parent_id",
    "commercial_partner_id",
    "company_id",
    "ref",
    "title",
    "function",
    "street",
    "street2",
    "zip",
    "city",
    "state_id",
    "country_id",
    "email",
    "phone",
    "mobile",
    "website",
    "vat",
    "company_registry",
    "lang",
    "tz",
    "active",
    "create_date",
    "category_id",
    "customer_group_id",
    "customer_type_id",
    "contact_role_ids",
    "birthdate",
    "retail_birth_day",
    "retail_birth_month",
    "gender",
    "preferred_contact_method",
    "customer_since",
    "acquisition_source_id",
    "acquisition_campaign_id",
    "acquisition_medium_id",
)
MEMBERSHIP_EXPORT_FIELDS = (
    "retail_member",
    "retail_member_since",
    "retail_member_source",
    "retail_member_user_id",
    "retail_member_left_on",
)
CHANNELS = ("letter", "sms", "email")
#: Tracked fields whose history the profile repeats (membership, tier, bans).
HISTORY_FIELDS = {
    "retail_member": "membership",
    "reward_tier_id": "tier",
    "no_letter_marketing": "bans",
    "no_sms_marketing": "bans",
    "no_email_marketing": "bans",
}


def _json_default(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return str(value)


def _dumps(value):
    return json.dumps(value, ensure_ascii=False, default=_json_default)


class RetailPrivacyExport(models.AbstractModel):
    """Builds the export of one customer (nothing stored). Every method is
    private: no client calls them over JSON-RPC or XML-RPC; the route
    ``/crm_retail_customers/privacy/export/<id>`` is the one way in, for
    Retail CRM managers."""

    _name = "retail.privacy.export"
    _description = "Customer Data Export"

    # -- entry point ----------------------------------------------------------
    @api.model
    def _retail_privacy_export_build(self, partner, fileobj):
        """Write the ZIP export of ``partner`` (read by the current user:
        their companies and record rules apply) into ``fileobj``; returns
        the counts the summary shows."""
        check_retail_manager(
            self.env, _("Only Retail CRM managers export a customer's data.")
        )
        partner.ensure_one()
        partner.check_access_rights("read")
        partner.check_access_rule("read")
        partners = self._retail_privacy_export_partners(partner)
        holder = partner.commercial_partner_id
        # the points and purchases sit on the commercial partner: a contact
        # of a company exports their own data, the company's are the company's
        owns_points = holder == partner
        lang = partner.lang or self.env.lang or "en_US"
        stats = {}
        with zipfile.ZipFile(fileobj, "w", zipfile.ZIP_DEFLATED) as zf:
            with zf.open("messages.json", "w") as stream:
                # the messages on the customer's own record: a contact's
                # messages are the contact's (their own export), as their
                # profile is
                stats["messages"], history = self._retail_privacy_export_messages(
                    partner, stream
                )
            with zf.open("points_ledger.json", "w") as stream:
                stats["ledger"] = self._retail_privacy_export_ledger(
                    holder if owns_points else None, stream, lang
                )
            with zf.open("purchases.json", "w") as stream:
                stats["purchases"] = self._retail_privacy_export_purchases(
                    holder if owns_points else None, stream
                )
            profile = {
                "export_date": fields.Datetime.now(),
                "customer": self._retail_privacy_export_profile(partner, history),
                # an access request is a person's: a company's export names
                # its contacts and their job only; a contact's own data is in
                # the contact's own export
                "contacts": [
                    {
                        "id": contact.id,
                        "name": contact.name,
                        "function": contact.function or None,
                    }
                    for contact in partners - partner
                ],
            }
            if not owns_points:
                profile["points_held_by"] = {
                    "id": holder.id,
                    "name": holder.name,
                }
            zf.writestr("customer.json", _dumps(profile))
            zf.writestr(
                "summary.html",
                self._retail_privacy_export_summary(partner, partners, stats, lang),
            )
        return stats

    @api.model
    def _retail_privacy_export_partners(self, partner):
        """``partner`` and, for a company, its contacts (archived ones too)
        that the user may read."""
        if not partner.is_company:
            return partner
        contacts = (
            self.env["res.partner"]
            .with_context(active_test=False)
            .search([("id", "child_of", partner.id)], order="id")
        )
        return partner | contacts

    # -- values -----------------------------------------------------------------
    @api.model
    def _retail_privacy_value(self, record, name):
        """The value of field ``name`` of ``record`` for JSON: a related
        record as ``{"id", "name"}``, several as a list of them, dates in
        ISO format, an empty value as ``null``."""
        field = record._fields[name]
        value = record[name]
        if field.type == "many2one":
            return {"id": value.id, "name": value.display_name} if value else None
        if field.type in ("one2many", "many2many"):
            return [{"id": rec.id, "name": rec.display_name} for rec in value]
        if field.type == "boolean":
            return bool(value)
        if value is False and field.type not in ("integer", "float", "monetary"):
            return None
        return value

    @api.model
    def _retail_privacy_export_profile(self, partner, history):
        """Everything the register holds on ``partner`` but the ledger, the
        purchases and the messages."""
        value = self._retail_privacy_value
        data = {"id": partner.id}
        data.update(
            {
                name: value(partner, name)
                for name in PROFILE_FIELDS
                if name in partner._fields
            }
        )
        # the person's own data: their national ID and identification numbers
        data["national_id"] = partner.retail_national_id or None
        data["national_id_country"] = value(partner, "retail_national_id_country_id")
        data["identification_numbers"] = [
            {
                "category": number.category_id.name,
                "number": number.name,
                "valid_from": number.valid_from,
                "valid_until": number.valid_until,
            }
            for number in partner.id_numbers
        ]
        data["bank_accounts"] = [
            {
                "account_number": bank.acc_number,
                "bank": bank.bank_id.name or None,
                "holder_name": bank.acc_holder_name or None,
            }
            for bank in partner.bank_ids
        ]
        data["marketing_bans"] = {
            channel: {
                "own": bool(partner[f"no_{channel}_marketing"]),
                "effective": bool(partner[f"effective_no_{channel}_marketing"]),
            }
            for channel in CHANNELS
        }
        data["marketing_ban_history"] = history.get((partner.id, "bans"), [])
        data["consents"] = [
            {
                "date": log.date,
                "channel": log.channel,
                "allowed_before": log.previous_allowed,
                "allowed": log.allowed,
                "source": log.source,
                "user": log.user_id.name or None,
            }
            for log in partner.retail_consent_log_ids.sorted(lambda r: (r.date, r.id))
        ]
        data["relations"] = [
            {
                "relation": relation.type_label,
                "other": relation.related_partner_id.display_name,
                "note": relation.note or None,
            }
            for relation in partner.relation_ids
        ] + [
            {
                "relation": relation.inverse_type_label,
                "other": relation.partner_id.display_name,
                "note": relation.note or None,
            }
            for relation in partner.inverse_relation_ids
        ]
        if partner.commercial_partner_id == partner:
            data["loyalty"] = {
                "balance": partner.reward_points,
                "lifetime_points": partner.reward_points_earned,
                "tier": value(partner, "reward_tier_id"),
                "tier_history": history.get((partner.id, "tier"), []),
                "membership": {
                    name: value(partner, name) for name in MEMBERSHIP_EXPORT_FIELDS
                },
                "membership_history": history.get((partner.id, "membership"), []),
                "cards": [
                    {
                        "number": card.number,
                        "state": card.state,
                        "issue_date": card.issue_date,
                        "expiry_date": card.expiry_date,
                        "replaced_by": card.replaced_by_id.number or None,
                        "company": card.company_id.name or None,
                    }
                    for card in partner.with_context(active_test=False).card_ids
                ],
                "sales": {
                    "count": partner.retail_sales_count,
                    "amount": partner.retail_sales_amount,
                    "currency": partner.retail_currency_id.name or None,
                    "last_purchase": partner.retail_last_sale_date or None,
                    "previous_system": {
                        "count": partner.retail_opening_sales_count,
                        "amount": partner.retail_opening_sales_amount,
                        "last_purchase": partner.retail_opening_last_sale_date or None,
                    },
                },
            }
        return data

    # -- streamed files -------------------------------------------------------
    @api.model
    def _retail_privacy_export_ledger(self, holder, stream, lang):
        """Write every ledger entry of ``holder`` (None: none, the points are
        another partner's) in the companies the user works in, oldest first,
        as a JSON list into ``stream``; returns their number. Read by id in
        batches: memory stays flat whatever the ledger's length."""
        Entry = self.env["retail.point.entry"]
        Entry.check_access_rights("read")
        Entry.flush_model()
        render = Entry._retail_text_renderer(lang)
        # kinds, like descriptions and notes, in the customer's language
        kinds = dict(
            Entry._fields["kind"]._description_selection(
                self.with_context(lang=lang).env
            )
        )
        stream.write(b"[")
        count, last_id = 0, 0
        while holder:
            self.env.cr.execute(
                SQL(
                    """
                SELECT e.id, e.date, e.kind, e.points, e.amount, c.name,
                       e.origin, e.origin_code, e.origin_params, e.note,
                       e.note_code, e.note_params, e.expiry_date, co.name
                  FROM retail_point_entry e
             LEFT JOIN res_currency c ON c.id = e.currency_id
             LEFT JOIN res_company co ON co.id = e.company_id
                 WHERE e.partner_id = %s AND e.id > %s
                   AND (e.company_id IS NULL OR e.company_id IN %s)
              ORDER BY e.id
                 LIMIT %s
                    """,
                    holder.id,
                    last_id,
                    tuple(self.env.companies.ids),
                    EXPORT_BATCH,
                )
            )
            rows = self.env.cr.fetchall()
            if not rows:
                break
            chunk = []
            for (
                entry_id,
                date,
                kind,
                points,
                amount,
                currency,
                origin,
                origin_code,
                origin_params,
                note,
                note_code,
                note_params,
                expiry,
                company,
            ) in rows:
                entry = {
                    "id": entry_id,
                    "date": date,
                    "kind": kind,
                    "kind_label": kinds.get(kind, kind),
                    "points": points,
                    "amount": amount,
                    "currency": currency,
                    "origin": render(origin_code, origin_params, origin, entry_id)
                    or None,
                    "note": render(note_code, note_params, note, entry_id) or None,
                    "expiry_date": expiry,
                    "company": company,
                }
                chunk.append(("," if count else "") + "\n" + _dumps(entry))
                count += 1
            stream.write("".join(chunk).encode())
            last_id = rows[-1][0]
        stream.write(b"\n]\n")
        return count

    @api.model
    def _retail_privacy_export_purchases(self, holder, stream):
        """Write the purchases of ``holder`` (the partner's
        ``_retail_privacy_export_purchases``, which the bridges extend) as
        a JSON list into ``stream``; returns their number."""
        stream.write(b"[")
        count, chunk = 0, []
        if holder:
            for row in holder._retail_privacy_export_purchases():
                chunk.append(("," if count else "") + "\n" + _dumps(row))
                count += 1
                if len(chunk) >= EXPORT_BATCH:
                    stream.write("".join(chunk).encode())
                    chunk = []
        stream.write(("".join(chunk) + "\n]\n").encode())
        return count

    @api.model
    def _retail_privacy_export_messages(self, partners, stream):
        """Write the messages on the records of ``partners`` that the user
        may read (date, author, subject, body as text, tracked changes old →
        new) as a JSON list into ``stream``; returns their number and the
        tracked history of membership, tier and bans by ``(partner id,
        kind)``."""
        Message = self.env["mail.message"]
        history = {}
        count, last_id = 0, 0
        stream.write(b"[")
        while True:
            messages = Message.search(
                [
                    ("model", "=", "res.partner"),
                    ("res_id", "in", partners.ids),
                    ("id", ">", last_id),
                ],
                order="id",
                limit=EXPORT_BATCH,
            )
            if not messages:
                break
            chunk = []
            for message in messages:
                # sudo: tracking values are read by the system group only; the
                # chatter shows a user those of fields they may read, as here
                trackings = message.sudo().tracking_value_ids.filtered(
                    lambda t: not t.field_groups or self.user_has_groups(t.field_groups)
                )
                changes = trackings.with_env(self.env)._tracking_value_format()
                names = {t.id: t.field_id.name for t in trackings}
                for change in changes:
                    kind = HISTORY_FIELDS.get(names.get(change["id"]))
                    if kind:
                        history.setdefault((message.res_id, kind), []).append(
                            {
                                "date": message.date,
                                "field": change["fieldName"],
                                "old": change["oldValue"]["value"],
                                "new": change["newValue"]["value"],
                            }
                        )
                item = {
                    "id": message.id,
                    "partner_id": message.res_id,
                    "date": message.date,
                    "type": message.message_type,
                    "author": message.author_id.name or message.email_from or None,
                    "subject": message.subject or None,
                    "body": html2plaintext(message.body or "") or None,
                    "changes": [
                        {
                            "field": change["changedField"],
                            "old": change["oldValue"]["value"],
                            "new": change["newValue"]["value"],
                        }
                        for change in changes
                    ],
                }
                chunk.append(("," if count else "") + "\n" + _dumps(item))
                count += 1
            stream.write("".join(chunk).encode())
            last_id = messages[-1].id
            messages.invalidate_recordset()
        stream.write(b"\n]\n")
        return count, history

    # -- summary ---------------------------------------------------------------
    @api.model
    def _retail_privacy_export_summary(self, partner, partners, stats, lang):
        """The short page (HTML) that tells the customer, in their language,
        what the export holds."""
        self = self.with_context(lang=lang)  # noqa: PLW0642 (``_()`` reads it)
        partner = partner.with_context(lang=lang)
        env = self.env
        lang_rec = env["res.lang"]._lang_get(lang)
        holder = partner.commercial_partner_id

        def date(value):
            return format_date_lang(env, value, lang_code=lang) if value else ""

        def label(record, name):
            return record._fields[name]._description_string(env)

        def selection(record, name):
            values = dict(record._fields[name]._description_selection(env))
            return values.get(record[name], "")

        address = ", ".join(
            part
            for part in (
                partner.street,
                partner.street2,
                " ".join(p for p in (partner.zip, partner.city) if p),
                partner.country_id.name,
            )
            if part
        )
        rows = [
            (label(partner, "name"), partner.name or ""),
            (_("Customer number"), partner.ref or ""),
            (_("Address"), address),
            (label(partner, "email"), partner.email or ""),
            (label(partner, "phone"), partner.phone or ""),
            (label(partner, "mobile"), partner.mobile or ""),
        ]
        if holder == partner:
            rows += [
                (
                    _("Points balance"),
                    self._retail_privacy_number(holder.reward_points, lang_rec),
                ),
                (label(holder, "reward_tier_id"), holder.reward_tier_id.name or ""),
                (
                    label(holder, "retail_member_since"),
                    date(holder.retail_member_since),
                ),
            ]
        else:
            rows.append(
                (
                    _("Points"),
                    _(
                        "Points and purchases belong to %(company)s.",
                        company=holder.name,
                    ),
                )
            )
        bans = [
            label(partner, f"effective_no_{channel}_marketing")
            for channel in CHANNELS
            if partner[f"effective_no_{channel}_marketing"]
        ]
        rows += [
            (_("Marketing bans"), ", ".join(bans) or _("None")),
            (_("Ledger entries"), str(stats["ledger"])),
            (_("Purchases"), str(stats["purchases"])),
            (_("Messages"), str(stats["messages"])),
        ]
        if len(partners) > 1:
            rows.append((_("Contacts"), ", ".join((partners - partner).mapped("name"))))
        cards = (
            [
                f"{card.number} ({selection(card, 'state')}, {date(card.issue_date)})"
                for card in holder.with_context(active_test=False).card_ids
            ]
            if holder == partner
            else []
        )
        files = [
            (
                "customer.json",
                _(
                    "Profile, addresses and contact data, customer group, type "
                    "and number, national ID, bank accounts, loyalty membership "
                    "and tier with their history, cards, marketing bans with "
                    "their history, consents, relations; for a company, the "
                    "names and job positions of its contacts."
                ),
            ),
            (
                "points_ledger.json",
                _(
                    "Every entry of the points ledger: date, kind, points, "
                    "amount, currency, source document, note, expiry date."
                ),
            ),
            (
                "purchases.json",
                _(
                    "Purchases: POS orders, sale orders, invoices and sales "
                    "booked in the points ledger: date, number, amount, currency."
                ),
            ),
            (
                "messages.json",
                _(
                    "Messages and logged changes on the customer's record: date, "
                    "author, subject, text, changed values."
                ),
            ),
        ]
        values = {
            "html_lang": lang.replace("_", "-"),
            "direction": lang_rec.direction or "ltr",
            "title": _("Your data: %(name)s", name=partner.name),
            "intro": _(
                "This file lists what %(company)s holds about you on "
                "%(date)s. The JSON files hold all of it in a machine-readable "
                "form.",
                company=(partner.company_id or env.company).name,
                date=date(fields.Date.context_today(self)),
            ),
            "rows": rows,
            "cards_title": _("Cards"),
            "cards": cards,
            "files_title": _("Files in this export"),
            "files": files,
        }
        html = env["ir.qweb"]._render(
            "crm_retail_customers.retail_privacy_export_summary", values
        )
        return str(html).strip()

    @api.model
    def _retail_privacy_number(self, value, lang_rec):
        return lang_rec.format("%.2f", value or 0.0, grouping=True)
