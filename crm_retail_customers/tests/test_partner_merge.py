# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import (
    CONTACT_CLERK,
    RETAIL_MANAGER,
    PointsCase,
    company_user,
    referred_by,
)

# Odoo's merge reads every field (signup_type: Access Rights)
MANAGER = RETAIL_MANAGER + ",base.group_erp_manager,base.group_partner_manager"


@tagged("post_install", "-at_install")
class TestPartnerMerge(PointsCase):
    def test_merge_moves_entries_and_cards(self):
        duplicate = self.Partner.create({"name": "Aino V."})
        self.customer._post_reward_points(100, "earn", origin="POS/1")
        duplicate._post_reward_points(40, "earn", origin="POS/2")
        duplicate._post_reward_points(-15, "redeem", origin="POS/3")
        card = self.env["retail.card"].create(
            {"partner_id": duplicate.id, "number": "2900000099999"}
        )
        wizard_form = Form(
            self.env["base.partner.merge.automatic.wizard"].with_context(
                active_model="res.partner",
                active_ids=(self.customer | duplicate).ids,
            )
        )
        wizard_form.dst_partner_id = self.customer
        wizard = wizard_form.save()
        wizard.action_merge()
        self.assertFalse(duplicate.exists())
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.reward_points, 125)
        self.assertEqual(self.customer.reward_points_earned, 140)
        self.assertEqual(card.partner_id, self.customer)
        self.assertEqual(self.customer.card_number, "2900000099999")
        kinds = self.customer.point_entry_ids.mapped("kind")
        self.assertEqual(sorted(kinds), ["earn", "earn", "merge", "redeem"])
        merge_entry = self.customer.point_entry_ids.filtered(
            lambda e: e.kind == "merge"
        )
        self.assertEqual(merge_entry.points, 0)
        self.assertIn("Aino V. (25.0)", merge_entry.note)

    def test_contact_clerk_cannot_merge_customers_with_points(self):
        clerk = new_test_user(self.env, login="merge_clerk", groups=CONTACT_CLERK)
        duplicate = self.Partner.create({"name": "Aino V."})
        duplicate._post_reward_points(40, "earn", idempotency_key="t:dup")
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_user(clerk)
            .with_context(
                active_model="res.partner",
                active_ids=(self.customer | duplicate).ids,
            )
        )
        with self.assertRaisesMessage(AccessError, "only a retail manager"):
            wizard._merge((self.customer | duplicate).ids, self.customer)
        self.assertTrue(duplicate.exists())
        self.assertEqual(duplicate.reward_points, 40)

    def test_merge_into_a_contact_puts_the_points_on_the_company(self):
        duplicate = self.Partner.create({"name": "Laura L."})
        duplicate._post_reward_points(40, "earn", idempotency_key="t:dup")
        wizard_form = Form(
            self.env["base.partner.merge.automatic.wizard"].with_context(
                active_model="res.partner",
                active_ids=(self.shop_contact | duplicate).ids,
            )
        )
        wizard_form.dst_partner_id = self.shop_contact
        wizard_form.save().action_merge()
        self.assertFalse(duplicate.exists())
        self.assertEqual(self.shop_contact.reward_points, 0)
        self.assertEqual(self.shop.reward_points, 40)
        self.assertLedgerConsistent()

    def test_another_companys_manager_merges_shared_customers(self):
        # two shared customers who earned in this company, merged by a
        # retail manager working in another company (and in this one: the
        # points move only by someone who works in the company holding them,
        # see TestMergeAcrossCompanies): their tier (this company's, read
        # from their entries) moves, with its price list
        self.env["retail.tier"].search([]).write({"active": False})
        self.company.retail_tier_opening_purchases = True
        prices = self.env["product.pricelist"].create(
            {"name": "Silver prices", "company_id": False}
        )
        silver = self.env["retail.tier"].create(
            {
                "name": "Silver",
                "min_points": 120,
                "company_id": self.company.id,
                "pricelist_id": prices.id,
            }
        )
        other = self.env["res.company"].create({"name": "Toinen Oy"})
        manager = company_user(
            self.env,
            "merge_other_company",
            # Odoo's merge reads every field (signup_type: Access Rights)
            "base.group_erp_manager,base.group_partner_manager,"
            "crm_retail_customers.group_retail_manager",
            other,
        )
        manager.company_ids |= self.company
        duplicate = self.Partner.create({"name": "Aino V."})
        self.customer._post_reward_points(100, "earn", origin="POS/1")
        duplicate._post_reward_points(40, "earn", origin="POS/2")
        self.assertFalse(self.customer.reward_tier_id)
        self.env["base.partner.merge.automatic.wizard"].with_user(manager).with_company(
            other
        )._merge((self.customer | duplicate).ids, self.customer)
        self.assertFalse(duplicate.exists())
        self.assertEqual(self.customer.reward_points, 140)
        self.assertEqual(self.customer.reward_tier_id, silver)
        self.assertEqual(
            self.customer.with_company(self.company).property_product_pricelist,
            prices,
        )
        self.assertLedgerConsistent()


