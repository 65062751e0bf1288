from . import controllers
from . import models
from . import report
from . import wizards


def post_init_hook(env):
    """Companies that already have a chart of accounts get the accounts and
    the journal of the points liability (see
    ``res.company._retail_setup_liability_accounts``)."""
    env["res.company"].search([])._retail_setup_liability_accounts()
