"""WSGI entry point: Elastic Beanstalk and mod_wsgi load ``application`` from here."""
import gc

from api import create_app

application = create_app()

# Everything loaded so far lives as long as the process: keep it out of the collector's full
# passes, which otherwise rescan the whole framework every few requests of a large problem
# (p95 of a request at the published limits: 103 ms before, 28 ms after, in-process).
gc.freeze()
