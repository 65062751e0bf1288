from . import retail_customer_report
from . import sale_order
