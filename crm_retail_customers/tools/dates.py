# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Dates as the reader's language writes them, calendar included.

Persian readers (``fa_IR``, and any ``fa`` variant) read dates in the Solar
Hijri calendar, which Iran uses: 2024-03-20 is *1 Farvardin 1403*. Odoo
writes every date in the Gregorian calendar, so the customer reports, the
card and the customer e-mails format their dates through
:func:`format_date_lang` instead of Odoo's ``format_date``: Solar Hijri with
Persian month names for Persian, Odoo's format of the language for every
other language. The digits stay Latin (``1 فروردین 1403``), as Odoo's
``fa_IR`` writes numbers (``1,234.50``): a report's dates and figures read
alike. The back office's own widgets (date pickers, list columns) stay
Odoo's, and CSV files keep Gregorian dates (machines read them).
"""

import datetime

import jdatetime
import pytz

from odoo import fields
from odoo.tools.misc import format_date, format_datetime, format_time, get_lang

#: Persian month names of the Solar Hijri calendar, Farvardin to Esfand.
PERSIAN_MONTHS = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)


def is_solar_hijri_lang(lang_code):
    """Whether readers of ``lang_code`` (``fa_IR``, ``fa``) read dates in
    the Solar Hijri calendar."""
    return bool(lang_code) and (lang_code == "fa" or lang_code.startswith("fa_"))


def solar_hijri_date(value):
    """``(year, month, day)`` of the Gregorian ``value`` in the Solar Hijri
    calendar."""
    jdate = jdatetime.date.fromgregorian(date=value)
    return jdate.year, jdate.month, jdate.day


def format_solar_hijri(value):
    """``value`` (a date) as Persian readers write it: day, Persian month
    name, year (``1 فروردین 1403``)."""
    year, month, day = solar_hijri_date(value)
    return f"{day} {PERSIAN_MONTHS[month - 1]} {year}"


def _to_date(env, value):
    """A date of ``value`` (date, datetime or string, as Odoo's
    ``format_date`` takes them): a datetime is the day it is in the user's
    timezone."""
    if isinstance(value, str):
        if len(value) > len("2024-03-20"):
            value = fields.Datetime.from_string(value)
        else:
            return fields.Date.from_string(value)
    if isinstance(value, datetime.datetime):
        if not value.tzinfo:
            value = fields.Datetime.context_timestamp(env["res.lang"], value)
        return value.date()
    return value


def format_date_lang(env, value, lang_code=False, date_format=False):
    """``value`` as readers of ``lang_code`` (default: the environment's
    language) write a date: Solar Hijri for Persian (``date_format`` is
    then not used), else Odoo's ``format_date``. Empty for no date."""
    if not value or (isinstance(value, str) and len(value) < len("2024-03-20")):
        return ""
    lang = get_lang(env, lang_code)
    if is_solar_hijri_lang(lang.code):
        return format_solar_hijri(_to_date(env, value))
    return format_date(env, value, lang_code=lang.code, date_format=date_format)


def format_datetime_lang(env, value, tz=False, lang_code=False):
    """A moment (naive UTC datetime) as readers of ``lang_code`` write it,
    in ``tz`` (default: the context's, else the user's): for Persian the
    Solar Hijri date and the time of day, else Odoo's ``format_datetime``."""
    if not value:
        return ""
    lang = get_lang(env, lang_code)
    tz = tz or env.context.get("tz") or env.user.tz or "UTC"
    if not is_solar_hijri_lang(lang.code):
        return format_datetime(env, value, tz=tz, lang_code=lang.code)
    if isinstance(value, str):
        value = fields.Datetime.from_string(value)
    local = pytz.utc.localize(value).astimezone(pytz.timezone(tz))
    time = format_time(env, local.time(), time_format="HH:mm:ss", lang_code=lang.code)
    return f"{format_solar_hijri(local.date())} {time}"