@tagged("post_install", "-at_install")
class TestPartnerMergeBonuses(PointsCase):
    """A bonus of the first purchase is booked once per customer id: a merge
    marks on the destination the bonuses the merged customers earned, so
    that its next purchase does not earn them again."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {"retail_welcome_points": 25.0, "retail_referral_points": 10.0}
        )
        cls.Entry = cls.env["retail.point.entry"]

    def merge(self, source, destination):
        wizard = self.env["base.partner.merge.automatic.wizard"].with_context(
            active_model="res.partner", active_ids=(source | destination).ids
        )
        wizard._merge((source | destination).ids, destination)
        self.assertFalse(source.exists())

    def booked(self, key):
        return self.Entry.search([("idempotency_key", "=", key)])

    def test_a_merged_welcome_bonus_is_not_earned_again(self):
        first = self.Partner.create({"name": "Wilma Welcome"})
        twin = self.Partner.create({"name": "Wilma W."})
        (first | twin)._retail_enrol("backoffice")
        first._retail_reward_first_purchase(self.company)
        self.assertEqual(first.reward_points, 25.0)
        first_id = first.id
        self.merge(first, twin)
        self.assertEqual(twin.reward_points, 25.0)
        mark = self.booked(f"welcome:{twin.id}")
        self.assertRecordValues(
            mark, [{"partner_id": twin.id, "kind": "bonus", "points": 0.0}]
        )
        self.assertIn("Wilma Welcome", mark.note)
        self.assertIn("not earned again", mark.note_text)
        # its source is the bonus it marks (which the merge moved along)
        bonus = self.booked(f"welcome:{first_id}")
        self.assertEqual((mark.res_model, mark.res_id), (bonus._name, bonus.id))
        self.assertEqual(bonus.partner_id, twin)
        self.assertEqual(mark._retail_merge_marked(), bonus)
        # the destination's next purchase: no second welcome bonus
        entries = twin._retail_reward_first_purchase(self.company)
        self.assertEqual(entries, mark)
        self.assertEqual(twin.reward_points, 25.0)
        self.assertLedgerConsistent()

    def test_a_merged_referral_is_not_paid_again(self):
        referrer, other_referrer = self.Partner.create(
            [{"name": "Rauni Referrer"}, {"name": "Olli Other"}]
        )
        (referrer | other_referrer)._retail_enrol("import")
        newcomer = self.Partner.create({"name": "Niko Newcomer"})
        twin = self.Partner.create({"name": "Niko N."})
        referred_by(newcomer, referrer)
        referred_by(twin, other_referrer)
        newcomer._retail_reward_first_purchase(self.company)
        self.assertEqual(referrer.reward_points, 10.0)
        self.merge(newcomer, twin)
        twin._retail_reward_first_purchase(self.company)
        self.env.invalidate_all()
        self.assertEqual(other_referrer.reward_points, 0.0)
        self.assertEqual(self.booked(f"referral:{twin.id}").points, 0.0)
        self.assertEqual(referrer.reward_points, 10.0)
        self.assertLedgerConsistent()

    def test_both_earned_the_bonus_links_them(self):
        # each earned a welcome bonus: both stay (the merge takes nothing
        # back), linked on the destination under a key of its own
        first, twin, third = self.Partner.create(
            [{"name": "Liisa Link"}, {"name": "Liisa L."}, {"name": "L. Link"}]
        )
        (first | twin | third)._retail_enrol("backoffice")
        for customer in first | twin | third:
            customer._retail_reward_first_purchase(self.company)
        first_id, third_id = first.id, third.id
        self.merge(first | third, twin)
        self.assertEqual(twin.reward_points, 75.0)
        links = self.Entry.search(
            [("idempotency_key", "=like", f"welcome:{twin.id}:merged:%")],
            order="id",
        )
        self.assertRecordValues(
            links,
            [
                {
                    "idempotency_key": f"welcome:{twin.id}:merged:{first_id}",
                    "partner_id": twin.id,
                    "kind": "bonus",
                    "points": 0.0,
                    "res_model": "retail.point.entry",
                    "res_id": self.booked(f"welcome:{first_id}").id,
                },
                {
                    "idempotency_key": f"welcome:{twin.id}:merged:{third_id}",
                    "partner_id": twin.id,
                    "kind": "bonus",
                    "points": 0.0,
                    "res_model": "retail.point.entry",
                    "res_id": self.booked(f"welcome:{third_id}").id,
                },
            ],
        )
        self.assertIn("Liisa Link", links[0].note)
        self.assertIn("one person, one bonus", links[0].note_text)
        # the destination's own bonus is untouched, and it earns no other
        self.assertEqual(self.booked(f"welcome:{twin.id}").points, 25.0)
        self.assertEqual(
            twin._retail_reward_first_purchase(self.company),
            self.booked(f"welcome:{twin.id}"),
        )
        self.assertEqual(twin.reward_points, 75.0)
        self.assertLedgerConsistent()

    def test_two_merged_customers_one_mark_and_one_link(self):
        # the destination never earned it: the first merged bonus is marked
        # under its key, the second linked
        first, second, twin = self.Partner.create(
            [{"name": "Kai One"}, {"name": "Kai Two"}, {"name": "Kai K."}]
        )
        (first | second | twin)._retail_enrol("backoffice")
        first._retail_reward_first_purchase(self.company)
        second._retail_reward_first_purchase(self.company)
        first_id, second_id = first.id, second.id
        self.merge(first | second, twin)
        self.assertEqual(
            self.booked(f"welcome:{twin.id}")._retail_merge_marked(),
            self.booked(f"welcome:{first_id}"),
        )
        self.assertEqual(
            self.booked(f"welcome:{twin.id}:merged:{second_id}")._retail_merge_marked(),
            self.booked(f"welcome:{second_id}"),
        )
        self.assertEqual(twin.reward_points, 50.0)

    def test_a_merged_birthday_bonus_is_not_earned_again_that_year(self):
        # the person registered twice, with two birthdays: the one of March
        # paid this year's bonus before the merge; the destination's, in
        # June, pays none that year, and next year's again
        self.company.retail_birthday_points = 40.0
        march, june = self.Partner.create(
            [
                {"name": "Sini Spring", "birthdate": "1990-03-10"},
                {"name": "Sini S.", "birthdate": "1990-06-20"},
            ]
        )
        (march | june)._retail_enrol("backoffice")
        Partner = self.env["res.partner"]
        with freeze_time("2030-03-10 09:00:00"):
            Partner._cron_retail_birthday_bonus()
        march_id = march.id
        self.merge(march, june)
        self.assertEqual(june.reward_points, 40.0)
        mark = self.booked(f"birthday:{june.id}:2030")
        self.assertRecordValues(
            mark,
            [
                {
                    "partner_id": june.id,
                    "kind": "bonus",
                    "points": 0.0,
                    "res_model": "retail.point.entry",
                    "res_id": self.booked(f"birthday:{march_id}:2030").id,
                }
            ],
        )
        self.assertIn("Sini Spring", mark.note)
        self.assertIn("2030", mark.note_text)
        with freeze_time("2030-06-20 09:00:00"):
            Partner._cron_retail_birthday_bonus()
        self.assertEqual(june.reward_points, 40.0)
        with freeze_time("2031-06-20 09:00:00"):
            Partner._cron_retail_birthday_bonus()
        self.assertEqual(june.reward_points, 80.0)
        self.assertLedgerConsistent()

    def test_both_had_the_birthday_bonus_of_the_year(self):
        # the same birthday twice: both bonuses were paid before the merge,
        # which takes nothing back (the balance is the sum) and marks nothing
        self.company.retail_birthday_points = 40.0
        first, twin = self.Partner.create(
            [
                {"name": "Pia Pair", "birthdate": "1990-03-10"},
                {"name": "Pia P.", "birthdate": "1990-03-10"},
            ]
        )
        (first | twin)._retail_enrol("backoffice")
        with freeze_time("2030-03-10 09:00:00"):
            self.env["res.partner"]._cron_retail_birthday_bonus()
        self.merge(first, twin)
        self.assertEqual(twin.reward_points, 80.0)
        self.assertEqual(self.booked(f"birthday:{twin.id}:2030").points, 40.0)
        self.assertFalse(
            self.Entry.search(
                [("partner_id", "=", twin.id), ("res_model", "=", self.Entry._name)]
            )
        )

    def test_a_merge_without_bonuses_marks_nothing(self):
        # the merged customer never bought: the destination's first purchase
        # earns its bonus as any first purchase does
        newcomer = self.Partner.create({"name": "Ville Visitor"})
        member = self.Partner.create({"name": "Ville V."})
        (newcomer | member)._retail_enrol("backoffice")
        newcomer._post_reward_points(5.0, "adjust", note="goodwill")
        self.merge(newcomer, member)
        self.assertFalse(self.booked(f"welcome:{member.id}"))
        member._retail_reward_first_purchase(self.company)
        self.assertEqual(self.booked(f"welcome:{member.id}").points, 25.0)
        self.assertEqual(member.reward_points, 30.0)

    def test_a_mark_on_an_archived_destination(self):
        first = self.Partner.create({"name": "Arja Archived"})
        twin = self.Partner.create({"name": "Arja A.", "active": False})
        first._retail_enrol("backoffice")
        first._retail_reward_first_purchase(self.company)
        self.merge(first, twin)
        self.assertEqual(self.booked(f"welcome:{twin.id}").points, 0.0)
        self.assertEqual(twin.reward_points, 25.0)

    def test_a_mark_is_no_bonus_in_the_reports(self):
        # a customer of 2024 merged now: the merge's month shows nothing
        first = self.Partner.create(
            {"name": "Aino Old", "customer_since": "2024-01-05"}
        )
        first._retail_enrol("backoffice")
        first._post_reward_points(
            25.0,
            "bonus",
            idempotency_key=f"welcome:{first.id}",
            date=datetime(2024, 1, 5, 10),
        )
        twin = self.Partner.create({"name": "Aino New", "customer_since": "2024-01-10"})
        self.merge(first, twin)
        self.assertTrue(self.booked(f"welcome:{twin.id}"))
        Analysis = self.env["retail.customer.analysis"]
        Analysis._refresh_analysis()
        months = Analysis.search([("partner_id", "=", twin.id)]).mapped("date")
        self.assertEqual({(day.year, day.month) for day in months}, {(2024, 1)})

    def test_a_mark_is_no_bonus_of_the_enrolment_day(self):
        # enrolled today by a cashier, merged with a customer who earned a
        # bonus long ago, redeemed by that cashier: no bonus of the day
        cashier = new_test_user(
            self.env,
            login="merge_mark_cashier",
            groups="base.group_user,crm_retail_customers.group_retail_manager",
        )
        first = self.Partner.create({"name": "Aino Old"})
        first._retail_enrol("backoffice")
        first._post_reward_points(
            50.0,
            "bonus",
            idempotency_key=f"welcome:{first.id}",
            date=fields.Datetime.now() - timedelta(days=60),
        )
        twin = self.Partner.create({"name": "Aino New"})
        twin.with_user(cashier).action_retail_enrol()
        self.merge(first, twin)
        self.env["retail.points.adjust.wizard"].with_user(cashier).create(
            {"partner_id": twin.id, "mode": "redeem", "points": 40, "origin": "Desk"}
        ).action_confirm()
        self.assertFalse(
            self.env["retail.suspicious.activity"].search(
                [("kind", "=", "enrol_redeem"), ("partner_id", "=", twin.id)]
            )
        )


@tagged("post_install", "-at_install")
class TestPartnerMergeCompanies(PointsCase):
    """A merge moves the points of the merged customers onto the
    destination, as a customer joining a company does: within the company
    whose ledger holds them, by someone who works there, and never onto a
    customer of another company (README, "Trust model")."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mine = cls.env.company
        cls.other = cls.env["res.company"].create({"name": "Other Retail Co"})
        cls.both_manager = company_user(cls.env, "merge_both", MANAGER, cls.mine)
        cls.both_manager.company_ids |= cls.other
        cls.other_manager = company_user(cls.env, "merge_other", MANAGER, cls.other)
        cls.a_customer = cls.Partner.create(
            {"name": "Anna A", "email": "anna@x.fi", "company_id": cls.mine.id}
        )
        cls.a_customer._post_reward_points(300, "opening", company_id=cls.mine.id)
        cls.b_customer = cls.Partner.create(
            {"name": "Anna B", "email": "anna@x.fi", "company_id": cls.other.id}
        )
        cls.b_customer._post_reward_points(10, "opening", company_id=cls.other.id)
        # a shared customer whose points this company owes
        cls.shared = cls.Partner.create({"name": "Sami Shared", "email": "anna@x.fi"})
        cls.shared._post_reward_points(40, "opening", company_id=cls.mine.id)

    def wizard(self, user, companies, partners, dst):
        return (
            self.env["base.partner.merge.automatic.wizard"]
            .with_user(user)
            .with_context(
                allowed_company_ids=companies.ids,
                active_model="res.partner",
                active_ids=partners.ids,
            )
            .create(
                {"partner_ids": [Command.set(partners.ids)], "dst_partner_id": dst.id}
            )
        )

    def ledger(self, partner):
        """``[(company id, points)]`` of the partner's entries."""
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT company_id, SUM(points) FROM retail_point_entry "
            "WHERE partner_id = %s GROUP BY company_id ORDER BY 1",
            [partner.id],
        )
        return self.env.cr.fetchall()

    def test_points_are_not_merged_onto_another_companys_customer(self):
        """The wizard, opened in company B, merges company A's customer into
        company B's: company A's points would become entries of a customer
        that only company B's staff and tills see."""
        wizard = self.wizard(
            self.both_manager,
            self.other | self.mine,
            self.a_customer | self.b_customer,
            self.b_customer,
        )
        with self.assertRaisesMessage(UserError, "belongs to Other Retail Co"):
            wizard.action_merge()
        self.assertTrue(self.a_customer.exists())
        self.assertEqual(self.ledger(self.b_customer), [(self.other.id, 10.0)])

    def test_other_companys_manager_cannot_merge_this_companys_points(self):
        """A retail manager of company B only merges a shared customer whose
        points company A owes into company B's customer: company A's points
        move only by someone who works there."""
        wizard = self.wizard(
            self.other_manager,
            self.other,
            self.shared | self.b_customer,
            self.b_customer,
        )
        with self.assertRaisesMessage(UserError, "where you do not work"):
            wizard.action_merge()
        self.assertTrue(self.shared.exists())
        self.assertEqual(self.ledger(self.b_customer), [(self.other.id, 10.0)])
        self.assertEqual(self.shared.reward_points, 40)

    def test_merge_within_the_company_holding_the_points(self):
        """Twin: merges within one company, and of shared customers whose
        points are the user's company's, move the points."""
        duplicate = self.Partner.create(
            {"name": "Anna A2", "email": "anna@x.fi", "company_id": self.mine.id}
        )
        duplicate._post_reward_points(5, "opening", company_id=self.mine.id)
        self.wizard(
            self.both_manager,
            self.mine,
            self.a_customer | duplicate,
            self.a_customer,
        ).action_merge()
        self.assertFalse(duplicate.exists())
        self.assertEqual(self.a_customer.reward_points, 305)
        shared_twin = self.Partner.create({"name": "Sami S.", "email": "anna@x.fi"})
        self.wizard(
            self.both_manager,
            self.other | self.mine,
            self.shared | shared_twin,
            shared_twin,
        ).action_merge()
        self.assertFalse(self.shared.exists())
        self.assertEqual(shared_twin.reward_points, 40)
        # the points stay this company's (the merge's note, 0 points, is
        # booked in the company the user works in)
        self.assertIn((self.mine.id, 40.0), self.ledger(shared_twin))
        self.assertLedgerConsistent()


