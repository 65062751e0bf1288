# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import csv
import io
import threading

from psycopg2 import errors

import odoo
from odoo import SUPERUSER_ID, api
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.service.model import _as_validation_error
from odoo.tests import BaseCase, Form, new_test_user, tagged
from odoo.tests.common import get_db_name
from odoo.tools import mute_logger

from .common import CONTACT_CLERK, ReportCase, RetailCase, company_user, report_csv


class CustomerNumberCase(RetailCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Type = cls.env["retail.customer.type"]
        cls.sequence = cls.env["ir.sequence"].create(
            {
                "name": "Test customers",
                "prefix": "T-",
                "padding": 4,
                "company_id": False,
            }
        )
        cls.customer_type = cls.Type.create(
            {"name": "Test customer", "sequence_id": cls.sequence.id}
        )
        cls.company_b = cls.env["res.company"].create({"name": "Shop B"})

    def number(self, offset=0):
        """The number the test sequence gives ``offset`` numbers from now."""
        return f"T-{self.sequence.number_next_actual + offset:04d}"


@tagged("post_install", "-at_install")
class TestCustomerNumber(CustomerNumberCase):
    def test_number_from_type_on_create(self):
        first, second = self.number(), self.number(1)
        partners = self.Partner.create(
            [
                {"name": "Numbered One", "customer_type_id": self.customer_type.id},
                {"name": "Numbered Two", "customer_type_id": self.customer_type.id},
            ]
        )
        self.assertEqual(partners.mapped("ref"), [first, second])
        self.assertEqual(self.customer_type.partner_count, 2)

    def test_number_when_type_first_set(self):
        partner = self.Partner.create({"name": "Later Typed"})
        self.assertFalse(partner.ref)
        expected = self.number()
        partner.customer_type_id = self.customer_type
        self.assertEqual(partner.ref, expected)
        # another type later keeps the number
        other = self.Type.create(
            {
                "name": "Other",
                "sequence_id": self.env.ref(
                    "crm_retail_customers.seq_customer_number"
                ).id,
            }
        )
        partner.customer_type_id = other
        self.assertEqual(partner.ref, expected)

    def test_shipped_types(self):
        def create(name, customer_type):
            xmlid = f"crm_retail_customers.customer_type_{customer_type}"
            return self.Partner.create(
                {"name": name, "customer_type_id": self.env.ref(xmlid).id}
            )

        customer = create("Shipped Type", "customer")
        self.assertRegex(customer.ref, r"^C\d{6}$")
        supplier = create("Shipped Supplier", "supplier")
        self.assertRegex(supplier.ref, r"^S\d{6}$")
        self.assertEqual(supplier.customer_type_id.partner_kind, "supplier")

    def test_given_number_kept_when_free(self):
        partner = self.Partner.create(
            {
                "name": "Imported",
                "ref": "  LEGACY-1 ",
                "customer_type_id": self.customer_type.id,
            }
        )
        self.assertEqual(partner.ref, "LEGACY-1")
        self.assertEqual(self.sequence.number_next_actual, int(self.number()[2:]))

    def test_given_number_refused_when_taken(self):
        self.Partner.create(
            {
                "name": "Holder",
                "ref": "DUP-1",
                "customer_type_id": self.customer_type.id,
            }
        )
        count = self.Partner.search_count([])
        with self.assertRaisesMessage(
            ValidationError, "customer number DUP-1 is already used"
        ):
            self.Partner.create(
                {
                    "name": "Second",
                    "ref": "DUP-1",
                    "customer_type_id": self.customer_type.id,
                }
            )
        # both in one batch
        with self.assertRaisesMessage(ValidationError, "DUP-2 is already used"):
            self.Partner.create(
                [
                    {
                        "name": "A",
                        "ref": "DUP-2",
                        "customer_type_id": self.customer_type.id,
                    },
                    {
                        "name": "B",
                        "ref": "DUP-2",
                        "customer_type_id": self.customer_type.id,
                    },
                ]
            )
        other = self.Partner.create(
            {"name": "Other", "customer_type_id": self.customer_type.id}
        )
        number = other.ref
        with self.assertRaisesMessage(ValidationError, "DUP-1 is already used"):
            other.write({"ref": "DUP-1"})
        self.assertEqual(other.ref, number)
        # an untyped partner cannot take a customer number either
        untyped = self.Partner.create({"name": "Untyped"})
        with self.assertRaisesMessage(ValidationError, "already used"):
            untyped.ref = "DUP-1"
        self.assertEqual(self.Partner.search_count([]), count + 2)

    def test_free_form_references_without_type(self):
        """References of partners without a type stay free-form (duplicates
        in older data are not refused), but such a partner gets no type while
        its reference is another partner's, and a typed partner does not take
        a reference someone has."""
        old_1, old_2 = self.Partner.create(
            [{"name": "Old 1", "ref": "X"}, {"name": "Old 2", "ref": "X"}]
        )
        self.assertEqual(old_2.ref, "X")
        with self.assertRaisesMessage(ValidationError, "X is already used"):
            old_1.customer_type_id = self.customer_type
        self.assertFalse(old_1.customer_type_id)
        with self.assertRaisesMessage(ValidationError, "X is already used"):
            self.Partner.create(
                {"name": "New", "ref": "X", "customer_type_id": self.customer_type.id}
            )
        old_2.ref = "Y"
        old_1.customer_type_id = self.customer_type
        self.assertEqual(old_1.ref, "X")

    def test_sequence_skips_taken_numbers(self):
        taken = self.number()
        self.Partner.create(
            {
                "name": "Typed by hand",
                "ref": taken,
                "customer_type_id": self.customer_type.id,
            }
        )
        nxt = self.number(1)
        partner = self.Partner.create(
            {"name": "Next", "customer_type_id": self.customer_type.id}
        )
        self.assertEqual(partner.ref, nxt)

    def test_unique_per_company(self):
        self.customer_type.sequence_id = self.sequence
        in_a = self.Partner.create(
            {
                "name": "In A",
                "ref": "SAME",
                "company_id": self.env.company.id,
                "customer_type_id": self.customer_type.id,
            }
        )
        in_b = self.Partner.create(
            {
                "name": "In B",
                "ref": "SAME",
                "company_id": self.company_b.id,
                "customer_type_id": self.customer_type.id,
            }
        )
        self.assertEqual((in_a.ref, in_b.ref), ("SAME", "SAME"))
        # a partner shared by all companies collides with every company
        with self.assertRaisesMessage(ValidationError, "SAME is already used"):
            self.Partner.create(
                {
                    "name": "Shared",
                    "ref": "SAME",
                    "customer_type_id": self.customer_type.id,
                }
            )
        with self.assertRaisesMessage(ValidationError, "of Shop B"):
            in_a.company_id = self.company_b

    def test_sql_index_holds(self):
        """The partial unique index refuses what the Python check would, when
        it is skipped (the concurrent case is in ``TestCustomerNumberRace``)."""
        first, second = self.Partner.create(
            [
                {"name": "Sql 1", "customer_type_id": self.customer_type.id},
                {"name": "Sql 2", "customer_type_id": self.customer_type.id},
            ]
        )
        self.env.flush_all()
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(errors.UniqueViolation) as cm,
            self.env.cr.savepoint(),
        ):
            self.env.cr.execute(
                "UPDATE res_partner SET ref = %s WHERE id = %s",
                [first.ref, second.id],
            )
        # what a web or RPC client is answered (Odoo's RPC layer)
        error = _as_validation_error(self.env, cm.exception)
        self.assertIn(
            "This customer number is already used in this company", str(error)
        )

    def test_type_without_sequence(self):
        # a type given no sequence makes its own (test_customer_type_sequence)
        self.assertTrue(self.Type.create({"name": "No numbers"}).sequence_id)
        count = self.Type.search_count([])
        with self.assertRaisesMessage(ValidationError, "needs a number sequence"):
            self.customer_type.sequence_id = False
        self.assertEqual(self.customer_type.sequence_id, self.sequence)
        self.assertEqual(self.Type.search_count([]), count)

    def test_sequence_full_of_taken_numbers(self):
        sequence = self.env["ir.sequence"].create(
            {"name": "Stuck", "prefix": "Z", "company_id": False}
        )
        stuck = self.Type.create({"name": "Stuck", "sequence_id": sequence.id})
        for i in range(50):
            self.Partner.create(
                {"name": f"Z{i}", "ref": f"Z{i + 1}", "customer_type_id": stuck.id}
            )
        count = self.Partner.search_count([])
        with self.assertRaisesMessage(UserError, "only gives numbers that are already"):
            self.Partner.create({"name": "Unlucky", "customer_type_id": stuck.id})
        self.assertEqual(self.Partner.search_count([]), count)

    def test_copy_gets_a_new_number(self):
        partner = self.Partner.create(
            {"name": "Original", "customer_type_id": self.customer_type.id}
        )
        copy = partner.copy()
        self.assertEqual(copy.customer_type_id, self.customer_type)
        self.assertTrue(copy.ref)
        self.assertNotEqual(copy.ref, partner.ref)

    def test_import(self):
        """Numbers of a bulk upload (with its external ids) are kept; a taken
        one stops the whole file with the message, nothing imported."""
        self.Partner.create(
            {
                "name": "Holder",
                "ref": "IMP-9",
                "customer_type_id": self.customer_type.id,
            }
        )
        fields = ["id", "name", "ref", "customer_type_id/id"]
        type_xmlid = "crm_retail_customers.customer_type_customer"
        result = self.Partner.load(
            fields,
            [
                ["__import__.cust_1", "Imported 1", "IMP-1", type_xmlid],
                ["__import__.cust_2", "Imported 2", "", type_xmlid],
            ],
        )
        self.assertFalse(result["messages"], result["messages"])
        imported = self.Partner.browse(result["ids"])
        self.assertEqual(imported[0].ref, "IMP-1")
        self.assertRegex(imported[1].ref, r"^C\d{6}$")
        count = self.Partner.search_count([])
        result = self.Partner.load(
            fields,
            [
                ["__import__.cust_3", "Imported 3", "IMP-3", type_xmlid],
                ["__import__.cust_4", "Imported 4", "IMP-9", type_xmlid],
            ],
        )
        self.assertFalse(result["ids"])
        self.assertRegex(result["messages"][0]["message"], "IMP-9 is already used")
        self.assertEqual(self.Partner.search_count([]), count)

    def test_name_search_finds_number(self):
        """Every partner many2one (and the contact search) name-searches."""
        partner = self.Partner.create(
            {"name": "Searched Person", "customer_type_id": self.customer_type.id}
        )
        self.Partner.create({"name": partner.ref + " is not my name"})
        for user in (self.user_internal, self.user_retail):
            found = self.Partner.with_user(user).name_search(partner.ref, limit=8)
            self.assertIn(partner.id, [row[0] for row in found])
            found = self.Partner.with_user(user).name_search(
                partner.ref, operator="=ilike"
            )
            self.assertEqual([row[0] for row in found], partner.ids)
        # the search view's "Name" filter
        self.assertEqual(self.Partner.search([("ref", "=", partner.ref)]), partner)

    def test_partner_form(self):
        # the name as a default: with partner_firstname installed (the AGPL
        # bridge crm_retail_customers_firstname) a person's name is read-only
        # in the form, composed of the first and last name it splits into
        Partner = self.Partner.with_user(self.user_retail)
        with Form(Partner.with_context(default_name="Form Customer")) as form:
            form.customer_type_id = self.customer_type
            expected = self.number()
        self.assertEqual(form.record.ref, expected)
        self.assertEqual(form.record.name, "Form Customer")

    def test_merge_keeps_destination_number(self):
        keep, merged = self.Partner.create(
            [
                {
                    "name": "Keep",
                    "email": "m@example.com",
                    "customer_type_id": self.customer_type.id,
                },
                {
                    "name": "Merged",
                    "email": "m@example.com",
                    "customer_type_id": self.customer_type.id,
                },
            ]
        )
        number = keep.ref
        wizard = self.env["base.partner.merge.automatic.wizard"].create({})
        wizard._merge((keep | merged).ids, keep)
        self.assertFalse(merged.exists())
        self.assertEqual(keep.ref, number)


