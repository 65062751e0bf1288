# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Run by test_erasure_pg_dump.py in ``odoo shell`` (``env`` is given) on a
scratch database: ``create`` builds a customer with a distinctive value in
every place personal data goes and commits, ``erase`` erases it as a Retail
CRM manager and commits. Each step prints one JSON line after ``RESULT:``."""

import base64
import hashlib
import io
import json
import sys

from odoo import Command

#: Distinctive values (found nowhere else in a database) by what they are.
VALUES = {
    "name": "Quilliam Zebedee-Xanthe",
    "email": "q.zebedee.xanthe@erasure-test.example",
    "phone": "+358 40 7771234",
    "mobile": "+358 50 9993456",
    "street": "Kuusikujantie 987",
    "street2": "Porras Qwx 42",
    "zip": "FI-96173",
    "city": "Xanthulankylä",
    "website": "https://zebedee-xanthe.example",
    "comment": "Allergic to Xyzzyquux",
    "function": "Chief Zebedee Officer",
    "company_registry": "REG-ZX-5550123",
    "ref": "CUST-ZX-90417",
    "birthdate": "1977-03-29",
    "note": "Typed ledger note Zebedee 77",
    "relation_note": "Met at Xyzzy fair",
    "bank": "FI2112345600000785",
    "portal_login": "zebedee-login-7781",
    "signature": "Sig Zebedee Xanthe",
    "chatter": "Visit in Xanthulankylä planned",
    "invoice_note": "Deliver to Kuusikujantie 987",
    "delivery_street": "Toimitustie 5151",
    "business_name": "Zebedee Xanthe Trading",
    "business_vat": "FI98765432",
    "business_email": "trading@zebedee-business.example",
}


def result(data):
    print("RESULT:" + json.dumps(data, default=str))
    sys.stdout.flush()


def finnish_id(day, month, year, individual):
    """A Finnish personal identity code with a valid check character."""
    digits = f"{day:02d}{month:02d}{year % 100:02d}{individual:03d}"
    check = "0123456789ABCDEFHJKLMNPRSTUVWXY"[int(digits) % 31]
    century = {18: "+", 19: "-", 20: "A"}[year // 100]
    return f"{digits[:6]}{century}{digits[6:]}{check}"


def png():
    """A small PNG of its own (a distinctive checksum)."""
    from PIL import Image

    image = Image.new("RGB", (7, 5), (17, 119, 203))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def ledger(env, partner_id):
    env.cr.execute(
        "SELECT COALESCE(SUM(points), 0), COUNT(*) FROM retail_point_entry "
        "WHERE partner_id = %s",
        [partner_id],
    )
    points, count = env.cr.fetchone()
    env.cr.execute("SELECT reward_points FROM res_partner WHERE id = %s", [partner_id])
    return {"sum": points, "count": count, "balance": env.cr.fetchone()[0]}


def consents(env, partner_id):
    env.cr.execute(
        "SELECT COUNT(*) FROM retail_consent_log WHERE partner_id = %s", [partner_id]
    )
    return env.cr.fetchone()[0]


def create(env):
    env = env(context=dict(env.context, tracking_disable=False))
    company = env.company
    company.retail_members_only = False
    Partner = env["res.partner"]
    manager = env["res.users"].create(
        {
            "name": "Erasure Manager",
            "login": "erasure_manager",
            "company_id": company.id,
            "company_ids": [Command.set(company.ids)],
            "groups_id": [
                Command.set(
                    [
                        env.ref("base.group_user").id,
                        env.ref("base.group_partner_manager").id,
                        env.ref("crm_retail_customers.group_retail_manager").id,
                    ]
                )
            ],
        }
    )
    image = png()
    values = dict(VALUES, image_checksum=hashlib.sha1(image).hexdigest())
    national_id = finnish_id(29, 3, 1977, 787)
    values["national_id"] = national_id
    customer = Partner.create(
        {
            "name": VALUES["name"],
            "email": VALUES["email"],
            "phone": VALUES["phone"],
            "mobile": VALUES["mobile"],
            "street": VALUES["street"],
            "street2": VALUES["street2"],
            "zip": VALUES["zip"],
            "city": VALUES["city"],
            "country_id": env.ref("base.fi").id,
            "website": VALUES["website"],
            "comment": VALUES["comment"],
            "function": VALUES["function"],
            "company_registry": VALUES["company_registry"],
            "ref": VALUES["ref"],
            "birthdate": VALUES["birthdate"],
            "gender": "female",
            "image_1920": base64.b64encode(image),
        }
    )
    customer.retail_national_id = national_id
    delivery = Partner.create(
        {
            "name": VALUES["name"],
            "parent_id": customer.id,
            "type": "delivery",
            "street": VALUES["delivery_street"],
        }
    )
    # a ban change, tracked in the chatter and logged as a consent
    customer.no_email_marketing = True
    customer.message_post(body=VALUES["chatter"])
    # the ledger: points earned, a typed note
    customer._post_reward_points(150.0, "earn", note=VALUES["note"])
    customer._post_reward_points(-30.0, "redeem")
    # a card (its number is on the partner, in the card's chatter)
    card = env["retail.card"].create({"partner_id": customer.id})
    values["card_number"] = card.number
    # a relation, a bank account, a portal user
    referrer = Partner.create({"name": "Erasure Referrer"})
    env["retail.partner.relation"].create(
        {
            "partner_id": customer.id,
            "related_partner_id": referrer.id,
            "type_id": env.ref("crm_retail_customers.relation_type_referred_by").id,
            "note": VALUES["relation_note"],
        }
    )
    # the referrer's bonus names the customer ("Referral of ...")
    referrer._post_reward_points(
        25.0,
        "bonus",
        idempotency_key=f"referral:{customer.id}",
        **env["retail.point.entry"]._origin_vals(
            "referral", customer=customer.display_name
        ),
    )
    env["res.partner.bank"].create(
        {"partner_id": customer.id, "acc_number": VALUES["bank"]}
    )
    env["res.users"].with_context(no_reset_password=True).create(
        {
            "login": VALUES["portal_login"],
            "partner_id": customer.id,
            "signature": VALUES["signature"],
            "password": "Zebedee-portal-pass-1",
            "groups_id": [Command.set([env.ref("base.group_portal").id])],
        }
    )
    # blacklists
    env["mail.blacklist"]._add(VALUES["email"])
    env["phone.blacklist"]._add([customer.phone_sanitized])
    # a mailing list contact and a mailing sent to the customer
    mailing_list = env["mailing.list"].create({"name": "Erasure list"})
    env["mailing.contact"].create(
        {
            "name": VALUES["name"],
            "email": VALUES["email"],
            "list_ids": [Command.link(mailing_list.id)],
        }
    )
    mailing = env["mailing.mailing"].create(
        {
            "subject": "Erasure newsletter",
            "body_html": "<p>Hello {{ object.name }}</p>",
            "mailing_model_id": env.ref("base.model_res_partner").id,
            "mailing_domain": repr([("id", "=", customer.id)]),
        }
    )
    # the customer's own ban would skip them: the mailing goes out before
    customer.no_email_marketing = False
    mailing.action_send_mail()
    customer.no_email_marketing = True
    # a paid POS order in a closed session
    config = env.ref("point_of_sale.pos_config_main")
    session = env["pos.session"].create({"config_id": config.id, "user_id": env.uid})
    product = env["product.product"].search(
        [("available_in_pos", "=", True), ("list_price", ">", 0)], limit=1
    )
    bank = config.payment_method_ids.filtered(lambda m: not m.is_cash_count)[:1]
    price = product.lst_price
    taxes = product.taxes_id.filtered(lambda tax: tax.company_id == company)
    amounts = taxes.compute_all(price, company.currency_id, 1, product=product)
    total = amounts["total_included"]
    order = env["pos.order"].create(
        {
            "session_id": session.id,
            "partner_id": customer.id,
            "note": f"Call {VALUES['mobile']}",
            "lines": [
                Command.create(
                    {
                        "product_id": product.id,
                        "qty": 1,
                        "price_unit": price,
                        "price_subtotal": amounts["total_excluded"],
                        "price_subtotal_incl": total,
                        "tax_ids": [Command.set(taxes.ids)],
                        "full_product_name": product.display_name,
                    }
                )
            ],
            "amount_tax": total - amounts["total_excluded"],
            "amount_total": total,
            "amount_paid": 0.0,
            "amount_return": 0.0,
        }
    )
    env["pos.make.payment"].with_context(active_id=order.id).create(
        {"amount": total, "payment_method_id": bank.id}
    ).check()
    session.action_pos_session_closing_control()
    # an invoice, paid, whose customer was changed to them (the tracking
    # value names them)
    account_product = env["product.product"].search(
        [("sale_ok", "=", True), ("list_price", ">", 0)], limit=1
    )
    invoice = env["account.move"].create(
        {
            "move_type": "out_invoice",
            "partner_id": referrer.id,
            "invoice_line_ids": [
                Command.create(
                    {"product_id": account_product.id, "quantity": 1, "price_unit": 80}
                )
            ],
        }
    )
    env.flush_all()
    env.cr.precommit.run()
    invoice.partner_id = customer
    # after the customer: a change of customer puts the company's terms there
    invoice.narration = VALUES["invoice_note"]
    invoice.action_post()
    env["account.payment.register"].with_context(
        active_model="account.move", active_ids=invoice.ids
    ).create({})._create_payments()
    invoice.message_post(body=f"Sent to {VALUES['email']}, {VALUES['street']}")
    # a confirmed sale order whose note names the customer, invoiced and paid
    sale = env["sale.order"].create(
        {
            "partner_id": customer.id,
            "note": f"Call {VALUES['name']} on {VALUES['phone']} before delivery",
            "order_line": [
                Command.create({"product_id": account_product.id, "product_uom_qty": 1})
            ],
        }
    )
    sale.action_confirm()
    # invoiced and paid: a confirmed order still to invoice refuses the erasure
    if sale.invoice_status == "to invoice":
        sale_invoice = sale._create_invoices()
        sale_invoice.action_post()
        env["account.payment.register"].with_context(
            active_model="account.move", active_ids=sale_invoice.ids
        ).create({})._create_payments()
    # a business with a VAT number (no invoices: it may be erased)
    business = Partner.create(
        {
            "name": VALUES["business_name"],
            "is_company": True,
            "vat": VALUES["business_vat"],
            "email": VALUES["business_email"],
        }
    )
    env.flush_all()
    env.cr.precommit.run()
    env.cr.commit()
    result(
        {
            "customer": customer.id,
            "delivery": delivery.id,
            "business": business.id,
            "manager": manager.id,
            "order_state": order.state,
            "session_state": session.state,
            "sale_state": sale.state,
            "invoice_state": [invoice.state, invoice.payment_state],
            "values": values,
            "ledger": ledger(env, customer.id),
        }
    )


def erase(env, customer_id, business_id, manager_id):
    user_env = env(user=manager_id)
    partners = user_env["res.partner"].browse([customer_id, business_id])
    env.cr.execute("SELECT COALESCE(SUM(points), 0), COUNT(*) FROM retail_point_entry")
    before_total = env.cr.fetchone()
    env.cr.execute("SELECT COUNT(*) FROM retail_erasure_log")
    logs_before = env.cr.fetchone()[0]
    consents_before = consents(env, customer_id)
    logs = partners.action_retail_forget()
    env.cr.commit()
    env.cr.execute("SELECT COALESCE(SUM(points), 0), COUNT(*) FROM retail_point_entry")
    after_total = env.cr.fetchone()
    env.cr.execute("SELECT COUNT(*) FROM retail_erasure_log")
    logs_after = env.cr.fetchone()[0]
    env.cr.execute(
        "SELECT points FROM retail_point_entry "
        "WHERE partner_id = %s AND kind = 'erase'",
        [customer_id],
    )
    closing = [row[0] for row in env.cr.fetchall()]
    result(
        {
            "logs": len(logs),
            "logs_added": logs_after - logs_before,
            "total_before": before_total,
            "total_after": after_total,
            "closing": closing,
            "consents": [consents_before, consents(env, customer_id)],
            "ledger": ledger(env, customer_id),
        }
    )


def main(env, step, *args):
    {"create": create, "erase": erase}[step](env, *(int(arg) for arg in args))
