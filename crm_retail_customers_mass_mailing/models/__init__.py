from . import mail_blacklist
from . import mailing_contact
from . import mailing_list
from . import mailing_mailing
from . import phone_blacklist
from . import res_partner
