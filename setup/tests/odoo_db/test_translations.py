# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import os
import re
from collections import Counter
from pathlib import Path

import polib

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader, code_translations

#: The languages the addons ship, with the Odoo language each file serves and
#: the plural forms that language may declare (Odoo's own files use Transifex's
#: four forms for Polish and Russian, gettext uses three).
LANGUAGES = {
    "fi": ("fi_FI", {2}),
    "pl": ("pl_PL", {3, 4}),
    "ru": ("ru_RU", {3, 4}),
    "fa": ("fa_IR", {1, 2}),
}
#: Every addon of the repository (the test database has them all installed).
ADDONS = tuple(
    sorted(
        path.parent.name
        for path in Path(__file__).resolve().parents[3].glob("*/__manifest__.py")
    )
)
#: What a translation must carry over unchanged from its source: Python
#: (``%(name)s``, ``%s``, ``%%``), QWeb/Jinja (``{{ }}``), JS and format
#: (``{0}``, ``{name}``, ``${ }``) placeholders, and the markup of view and
#: template terms (element names and their QWeb ``t-`` attributes).
PLACEHOLDER = re.compile(
    r"%\(\w+\)[sdfr]|%[sdfr%]|\{\{.*?\}\}|\$\{.*?\}|\{\w*\}"
    r"|</?[\w.-]+|\bt-[\w-]+=\"[^\"]*\"",
    re.DOTALL,
)


def placeholders(text):
    return Counter(PLACEHOLDER.findall(text))


def code_terms(cr, addon):
    """The terms Odoo extracts from ``addon`` now (Python, JS, XML, data),
    as ``--i18n-export`` would write them."""
    reader = TranslationModuleReader(cr, modules=[addon])
    return {
        source for module, _ttype, _name, _id, source, *_ in reader if module == addon
    }


def untranslated(terms, po):
    """Source terms of the code that the .po file does not translate."""
    translated = {entry.msgid for entry in po if entry.msgstr and not entry.obsolete}
    return sorted(terms - translated)


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    """Every addon ships a complete, well-formed .po file for each language
    of the register, and Odoo loads it when the language is activated."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.terms = {addon: code_terms(cls.env.cr, addon) for addon in ADDONS}

    def po_files(self):
        """``(lang, addon, parsed file or None)`` for each language and addon,
        failing (as a subtest) for a missing file."""
        for lang in LANGUAGES:
            for addon in ADDONS:
                path = os.path.join(get_module_path(addon), "i18n", f"{lang}.po")
                with self.subTest(lang=lang, addon=addon, check="exists"):
                    self.assertTrue(os.path.isfile(path), f"{path} is missing")
                if os.path.isfile(path):
                    yield lang, addon, polib.pofile(path)

    def test_po_files_complete_and_well_formed(self):
        for lang, addon, po in self.po_files():
            with self.subTest(lang=lang, addon=addon):
                nplurals = re.search(
                    r"nplurals=(\d+);", po.metadata.get("Plural-Forms", "")
                )
                self.assertTrue(nplurals, "no Plural-Forms header")
                self.assertIn(int(nplurals.group(1)), LANGUAGES[lang][1])
                self.assertEqual(po.metadata.get("Language"), lang)
                fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
                self.assertFalse(fuzzy, f"fuzzy entries: {fuzzy}")
                empty = [entry.msgid for entry in po.untranslated_entries()]
                self.assertFalse(empty, f"untranslated entries: {empty}")
                wrong = [
                    entry.msgid
                    for entry in po.translated_entries()
                    if placeholders(entry.msgid) != placeholders(entry.msgstr)
                ]
                self.assertFalse(wrong, f"placeholders or markup changed: {wrong}")
                missing = untranslated(self.terms[addon], po)
                self.assertFalse(
                    missing,
                    f"source terms without a {lang} translation (regenerate the "
                    f".pot and translate them): {missing}",
                )

    def test_pot_is_current(self):
        """Odoo reads a .po file through its addon's .pot and drops what the
        .pot lacks: a term missing there is never loaded, translated or not.
        (Regenerate with ``--i18n-export`` after adding strings.)"""
        for addon in ADDONS:
            with self.subTest(addon=addon):
                path = os.path.join(get_module_path(addon), "i18n", f"{addon}.pot")
                pot = polib.pofile(path)
                missing = sorted(self.terms[addon] - {entry.msgid for entry in pot})
                self.assertFalse(missing, f"terms missing from {path}: {missing}")

    def test_new_source_term_fails(self):
        """The comparison behind the completeness check: a term the code
        gains without a translation is reported, a translated one is not."""
        po = polib.POFile()
        po.append(polib.POEntry(msgid="Balance", msgstr="Saldo"))
        self.assertEqual(untranslated({"Balance"}, po), [])
        self.assertEqual(
            untranslated({"Balance", "A brand new label"}, po), ["A brand new label"]
        )
        po.append(polib.POEntry(msgid="A brand new label", msgstr=""))
        self.assertEqual(
            untranslated({"Balance", "A brand new label"}, po), ["A brand new label"]
        )
        self.assertNotEqual(
            placeholders("%(count)s customers"), placeholders("%(määrä)s asiakasta")
        )
        self.assertNotEqual(
            placeholders('<t t-out="object.name"/> hello'), placeholders("hei")
        )

    def test_odoo_loads_the_translations(self):
        """Activating a language loads the files: field labels (stored in the
        database) and code strings (read from the file) come out translated."""
        Module = self.env["ir.module.module"]
        for lang, addon, po in self.po_files():
            code = LANGUAGES[lang][0]
            # what Odoo reads (test_pot_is_current checks the rest)
            path = os.path.join(get_module_path(addon), "i18n", f"{addon}.pot")
            known = {entry.msgid for entry in polib.pofile(path)}
            with self.subTest(lang=lang, addon=addon):
                self.env["res.lang"]._activate_lang(code)
                Module.search([("name", "=", addon)])._update_translations([code])
                field_entry = next(
                    (
                        (entry, occurrence)
                        for entry in po.translated_entries()
                        for occurrence, _line in entry.occurrences
                        if occurrence.startswith(
                            "model:ir.model.fields,field_description:"
                        )
                    ),
                    None,
                )
                if field_entry:
                    entry, occurrence = field_entry
                    xmlid = occurrence.split(":", 2)[2]
                    field = self.env.ref(xmlid).with_context(lang=code)
                    self.assertEqual(field.field_description, entry.msgstr)
                python = code_translations.get_python_translations(addon, code)
                web = {
                    message["id"]: message["string"]
                    for message in code_translations.get_web_translations(addon, code)[
                        "messages"
                    ]
                }
                for entry in po.translated_entries():
                    if entry.msgid in known and "odoo-python" in entry.comment.split(
                        "\n"
                    ):
                        self.assertEqual(python.get(entry.msgid), entry.msgstr)
                    if (
                        entry.msgid in known
                        and "odoo-javascript" in entry.comment.split("\n")
                    ):
                        # the till and the web client (/web/webclient/translations)
                        self.assertEqual(web.get(entry.msgid), entry.msgstr)
