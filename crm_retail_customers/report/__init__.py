from . import retail_customer_report_pdf
