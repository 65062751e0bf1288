from . import test_customer_group
from . import test_contact_role
from . import test_marketing_bans
from . import test_partner_profile
from . import test_security
from . import test_packaging
from . import test_ui
