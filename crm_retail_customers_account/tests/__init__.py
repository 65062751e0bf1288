from . import test_invoice_contact
from . import test_invoice_points
from . import test_customer_since
from . import test_sales_summary
from . import test_invoice_membership
from . import test_invoice_referral
from . import test_invoice_first_purchase
from . import test_invoice_earn_rules
