"""``handouts serve``: the front desk under waitress, a production WSGI server, until Ctrl-C or
SIGTERM."""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import sys
from collections.abc import Callable

from ..errors import UsageError
from ..run import interrupts
from . import app as desk
from . import guard

THREADS = 32  # requests at once: a thread waiting for a worker to render holds no CPU, and
# with 8, twenty users waiting for previews held them all and a search queued behind them


def serve(config: desk.Config, host: str, port: int,
          ready: Callable[[str], None] = lambda url: None) -> None:
    """Serve ``config``'s front desk on ``host``:``port``; ``ready`` is told its address.
    Raises ``UsageError`` for a host beyond this machine without a shared secret."""
    guard.check_host(host, config.secret)
    import waitress  # the server only: an app made for another server needs none of it

    # The access log and the failures, one line each, on standard error: never a form's field.
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(message)s"))
    for name in ("handouts.web", "waitress"):
        logging.getLogger(name).addHandler(handler)
        logging.getLogger(name).setLevel(logging.INFO)
    # On loopback, this machine's names and those the config adds (a proxy's public name).
    hosts = guard.names(host)
    app = desk.create_app(dataclasses.replace(
        config, hosts=None if hosts is None else hosts + (config.hosts or ())))
    try:
        server = waitress.create_server(app, host=host, port=port, threads=THREADS,
                                        ident="handouts", clear_untrusted_proxy_headers=True)
    except OSError as e:
        desk.close(app)
        raise UsageError(f"--host {host} --port {port}: cannot listen there: "
                         f"{e.strerror or e}") from None
    try:
        ready(f"http://{host}:{server.effective_port}/")
        # SIGTERM (systemd, a container stopping) as Ctrl-C: the way a server is stopped, so
        # it ends as one, closing its socket and its workers.
        with interrupts.sigterm_as_ctrl_c(), contextlib.suppress(KeyboardInterrupt):
            server.run()
    finally:
        server.close()
        desk.close(app)
