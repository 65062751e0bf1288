from . import account_move_send
from . import retail_invoice_redeem_points
