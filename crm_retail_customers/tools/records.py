# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Insert ledger rows in SQL, keeping what ``create`` keeps.

Every sale with a customer books a ledger entry with its points by rule,
and the ORM's ``create`` spent on them as much as the rest of the booking
(a query to flush the one2many, one to read the entry's currency back for
the amounts of its details, the composition of the queries). The ledger's
rows are plain columns, insert-only, without computed fields or Python
constraints: they are inserted here in SQL, with what ``create`` does for
such rows: the user's access rights and record rules, the default values
(the fields', ``ir.default``'s and the context's), each value converted
as the ORM converts it, the audit columns, the new records in the cache
(and in the cached one2many fields of their parents), and the stored
computed fields that depend on them marked to recompute.
"""

from odoo.models import LOG_ACCESS_COLUMNS


def insert_values(model, vals_list, expressions=None):
    """What inserting ``vals_list`` into ``model`` takes:
    ``(columns, rows, params, vals_list)``, the SQL of the column list and
    of the ``VALUES`` rows, their parameters, and the values completed with
    their defaults (:func:`cache_inserted` puts them in the cache).

    ``expressions``: ``{column: SQL}`` of values that are SQL expressions
    the same for every row (the id of a row the same statement inserts);
    their values are not in ``vals_list``.
    """
    model.check_access_rights("create")
    expressions = expressions or {}
    vals_list = [model._add_missing_default_values(dict(vals)) for vals in vals_list]
    names = sorted({name for vals in vals_list for name in vals} - set(expressions))
    for name in [*names, *expressions]:
        field = model._fields[name]
        if not field.column_type or field.compute or field.translate:
            raise ValueError(f"{model._name}.{name} is not a plain column")
    uid, now = model.env.uid, model.env.cr.now()
    params = []
    for vals in vals_list:
        params.extend(
            model._fields[name].convert_to_column(vals[name], model, vals)
            if name in vals
            else None
            for name in names
        )
        params.extend((uid, now, uid, now))
    columns = ", ".join(
        f'"{column}"' for column in [*names, *expressions, *LOG_ACCESS_COLUMNS]
    )
    placeholders = ["%s"] * len(names) + list(expressions.values()) + ["%s"] * 4
    row = f"({', '.join(placeholders)})"
    return columns, ", ".join([row] * len(vals_list)), params, vals_list


def cache_inserted(model, ids, vals_list):
    """The records ``ids`` of ``model`` just inserted from ``vals_list``
    (completed by :func:`insert_values`), in the cache as ``create`` leaves
    them, checked against the user's record rules."""
    env = model.env
    records = model.browse(ids)
    uid, now = env.uid, env.cr.now()
    audit = {"create_uid": uid, "write_uid": uid, "create_date": now, "write_date": now}
    fields = model._fields.values()
    # relational values first: an amount's currency may be read through them
    relational = [field for field in fields if field.type == "many2one"]
    others = [field for field in fields if field.type != "many2one"]
    names = set()
    for record, vals in zip(records, vals_list, strict=True):
        names.update(vals)
        values = dict(audit, **vals)
        for field in relational + others:
            if field.name in values:
                value = field.convert_to_cache(values[field.name], record)
                env.cache.set(record, field, value)
                if value and field.name in vals:
                    _update_parents(field, record, value)
            elif field.type in ("one2many", "many2many"):
                env.cache.set(record, field, ())
            elif field.store and not field.compute and field.name != "id":
                env.cache.set(record, field, field.convert_to_cache(None, record))
    records.modified(sorted(names), create=True)
    records.check_access_rule("create")
    return records


def _update_parents(field, record, value):
    """Add the new ``record`` to the one2many fields of its parent ``value``
    (the id ``field`` points to) that are in the cache, as ``create`` does
    (``_update_inverses``: a one2many not in the cache stays unread)."""
    inverses = record.pool.field_inverses[field]
    if inverses and field.type == "many2one":
        parent = record.env[field.comodel_name].browse(value)
        if any(record.env.cache.contains(parent, inverse) for inverse in inverses):
            field._update_inverses(record, value)
