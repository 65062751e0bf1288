# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import RETAIL_MANAGER, RETAIL_USER, PointsCase, company_user


@tagged("post_install", "-at_install")
class TestPointsWizards(PointsCase):
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

    def test_adjust_and_redeem(self):
        self._wizard("adjust", points=50, note="Opening goodwill").action_confirm()
        self.assertEqual(self.customer.reward_points, 50)
        entry = self.customer.point_entry_ids
        self.assertEqual((entry.kind, entry.note), ("adjust", "Opening goodwill"))
        self.assertEqual(entry.user_id, self.user_manager)
        self._wizard("redeem", points=20).action_confirm()
        self.assertEqual(self.customer.reward_points, 30)
        self._wizard("adjust", points=-5, note="Correction").action_confirm()
        self.assertEqual(self.customer.reward_points, 25)

    def test_wizard_bad_input(self):
        self._wizard("adjust", points=10, note="Start").action_confirm()
        with self.assertRaisesMessage(UserError, "needs a number of points"):
            self._wizard("adjust", points=0, note="Nothing").action_confirm()
        with self.assertRaisesMessage(UserError, "Cannot redeem 11"):
            self._wizard("redeem", points=11).action_confirm()
        with self.assertRaisesMessage(UserError, "points to redeem"):
            self._wizard("redeem", points=-3).action_confirm()
        self.assertEqual(self.customer.reward_points, 10)
        self.assertEqual(len(self.customer.point_entry_ids), 1)

    def _import(self, text, **vals):
        wizard = self.env["retail.points.import.wizard"].create(
            dict(
                {"file": base64.b64encode(text.encode()), "filename": "open.csv"},
                **vals,
            )
        )
        return wizard.action_import()

    def test_opening_import(self):
        self.customer.ref = "C-001"
        self.shop.email = "shop@kauppa.example.fi"
        self._import(
            "customer,points,note,date\n"
            "C-001,120.5,From old system,2024-12-31\n"
            "shop@kauppa.example.fi,40,,\n"
        )
        self.assertEqual(self.customer.reward_points, 120.5)
        self.assertEqual(self.shop.reward_points, 40)
        entry = self.customer.point_entry_ids
        self.assertEqual(entry.kind, "opening")
        self.assertEqual(entry.note, "From old system")
        self.assertEqual(str(entry.date.date()), "2024-12-31")
        # importing the same file again books nothing twice
        self._import("customer;points\nC-001;120.5\n", delimiter=";")
        self.assertEqual(self.customer.reward_points, 120.5)

    def test_opening_import_bad_rows_book_nothing(self):
        self.customer.ref = "C-001"
        with self.assertRaisesMessage(UserError, r"Line 3: no single customer"):
            self._import("customer,points\nC-001,10\nNOBODY,5\n")
        with self.assertRaisesMessage(UserError, "Line 2: abc is not a number"):
            self._import("customer,points\nC-001,abc\n")
        with self.assertRaisesMessage(UserError, "appears twice"):
            self._import("customer,points\nC-001,10\nC-001,5\n")
        with self.assertRaisesMessage(UserError, "cannot be negative"):
            self._import("customer,points\nC-001,-10\n")
        with self.assertRaisesMessage(UserError, "missing: points"):
            self._import("customer,amount\nC-001,10\n")
        self.assertFalse(self.customer.point_entry_ids)

    def test_settings(self):
        settings = self.env["res.config.settings"].create(
            {"retail_points_per_currency": 2.0, "retail_points_validity_months": 6}
        )
        settings.execute()
        self.assertEqual(self.company.retail_points_per_currency, 2.0)
        self.assertEqual(self.company.retail_points_validity_months, 6)
        for field in (
            "retail_points_per_currency",
            "retail_point_value",
            "retail_points_validity_months",
        ):
            with self.assertRaisesMessage(ValidationError, "cannot be negative"):
                self.env["res.config.settings"].create({field: -1}).execute()
        with self.assertRaisesMessage(ValidationError, "prefix must be 1 to 8 digits"):
            self.company.retail_card_prefix = "29A"
        self.company.invalidate_recordset()
        self.assertEqual(self.company.retail_points_per_currency, 2.0)
        self.assertEqual(self.company.retail_card_prefix, "2900")


