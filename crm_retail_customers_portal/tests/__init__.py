from . import test_portal_preferences
from . import test_portal_join
