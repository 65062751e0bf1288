# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Marketing bans in Odoo's bulk sends.

The helpers below find, in one SQL query, the records of any model whose
recipient is banned from e-mail or SMS marketing, so that bulk sends of
100 000 records never load them one by one. They are shared by the e-mail
composer (``wizards/mail_compose_message.py``), the SMS composer
(crm_retail_customers_sms) and the mailings' opt-out hooks
(crm_retail_customers_mass_mailing).

A record's recipient is banned when

* a customer it names (the record itself for a contact, else its stored
  partner fields of ``_mail_get_partner_fields``) has an effective ban on
  the channel (own or company ban), or has the address / number of a
  customer who has one: the ban belongs to the person's address or number,
  not only to one contact card;
* the record's own address (``email_normalized``) or number
  (``phone_sanitized`` and the stored number fields) is a banned
  customer's.

Bans hold in every company and for archived customers (a customer who
refused marketing has not agreed to it by being archived): the look-up of
banned addresses and numbers reads all customers in SQL, but it returns
only records of the send and addresses the send already targets.
"""

from odoo.tools import SQL

from .res_partner import MARKETING_BANS

#: Channels the bulk sends know, with their effective ban field.
BAN_CHANNELS = ("email", "sms")


def _number(expr):
    """A phone number reduced to its digits, a leading ``+`` or ``00`` read
    as the international prefix (as the list contacts' ban compares them)."""
    return SQL(
        "regexp_replace(regexp_replace(%s, '[^0-9+]', '', 'g'), '^00', '+')", expr
    )


def _banned_values(channel, among=None):
    """Query of the banned addresses (e-mail) or numbers (SMS); ``among``:
    a condition on the banned customer ``p`` (default: every customer, as
    the bulk sends)."""
    among = among or SQL("TRUE")
    if channel == "email":
        return SQL(
            """SELECT p.email_normalized FROM res_partner p
                WHERE p.effective_no_email_marketing
                  AND p.email_normalized IS NOT NULL AND %s""",
            among,
        )
    return SQL(
        """SELECT n.number FROM (
               SELECT %s AS number
                 FROM res_partner p,
                      unnest(ARRAY[p.phone_sanitized, p.mobile, p.phone])
                          AS raw(number)
                WHERE p.effective_no_sms_marketing AND raw.number IS NOT NULL
                  AND %s
           ) n WHERE n.number NOT IN ('', '+')""",
        _number(SQL("raw.number")),
        among,
    )


def _partner_banned(channel):
    """Condition on the customer ``p``: banned on ``channel``, or has the
    address / one of the numbers of a customer who is."""
    banned = _banned_values(channel)
    if channel == "email":
        return SQL(
            "(p.effective_no_email_marketing OR p.email_normalized IN (%s))", banned
        )
    return SQL(
        "(p.effective_no_sms_marketing OR %s IN (%s) OR %s IN (%s) OR %s IN (%s))",
        _number(SQL("p.phone_sanitized")),
        banned,
        _number(SQL("p.mobile")),
        banned,
        _number(SQL("p.phone")),
        banned,
    )


def retail_banned_values_sql(channel, among=None):
    """Query of the distinct banned addresses (``email``) or numbers
    (``sms``), one column ``value``: what :func:`retail_partner_ban_join`
    joins (best as a MATERIALIZED CTE, read once).

    ``among``: an ``SQL`` condition on the banned customer, table alias
    ``p`` (e.g. the record rules of a report's user), so that only their
    bans count; default: every customer's, as the bulk sends must."""
    assert channel in BAN_CHANNELS
    return SQL(
        "SELECT DISTINCT banned.value FROM (%s) AS banned(value)",
        _banned_values(channel, among),
    )


def retail_partner_ban_join(alias, channel, values, tag="ban"):
    """``(joins, banned)`` for the ``res_partner`` row of table alias
    ``alias``: the LEFT JOINs of its address / numbers with the banned ones
    (``values``: the name of a query of :func:`retail_banned_values_sql`,
    e.g. a CTE), and the condition that it is banned on ``channel`` by the
    rule of :func:`_partner_banned` (the bulk sends' rule): an effective
    ban, or the address / one of the numbers of a customer who has one.

    For lists of any size (the customer reports): hash joins with the
    distinct banned values, no sub-query run for each row, and a condition
    never NULL, so ``NOT`` of it is exactly "allowed". The joins add no
    rows (the values are distinct). ``tag`` names the joined tables
    (``<alias>_<channel>_<tag><n>``), so that one row may be joined with
    two lists of values."""
    assert channel in BAN_CHANNELS
    if channel == "email":
        exprs = [SQL.identifier(alias, "email_normalized")]
    else:
        exprs = [
            _number(SQL.identifier(alias, fname))
            for fname in ("phone_sanitized", "mobile", "phone")
        ]
    joins, hits = [], []
    for index, expr in enumerate(exprs):
        join_alias = f"{alias}_{channel}_{tag}{index}"
        joins.append(
            SQL(
                "LEFT JOIN %s AS %s ON %s = %s",
                SQL.identifier(values),
                SQL.identifier(join_alias),
                SQL.identifier(join_alias, "value"),
                expr,
            )
        )
        hits.append(SQL("%s IS NOT NULL", SQL.identifier(join_alias, "value")))
    banned = SQL(
        "(COALESCE(%s, FALSE) OR %s)",
        SQL.identifier(alias, MARKETING_BANS[channel][1]),
        SQL(" OR ").join(hits),
    )
    return SQL(" ").join(joins), banned


def _stored(model, fname):
    field = model._fields.get(fname)
    return field if field and field.store and field.column_type else None


def _partner_links(model):
    """Queries of ``(rec_id, partner_id)``: the customers the records of
    ``model`` name. A contact names itself."""
    if model._name == "res.partner":
        return [SQL("SELECT id AS rec_id, id AS partner_id FROM res_partner")]
    links = []
    for fname in model._mail_get_partner_fields():
        field = model._fields.get(fname)
        if not field or not field.store or field.comodel_name != "res.partner":
            continue
        if field.type == "many2one":
            links.append(
                SQL(
                    "SELECT id AS rec_id, %s AS partner_id FROM %s",
                    SQL.identifier(fname),
                    SQL.identifier(model._table),
                )
            )
        elif field.type == "many2many":
            links.append(
                SQL(
                    "SELECT %s AS rec_id, %s AS partner_id FROM %s",
                    SQL.identifier(field.column1),
                    SQL.identifier(field.column2),
                    SQL.identifier(field.relation),
                )
            )
    return links


def _own_fields(model, channel):
    """The records' own stored address / number fields (not for contacts:
    their own fields are those of the customer)."""
    if model._name == "res.partner":
        return []
    if channel == "email":
        return ["email_normalized"] if _stored(model, "email_normalized") else []
    names = ["phone_sanitized"] + list(model._phone_get_number_fields())
    return [fname for fname in dict.fromkeys(names) if _stored(model, fname)]


def _flush(model, channel):
    partner_fields = [MARKETING_BANS[channel][1]] + (
        ["email", "email_normalized"]
        if channel == "email"
        else ["phone_sanitized", "mobile", "phone"]
    )
    model.env["res.partner"].flush_model(partner_fields)
    if model._name != "res.partner":
        model.flush_model()


def _records_sql(records):
    """``records`` as a query of ids: an SQL query is kept, ids are sent as
    one array parameter."""
    if isinstance(records, SQL):
        return records
    return SQL("SELECT unnest(%s::int[])", list(records))


def _void(records):
    """Whether ``records`` (ids, or an SQL query of ids) is certainly empty."""
    return not isinstance(records, SQL) and not records


def retail_banned_record_ids(model, records, channel):
    """Ids of the ``records`` of ``model`` whose recipient is banned on
    ``channel`` (``email`` or ``sms``), in one query.

    :param model: the records' model (an empty recordset will do)
    :param records: ids, or an SQL query of ids (e.g. ``Query.subselect()``)
    :return: set of ids
    """
    assert channel in BAN_CHANNELS
    links = _partner_links(model)
    own = _own_fields(model, channel)
    if not (links or own) or _void(records):
        return set()
    _flush(model, channel)
    records = _records_sql(records)
    parts = []
    if links:
        parts.append(
            SQL(
                """SELECT l.rec_id FROM (%s) l
                     JOIN res_partner p ON p.id = l.partner_id
                    WHERE l.rec_id IN (%s) AND %s""",
                SQL(" UNION ALL ").join(links),
                records,
                _partner_banned(channel),
            )
        )
    if own:
        conditions = [
            SQL(
                "%s IN (%s)",
                SQL.identifier("t", fname)
                if channel == "email"
                else _number(SQL.identifier("t", fname)),
                _banned_values(channel),
            )
            for fname in own
        ]
        parts.append(
            SQL(
                "SELECT t.id FROM %s t WHERE t.id IN (%s) AND (%s)",
                SQL.identifier(model._table),
                records,
                SQL(" OR ").join(conditions),
            )
        )
    model.env.cr.execute(SQL(" UNION ").join(parts))
    return {row[0] for row in model.env.cr.fetchall()}


def retail_banned_emails(model, records, stored_forms=False):
    """Addresses e-mail marketing must skip among the ``records`` of
    ``model``: those of the customers they name who are banned (or have a
    banned customer's address), and their own banned addresses, in one
    query.

    Odoo's mass composer compares the opt-out list with the recipient's
    address as stored (``"Marta" <MARTA@shop.example>``), so with
    ``stored_forms`` the stored forms come with the normalised ones.

    :return: set of addresses
    """
    links = _partner_links(model)
    own = _own_fields(model, "email")
    if not (links or own) or _void(records):
        return set()
    _flush(model, "email")
    records = _records_sql(records)
    partner_values = (
        SQL("ARRAY[p.email_normalized, p.email]")
        if stored_forms
        else SQL("ARRAY[p.email_normalized]")
    )
    parts = []
    if links:
        parts.append(
            SQL(
                """SELECT unnest(%s) FROM res_partner p
                    WHERE p.id IN (SELECT l.partner_id FROM (%s) l
                                    WHERE l.rec_id IN (%s))
                      AND %s""",
                partner_values,
                SQL(" UNION ALL ").join(links),
                records,
                _partner_banned("email"),
            )
        )
    if own:
        own_values = [SQL("t.email_normalized")]
        get_primary = getattr(model, "_mail_get_primary_email_field", None)
        primary = get_primary() if get_primary else None
        if stored_forms and primary and _stored(model, primary):
            own_values.append(SQL.identifier("t", primary))
        parts.append(
            SQL(
                """SELECT unnest(ARRAY[%s]) FROM %s t
                    WHERE t.id IN (%s) AND t.email_normalized IN (%s)""",
                SQL(", ").join(own_values),
                SQL.identifier(model._table),
                records,
                _banned_values("email"),
            )
        )
    model.env.cr.execute(SQL(" UNION ").join(parts))
    return {row[0] for row in model.env.cr.fetchall()} - {None, ""}
