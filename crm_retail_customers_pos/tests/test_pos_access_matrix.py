# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The cashier's row of the core's access matrix."""

from odoo.tests import tagged

from odoo.addons.crm_retail_customers.tests.common import MODEL_MATRIX, OPERATIONS

from .common import RetailPosCase


@tagged("post_install", "-at_install")
class TestPosAccessMatrix(RetailPosCase):
    def test_pos_user_row_of_the_access_matrix(self):
        """A cashier has the rights of an employee on the register: read
        groups, roles, tiers, cards and entries; nothing else."""
        expected = {model: rights["employee"] for model, rights in MODEL_MATRIX.items()}
        seen = {
            model: "".join(
                letter
                for letter, operation in OPERATIONS.items()
                if self.env[model]
                .with_user(self.pos_user)
                .check_access_rights(operation, raise_exception=False)
            )
            for model in MODEL_MATRIX
        }
        self.assertEqual(seen, expected)
