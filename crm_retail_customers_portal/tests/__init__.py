from . import test_portal_loyalty
from . import test_portal_loyalty_security
from . import test_ui_portal_loyalty
from . import test_portal_preferences
from . import test_portal_join
from . import test_portal_invite
from . import test_ui_portal_preferences
from . import test_portal_join_concurrency
