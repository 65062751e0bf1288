# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""17.0.1.13.0: a points payment names the document it was made for
(``account.payment.retail_points_move_id``): the invoice it paid with
points, or the credit note it paid back in points. What a credit note may
still pay back in points is counted by it, whatever the payment is
reconciled with. Payments made before the upgrade did not record it: they
get the invoice (inbound) or credit note (outbound) of the customer they are
reconciled with now, the first one reconciled when there are several. A
points payment reconciled with none keeps none (it counts in no cap)."""

from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    openupgrade.logged_query(
        env.cr,
        """
        UPDATE account_payment payment
           SET retail_points_move_id = matched.document_id
          FROM (
                SELECT DISTINCT ON (pay.id)
                       pay.id AS payment_id, doc.id AS document_id
                  FROM account_payment pay
                  JOIN account_move_line pay_line
                    ON pay_line.move_id = pay.move_id
                  JOIN account_partial_reconcile part
                    ON pay_line.id IN (part.debit_move_id, part.credit_move_id)
                  JOIN account_move_line doc_line
                    ON doc_line.id IN (part.debit_move_id, part.credit_move_id)
                   AND doc_line.id != pay_line.id
                  JOIN account_move doc ON doc.id = doc_line.move_id
                 WHERE pay.retail_points_payer_id IS NOT NULL
                   AND pay.retail_points_move_id IS NULL
                   AND doc.move_type = CASE pay.payment_type
                           WHEN 'outbound' THEN 'out_refund'
                           ELSE 'out_invoice'
                       END
              ORDER BY pay.id, part.id
               ) matched
         WHERE payment.id = matched.payment_id
        """,
    )
