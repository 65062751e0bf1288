from . import mailing_contact
from . import mailing_list
from . import res_partner
