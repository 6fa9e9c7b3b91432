"""Production operations code that runs beside the service, never inside it.

publisher: Prometheus multiprocess metrics -> CloudWatch custom metrics (a systemd timer on
each instance). acm_import: certbot deploy hook that (re)imports a Let's Encrypt certificate
into ACM. restart_handler: Lambda that restarts the app servers when an alarm fires.
"""
