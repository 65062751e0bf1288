from . import pos_config
from . import pos_order
from . import pos_session
from . import res_partner
from . import retail_customer_report
from . import res_company
from . import res_config_settings
