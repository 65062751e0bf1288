from . import test_pos_firstname
from . import test_ui_firstname
