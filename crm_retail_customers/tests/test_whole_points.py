# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Points precision per company: whole points (rounded down per purchase,
taken back rounded up within what the purchase has left, redeemed whole) or
two decimals; changing it never rewrites what was booked."""

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import SQL

from .common import PointsCase


@tagged("post_install", "-at_install")
class TestWholePoints(PointsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.retail_points_precision = "whole"
        cls.env["retail.earn.rule"].search([]).active = False
        cls.env["retail.tier"].search([]).active = False
        cls.product = cls.env["product.product"].create(
            {"name": "Whole Points Jacket", "list_price": 10.3}
        )
        cls.Rule = cls.env["retail.earn.rule"]

    def _lines(self, *amounts):
        return [
            {"key": index, "product": self.product, "qty": 1.0, "amount": amount}
            for index, amount in enumerate(amounts)
        ]

    def _wizard(self, mode, **vals):
        Wizard = self.env["retail.points.adjust.wizard"].with_user(self.user_manager)
        form = Form(
            Wizard.with_context(
                active_model="res.partner",
                active_id=self.customer.id,
                default_mode=mode,
            )
        )
        for name, value in vals.items():
            setattr(form, name, value)
        return form.save()

    def test_digits_of_the_company(self):
        """New companies count whole points; the digits follow the setting."""
        self.assertEqual(self.company._retail_points_digits(), 0)
        self.company.retail_points_precision = "decimal"
        self.assertEqual(self.company._retail_points_digits(), 2)
        new = self.env["res.company"].create({"name": "New Whole Shop"})
        self.assertEqual(new.retail_points_precision, "whole")
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.retail_points_precision, "decimal")
        settings.retail_points_precision = "whole"
        settings.execute()
        self.assertEqual(self.company.retail_points_precision, "whole")

    def test_purchase_rounded_down_lines_kept(self):
        """A purchase earns whole points, rounded down over the purchase (not
        line by line); each line keeps its exact points (a refund of some of
        them shares them)."""
        result = self.Rule._retail_compute_points(
            self.customer, self.company, self._lines(1.9, 1.9)
        )
        self.assertEqual(result["points"], 3.0)
        self.assertEqual(result["lines"], {0: 1.9, 1: 1.9})
        self.assertEqual(sum(r["points"] for r in result["rules"].values()), 3.0)
        # the same purchase in a decimal company
        self.company.retail_points_precision = "decimal"
        result = self.Rule._retail_compute_points(
            self.customer, self.company, self._lines(1.9, 1.9)
        )
        self.assertAlmostEqual(result["points"], 3.8)

    def test_tier_factor_rounded_down(self):
        """The tier factor applies before rounding: 10.30 x 1.5 = 15.45 -> 15;
        goods returned (a negative purchase) take back 16."""
        tier = self.env["retail.tier"].create(
            {"name": "Whole Gold", "min_points": 0, "earn_factor": 1.5}
        )
        self.customer._post_reward_points(1, "opening")
        self.assertEqual(self.customer.reward_tier_id, tier)
        result = self.Rule._retail_compute_points(
            self.customer, self.company, self._lines(10.3)
        )
        self.assertEqual(result["points"], 15.0)
        self.assertAlmostEqual(result["lines"][0], 15.45)
        self.assertEqual(
            self.customer._retail_get_reward_points_for_amount(
                10.3, company=self.company
            ),
            15.0,
        )
        returned = self.Rule._retail_compute_points(
            self.customer, self.company, self._lines(-10.3)
        )
        self.assertEqual(returned["points"], -16.0)
        taken = self.Rule._retail_compute_points(
            self.customer, self.company, self._lines(10.3), take_back=True
        )
        self.assertEqual(taken["points"], 16.0)

    def test_take_back_rounded_up_within_the_purchase(self):
        """Two items earning 1.9 each earned 3 points; refunding them one by
        one takes back 2, then the 1 left: never points for nothing, never
        more than earned."""
        Entry = self.env["retail.point.entry"]
        first = Entry._retail_take_back_points(1.9, 3.0 - 0.0, self.company)
        self.assertEqual(first, 2.0)
        second = Entry._retail_take_back_points(1.9, 3.0 - first, self.company)
        self.assertEqual(second, 1.0)
        self.assertEqual(Entry._retail_take_back_points(1.9, 0.0, self.company), 0.0)
        # proportional (to the money): 3 points on 38.00, 19.00 refunded
        self.assertEqual(
            Entry._retail_proportional_points(3.0, 38.0, 19.0, company=self.company),
            2.0,
        )
        self.assertEqual(
            Entry._retail_proportional_points(
                3.0, 38.0, 19.0, done=2.0, company=self.company
            ),
            1.0,
        )
        self.company.retail_points_precision = "decimal"
        self.assertAlmostEqual(
            Entry._retail_proportional_points(3.8, 38.0, 19.0, company=self.company),
            1.9,
        )

    def test_bonus_rounded_down(self):
        entry = self.customer._retail_book_bonus(
            10.7, "welcome:test-whole", "Welcome bonus", self.company
        )
        self.assertEqual(entry.points, 10.0)
        self.assertEqual(self.customer.reward_points, 10.0)

    def test_wizards_refuse_fractions(self):
        """The adjust and redeem wizards of a whole-points company refuse a
        fraction of a point, and book nothing."""
        self._wizard("adjust", points=10, note="Start").action_confirm()
        for mode, vals in (
            ("adjust", {"points": 2.5, "note": "Half"}),
            ("redeem", {"points": 1.5}),
        ):
            with self.assertRaisesRegex(ValidationError, "counts whole points"):
                self._wizard(mode, **vals).action_confirm()
        self.assertEqual(self.customer.reward_points, 10.0)
        self.assertEqual(len(self.customer.point_entry_ids), 1)
        self._wizard("redeem", points=4).action_confirm()
        self.assertEqual(self.customer.reward_points, 6.0)
        # the same fraction over the external API (as a manager)
        Entry = self.env["retail.point.entry"].with_user(self.user_manager)
        with self.assertRaisesRegex(ValidationError, "counts whole points"):
            Entry.create(
                {
                    "partner_id": self.customer.id,
                    "points": -0.5,
                    "kind": "adjust",
                    "note": "API",
                }
            )
        self.assertEqual(self.customer.reward_points, 6.0)
        # a decimal company takes fractions
        self.company.retail_points_precision = "decimal"
        self._wizard("redeem", points=1.5).action_confirm()
        self.assertEqual(self.customer.reward_points, 4.5)

    def test_switching_never_rewrites_entries(self):
        """Entries booked to the decimal stay as they were after the company
        switches to whole points, and so does the balance they make."""
        self.company.retail_points_precision = "decimal"
        decimal = self.customer._post_reward_points(12.34, "earn", origin="Before")
        self.company.retail_points_precision = "whole"
        self.env.invalidate_all()
        self.assertEqual(decimal.points, 12.34)
        self.assertEqual(self.customer.reward_points, 12.34)
        self.customer._retail_book_bonus(
            5.9, "bonus:test-switch", "After", self.company
        )
        self.assertEqual(self.customer.reward_points, 17.34)
        self.assertEqual(decimal.points, 12.34)
        # back to decimals: nothing changes either
        self.company.retail_points_precision = "decimal"
        self.env.invalidate_all()
        self.assertEqual(
            self.customer.point_entry_ids.sorted("id").mapped("points"), [12.34, 5.0]
        )
        self.assertLedgerConsistent()

    def test_bad_precision_refused(self):
        with self.assertRaises(ValueError):
            self.company.retail_points_precision = "thirds"
        with self.assertRaises(UserError):
            self.customer._post_reward_points(-1, "earn")

    def test_reports_print_whole_points(self):
        """Reports of a whole-points company print points as whole numbers
        (PDF and CSV); a figure booked with a fraction before keeps it, and
        money keeps its decimals."""
        columns = [
            ("balance", "Balance", "number"),
            ("total", "Total", "number"),
            ("amount", "Sales Amount", "number"),
        ]
        query = SQL("SELECT 280.0::float8, 722.35::float8, 280.0::float8")
        Report = self.env["retail.customer.report"]
        pdf = self.env["report.crm_retail_customers.report_retail_customers"]
        expected = {
            "whole": ("280", "722.35", "280.00"),
            "decimal": ("280.00", "722.35", "280.00"),
        }
        for precision, figures in expected.items():
            self.company.retail_points_precision = precision
            self.env.cr.execute(Report._get_csv_query(query, columns))
            self.assertEqual(self.env.cr.fetchone(), figures)
            format_number = pdf._number_formatter(2, whole=precision == "whole")
            self.assertEqual(
                tuple(
                    format_number(value, key)
                    for value, (key, _label, _kind) in zip(
                        (280.0, 722.35, 280.0), columns, strict=True
                    )
                ),
                figures,
            )
