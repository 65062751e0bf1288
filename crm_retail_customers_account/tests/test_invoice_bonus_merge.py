# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A merged customer's first-purchase bonuses: the merge marks them on the
destination (so that it does not earn them again), and the mark leads a
purchase of the destination that stands to the merged customer's bonus,
which moves there when the invoice that earned it is credited."""

from odoo.tests import tagged

from odoo.addons.crm_retail_customers.tests.common import referred_by

from .common import RetailInvoiceCase


class InvoiceBonusMergeCase(RetailInvoiceCase):
    """A referrer, a customer they referred, and the customer's twin."""

    @classmethod
    def setUpClass(cls, chart_template_ref=None):
        super().setUpClass(chart_template_ref=chart_template_ref)
        cls.company.write(
            {"retail_welcome_points": 15.0, "retail_referral_points": 40.0}
        )
        cls.referrer, cls.newcomer, cls.twin = cls.env["res.partner"].create(
            [{"name": "Ines Referrer"}, {"name": "Otto Newcomer"}, {"name": "Otto N."}]
        )
        (cls.referrer | cls.newcomer | cls.twin)._retail_enrol("backoffice")
        referred_by(cls.newcomer, cls.referrer)

    def merge(self, sources, destination):
        self.env["base.partner.merge.automatic.wizard"]._merge(
            (sources | destination).ids, destination
        )
        self.assertFalse(sources.exists())

    def assertBalances(self, customer, referrer):
        self.env.invalidate_all()
        self.assertEqual(
            (self.twin.reward_points, self.referrer.reward_points), (customer, referrer)
        )
        # the stored balances are the ledger's
        for partner in self.twin | self.referrer:
            self.assertAlmostEqual(
                partner.reward_points, sum(partner.point_entry_ids.mapped("points"))
            )


@tagged("post_install", "-at_install")
class TestInvoiceBonusMerge(InvoiceBonusMergeCase):
    def test_credited_after_the_merge_the_bonuses_move_to_the_next_invoice(self):
        first = self.invoice(self.newcomer, 100.0)
        self.merge(self.newcomer, self.twin)
        self.assertBalances(115.0, 40.0)
        self.credit_note(first)
        self.assertBalances(0.0, 0.0)
        # the customer buys again: the purchase that stands holds both
        # bonuses (not lost to the mark, not earned twice)
        self.invoice(self.twin, 50.0)
        self.assertBalances(65.0, 40.0)

    def test_credited_before_the_merge(self):
        first = self.invoice(self.newcomer, 100.0)
        self.credit_note(first)
        self.merge(self.newcomer, self.twin)
        self.invoice(self.twin, 50.0)
        self.assertBalances(65.0, 40.0)

    def test_the_bonuses_follow_each_purchase_that_stands(self):
        first = self.invoice(self.newcomer, 100.0)
        self.merge(self.newcomer, self.twin)
        second = self.invoice(self.twin, 50.0)
        self.credit_note(first)
        self.assertBalances(65.0, 40.0)
        self.credit_note(second)
        self.assertBalances(0.0, 0.0)
        self.invoice(self.twin, 30.0)
        self.assertBalances(45.0, 40.0)

    def test_three_customers_merged(self):
        other = self.env["res.partner"].create({"name": "Otto B."})
        other._retail_enrol("backoffice")
        first = self.invoice(self.newcomer, 100.0)
        second = self.invoice(other, 20.0)
        self.merge(self.newcomer | other, self.twin)
        # both welcome bonuses were earned before the merge and moved along
        self.assertBalances(150.0, 40.0)
        self.credit_note(first)
        self.credit_note(second)
        self.invoice(self.twin, 10.0)
        # the mark leads to the first bonus: one welcome bonus, one referral
        self.assertBalances(25.0, 40.0)

    def test_a_referral_alone_stays_with_the_purchase_that_stands(self):
        # the merged customer earned nothing themselves (invoices earn no
        # points here, no welcome bonus): the mark names the customer
        self.company.write(
            {"retail_welcome_points": 0.0, "retail_points_from_invoices": False}
        )
        first = self.invoice(self.newcomer, 100.0)
        self.merge(self.newcomer, self.twin)
        self.invoice(self.twin, 10.0)
        self.assertBalances(0.0, 40.0)
        self.credit_note(first)
        # the next purchase that stands holds it
        self.assertBalances(0.0, 40.0)

    def test_a_referred_customer_merged_into_their_referrer(self):
        # one person: their own purchase earns no referral bonus, so the
        # one earned before the merge does not move to it
        first = self.invoice(self.newcomer, 100.0)
        self.merge(self.newcomer, self.referrer)
        self.credit_note(first)
        self.invoice(self.referrer, 20.0)
        self.env.invalidate_all()
        self.assertEqual(self.referrer.reward_points, 20.0 + 15.0)
        self.assertFalse(
            self.env["retail.point.entry"].search(
                [("idempotency_key", "=like", "referral:%:again:%")]
            )
        )

    def test_merged_into_a_company_contact(self):
        # the bonuses and points go to the company; the merged customer's
        # invoice is the company's purchase and holds them while it stands
        first = self.invoice(self.newcomer, 100.0)
        self.merge(self.newcomer, self.other_contact)
        self.assertEqual(first.commercial_partner_id, self.shop)
        second = self.invoice(self.other_contact, 50.0)
        self.credit_note(second)
        self.env.invalidate_all()
        self.assertEqual(
            (self.shop.reward_points, self.referrer.reward_points), (115.0, 40.0)
        )
        self.credit_note(first)
        self.invoice(self.shop, 10.0)
        self.env.invalidate_all()
        self.assertEqual(
            (self.shop.reward_points, self.referrer.reward_points), (25.0, 40.0)
        )


