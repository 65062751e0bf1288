from . import dates
from . import records
