"""What every request passes on its way in and out: the shared secret on a network, the
Origin of a POST (CSRF), and the headers that keep a patient's details out of caches."""

from __future__ import annotations

import base64
import binascii
import hmac
import ipaddress
import logging
from urllib.parse import urlsplit

from flask import Flask, Response, request

from ..errors import UsageError

SECRET_VARIABLE = "HANDOUTS_WEB_SECRET"
MIN_SECRET = 16  # characters: a secret a desk cannot guess in an afternoon
# The page needs nothing from elsewhere: its script and styles are the package's, its previews
# data: URLs; no other site may frame it (clickjacking a Print button).
POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")

access = logging.getLogger("handouts.web.access")


def loopback(host: str) -> bool:
    """Whether ``host`` is this machine only (127.0.0.0/8, ::1 or "localhost")."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def names(host: str) -> tuple[str, ...] | None:
    """The names a server listening on ``host`` answers to: this machine's on loopback; any
    beyond it, where the shared secret guards it."""
    return ("127.0.0.1", "localhost", "::1", host.strip("[]")) if loopback(host) else None


def check_host(host: str, secret: str | None) -> None:
    """Refuse to listen beyond this machine without a shared secret; raises ``UsageError``."""
    if loopback(host):
        return
    if not secret:
        raise UsageError(f"--host {host}: the page would be open to the network, where patients' "
                         f"details travel; set {SECRET_VARIABLE} to a shared secret (the browser "
                         f"asks for it), or keep the default 127.0.0.1 behind a reverse proxy "
                         f"that authenticates")
    if len(secret) < MIN_SECRET:
        raise UsageError(f"{SECRET_VARIABLE}: expected at least {MIN_SECRET} characters")


def install(app: Flask, secret: str | None, hosts: tuple[str, ...] | None) -> None:
    """The checks before each request and the headers after it; ``hosts``: the names a
    request may be addressed to (None: any, where a proxy in front checks them)."""

    @app.before_request
    def _guard() -> Response | None:
        if hosts is not None and _hostname(request.host) not in hosts:
            # DNS rebinding: another site's name made to lead to 127.0.0.1 would pass the
            # Origin check (the page and the form would both be that site's).
            return Response("Refused: this server answers to its own address only.", 421,
                            mimetype="text/plain")
        if secret and not _authorised(secret):
            return Response("This page needs the front desk's shared secret as the password.",
                            401, {"WWW-Authenticate": 'Basic realm="handouts", charset="UTF-8"'},
                            mimetype="text/plain")
        if request.method not in ("GET", "HEAD") and not same_origin():
            return Response("Refused: this form was not sent from the front desk's own page.",
                            403, mimetype="text/plain")
        return None

    @app.after_request
    def _headers(response: Response) -> Response:
        # Every response: one that shows a patient's details must not be kept by a browser or
        # a proxy, and the page itself is cheap to make again.
        response.headers["Cache-Control"] = "no-store"
        response.headers["Content-Security-Policy"] = POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        # same-origin, not no-referrer: under no-referrer Chromium sends "Origin: null" with a
        # form's POST (Print, Download), which the Origin check must refuse.
        response.headers["Referrer-Policy"] = "same-origin"
        # The access log: method, path (never its query) and status; a patient's details are in
        # POST bodies only, which are never logged.
        access.info("%s %s %s", request.method, request.path, response.status_code)
        return response


def same_origin() -> bool:
    """Whether the request comes from this server's own page: its Origin (or, from a browser
    that sends none, its Referer) is this host. Neither: refused."""
    origin = request.headers.get("Origin") or request.headers.get("Referer")
    if not origin or origin == "null":
        return False
    parts = urlsplit(origin)
    return f"{parts.scheme}://{parts.netloc}" == request.host_url.rstrip("/")


def _hostname(host: str) -> str | None:
    try:
        return urlsplit(f"//{host}").hostname
    except ValueError:  # "[::1" and the like
        return None


def _authorised(secret: str) -> bool:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "basic":
        return False
    try:
        _, _, password = base64.b64decode(value, validate=True).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return False
    return hmac.compare_digest(password.encode("utf-8"), secret.encode("utf-8"))
