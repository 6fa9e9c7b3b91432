"""Behind the load balancer: whom to believe about the client, and what browsers are told.

``PROXY_FIX_X_FOR`` / ``PROXY_FIX_X_PROTO`` say how many proxies in front of us append
X-Forwarded-For / set X-Forwarded-Proto. Only that many hops are believed, so a client
cannot claim another address or HTTPS by sending the headers itself.
"""
from __future__ import annotations

from flask import Flask, current_app, request
from werkzeug.middleware.proxy_fix import ProxyFix

# Harmless for a JSON API and cheap, so sent everywhere, not only in production.
BROWSER_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
}


def add_security_headers(response):
    for name, value in BROWSER_HEADERS.items():
        response.headers.setdefault(name, value)
    max_age = current_app.config["HSTS_SECONDS"]
    # Browsers ignore HSTS over plain HTTP (RFC 6797 8.1), so it goes on HTTPS answers only.
    if max_age and request.is_secure:
        response.headers["Strict-Transport-Security"] = f"max-age={max_age}"
    return response


def register_security_headers(app: Flask) -> None:
    hops_for, hops_proto = app.config["PROXY_FIX_X_FOR"], app.config["PROXY_FIX_X_PROTO"]
    if hops_for or hops_proto:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops_for, x_proto=hops_proto)
    app.after_request(add_security_headers)
