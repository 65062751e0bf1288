from . import loyalty_card
from . import loyalty_rule
from . import loyalty_program
from . import pos_order
from . import pos_order_line
