from . import mail_compose_message
