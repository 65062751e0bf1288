from . import test_customer_sms
from . import test_sms_composer_bans
