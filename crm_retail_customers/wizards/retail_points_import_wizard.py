# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import csv
import io
import math
from datetime import datetime

from odoo import _, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import email_normalize, float_compare, float_is_zero, formatLang

from ..models.retail_point_entry import MAX_MANUAL_POINTS

#: Largest opening balance a row may carry: a typo (an extra zero, a card
#: number in the points column) must not book a fortune.
MAX_OPENING_POINTS = MAX_MANUAL_POINTS
#: Earliest date an opening balance may carry.
MIN_OPENING_DATE = datetime(1970, 1, 1)


class RetailPointsImportWizard(models.TransientModel):
    """Import opening balances from a CSV file.

    Columns: ``customer`` (card number, internal reference or e-mail),
    ``points``, and optionally ``note`` and ``date`` (YYYY-MM-DD). Every row is
    checked before anything is booked, so a file with one bad row books
    nothing. Each customer gets at most one opening balance: importing the
    same file twice books it once, another figure for a customer who has one
    is refused (an adjustment changes it), and a row of 0 points enrols the
    customer without booking anything.
    """

    _name = "retail.points.import.wizard"
    _description = "Import Opening Point Balances"

    file = fields.Binary("CSV File", required=True)
    filename = fields.Char()
    delimiter = fields.Selection(
        [(",", "Comma"), (";", "Semicolon"), ("\t", "Tab")], default=",", required=True
    )

    def _read_rows(self):
        """``(line, row, error)`` for each row of the file: ``row`` maps the
        lower-cased column names to the stripped cells, ``error`` is the
        row's own problem (the caller reports it with the other rows') or
        ``None``. A file the CSV reader cannot go on reading (a cell over the
        reader's size limit, an unclosed quote) is refused at once, naming
        the line: nothing after it can be trusted."""
        try:
            text = base64.b64decode(self.file).decode("utf-8-sig")
        except (ValueError, UnicodeDecodeError) as exc:
            raise UserError(_("The file must be a UTF-8 encoded CSV file.")) from exc
        reader = csv.DictReader(io.StringIO(text), delimiter=self.delimiter)
        line = 1  # the line being read: the header first
        try:
            headers = {(h or "").strip().lower() for h in reader.fieldnames or []}
            missing = {"customer", "points"} - headers
            if missing:
                raise UserError(
                    _(
                        "The file needs the columns customer and points; missing: "
                        "%(columns)s.",
                        columns=", ".join(sorted(missing)),
                    )
                )
            line = 2
            for row in reader:
                # DictReader puts the cells beyond the header under the key
                # None, as a list: a shifted row, whose cells cannot be
                # trusted to be in their columns
                if None in row:
                    error = _(
                        "Line %(line)s: the row has more cells than the header.",
                        line=line,
                    )
                    yield line, None, error
                else:
                    cells = {
                        (k or "").strip().lower(): (v or "").strip()
                        for k, v in row.items()
                    }
                    yield line, cells, None
                line += 1
        except csv.Error as exc:
            raise UserError(
                _("Line %(line)s cannot be read: %(error)s", line=line, error=exc)
            ) from exc

    def _find_customer(self, key):
        """The one customer ``key`` names: a card number or internal
        reference exactly, or an e-mail address (compared normalised, so
        case does not matter). Exact comparisons only: ``%`` or ``_`` in a
        cell are characters, never patterns matching other customers."""
        Partner = self.env["res.partner"]
        if not key:
            return Partner
        email = email_normalize(key)
        for field, value in (
            ("card_number", key),
            ("ref", key),
            ("email_normalized", email),
        ):
            if not value:
                continue
            found = Partner.search([(field, "=", value)], limit=2)
            if len(found.commercial_partner_id) == 1:
                return found.commercial_partner_id
            if len(found) > 1:
                return Partner
        return Partner

    def _parse_points(self, value):
        """Points of a cell, or ``None`` when it is not a usable number."""
        try:
            points = float((value or "").replace(",", "."))
        except ValueError:
            return None
        if not math.isfinite(points) or abs(points) > MAX_OPENING_POINTS:
            return None
        return points

    def _parse_date(self, value):
        """Date of a cell, or ``None`` when it is not a past date."""
        try:
            date = fields.Datetime.to_datetime(value)
        except (ValueError, OverflowError):
            return None
        if not date or not MIN_OPENING_DATE <= date <= fields.Datetime.now():
            return None
        return date

    def _opening_key(self, partner):
        """The idempotency key of ``partner``'s one opening balance."""
        return f"opening:{partner.id}"

    def _opening_balances(self, partners):
        """``{partner id: points}`` of the opening balances ``partners``
        already have: booked by an earlier import (under their key) or by
        hand through the API (kind *opening*, under a ``manual:`` key of the
        person's), summed per customer. An opening booked through the API is
        one too: importing the customer's figure again would count it twice.

        ``sudo()``: the key is unique across companies and the ledger looks it
        up without access rules (``retail.point.entry._retail_lock_booking``);
        an entry the user cannot read would still take the key, so it is
        seen here too. Only its points are read."""
        keys = {self._opening_key(partner): partner.id for partner in partners}
        # sudo: see above (the key is global; only the points are read)
        Entry = self.env["retail.point.entry"].sudo()
        entries = Entry.search_read(
            [
                "|",
                ("idempotency_key", "in", list(keys)),
                "&",
                ("kind", "=", "opening"),
                ("partner_id", "in", partners.ids),
            ],
            ["idempotency_key", "partner_id", "points"],
        )
        opened = {}
        for entry in entries:
            partner_id = keys.get(entry["idempotency_key"]) or entry["partner_id"][0]
            opened[partner_id] = opened.get(partner_id, 0.0) + entry["points"]
        return opened

    def _format_points(self, points, digits):
        """Points as the user writes numbers: whole ones without decimals."""
        return formatLang(
            self.env, points, digits=0 if float(points).is_integer() else digits
        )

    def _check_row(self, line, row, company):
        """``(partner, points, date, errors)`` of a row of the file: the
        customer, points and date it books (``date`` ``None`` when it has
        none) and what is wrong with it; no partner when it names no single
        customer, no points when the cell is no usable number."""
        partner = self._find_customer(row.get("customer", ""))
        if not partner:
            error = _(
                "Line %(line)s: no single customer %(key)s.",
                line=line,
                key=row.get("customer"),
            )
            return partner, None, None, [error]
        points = self._parse_points(row.get("points"))
        if points is None:
            error = _(
                "Line %(line)s: %(value)s is not a number of points (at most %(max)s).",
                line=line,
                value=row.get("points"),
                max=int(MAX_OPENING_POINTS),
            )
            return partner, None, None, [error]
        errors = []
        if points < 0:
            errors.append(
                _("Line %(line)s: an opening balance cannot be negative.", line=line)
            )
        else:
            # a whole-points company books whole points only: the adjust
            # wizard's and the API's check, reported with the row's line
            try:
                company._retail_check_whole_points(points)
            except ValidationError as exc:
                errors.append(
                    _("Line %(line)s: %(error)s", line=line, error=exc.args[0])
                )
        date = None
        if row.get("date"):
            date = self._parse_date(row["date"])
            if date is None:
                errors.append(
                    _(
                        "Line %(line)s: %(value)s is not a past date "
                        "(YYYY-MM-DD, from 1970).",
                        line=line,
                        value=row["date"],
                    )
                )
        return partner, points, date, errors

    def action_import(self):
        self.ensure_one()
        company = self.env.company  # the company the entries are booked in
        digits = self.env["decimal.precision"].precision_get("Reward Points")
        errors, bookings, seen, read = [], [], set(), False
        for line, row, error in self._read_rows():
            read = True
            if error:
                errors.append(error)
                continue
            partner, points, date, row_errors = self._check_row(line, row, company)
            errors += row_errors
            if points is None:
                continue
            if partner.id in seen:
                errors.append(
                    _(
                        "Line %(line)s: %(customer)s appears twice in the file.",
                        line=line,
                        customer=partner.display_name,
                    )
                )
            seen.add(partner.id)
            bookings.append((line, partner, points, row.get("note"), date))
        if not read:
            raise UserError(_("The file has no rows to import."))
        # Each customer has one opening balance, under one key: the ledger
        # would return the earlier entry for any figure, so a corrected figure
        # would be dropped without a word. The same figure is the same file
        # imported again (skipped); another one is refused: a change of the
        # balance is an adjustment, with its own entry and note.
        opened = self._opening_balances(
            self.env["res.partner"].union(*(booking[1] for booking in bookings))
        )
        new = []
        for line, partner, points, note, date in bookings:
            if partner.id not in opened:
                new.append((partner, points, note, date))
            elif float_compare(opened[partner.id], points, precision_digits=digits):
                errors.append(
                    _(
                        "Line %(line)s: %(customer)s already has an opening "
                        "balance of %(points)s points: adjust it instead.",
                        line=line,
                        customer=partner.display_name,
                        points=self._format_points(opened[partner.id], digits),
                    )
                )
        if errors:
            raise UserError("\n".join(errors))
        # opening balances are those of members of the old programme, with no
        # points too (a row of 0); a customer imported before is left as they
        # are (one who left the programme since does not join again).
        customers = self.env["res.partner"].union(*(booking[0] for booking in new))
        # sudo: enrolling writes the customers' membership fields, which a
        # Retail CRM manager without the Contacts rights may not write; the
        # wizard is the managers' only (its access rights), every customer
        # was found with the user's own rights above, and the enrolment
        # still records the user (``env.uid``) as who enrolled them
        customers.sudo()._retail_enrol("import")
        Entry = self.env["retail.point.entry"]
        for partner, points, note, date in new:
            if float_is_zero(points, precision_digits=digits):
                # nothing to book: an entry of 0 would take the customer's one
                # opening key, and a real figure imported later be dropped
                continue
            vals = {
                **({"note": note} if note else Entry._note_vals("opening_balance")),
                "idempotency_key": self._opening_key(partner),
                **(
                    {"origin": self.filename}
                    if self.filename
                    else Entry._origin_vals("opening_import")
                ),
            }
            if date:
                vals["date"] = date
            partner._post_reward_points(points, "opening", **vals)
        return {"type": "ir.actions.act_window_close"}
