# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools.misc import formatLang

from .common import BrowserSizeMixin, load_languages, screenshot_at_end


@tagged("post_install", "-at_install")
class TestCustomerFormLanguages(BrowserSizeMixin, HttpCase):
    """A customer's form in the browser of a Finnish and of a Persian Retail
    user: the page is in the user's language and direction, our retail tab
    and its balance are there; a screenshot of each is kept as a test
    artifact for people to look at."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_languages(
            cls.env,
            ["fi_FI", "fa_IR"],
            ("base", "web", "mail", "contacts", "crm_retail_customers"),
        )
        groups = (
            "base.group_user,base.group_partner_manager,"
            "crm_retail_customers.group_retail_user"
        )
        cls.users = {
            lang: new_test_user(
                cls.env, login=f"form_{lang}", groups=groups, lang=lang, tz="UTC"
            )
            for lang in ("fi_FI", "fa_IR")
        }
        # demo tiers would take the customer
        cls.env["retail.tier"].search([]).active = False
        cls.tier = cls.env["retail.tier"].create({"name": "Kulta", "min_points": 100})
        cls.customer = cls.env["res.partner"].create(
            {"name": "Aino Virtanen", "email": "aino@example.com", "city": "Helsinki"}
        )
        cls.customer._post_reward_points(1234.5, "earn", origin="POS/FI/1")
        cls.env["retail.card"].create({"partner_id": cls.customer.id})

    def _open_form(self, lang, direction, needle):
        self.assertEqual(self.customer.reward_tier_id, self.tier)
        # the balance as Odoo formats it in the user's language
        balance = formatLang(self.env(context={"lang": lang}), 1234.5, digits=2)
        url = f"/web#model=res.partner&id={self.customer.id}&view_type=form"
        code = f"""
            const l10n = "@web/core/l10n/localization";
            const {{localization}} = odoo.loader.modules.get(l10n);
            const rtl = document.body.classList.contains("o_rtl");
            const text = document.querySelector(".o_action_manager").innerText;
            if (localization.code !== "{lang}") {{
                console.error(`page language ${{localization.code}}`);
            }} else if (rtl !== {"true" if direction == "rtl" else "false"}) {{
                console.error(`o_rtl is ${{rtl}}`);
            }} else if (!text.includes({json.dumps(balance)})) {{
                console.error("the balance is missing: " + text);
            }} else if (!text.includes("{needle}")) {{
                console.error("not in the user's language: " + text);
            }} else {{
                console.log("test successful");
            }}
        """
        ready = "!!document.querySelector('.o_form_view .o_field_widget[name=name]')"
        with screenshot_at_end(f"customer_form_{lang}") as path:
            self.browser_js(url, code, ready=ready, login=self.users[lang].login)
        self.assertTrue(path.read_bytes().startswith(b"\x89PNG"), path)

    def test_finnish_user(self):
        # Finnish numbers: decimal comma, a space between thousands
        self.assertEqual(
            formatLang(self.env(context={"lang": "fi_FI"}), 1234.5, digits=2),
            "1\N{NO-BREAK SPACE}234,50",
        )
        # Odoo's own Finnish term of the contact form's address label
        self.assertNotEqual(
            self.env["ir.model.fields"]
            .with_context(lang="fi_FI")
            ._get("res.partner", "street")
            .field_description,
            "Street",
        )
        needle = (
            self.env["ir.model.fields"]
            .with_context(lang="fi_FI")
            ._get("res.partner", "email")
            .field_description
        )
        self._open_form("fi_FI", "ltr", needle)

    def test_persian_user(self):
        self._open_form("fa_IR", "rtl", "امتیازها")  # the balance button

    def test_finnish_labels_break_between_words(self):
        """Finnish makes long compound words: the labels of the retail tab
        (marketing bans, points) wrap between words, never inside one
        ("tekstiviestimarkkinoi / ntia"); a hyphen is a place to wrap."""
        url = f"/web#model=res.partner&id={self.customer.id}&view_type=form"
        code = """
            document.querySelector('.o_notebook .nav-link[name="retail"]').click();
            setTimeout(() => {
                const labels = [...document.querySelectorAll(
                    ".o_form_view .o_inner_group .o_form_label"
                )].filter((label) => label.offsetParent);
                const broken = [];
                for (const label of labels) {
                    const walker = document.createTreeWalker(
                        label, NodeFilter.SHOW_TEXT
                    );
                    while (walker.nextNode()) {
                        const node = walker.currentNode;
                        for (const match of node.data.matchAll(/[^\\s\\u00ad-]+/g)) {
                            const range = document.createRange();
                            range.setStart(node, match.index);
                            range.setEnd(node, match.index + match[0].length);
                            const lines = new Set(
                                [...range.getClientRects()]
                                    .filter((rect) => rect.width > 0)
                                    .map((rect) => Math.round(rect.top))
                            );
                            if (lines.size > 1) {
                                broken.push(match[0]);
                            }
                        }
                    }
                }
                const bans = document.querySelector(
                    '.o_form_label[for^="no_sms_marketing"]'
                );
                if (!bans || !bans.offsetParent) {
                    console.error("the marketing bans are not shown");
                } else if (broken.length) {
                    console.error("words broken across lines: " + broken.join(", "));
                } else {
                    bans.scrollIntoView({block: "center"});
                    console.log("test successful");
                }
            }, 500);
        """
        ready = "!!document.querySelector('.o_form_view .o_notebook')"
        with screenshot_at_end("customer_form_retail_tab_fi_FI") as path:
            self.browser_js(url, code, ready=ready, login=self.users["fi_FI"].login)
        self.assertTrue(path.read_bytes().startswith(b"\x89PNG"), path)
