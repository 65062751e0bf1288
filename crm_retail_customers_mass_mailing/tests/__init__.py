from . import test_mailing_bans
from . import test_partner_opt_out_hooks
from . import test_consent_unsubscribe
from . import test_forget_lists
from . import test_mailing_bans_addresses
