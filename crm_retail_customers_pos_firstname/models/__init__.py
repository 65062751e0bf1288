from . import pos_session
from . import res_partner
