from . import test_portal_loyalty
from . import test_portal_loyalty_security
from . import test_ui_portal_loyalty
