from . import test_customer_sms
