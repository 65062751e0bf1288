from . import test_portal_preferences
