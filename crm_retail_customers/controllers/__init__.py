from . import main
from . import privacy_export
