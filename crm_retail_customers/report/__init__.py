from . import retail_customer_report_pdf
from . import retail_address_labels
from . import retail_card_report
