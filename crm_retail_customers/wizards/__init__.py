from . import retail_points_adjust_wizard
from . import retail_points_import_wizard
from . import base_partner_merge
from . import retail_customer_report_wizard
from . import retail_customer_report_wizard_membership
from . import retail_partner_forget
from . import mail_compose_message