@tagged("post_install", "-at_install")
class TestPointsWizardsInput(PointsCase):
    """Keys, numbers and dates of the import; a replayed adjustment."""

    def _import(self, text, user=None):
        wizard = (
            self.env["retail.points.import.wizard"]
            .with_user(user or self.env.user)
            .create({"file": base64.b64encode(text.encode()), "filename": "open.csv"})
        )
        return wizard.action_import()

    def test_import_keys_are_exact(self):
        self.customer.ref = "C_01"
        self.shop.ref = "CX01"
        self.shop.email = "Shop@Kauppa.example.fi"
        with self.assertRaisesMessage(UserError, "no single customer"):
            self._import("customer,points\nC%,10\n")
        with self.assertRaisesMessage(UserError, "no single customer"):
            self._import("customer,points\nC_0_,10\n")
        self.assertFalse(self.customer.point_entry_ids | self.shop.point_entry_ids)
        self._import("customer,points\nC_01,10\nshop@kauppa.example.fi,4\n")
        self.assertEqual(self.customer.reward_points, 10)
        self.assertEqual(self.shop.reward_points, 4)

    def test_import_refuses_numbers_and_dates_out_of_range(self):
        self.customer.ref = "C-001"
        for cell in ("nan", "inf", "-inf", "1e309", "1e12"):
            with self.assertRaisesMessage(UserError, "is not a number of points"):
                self._import(f"customer,points\nC-001,{cell}\n")
        for day in ("9999-12-31", "2026-02-30", "1900-01-01", "3000-01-01"):
            with self.assertRaisesMessage(UserError, "is not a past date"):
                self._import(f"customer,points,date\nC-001,5,{day}\n")
        self.assertFalse(self.customer.point_entry_ids)

    def test_import_refuses_rows_it_cannot_read(self):
        """A row with more cells than the header (shifted: its cells are not
        in their columns) is a line error among the others; a cell the CSV
        reader cannot read (over its 131,072 characters) stops the file,
        naming its line. Nothing is booked either way."""
        self.customer.ref = "C-001"
        self.shop.ref = "S-001"
        with self.assertRaisesMessage(
            UserError,
            "Line 2: the row has more cells than the header.\n"
            "Line 3: no single customer NOBODY.",
        ):
            self._import("customer,points\nC-001,10,oops\nNOBODY,5\n")
        note = "x" * 200_000
        with self.assertRaisesMessage(UserError, "Line 3 cannot be read: field larger"):
            self._import(f'customer,points,note\nS-001,4,\nC-001,10,"{note}"\n')
        self.assertFalse(self.customer.point_entry_ids | self.shop.point_entry_ids)
        # twin: fewer cells than the header (no note) and a long note are fine
        self._import(f'customer,points,note\nC-001,10\nS-001,4,"{"y" * 100_000}"\n')
        self.assertEqual(self.customer.reward_points, 10)
        self.assertEqual(len(self.shop.point_entry_ids.note), 100_000)

    def test_import_one_opening_balance_per_customer(self):
        """The same file imported again books once; another figure for a
        customer who has an opening balance is refused (an adjustment is the
        way to change it), and the file's other rows are not booked."""
        self.customer.ref = "C-001"
        self.shop.ref = "S-001"
        self._import("customer,points\nC-001,100\n")
        self._import("customer,points\nC-001,100\n")
        self.assertEqual(self.customer.reward_points, 100)
        self.assertEqual(len(self.customer.point_entry_ids), 1)
        for cell in ("150", "0"):
            with self.assertRaisesMessage(
                UserError,
                "Line 3: Aino Virtanen already has an opening balance of 100 "
                "points: adjust it instead.",
            ):
                self._import(f"customer,points\nS-001,4\nC-001,{cell}\n")
        self.assertEqual(self.customer.reward_points, 100)
        self.assertFalse(self.shop.point_entry_ids)
        # twin: the same figure next to a new customer: only the new one books
        self._import("customer,points\nS-001,4\nC-001,100\n")
        self.assertEqual(self.shop.reward_points, 4)
        self.assertEqual(len(self.customer.point_entry_ids), 1)

    def test_import_sees_an_opening_booked_through_the_api(self):
        """An opening balance a manager booked through the API (its key in
        the ``manual:`` namespace, not the import's) is the customer's
        opening balance: the same figure in a file is not booked a second
        time, another one is refused. Its twin: a customer whose only
        entries are of other kinds gets the file's opening balance."""
        self.customer.ref = "C-001"
        self.shop.ref = "S-001"
        self.env["retail.point.entry"].create(
            {
                "partner_id": self.customer.id,
                "kind": "opening",
                "points": 100,
                "idempotency_key": "old-system:42",
            }
        )
        self._import("customer,points\nC-001,100\n")
        self.assertEqual(self.customer.reward_points, 100)
        self.assertEqual(len(self.customer.point_entry_ids), 1)
        with self.assertRaisesMessage(
            UserError, "already has an opening balance of 100 points"
        ):
            self._import("customer,points\nC-001,120\n")
        self.assertEqual(self.customer.reward_points, 100)
        self.env["retail.point.entry"].create(
            {
                "partner_id": self.shop.id,
                "kind": "adjust",
                "points": 5,
                "note": "Goodwill",
                "idempotency_key": "old-system:43",
            }
        )
        self._import("customer,points\nS-001,4\n")
        self.assertEqual(self.shop.reward_points, 9)

    def test_import_zero_row_books_nothing(self):
        """A customer of the old programme without points joins, with no
        entry: the customer's one opening balance stays free for a real
        figure imported later."""
        self.customer.ref = "C-001"
        self._import("customer,points\nC-001,0\n")
        self.assertFalse(self.customer.point_entry_ids)
        self.assertTrue(self.customer.retail_member)
        self.assertEqual(self.customer.retail_member_source, "import")
        self._import("customer,points\nC-001,250\n")
        self.assertEqual(self.customer.reward_points, 250)
        self.assertEqual(self.customer.point_entry_ids.kind, "opening")

    def test_import_whole_points_company_refuses_fractions(self):
        """As the adjust wizard and the API: a whole-points company books no
        fraction of a point; the row's line names it."""
        self.customer.ref = "C-001"
        self.company.retail_points_precision = "whole"
        with self.assertRaisesMessage(
            UserError, r"Line 2: .* counts whole points: 10\.5 is not a whole"
        ):
            self._import("customer,points\nC-001,10.5\n")
        self.assertFalse(self.customer.point_entry_ids)
        # twin: a whole number, written with decimals or not
        self._import("customer,points\nC-001,10.0\n")
        self.assertEqual(self.customer.reward_points, 10)

    def test_import_by_retail_manager_without_contact_rights(self):
        """The Retail CRM manager profile (no Contacts rights) imports: the
        enrolment is the wizard's, recorded as the manager's; a retail user
        still cannot open the wizard."""
        self.customer.ref = "C-001"
        manager = company_user(
            self.env, "import_plain_manager", RETAIL_MANAGER, self.company
        )
        self._import("customer,points\nC-001,10\n", user=manager)
        self.assertEqual(self.customer.reward_points, 10)
        self.assertEqual(self.customer.point_entry_ids.user_id, manager)
        self.assertEqual(self.customer.retail_member_user_id, manager)
        clerk = company_user(self.env, "import_plain_clerk", RETAIL_USER, self.company)
        with self.assertRaises(AccessError):
            self._import("customer,points\nC-001,10\n", user=clerk)

    def test_adjust_wizard_refuses_numbers_out_of_range(self):
        """A fortune or a number that is none (JSON-RPC sends NaN and
        Infinity) gets a clear error, and nothing is booked; the limit is
        the import's."""
        Wizard = self.env["retail.points.adjust.wizard"].with_user(self.user_manager)
        for points in (float("nan"), float("inf"), -float("inf"), 1e9 + 1, -1e15):
            with (
                self.subTest(points=points),
                self.assertRaisesMessage(
                    UserError, "is not a number of reward points that can be booked"
                ),
            ):
                Wizard.create(
                    {"partner_id": self.customer.id, "points": points, "note": "x"}
                ).action_confirm()
        wizard = Wizard.create({"partner_id": self.customer.id, "note": "x"})
        with self.assertRaisesMessage(UserError, "at most 1,000,000,000 points"):
            wizard.write({"points": float("nan")})
        self.assertFalse(self.customer.point_entry_ids)
        # the largest one books, and the balance stays the ledger's sum
        Wizard.create(
            {"partner_id": self.customer.id, "points": 1e9, "note": "x"}
        ).action_confirm()
        Wizard.create(
            {"partner_id": self.customer.id, "points": 0.37, "note": "x"}
        ).action_confirm()
        self.assertEqual(self.customer.reward_points, 1e9 + 0.37)

    def test_api_entries_refuse_numbers_out_of_range(self):
        Entry = self.env["retail.point.entry"].with_user(self.user_manager)
        for points in (float("nan"), float("inf"), 1e12, "12"):
            with (
                self.subTest(points=points),
                self.assertRaisesMessage(
                    UserError, "is not a number of reward points that can be booked"
                ),
            ):
                Entry.create(
                    {
                        "partner_id": self.customer.id,
                        "kind": "opening",
                        "points": points,
                    }
                )
        self.assertFalse(self.customer.point_entry_ids)
        Entry.create({"partner_id": self.customer.id, "kind": "opening", "points": 12})
        self.assertEqual(self.customer.reward_points, 12)

    def test_no_booking_beyond_what_the_ledger_holds_exactly(self):
        """Whatever books (a till, a job, a bridge), not beyond 1e12 points
        at once, nor a number that is none."""
        for points in (1e12 + 1, float("nan")):
            with (
                self.subTest(points=points),
                self.assertRaisesMessage(UserError, "at most 1,000,000,000,000 points"),
            ):
                self.customer._post_reward_points(points, "earn", amount=1.0)
        self.assertFalse(self.customer.point_entry_ids)

    def test_api_redemption_takes_points_from_a_member(self):
        """Over the API, as in the wizard: a redemption is negative, and a
        non-member's frozen balance is not spent."""
        Entry = self.env["retail.point.entry"].with_user(self.user_manager)
        self.customer._post_reward_points(100, "opening")
        with self.assertRaisesMessage(UserError, "its points are negative"):
            Entry.create(
                {"partner_id": self.customer.id, "kind": "redeem", "points": 500}
            )
        Entry.create({"partner_id": self.customer.id, "kind": "redeem", "points": -40})
        self.assertEqual(self.customer.reward_points, 60)
        self.company.retail_members_only = True
        self.assertTrue(self.customer.retail_points_frozen)
        with self.assertRaisesMessage(UserError, "not a member"):
            Entry.create(
                {"partner_id": self.customer.id, "kind": "redeem", "points": -10}
            )
        self.assertEqual(self.customer.reward_points, 60)
        self.customer.action_retail_enrol()
        Entry.create({"partner_id": self.customer.id, "kind": "redeem", "points": -10})
        self.assertEqual(self.customer.reward_points, 50)

    def test_adjust_wizard_replayed_books_once(self):
        wizard = (
            self.env["retail.points.adjust.wizard"]
            .with_user(self.user_manager)
            .create({"partner_id": self.customer.id, "points": 25, "note": "Gift"})
        )
        wizard.action_confirm()
        wizard.action_confirm()
        self.assertEqual(self.customer.reward_points, 25)
        self.assertEqual(len(self.customer.point_entry_ids), 1)


@tagged("post_install", "-at_install")
class TestPointsWizardOtherCompany(PointsCase):
    """A retail manager of another company opens the adjust wizard on a
    customer of this one (over RPC): refused, and the customer's name and
    balance are not read through it."""

    def test_wizard_on_another_companys_customer_is_refused(self):
        other = self.env["res.company"].create({"name": "Other Retail Co"})
        manager = company_user(
            self.env,
            "other_retail_manager",
            "base.group_user,crm_retail_customers.group_retail_manager",
            other,
        )
        self.customer.company_id = self.env.company
        self.customer._post_reward_points(40, "opening", company_id=self.env.company.id)
        Wizard = self.env["retail.points.adjust.wizard"].with_user(manager)
        with self.assertRaises(AccessError):
            Wizard.create({"partner_id": self.customer.id, "points": 5})
        self.assertEqual(self.customer.reward_points, 40.0)
