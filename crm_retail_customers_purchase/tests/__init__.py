from . import test_purchase_contact
