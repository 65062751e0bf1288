# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common import CONTACT_CLERK, PointsCase, company_user, referred_by


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
        # retail manager who works in another company only: their tier (this
        # company's, read from their entries) moves, with its price list
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
