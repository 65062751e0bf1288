"""What the scale scripts setup/bench_core.py and setup/bench_pos.py share
(they run inside `odoo shell` from the repository's root and import this
file from setup/)."""

import sys


def say(line):
    sys.stdout.write(line + "\n")


def insert_customers(cr, name, points, count=100000, email=False):
    """``count`` customers made in SQL, each holding ``points`` (earned), with
    an e-mail address ``bench<n>@example.com`` if ``email``; their ids."""
    cr.execute(
        """
        INSERT INTO res_partner (name, complete_name, active, type, is_company,
                                 lang, reward_points, reward_points_earned, email,
                                 create_date, write_date)
        SELECT %(name)s || ' ' || n, %(name)s || ' ' || n, TRUE, 'contact', FALSE,
               'en_US', %(points)s, %(points)s,
               CASE WHEN %(email)s THEN 'bench' || n || '@example.com' END,
               now(), now()
          FROM generate_series(1, %(count)s) n
        RETURNING id
        """,
        {"name": name, "points": points, "count": count, "email": email},
    )
    ids = [r[0] for r in cr.fetchall()]
    cr.execute(
        "UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)", [ids]
    )
    return ids
