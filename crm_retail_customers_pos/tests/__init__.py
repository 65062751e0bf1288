from . import test_pos_points
from . import test_pos_partner
from . import test_pos_concurrency
from . import test_pos_load_performance
from . import test_ui
from . import test_pos_trust
from . import test_ledger_properties
from . import test_pos_trust_http
