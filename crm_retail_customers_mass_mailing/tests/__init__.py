from . import test_mailing_bans
