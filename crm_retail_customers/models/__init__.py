from . import retail_customer_group
from . import retail_contact_role
from . import res_partner
