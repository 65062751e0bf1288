# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, models
from odoo.exceptions import UserError

#: Labels on one A4 sheet: 3 columns x 8 rows of 70 x 37 mm (the common
#: 24-up sheet sold by every office supplier).
LABEL_COLUMNS = 3
LABEL_ROWS = 8


class ReportRetailAddressLabels(models.AbstractModel):
    """Address labels of the selected contacts, for a letter campaign.

    A label is a marketing letter's envelope: a contact whose effective
    letter ban is set (own or company's) gets none, and neither does a contact
    without a postal address. Both are left out rather than refusing the whole
    print, so a clerk can select a whole list; only a selection that leaves
    nothing to print is refused, with the reason.
    """

    _name = "report.crm_retail_customers.report_retail_address_labels"
    _description = "Address Labels"

    @api.model
    def _get_report_values(self, docids, data=None):
        self.env["retail.customer.report"]._check_report_access()
        partners = self.env["res.partner"].browse(docids)
        labels = self._get_address_labels(partners)
        if not labels:
            banned = partners.filtered("effective_no_letter_marketing")
            raise UserError(
                _(
                    "No address labels to print: of the %(count)s selected "
                    "contacts, %(banned)s refuse marketing letters and the "
                    "others have no postal address.",
                    count=len(partners),
                    banned=len(banned),
                )
            )
        per_sheet = LABEL_COLUMNS * LABEL_ROWS
        sheets = []
        for start in range(0, len(labels), per_sheet):
            sheet = labels[start : start + per_sheet]
            sheet += [None] * (per_sheet - len(sheet))
            sheets.append(
                [
                    sheet[row : row + LABEL_COLUMNS]
                    for row in range(0, per_sheet, LABEL_COLUMNS)
                ]
            )
        return {
            "doc_ids": docids,
            "doc_model": "res.partner",
            "docs": partners,
            "sheets": sheets,
        }

    @api.model
    def _get_address_labels(self, partners):
        """Lines of the address labels of ``partners``, in their order.

        Contacts whose letter ban is effective (own or company's) and contacts
        without a postal address get no label. A company's contact is
        addressed as the company, then the person; the country is left out
        for mail within the company's own country, as postal services ask.

        :return: one list of non-empty lines per label
        """
        labels = []
        home_country = self.env.company.country_id
        for partner in partners:
            if partner.effective_no_letter_marketing or not (
                partner.street or partner.city or partner.zip
            ):
                continue
            lines = []
            if partner.parent_id and partner.commercial_company_name:
                lines.append(partner.commercial_company_name)
            lines.append(partner.name or "")
            lines += partner._display_address(without_company=True).split("\n")
            country = partner.country_id
            lines = [
                line.strip()
                for line in lines
                if line.strip()
                and not (country == home_country and line.strip() == country.name)
            ]
            labels.append(lines)
        return labels
