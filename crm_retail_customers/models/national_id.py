# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""National identity numbers of the countries whose rules are checked.

Each checker takes the number as typed and returns ``(number, birthdate)``:
the number written the one way it is stored (so that a duplicate typed with
spaces or in lower case is still found) and the birth date the number holds
(``None`` when it holds none). Digits typed on a Persian or Arabic
keyboard (any Unicode decimal digit) are read as the digits 0-9, and
full-width letters and digits (typed on a CJK keyboard) as their ASCII
forms (:func:`read_number`), and stored so: the same number is one number
for the duplicate check and the search, and only the digits 0-9 pass a
country's pattern (``[0-9]``, never ``\\d``, which matches any Unicode
digit). A number that breaks its country's rules raises
:class:`NationalIdError` with a message for the user (translated when it is
shown, with ``%(number)s`` for the number).

- Finland, *henkilötunnus*: ``DDMMYYCZZZQ``: birth date, century sign
  (``+`` 1800s; ``-``, ``Y``, ``X``, ``W``, ``V``, ``U`` 1900s; ``A`` to
  ``F`` 2000s), individual number 002-899 and the check character of the
  nine digits modulo 31.
- Poland, PESEL: eleven digits, the birth date with the century in the
  month (+80 1800s, +0 1900s, +20 2000s, +40 2100s, +60 2200s) and a check
  digit weighted 1-3-7-9.
- Iran, *kod-e melli*: ten digits, not all the same, and a check digit
  (weights 10 to 2, modulo 11).
"""

import datetime
import re
import unicodedata

from odoo import _lt

from .retail_card import ascii_digits

#: Code of the ``res.partner.id_category`` of national IDs.
NATIONAL_ID_CATEGORY = "retail_national_id"

FI_CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"
FI_CENTURIES = {
    "+": 1800,
    "-": 1900,
    "Y": 1900,
    "X": 1900,
    "W": 1900,
    "V": 1900,
    "U": 1900,
    "A": 2000,
    "B": 2000,
    "C": 2000,
    "D": 2000,
    "E": 2000,
    "F": 2000,
}
PL_WEIGHTS = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
PL_CENTURIES = ((80, 1800), (60, 2200), (40, 2100), (20, 2000), (0, 1900))


class NationalIdError(ValueError):
    """A number that breaks its country's rules; ``args[0]`` is the
    message (a lazy translation with ``%(number)s``)."""


def _date(year, month, day):
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise NationalIdError(_lt("%(number)s holds no valid birth date.")) from None


def _looks_like_digit(char):
    """Whether ``char`` only looks like a digit ("²", "①"): a digit for
    Unicode but no decimal digit; NFKC would write it as one."""
    return (
        unicodedata.digit(char, None) is not None
        and unicodedata.decimal(char, None) is None
    )


def read_number(number):
    """``number`` as it is read: its compatibility forms (full-width "Ｌ",
    ligatures, no-break spaces) written as their plain forms (NFKC), then
    its decimal digits as the digits 0-9 (:func:`.retail_card.ascii_digits`).
    Without NFKC, "Ｌ０１" (a CJK keyboard) would be another number than
    "L01" and escape the duplicate check and the search. Characters that
    only look like digits ("²") stay as typed: no country's pattern accepts
    them, and a number of another country holding one is not silently
    another number. The cards keep ``ascii_digits`` alone."""
    parts, start = [], 0
    for index, char in enumerate(number):
        if _looks_like_digit(char):
            parts += [unicodedata.normalize("NFKC", number[start:index]), char]
            start = index + 1
    parts.append(unicodedata.normalize("NFKC", number[start:]))
    return ascii_digits("".join(parts))


def check_fi(number):
    number = re.sub(r"\s", "", read_number(number)).upper()
    if not re.fullmatch(r"[0-9]{6}[-+A-FU-Y][0-9]{3}[0-9A-Y]", number):
        raise NationalIdError(
            _lt(
                "%(number)s is not a Finnish personal identity code: it has the "
                "form DDMMYY, a century sign, three digits and a check character "
                "(e.g. 131052-308T)."
            )
        )
    birthdate = _date(
        FI_CENTURIES[number[6]] + int(number[4:6]), int(number[2:4]), int(number[:2])
    )
    if not 2 <= int(number[7:10]) <= 899:
        raise NationalIdError(
            _lt(
                "%(number)s is not a Finnish personal identity code: its "
                "individual number must lie between 002 and 899."
            )
        )
    expected = FI_CHECK[int(number[:6] + number[7:10]) % 31]
    if number[10] != expected:
        raise NationalIdError(
            _lt("The check character of %(number)s is wrong: a mistyped digit?")
        )
    return number, birthdate


def check_pl(number):
    number = re.sub(r"\s", "", read_number(number))
    if not re.fullmatch(r"[0-9]{11}", number):
        raise NationalIdError(
            _lt("%(number)s is not a PESEL number: it has eleven digits.")
        )
    digits = [int(char) for char in number]
    check = (
        10 - sum(w * d for w, d in zip(PL_WEIGHTS, digits, strict=False)) % 10
    ) % 10
    if digits[10] != check:
        raise NationalIdError(
            _lt("The check digit of %(number)s is wrong: a mistyped digit?")
        )
    month = int(number[2:4])
    offset, century = next(
        ((offset, century) for offset, century in PL_CENTURIES if month > offset),
        (0, 1900),
    )
    birthdate = _date(century + int(number[:2]), month - offset, int(number[4:6]))
    return number, birthdate


def check_ir(number):
    number = re.sub(r"[\s-]", "", read_number(number))
    if not re.fullmatch(r"[0-9]{10}", number) or len(set(number)) == 1:
        raise NationalIdError(
            _lt("%(number)s is not an Iranian national code: it has ten digits.")
        )
    total = sum(int(number[i]) * (10 - i) for i in range(9)) % 11
    check = total if total < 2 else 11 - total
    if int(number[9]) != check:
        raise NationalIdError(
            _lt("The check digit of %(number)s is wrong: a mistyped digit?")
        )
    return number, None


def check_other(number):
    """Countries whose rules are not checked: the number as typed, without
    surrounding spaces, upper case, read by :func:`read_number` (the same
    number typed on a Persian or a CJK keyboard is a duplicate)."""
    return re.sub(r"\s+", " ", read_number(number)).strip().upper(), None


CHECKERS = {"FI": check_fi, "PL": check_pl, "IR": check_ir}


def normalize(country_code, number):
    """``(number, birthdate)`` of ``number`` by the rules of the country of
    ``country_code`` (see the module's docstring)."""
    return CHECKERS.get(country_code or "", check_other)(number)


def stored_forms(number):
    """Every form in which ``number``, typed without its country (at the
    till), may be stored: as each country whose rules it passes writes it,
    and as a number of a country whose rules are not checked. Whole numbers
    only, never a prefix: whoever searches by them finds a customer only by
    knowing the whole number."""
    if not isinstance(number, str) or not number.strip():
        return set()
    forms = {check_other(number)[0]}
    for checker in CHECKERS.values():
        try:
            forms.add(checker(number)[0])
        except NationalIdError:
            continue
    return forms