@tagged("post_install", "-at_install")
class TestPartnerMergeContacts(PointsCase):
    """Merging plain contacts (no points, cards or opening figures) is a
    contact clerk's work, and books nothing in the ledger. A merge that
    moves cards, also those of the merged partners' contacts, stays a
    retail manager's: the source's contacts become the destination's, and
    a contact's card spends its company's points."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk = new_test_user(
            cls.env, login="merge_plain_clerk", groups=CONTACT_CLERK
        )
        cls.rich = cls.Partner.create({"name": "Rich Oy", "is_company": True})
        cls.rich._post_reward_points(500, "opening")
        cls.rich_buyer = cls.Partner.create(
            {"name": "Rich buyer", "parent_id": cls.rich.id, "email": "h@x.fi"}
        )
        # a person without points; their contact holds a card
        cls.head = cls.Partner.create({"name": "Head", "email": "h@x.fi"})
        cls.holder = cls.Partner.create(
            {"name": "Card Holder", "parent_id": cls.head.id}
        )
        cls.card = cls.env["retail.card"].create({"partner_id": cls.holder.id})

    def merge(self, user, partners, dst):
        self.env["base.partner.merge.automatic.wizard"].with_user(user).with_context(
            active_model="res.partner", active_ids=partners.ids
        ).create(
            {"partner_ids": [Command.set(partners.ids)], "dst_partner_id": dst.id}
        ).action_merge()

    def test_clerk_merges_plain_contacts(self):
        """The merge booked a 0-point "merge" entry with the clerk's rights,
        which may not create entries: no merge of plain contacts went
        through. Nothing moved: nothing is booked."""
        plain = self.Partner.create({"name": "Plain A", "email": "pa@x.fi"})
        twin = self.Partner.create({"name": "Plain A.", "email": "pa@x.fi"})
        self.merge(self.clerk, plain | twin, plain)
        self.assertFalse(twin.exists())
        self.assertFalse(plain.point_entry_ids)

    def test_manager_merges_plain_contacts(self):
        """Twin: a retail manager merges them too."""
        plain = self.Partner.create({"name": "Plain A", "email": "pa@x.fi"})
        twin = self.Partner.create({"name": "Plain A.", "email": "pa@x.fi"})
        self.merge(self.user_manager, plain | twin, plain)
        self.assertFalse(twin.exists())

    def test_clerk_cannot_merge_a_card_holder_into_a_company(self):
        """Neither the merged partner nor the destination holds points or a
        card, but the merged partner's contact does: merged into Rich Oy's
        contact, the card would spend Rich Oy's points. Merged the other way,
        the destination takes Rich Oy as its parent (Odoo's merge copies
        it), with the same result."""
        with self.assertRaisesMessage(AccessError, "a contact of Head"):
            self.merge(self.clerk, self.head | self.rich_buyer, self.rich_buyer)
        with self.assertRaisesMessage(AccessError, "only a retail manager"):
            self.merge(self.clerk, self.head | self.rich_buyer, self.head)
        self.assertTrue(self.head.exists() and self.rich_buyer.exists())
        self.assertEqual(self.card.partner_id.commercial_partner_id, self.head)
        # a retail manager merges them: the card is Rich Oy's contact's
        self.merge(self.user_manager, self.head | self.rich_buyer, self.rich_buyer)
        self.assertEqual(self.card.partner_id.commercial_partner_id, self.rich)
        self.assertEqual(self.rich.reward_points, 500)
