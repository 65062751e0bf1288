# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import RetailCase
from .test_migration import load_migration


@tagged("post_install", "-at_install")
class TestCustomerTypeSequence(RetailCase):
    """A customer type makes its own sequence from a prefix and digits, in
    its company (none for a shared type)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Type Shop B"})
        cls.manager_b = new_test_user(
            cls.env,
            login="type_manager_b",
            groups="base.group_user,base.group_partner_manager,"
            "crm_retail_customers.group_retail_manager,base.group_multi_company",
            company_id=cls.company_b.id,
            company_ids=[(6, 0, (cls.company_b | cls.env.company).ids)],
        )
        cls.Type = cls.env["retail.customer.type"]

    def _make_in_form(self, name, prefix, company=None):
        env_b = self.env(
            user=self.manager_b,
            context=dict(self.env.context, allowed_company_ids=self.company_b.ids),
        )
        with Form(env_b["retail.customer.type"]) as form:
            form.name = name
            form.sequence_prefix = prefix
            form.sequence_padding = 3
            if company:
                form.company_id = company
        return form.record

    def test_shared_and_company_types_made_in_the_form(self):
        shared = self._make_in_form("Shared in form", "SH-")
        own = self._make_in_form("B in form", "OB-", company=self.company_b)
        self.assertFalse(shared.company_id)
        self.assertFalse(shared.sequence_id.company_id)
        self.assertEqual(own.sequence_id.company_id, self.company_b)
        Partner = self.Partner.with_user(self.manager_b).with_company(self.company_b)
        partners = Partner.create(
            [
                {"name": "Shared One", "customer_type_id": shared.id},
                {"name": "Shared Two", "customer_type_id": shared.id},
                {
                    "name": "B One",
                    "customer_type_id": own.id,
                    "company_id": self.company_b.id,
                },
            ]
        )
        self.assertEqual(partners.mapped("ref"), ["SH-001", "SH-002", "OB-001"])
        # the shared type numbers the customers of every company
        other = self.Partner.with_user(self.user_manager).create(
            {"name": "Shared in A", "customer_type_id": shared.id}
        )
        self.assertEqual(other.ref, "SH-003")

    def test_shared_type_sequence_has_no_company(self):
        shared = self.Type.with_user(self.manager_b).create(
            {"name": "Shared", "sequence_prefix": "X"}
        )
        self.assertFalse(shared.sequence_id.company_id)
        self.assertEqual(shared.sequence_id.prefix, "X")
        self.assertEqual(shared.sequence_id.padding, 6)
        # given to company B: its sequence follows; shared again: no company
        shared.with_user(self.manager_b).company_id = self.company_b
        self.assertEqual(shared.sequence_id.company_id, self.company_b)
        shared.with_user(self.manager_b).company_id = False
        self.assertFalse(shared.sequence_id.company_id)

    def test_prefix_change_updates_the_sequence(self):
        customer_type = self.Type.with_user(self.user_manager).create(
            {"name": "Renumbered", "sequence_prefix": "R", "sequence_padding": 2}
        )
        first = self.Partner.create(
            {"name": "R first", "customer_type_id": customer_type.id}
        )
        self.assertEqual(first.ref, "R01")
        customer_type.with_user(self.user_manager).write(
            {"sequence_prefix": "RN-", "sequence_padding": 4}
        )
        second = self.Partner.create(
            {"name": "R second", "customer_type_id": customer_type.id}
        )
        self.assertEqual(second.ref, "RN-0002")
        self.assertEqual(first.ref, "R01")

    def test_bad_input(self):
        with self.assertRaisesMessage(ValidationError, "between 0 and 20 digits"):
            self.Type.create({"name": "Too long", "sequence_padding": 30})
        customer_type = self.Type.create({"name": "Fine", "sequence_prefix": "F"})
        with self.assertRaisesMessage(ValidationError, "between 0 and 20 digits"):
            customer_type.sequence_padding = -1
        self.assertEqual(customer_type.sequence_id.padding, 6)
        # only retail managers change a type, and through it its sequence
        with self.assertRaises(AccessError):
            customer_type.with_user(self.user_retail).sequence_prefix = "Hack"
        self.assertEqual(customer_type.sequence_id.prefix, "F")

    def test_existing_sequence_shows_its_prefix(self):
        sequence = self.env["ir.sequence"].create(
            {"name": "Old", "prefix": "OLD", "padding": 5, "company_id": False}
        )
        customer_type = self.Type.create({"name": "Old", "sequence_id": sequence.id})
        self.assertEqual(customer_type.sequence_prefix, "OLD")
        self.assertEqual(customer_type.sequence_padding, 5)

    def test_migration_fills_prefix(self):
        shipped = self.env.ref("crm_retail_customers.customer_type_customer")
        # a database of 17.0.2.1.0: the columns are new, filled with nothing
        self.env.cr.execute(
            "UPDATE retail_customer_type SET sequence_prefix = NULL, "
            "sequence_padding = 6 WHERE id = %s",
            [shipped.id],
        )
        shipped.sequence_id.padding = 4
        load_migration("17.0.2.2.0", "post-migrate")(self.env.cr, "17.0.2.1.0")
        shipped.invalidate_recordset()
        self.assertEqual(shipped.sequence_prefix, "C")
        self.assertEqual(shipped.sequence_padding, 4)

    def test_open_partners(self):
        customer_type = self.Type.create({"name": "Listed", "sequence_prefix": "L"})
        partner = self.Partner.create(
            {"name": "Listed One", "customer_type_id": customer_type.id}
        )
        action = customer_type.with_user(self.user_manager).action_open_partners()
        self.assertEqual(self.Partner.search(action["domain"]), partner)
        self.assertEqual(
            action["context"], {"default_customer_type_id": customer_type.id}
        )
