from . import test_sales_contact
from . import test_customer_since
from . import test_sales_summary
from . import test_ui
from . import test_mail_language
from . import test_sale_redeem_points
from . import test_sale_forget
from . import test_sales_contact_guard
