from . import portal_preferences
