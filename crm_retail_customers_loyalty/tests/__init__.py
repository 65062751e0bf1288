from . import test_pos_loyalty_points
from . import test_ui_loyalty_sale
from . import test_loyalty_labels
from . import test_pos_loyalty_http
from . import test_ui_ewallet_topup
from . import test_migration_money_cards