@tagged("post_install", "-at_install")
class TestInvoiceBonusMergedTwice(InvoiceBonusMergeCase):
    """Both customers merged had earned the bonuses: one person holds one
    welcome bonus, and one referral is paid. A bonus taken back is not given
    back by a purchase while the other one stands."""

    @classmethod
    def setUpClass(cls, chart_template_ref=None):
        super().setUpClass(chart_template_ref=chart_template_ref)
        cls.other_referrer = cls.env["res.partner"].create({"name": "Olli Other"})
        cls.other_referrer._retail_enrol("backoffice")

    def assertHeld(self, customer, referrer, other_referrer=0.0):
        self.env.invalidate_all()
        self.assertEqual(
            (
                self.newcomer.reward_points,
                self.referrer.reward_points,
                self.other_referrer.reward_points,
            ),
            (customer, referrer, other_referrer),
        )
        for partner in self.newcomer | self.referrer | self.other_referrer:
            self.assertAlmostEqual(
                partner.reward_points, sum(partner.point_entry_ids.mapped("points"))
            )

    def test_a_bonus_taken_back_stays_while_the_merged_one_stands(self):
        first = self.invoice(self.newcomer, 100.0)
        self.credit_note(first)
        twins = self.invoice(self.twin, 50.0)
        self.merge(self.twin, self.newcomer)
        self.assertHeld(65.0, 0.0)
        # the twin's welcome bonus stands: no second one; the person was
        # referred and their purchase stands, so the referrer is paid
        later = self.invoice(self.newcomer, 30.0)
        self.assertHeld(95.0, 40.0)
        # the twin's purchase credited: its bonus moves to the one that
        # stands (the customer's own is not given back besides)
        self.credit_note(twins)
        self.assertHeld(45.0, 40.0)
        self.credit_note(later)
        self.assertHeld(0.0, 0.0)
        # a new purchase: one welcome bonus again
        self.invoice(self.newcomer, 10.0)
        self.assertHeld(25.0, 40.0)

    def test_a_referral_taken_back_stays_while_the_merged_one_stands(self):
        referred_by(self.twin, self.other_referrer)
        first = self.invoice(self.newcomer, 100.0)
        self.credit_note(first)
        self.invoice(self.twin, 50.0)
        self.assertHeld(0.0, 0.0, 40.0)
        self.merge(self.twin, self.newcomer)
        self.invoice(self.newcomer, 30.0)
        # one person referred: the referral that stands is the one paid
        self.assertHeld(95.0, 0.0, 40.0)

    def test_both_standing_a_credit_note_keeps_one(self):
        first = self.invoice(self.newcomer, 100.0)
        self.invoice(self.twin, 50.0)
        self.merge(self.twin, self.newcomer)
        # two bonuses, as before the merge (the merge takes nothing back)
        self.assertHeld(180.0, 40.0)
        refund = self.credit_note(first)
        # the credited purchase's welcome bonus does not move to the twin's
        # purchase, which holds its own; the referral does (the only one)
        self.assertHeld(65.0, 40.0)
        refund.button_draft()
        refund.button_cancel()
        # the purchase stands again, and so does the twin's bonus
        self.assertHeld(165.0, 40.0)

    def test_a_self_referral_is_not_the_persons_referral(self):
        # the twin was "referred" by the customer themselves: once merged,
        # that bonus is the person's own, not the referral the person's
        # referrer holds, which moves to the purchase that stands
        referred_by(self.twin, self.newcomer)
        first = self.invoice(self.newcomer, 100.0)
        self.invoice(self.twin, 50.0)
        self.merge(self.twin, self.newcomer)
        self.assertHeld(220.0, 40.0)
        self.credit_note(first)
        # the newcomer's welcome bonus stays taken back (the twin's stands)
        self.assertHeld(105.0, 40.0)

    def test_then_merged_into_a_company_contact(self):
        # the link stays on the contact the person is merged into; the
        # company holds the person's bonuses and purchases: one of each
        referred_by(self.twin, self.other_referrer)
        first = self.invoice(self.newcomer, 100.0)
        self.invoice(self.twin, 50.0)
        self.merge(self.twin, self.newcomer)
        self.merge(self.newcomer, self.other_contact)
        self.credit_note(first)
        self.env.invalidate_all()
        self.assertEqual(
            (
                self.shop.reward_points,
                self.referrer.reward_points,
                self.other_referrer.reward_points,
            ),
            (65.0, 0.0, 40.0),
        )

    def test_one_sync_takes_back_first_then_gives_back(self):
        # the twin's referral (its bonus booked first) is kept from the
        # twin's purchase while the newcomer's stands; when one credit note
        # takes the newcomer's back (its referrer archived, it cannot move),
        # the twin's is given back in the same posting, whatever the order
        referred_by(self.twin, self.other_referrer)
        twins = self.invoice(self.twin, 50.0)
        first = self.invoice(self.newcomer, 100.0)
        self.merge(self.newcomer, self.twin)
        self.credit_note(twins)
        self.env.invalidate_all()
        self.assertEqual(
            (self.referrer.reward_points, self.other_referrer.reward_points),
            (40.0, 0.0),
        )
        self.invoice(self.twin, 20.0)
        self.referrer.action_archive()
        self.credit_note(first)
        self.env.invalidate_all()
        self.assertEqual(
            (self.referrer.reward_points, self.other_referrer.reward_points),
            (0.0, 40.0),
        )

    def test_a_merged_customer_joins_a_company(self):
        # the merge's mark stays with the person; the company's purchases
        # do not read it (as for anyone who joins a company with a bonus)
        shop = self.env["res.partner"].create({"name": "Ostos Oy", "is_company": True})
        buyer = self.env["res.partner"].create(
            {"name": "Olga Ostaja", "parent_id": shop.id}
        )
        shop._retail_enrol("backoffice")
        self.invoice(self.newcomer, 100.0)
        self.merge(self.newcomer, self.twin)
        # sudo: attaching a customer who holds points is a retail manager's
        self.twin.sudo().parent_id = shop
        self.invoice(buyer, 10.0)
        self.env.invalidate_all()
        # the person's 100 and bonus, the company's 10 and its own bonus
        self.assertEqual(shop.reward_points, 100.0 + 15.0 + 10.0 + 15.0)