@tagged("post_install", "-at_install")
class TestCustomerNumberSecurity(CustomerNumberCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_portal = new_test_user(
            cls.env, login="number_portal", groups="base.group_portal"
        )
        cls.user_clerk = new_test_user(
            cls.env, login="number_clerk", groups=CONTACT_CLERK
        )
        cls.user_other = company_user(
            cls.env,
            "number_other",
            "base.group_user,base.group_partner_manager,crm_retail_customers.group_retail_manager",
            cls.company_b,
        )
        cls.type_b = cls.Type.create(
            {
                "name": "Only B",
                "sequence_id": cls.env["ir.sequence"]
                .create({"name": "B", "prefix": "B-", "company_id": cls.company_b.id})
                .id,
                "company_id": cls.company_b.id,
            }
        )

    def test_contact_clerk_numbers_customers(self):
        """The contact clerk (no retail rights, no access to sequences) gives
        a type; the number comes from the sequence all the same."""
        expected = self.number()
        partner = self.Partner.with_user(self.user_clerk).create(
            {"name": "Clerk's Customer", "customer_type_id": self.customer_type.id}
        )
        self.assertEqual(partner.ref, expected)
        with self.assertRaises(AccessError):
            self.Type.with_user(self.user_clerk).create(
                {"name": "Clerk type", "sequence_id": self.sequence.id}
            )
        with self.assertRaises(AccessError):
            self.customer_type.with_user(self.user_retail).name = "Renamed"
        self.Type.with_user(self.user_manager).create(
            {"name": "Manager type", "sequence_id": self.sequence.id}
        )

    def test_portal(self):
        with self.assertRaises(AccessError):
            self.Type.with_user(self.user_portal).search([])
        with self.assertRaises(AccessError):
            self.Partner.with_user(self.user_portal).create(
                {"name": "Portal", "customer_type_id": self.customer_type.id}
            )

    def test_other_company(self):
        Type = self.Type.with_user(self.user_other)
        self.assertIn(self.type_b, Type.search([]))
        self.assertIn(self.customer_type, Type.search([]))  # shared
        self.assertNotIn(self.type_b, self.Type.with_user(self.user_retail).search([]))
        partner = self.Partner.with_user(self.user_other).create(
            {
                "name": "B customer",
                "company_id": self.company_b.id,
                "customer_type_id": self.type_b.id,
            }
        )
        self.assertTrue(partner.ref.startswith("B-"))
        # a company's type is not for another company's customers
        with self.assertRaisesMessage(UserError, "Incompatible companies"):
            self.Partner.create(
                {
                    "name": "A customer",
                    "company_id": self.env.company.id,
                    "customer_type_id": self.type_b.id,
                }
            )
        # the other company's numbers: taken there only
        mine = self.Partner.with_user(self.user_retail).create(
            {
                "name": "Same number in A",
                "ref": partner.ref,
                "company_id": self.env.company.id,
                "customer_type_id": self.customer_type.id,
            }
        )
        self.assertEqual(mine.ref, partner.ref)


@tagged("post_install", "-at_install")
class TestCustomerNumberReports(ReportCase):
    def test_customer_number_column(self):
        customer_type = self.env.ref("crm_retail_customers.customer_type_customer")
        self.alpha.customer_type_id = customer_type
        self.beta.ref = "B-REF"
        for report, name, number in (
            ("balances", "Alpha Person", self.alpha.ref),
            ("recent", "Alpha Person", self.alpha.ref),
            ("addresses", "Beta Shop", "B-REF"),
            ("contacts", "Beta Shop", "B-REF"),
        ):
            with self.subTest(report=report):
                columns = self.Report._get_columns(report)
                self.assertEqual(columns[1][1], "Customer Number")
                options = self.options(report)
                rows = [r for r in self.Report._get_rows(report, options)]
                row = next(r for r in rows if r[0] == name)
                self.assertEqual(row[1], number)
                text = report_csv(self.Report, report, options)
                csv_rows = list(csv.reader(io.StringIO(text)))
                self.assertEqual(csv_rows[0][1], "Customer Number")
                self.assertIn(number, [r[1] for r in csv_rows if r[0] == name])
        self.assertRegex(self.alpha.ref, r"^C\d{6}$")


@tagged("post_install", "-at_install")
class TestCustomerNumberRace(BaseCase):
    """Two transactions give the same number at the same time (two imports,
    two Odoo workers): the unique index lets exactly one commit."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = odoo.registry(get_db_name())

    def setUp(self):
        super().setUp()
        self.created = []
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            if self.created:
                cr.execute(
                    "DELETE FROM res_partner WHERE id IN %s", [tuple(self.created)]
                )

    def test_concurrent_same_number(self):
        barrier = threading.Barrier(2)
        results, failures = [], []
        type_xmlid = "crm_retail_customers.customer_type_customer"

        def create(name):
            try:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    type_id = env.ref(type_xmlid).id
                    # both have checked that the number is free ...
                    env["res.partner"]._retail_check_customer_numbers(
                        [
                            (
                                None,
                                {"ref": "RACE-1", "customer_type_id": type_id},
                                env["res.partner"],
                            )
                        ]
                    )
                    barrier.wait(timeout=30)
                    # ... and both insert it
                    partner = env["res.partner"].create(
                        {"name": name, "ref": "RACE-1", "customer_type_id": type_id}
                    )
                    env.flush_all()
                    results.append(partner.id)
            except errors.UniqueViolation as exc:
                failures.append(exc)
            except ValidationError as exc:
                failures.append(exc)

        with mute_logger("odoo.sql_db"):
            threads = [
                threading.Thread(target=create, args=(f"Racer {i}",)) for i in range(2)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
        self.created.extend(results)
        self.assertEqual(len(results), 1, failures)
        self.assertEqual(len(failures), 1)
        self.assertIsInstance(failures[0], errors.UniqueViolation)
