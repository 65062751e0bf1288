from . import test_firstname
