# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import io

from reportlab.pdfgen import canvas

from odoo import _, models
from odoo.tools.pdf import PdfFileReader, PdfFileWriter

#: Reports that get "Page x / y" stamped on every page.
PAGE_NUMBERED_REPORTS = ("crm_retail_customers.report_retail_customers",)


class IrActionsReport(models.Model):
    """Page numbers for the customer reports.

    Odoo prints page numbers in an HTML footer, which only a wkhtmltopdf built
    with patched Qt renders; distributions ship it unpatched (Debian does), and
    long customer lists need numbered pages. The report's header is therefore
    part of its body and the numbers are stamped on the finished PDF, which
    works with either build.
    """

    _inherit = "ir.actions.report"

    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        content, content_type = super()._render_qweb_pdf(
            report_ref, res_ids=res_ids, data=data
        )
        report = self._get_report(report_ref)
        if (
            content_type == "pdf"
            and report.report_name in PAGE_NUMBERED_REPORTS
            and content.startswith(b"%PDF")
        ):
            content = self._stamp_page_numbers(content)
        return content, content_type

    def _stamp_page_numbers(self, content):
        reader = PdfFileReader(io.BytesIO(content), strict=False)
        total = len(reader.pages)
        packet = io.BytesIO()
        stamp = canvas.Canvas(packet)
        for number, page in enumerate(reader.pages, 1):
            width = float(abs(page.mediabox.width))
            stamp.setPageSize((width, float(abs(page.mediabox.height))))
            stamp.setFont("Helvetica", 8)
            stamp.drawRightString(
                width - 28,
                18,
                _("Page %(page)s / %(total)s", page=number, total=total),
            )
            stamp.showPage()
        stamp.save()
        numbers = PdfFileReader(packet)
        writer = PdfFileWriter()
        for page, page_number in zip(reader.pages, numbers.pages, strict=True):
            page.merge_page(page_number)
            writer.add_page(page)
        output = io.BytesIO()
        writer.write(output)
        return output.getvalue()
