from . import retail_customer_report
from . import sale_order
from . import res_company
from . import res_config_settings
from . import sale_order_line
from . import account_move
from . import res_partner
