from . import mail_template
from . import purchase_order
