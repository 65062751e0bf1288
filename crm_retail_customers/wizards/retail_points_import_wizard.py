# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import csv
import io
import math
from datetime import datetime

from odoo import _, fields, models
from odoo.exceptions import UserError
from odoo.tools import email_normalize

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
    same file twice books it once.
    """

    _name = "retail.points.import.wizard"
    _description = "Import Opening Point Balances"

    file = fields.Binary("CSV File", required=True)
    filename = fields.Char()
    delimiter = fields.Selection(
        [(",", "Comma"), (";", "Semicolon"), ("\t", "Tab")], default=",", required=True
    )

    def _read_rows(self):
        try:
            text = base64.b64decode(self.file).decode("utf-8-sig")
        except (ValueError, UnicodeDecodeError) as exc:
            raise UserError(_("The file must be a UTF-8 encoded CSV file.")) from exc
        reader = csv.DictReader(io.StringIO(text), delimiter=self.delimiter)
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
        for line, row in enumerate(reader, start=2):
            yield (
                line,
                {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()},
            )

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

    def action_import(self):
        self.ensure_one()
        errors, bookings, seen = [], [], set()
        for line, row in self._read_rows():
            partner = self._find_customer(row.get("customer", ""))
            if not partner:
                errors.append(
                    _(
                        "Line %(line)s: no single customer %(key)s.",
                        line=line,
                        key=row.get("customer"),
                    )
                )
                continue
            points = self._parse_points(row.get("points"))
            if points is None:
                errors.append(
                    _(
                        "Line %(line)s: %(value)s is not a number of points "
                        "(at most %(max)s).",
                        line=line,
                        value=row.get("points"),
                        max=int(MAX_OPENING_POINTS),
                    )
                )
                continue
            if points < 0:
                errors.append(
                    _(
                        "Line %(line)s: an opening balance cannot be negative.",
                        line=line,
                    )
                )
            if partner.id in seen:
                errors.append(
                    _(
                        "Line %(line)s: %(customer)s appears twice in the file.",
                        line=line,
                        customer=partner.display_name,
                    )
                )
            seen.add(partner.id)
            date = row.get("date")
            if date:
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
            bookings.append((partner, points, row.get("note"), date or None))
        if errors:
            raise UserError("\n".join(errors))
        if not bookings:
            raise UserError(_("The file has no rows to import."))
        # opening balances are those of members of the old programme
        self.env["res.partner"].union(
            *(partner for partner, *_rest in bookings)
        )._retail_enrol("import")
        Entry = self.env["retail.point.entry"]
        for partner, points, note, date in bookings:
            vals = {
                **({"note": note} if note else Entry._note_vals("opening_balance")),
                "idempotency_key": f"opening:{partner.id}",
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
