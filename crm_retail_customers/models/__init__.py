from . import res_company
from . import res_config_settings
from . import retail_customer_group
from . import retail_contact_role
from . import retail_tier
from . import retail_card
from . import retail_point_entry
from . import res_partner
