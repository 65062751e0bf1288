from . import res_company
from . import res_config_settings
from . import retail_customer_report
from . import account_move
from . import account_move_line
from . import account_payment
from . import retail_points_liability
