"""WSGI entry point: Elastic Beanstalk and mod_wsgi load ``application`` from here."""
from api import create_app

application = create_app()
