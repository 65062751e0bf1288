from . import account_move_send
from . import retail_invoice_redeem_points
from . import retail_invoice_pay_points
from . import retail_points_liability_report
from . import retail_points_liability_post
from . import base_partner_merge
