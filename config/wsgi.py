import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Web requests only: a query running longer than this is cancelled (settings.py explains).
os.environ.setdefault("DB_STATEMENT_TIMEOUT_SECONDS", "30")
application = get_wsgi_application()
