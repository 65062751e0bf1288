# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from psycopg2 import errors

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.service.model import _as_validation_error
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from .common import CONTACT_CLERK, RETAIL_USER, RetailCase, company_user


class RelationCase(RetailCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Relation = cls.env["retail.partner.relation"]
        cls.RelationType = cls.env["retail.partner.relation.type"]
        cls.parent = cls.env.ref("crm_retail_customers.relation_type_parent")
        cls.referred_by = cls.env.ref("crm_retail_customers.relation_type_referred_by")
        cls.spouse = cls.env.ref("crm_retail_customers.relation_type_spouse")
        cls.anna, cls.ben, cls.cleo = cls.Partner.create(
            [{"name": "Anna"}, {"name": "Ben"}, {"name": "Cleo"}]
        )

    def relate(self, partner, relation_type, related, user=None):
        Relation = self.Relation.with_user(user) if user else self.Relation
        return Relation.create(
            {
                "partner_id": partner.id,
                "type_id": relation_type.id,
                "related_partner_id": related.id,
            }
        )


@tagged("post_install", "-at_install")
class TestPartnerRelation(RelationCase):
    def test_shipped_types(self):
        self.assertEqual(
            (self.parent.name, self.parent.inverse_name), ("Parent of", "Child of")
        )
        self.assertEqual(
            (self.referred_by.name, self.referred_by.inverse_name),
            ("Referred by", "Referred"),
        )
        for xmlid in ("spouse", "colleague", "friend"):
            relation_type = self.env.ref(f"crm_retail_customers.relation_type_{xmlid}")
            self.assertTrue(relation_type.symmetric, xmlid)
        self.assertEqual(self.parent.display_name, "Parent of / Child of")
        self.assertEqual(self.spouse.display_name, "Spouse of")

    def test_both_directions(self):
        relation = self.relate(self.anna, self.parent, self.ben)
        self.assertEqual(self.anna.relation_ids, relation)
        self.assertFalse(self.anna.inverse_relation_ids)
        self.assertEqual(self.ben.inverse_relation_ids, relation)
        self.assertEqual(
            (relation.type_label, relation.inverse_type_label),
            ("Parent of", "Child of"),
        )
        self.assertEqual(relation.display_name, "Anna Parent of Ben")
        spouses = self.relate(self.anna, self.spouse, self.cleo)
        self.assertEqual(
            (spouses.type_label, spouses.inverse_type_label), ("Spouse of", "Spouse of")
        )

    def test_edit_from_either_form(self):
        """A retail user records a relation from the first customer's form and
        one from the second's; both end up on both customers."""
        with (
            Form(self.anna.with_user(self.user_retail)) as form,
            form.relation_ids.new() as line,
        ):
            line.type_id = self.parent
            line.related_partner_id = self.ben
        with (
            Form(self.anna.with_user(self.user_retail)) as form,
            form.inverse_relation_ids.new() as line,
        ):
            line.partner_id = self.cleo
            line.type_id = self.spouse
        self.assertEqual(self.ben.inverse_relation_ids.partner_id, self.anna)
        self.assertEqual(self.cleo.relation_ids.related_partner_id, self.anna)
        self.assertEqual(
            len(self.anna.relation_ids | self.anna.inverse_relation_ids), 2
        )
        # edited and removed from the other customer's form
        with (
            Form(self.ben.with_user(self.user_retail)) as form,
            form.inverse_relation_ids.edit(0) as line,
        ):
            line.note = "Eldest"
        self.assertEqual(self.anna.relation_ids.note, "Eldest")
        with Form(self.ben.with_user(self.user_retail)) as form:
            form.inverse_relation_ids.remove(0)
        self.assertFalse(self.anna.relation_ids)

    def test_not_to_oneself(self):
        with self.assertRaisesMessage(ValidationError, "Anna cannot be related to"):
            self.relate(self.anna, self.spouse, self.anna)
        relation = self.relate(self.anna, self.spouse, self.ben)
        with self.assertRaisesMessage(ValidationError, "cannot be related to"):
            relation.related_partner_id = self.anna
        self.assertEqual(relation.related_partner_id, self.ben)
        self.assertEqual(self.Relation.search_count([]), 1)

    def test_no_duplicate(self):
        self.relate(self.anna, self.parent, self.ben)
        self.relate(self.anna, self.spouse, self.cleo)
        for partner, relation_type, related in (
            (self.anna, self.parent, self.ben),  # the same again
            (self.ben, self.parent, self.anna),  # each the parent of the other
            (self.cleo, self.spouse, self.anna),  # symmetric, reversed
        ):
            with (
                self.subTest(partner=partner.name, related=related.name),
                self.assertRaisesMessage(ValidationError, "already have the"),
            ):
                self.relate(partner, relation_type, related)
        # in one batch
        with self.assertRaisesMessage(ValidationError, "already have the"):
            self.Relation.create(
                [
                    {
                        "partner_id": self.ben.id,
                        "type_id": self.spouse.id,
                        "related_partner_id": self.cleo.id,
                    },
                    {
                        "partner_id": self.cleo.id,
                        "type_id": self.spouse.id,
                        "related_partner_id": self.ben.id,
                    },
                ]
            )
        # another type between the same customers is a relation of its own
        self.relate(self.ben, self.spouse, self.anna)
        # writing a relation into a duplicate
        friends = self.relate(
            self.ben,
            self.env.ref("crm_retail_customers.relation_type_friend"),
            self.cleo,
        )
        with self.assertRaisesMessage(ValidationError, "already have the"):
            friends.write(
                {
                    "partner_id": self.cleo.id,
                    "related_partner_id": self.anna.id,
                    "type_id": self.spouse.id,
                }
            )
        self.assertEqual(friends.partner_id, self.ben)
        self.assertEqual(self.Relation.search_count([]), 4)

    def test_sql_constraints_hold(self):
        relation = self.relate(self.anna, self.spouse, self.ben)
        self.env.flush_all()
        for sql, params, error, message in (
            (
                (
                    "INSERT INTO retail_partner_relation"
                    " (partner_id, related_partner_id, type_id) VALUES (%s, %s, %s)"
                ),
                [self.ben.id, self.anna.id, self.spouse.id],
                errors.UniqueViolation,
                "already have a relation of this type",
            ),
            (
                (
                    "UPDATE retail_partner_relation"
                    " SET related_partner_id = partner_id WHERE id = %s"
                ),
                [relation.id],
                errors.CheckViolation,
                "cannot be related to themselves",
            ),
        ):
            with self.subTest(sql=sql):
                with (
                    mute_logger("odoo.sql_db"),
                    self.assertRaises(error) as cm,
                    self.env.cr.savepoint(),
                ):
                    self.env.cr.execute(sql, params)
                # what a web or RPC client is answered (Odoo's RPC layer)
                answer = str(_as_validation_error(self.env, cm.exception))
                self.assertIn(message, answer)

    def test_referrer(self):
        # only members refer
        (self.anna | self.cleo)._retail_enrol("backoffice")
        self.assertFalse(self.ben._retail_get_referrer())
        self.relate(self.ben, self.referred_by, self.anna)
        self.assertEqual(self.ben._retail_get_referrer(), self.anna)
        self.assertEqual(
            self.ben.with_user(self.user_retail)._retail_get_referrer(), self.anna
        )
        self.assertFalse(self.anna._retail_get_referrer())
        with self.assertRaisesMessage(ValidationError, "Ben was already referred"):
            self.relate(self.ben, self.referred_by, self.cleo)
        # a contact of a referred company: the company's referrer
        company = self.Partner.create({"name": "Firm", "is_company": True})
        contact = self.Partner.create({"name": "Worker", "parent_id": company.id})
        self.relate(company, self.referred_by, self.cleo)
        self.assertEqual(contact._retail_get_referrer(), self.cleo)
        # a referrer who left the programme refers nobody
        self.cleo.action_retail_leave()
        self.assertFalse(company._retail_get_referrer())

    def test_relation_type_rules(self):
        count = self.RelationType.search_count([])
        with self.assertRaisesMessage(ValidationError, "needs an inverse name"):
            self.RelationType.create({"name": "Mentor of"})
        with self.assertRaisesMessage(ValidationError, "needs a name"):
            self.RelationType.create({"name": " ", "symmetric": True})
        self.assertEqual(self.RelationType.search_count([]), count)
        neighbour = self.RelationType.create(
            {"name": "Neighbour of", "symmetric": True}
        )
        # not used yet: may still change its mind
        neighbour.write({"symmetric": False, "inverse_name": "Neighboured by"})
        neighbour.write({"symmetric": True})
        self.relate(self.anna, neighbour, self.ben)
        with self.assertRaisesMessage(UserError, "cannot become symmetric"):
            neighbour.symmetric = False
        # writing the value it has (a data file reloaded on upgrade) is no change
        neighbour.write({"symmetric": True, "name": "Neighbour of"})
        with self.assertRaisesMessage(UserError, "cannot delete a relation type"):
            neighbour.unlink()
        self.assertTrue(neighbour.exists() and neighbour.symmetric)

    def test_customer_deleted(self):
        relation = self.relate(self.anna, self.parent, self.ben)
        self.ben.unlink()
        self.assertFalse(relation.exists())


@tagged("post_install", "-at_install")
class TestPartnerRelationSecurity(RelationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Shop B"})
        cls.user_portal = new_test_user(
            cls.env, login="relation_portal", groups="base.group_portal"
        )
        cls.user_clerk = new_test_user(
            cls.env, login="relation_clerk", groups=CONTACT_CLERK
        )
        cls.user_other = company_user(
            cls.env, "relation_other", RETAIL_USER, cls.company_b
        )
        cls.dora, cls.emil = cls.Partner.create(
            [
                {"name": "Dora", "company_id": cls.company_b.id},
                {"name": "Emil", "company_id": cls.company_b.id},
            ]
        )

    def test_retail_user_and_manager(self):
        relation = self.relate(self.anna, self.parent, self.ben, user=self.user_retail)
        relation.with_user(self.user_retail).note = "Checked"
        relation.with_user(self.user_retail).unlink()
        relation = self.relate(self.anna, self.parent, self.ben, user=self.user_manager)
        self.assertTrue(relation)
        with self.assertRaises(AccessError):
            self.RelationType.with_user(self.user_retail).create(
                {"name": "Cousin of", "symmetric": True}
            )
        self.RelationType.with_user(self.user_manager).create(
            {"name": "Cousin of", "symmetric": True}
        )

    def test_employees_read_only(self):
        relation = self.relate(self.anna, self.parent, self.ben)
        for user in (self.user_internal, self.user_clerk):
            with self.subTest(user=user.login):
                self.assertEqual(
                    self.ben.with_user(user).inverse_relation_ids.type_label,
                    "Parent of",
                )
                with self.assertRaises(AccessError):
                    self.relate(self.ben, self.spouse, self.cleo, user=user)
                with self.assertRaises(AccessError):
                    relation.with_user(user).note = "Changed"
                with self.assertRaises(AccessError):
                    relation.with_user(user).unlink()
                # the contact clerk edits the customer, not the relations
                with self.assertRaises(AccessError):
                    self.anna.with_user(user).write(
                        {
                            "relation_ids": [
                                (
                                    0,
                                    0,
                                    {
                                        "type_id": self.spouse.id,
                                        "related_partner_id": self.cleo.id,
                                    },
                                )
                            ]
                        }
                    )
        self.assertEqual(self.Relation.search_count([]), 1)

    def test_contact_clerk_form(self):
        """The customer form opens and saves for a contact clerk: the
        relations are read-only there and not sent back."""
        self.relate(self.anna, self.parent, self.ben)
        with Form(self.anna.with_user(self.user_clerk)) as form:
            self.assertEqual(len(form.relation_ids), 1)
            form.phone = "+358 40 123"
        self.assertEqual(self.anna.phone, "+358 40 123")
        self.assertEqual(len(self.anna.relation_ids), 1)

    def test_portal(self):
        relation = self.relate(self.anna, self.parent, self.ben)
        with self.assertRaises(AccessError):
            relation.with_user(self.user_portal).read(["type_id"])
        with self.assertRaises(AccessError):
            self.RelationType.with_user(self.user_portal).search([])

    def test_other_company(self):
        own_1, own_2 = self.Partner.create(
            [
                {"name": "Own 1", "company_id": self.env.company.id},
                {"name": "Own 2", "company_id": self.env.company.id},
            ]
        )
        ours = self.relate(own_1, self.parent, own_2, user=self.user_retail)
        shared = self.relate(self.anna, self.parent, self.ben)
        theirs = self.relate(self.dora, self.spouse, self.emil, user=self.user_other)
        Relation = self.Relation.with_user(self.user_other)
        # relations of customers shared by all companies are seen by all
        self.assertEqual(Relation.search([]), theirs | shared)
        with self.assertRaises(AccessError):
            ours.with_user(self.user_other).read(["type_id"])
        self.assertEqual(
            self.Relation.with_user(self.user_retail).search([]), ours | shared
        )
        # no relation across companies
        with self.assertRaisesMessage(UserError, "Incompatible companies"):
            self.relate(self.dora, self.parent, own_1)
        with self.assertRaisesMessage(UserError, "Incompatible companies"):
            self.relate(own_1, self.parent, self.dora)
        # a shared customer and one of a company, in either order: the
        # relation belongs to that company
        both_ways = self.relate(
            self.anna, self.spouse, self.dora, user=self.user_other
        ) | self.relate(self.emil, self.parent, self.cleo, user=self.user_other)
        self.assertEqual(both_ways.company_id, self.company_b)
        self.assertEqual(Relation.search([]), theirs | shared | both_ways)
