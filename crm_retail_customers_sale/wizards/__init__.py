from . import retail_invoice_redeem_points
