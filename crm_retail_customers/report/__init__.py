from . import retail_customer_report_pdf
from . import retail_address_labels
