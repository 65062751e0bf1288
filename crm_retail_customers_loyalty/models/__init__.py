from . import loyalty_rule
from . import pos_order
