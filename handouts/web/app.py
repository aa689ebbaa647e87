"""The front desk's routes: search, choose, preview, print or download. Each route reads the
form, asks the index or a worker, and shows the answer or the reason there is none."""

from __future__ import annotations

import base64
import datetime
import functools
import logging
import os
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import BrokenExecutor, Executor
from concurrent.futures import TimeoutError as Late
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from babel import Locale, UnknownLocaleError
from flask import Flask, Response, abort, render_template, request
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from ..build import read_brand
from ..errors import UsageError
from ..source.model import PAPER_SIZES
from . import guard, index, record, render

log = logging.getLogger("handouts.web")


@dataclass(frozen=True)
class Config:
    """``handouts serve``'s options: where the monographs are, the brand, and the limits."""

    data: Path = Path("data")
    brand_file: Path | None = None  # None: the bundled brand
    secret: str | None = None  # the shared secret a browser gives as its password
    workers: int = 2  # processes that render
    render_timeout: float = 60.0  # seconds for one leaflet before the page says so
    max_request: int = 16 * 1024  # bytes of a request body: a form is a few hundred
    fhir: record.Server | None = None  # where "File to record" files a leaflet
    hosts: tuple[str, ...] | None = None  # the names a request may use (None: any)
    proxied: bool = False  # behind one reverse proxy, whose X-Forwarded-Proto/-Host are true

    def __repr__(self) -> str:
        return f"Config(data={self.data!s}, workers={self.workers})"  # never the secret


class _Desk:
    """What the routes share: the drugs, the workers and the config."""

    def __init__(self, config: Config, pool: Callable[[], Executor]) -> None:
        self.config = config
        self.brand = read_brand(config.brand_file)
        self.indexed = index.signature(config.data)
        self.index = index.index(config.data, self.brand)
        self.reading = threading.Lock()
        self.new_pool = pool
        self.pool = pool()
        self.lock = threading.Lock()

    @property
    def drugs(self) -> dict[str, index.Drug]:
        """The folder's drugs, read again when a file was added, removed or edited: a clinic
        adds a monograph without restarting the desk."""
        now = index.signature(self.config.data)
        if now != self.indexed:
            with self.reading:
                if now != self.indexed:
                    self.index = index.index(self.config.data, self.brand)
                    self.indexed = now
        return self.index

    def render(self, choice: render.Choice, previews: bool) -> render.Rendered:
        pool = self.pool
        try:
            future = pool.submit(render.render, choice, previews)
            return future.result(timeout=self.config.render_timeout)
        except Late:
            future.cancel()
            return render.Rendered(refusal=f"the leaflet took longer than "
                                           f"{self.config.render_timeout:g} s; try again")
        except BrokenExecutor:
            # A worker died (killed, out of memory): every later job would fail with it, so
            # the pool is replaced, once, by whichever request finds it broken first.
            with self.lock:
                if self.pool is pool:
                    pool.shutdown(wait=False, cancel_futures=True)
                    self.pool = self.new_pool()
            return render.Rendered(refusal="a worker process stopped while making the "
                                           "leaflet; it has been restarted: try again")


def create_app(config: Config = Config(),
               pool: Callable[[], Executor] | None = None) -> Flask:
    """The WSGI app for ``config``; ``pool`` makes what renders (its own worker processes
    when None).
    The folder and brand are read now: a wrong one fails here, not on a nurse's screen."""
    if not config.data.is_dir():
        raise UsageError(f"--data {config.data}: expected a folder of monographs")
    app = Flask(__name__)
    app.config.update(MAX_CONTENT_LENGTH=config.max_request,
                      MAX_FORM_MEMORY_SIZE=config.max_request, MAX_FORM_PARTS=50)
    desk = _Desk(config, pool or functools.partial(render.workers, config.workers))
    app.extensions["handouts"] = desk
    guard.install(app, config.secret, config.hosts)
    if config.proxied:
        # The Origin check compares the browser's https://name with the address the request
        # came to: as the browser used it, not the proxy's http://127.0.0.1:8000.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_proto=1, x_host=1)  # type: ignore[method-assign]
    app.add_template_filter(language_name)
    _routes(app, desk)
    _filing(app, desk)
    _failures(app)
    return app


def close(app: Flask) -> None:
    """Stop ``app``'s workers (a test, or the server at exit)."""
    app.extensions["handouts"].pool.shutdown(cancel_futures=True)


def from_environment() -> Flask:
    """The app a production WSGI server loads (``handouts.web.app:from_environment()``),
    configured by the environment alone (``configured``), with HANDOUTS_DATA (default
    ``data``), HANDOUTS_BRAND and HANDOUTS_FHIR_SERVER for ``serve``'s options."""
    brand = os.environ.get("HANDOUTS_BRAND")
    return create_app(configured(os.environ, Path(os.environ.get("HANDOUTS_DATA", "data")),
                                 Path(brand) if brand else None,
                                 os.environ.get("HANDOUTS_FHIR_SERVER")))


def configured(environ: Mapping[str, str], data: Path, brand_file: Path | None,
               fhir_server: str | None) -> Config:
    """A config with what the environment holds: HANDOUTS_WEB_SECRET, HANDOUTS_FHIR_TOKEN,
    HANDOUTS_WEB_HOSTS (the names it answers to, by commas) and HANDOUTS_WEB_PROXIED (1: a
    reverse proxy in front says, in X-Forwarded-Proto and -Host, how the browser asked)."""
    hosts = environ.get("HANDOUTS_WEB_HOSTS")
    return Config(data, brand_file, environ.get(guard.SECRET_VARIABLE) or None,
                  fhir=record.Server(fhir_server, environ.get(record.TOKEN_VARIABLE))
                  if fhir_server else None,
                  hosts=tuple(h.strip() for h in hosts.split(",")) if hosts else None,
                  proxied=environ.get("HANDOUTS_WEB_PROXIED") == "1")


def language_name(tag: str) -> str:
    """"Spanish (español)" for ``es``: a desk reads the name, the patient the native one; the
    tag itself when it names no language babel knows."""
    try:
        locale = Locale.parse(tag, sep="-")
    except (ValueError, UnknownLocaleError):
        return tag
    english, native = locale.get_display_name("en") or tag, locale.get_display_name()
    return english if not native or native.casefold() == english.casefold() \
        else f"{english} ({native})"


def _routes(app: Flask, desk: _Desk) -> None:
    @app.get("/favicon.ico")
    def icon() -> Response:
        return Response(status=204)  # none: a browser asks for one with every page

    @app.get("/")
    def page() -> str:
        query = request.args.get("q", "")[:100]
        drug = desk.drugs.get(request.args.get("drug", ""))
        return render_template("page.html", query=query, drug=drug, papers=PAPER_SIZES,
                               filing=desk.config.fhir is not None,
                               results=index.search(desk.drugs, query), unknown=(
                                   "drug" in request.args and drug is None))

    @app.get("/search")
    def search() -> str:
        query = request.args.get("q", "")[:100]
        return render_template("_results.html", query=query,
                               results=index.search(desk.drugs, query))

    @app.post("/preview")
    def preview() -> str:
        choice, drug = _choice(desk)
        rendered = desk.render(choice, previews=True)
        images = [base64.b64encode(png).decode("ascii") for png in rendered.pages]
        return render_template("_preview.html", drug=drug, rendered=rendered, images=images)

    @app.post("/leaflet.pdf")
    def leaflet() -> Response:
        choice, drug = _choice(desk)
        rendered = desk.render(choice, previews=False)
        if not rendered.pdf:
            return Response(render_template("_preview.html", drug=drug, rendered=rendered,
                                            images=[], standalone=True), 422)
        # Named after the file the leaflet is built from, as `handouts build` names it: never
        # after the patient, whose name a download folder would keep.
        disposition = "attachment" if request.form.get("disposition") == "attachment" \
            else "inline"
        return Response(rendered.pdf, mimetype="application/pdf", headers={
            "Content-Disposition": f"{disposition}; {_filename(choice.path.stem + '.pdf')}"})


def _filename(name: str) -> str:
    """Content-Disposition's file name: RFC 6266's UTF-8 form, and an ASCII one for the
    browsers that read only that (a header holds Latin-1 at most)."""
    ascii_name = "".join(c if " " <= c <= "~" and c not in '"\\' else "_" for c in name)
    if ascii_name == name:
        return f'filename="{name}"'
    return f"filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def _filing(app: Flask, desk: _Desk) -> None:
    @app.post("/file")
    def file() -> str:
        if desk.config.fhir is None:
            abort(404, "Filing to a record is not set up here (handouts serve --fhir-server).")
        choice, drug = _choice(desk)
        number = request.form.get("record_number", "").strip()
        if not number or len(number) > 100:
            return render_template("_filed.html", error="Record number: expected the patient's "
                                   "record number (at most 100 characters).")
        rendered = desk.render(choice, previews=False)
        if not rendered.pdf:
            return render_template("_preview.html", drug=drug, rendered=rendered, images=[])
        try:
            filed = record.file(desk.config.fhir, number, rendered.pdf, f"{choice.path.stem}.pdf",
                                rendered.title, rendered.language,
                                datetime.datetime.now(datetime.timezone.utc))
        except record.RecordError as e:
            return render_template("_filed.html", error=str(e))
        return render_template("_filed.html", filed=filed)


# What a refusal says where Werkzeug's words are a programmer's.
_SAID = {413: "What was typed is too long to send (a form takes at most 16 KiB); shorten it."}


def _failures(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def refused(e: HTTPException) -> tuple[str, int]:
        return _error(e.code or 500, _SAID.get(e.code or 500, e.description or ""))

    @app.errorhandler(Exception)
    def failed(e: Exception) -> tuple[str, int]:
        # The type only: a message or a traceback could quote a form's field.
        log.error("%s %s failed: %s", request.method, request.path, type(e).__name__)
        return _error(500, "handouts failed to make this page; nothing was printed or filed. "
                           "Try again, and tell whoever runs the front desk if it happens again.")


def _error(code: int, message: str) -> tuple[str, int]:
    """The error page, or for htmx (which swaps it into the preview or the filing's answer,
    as its config says for every status) the message alone."""
    template = "_error.html" if request.headers.get("HX-Request") == "true" else "error.html"
    return render_template(template, code=code, message=message), code


def _choice(desk: _Desk) -> tuple[render.Choice, index.Drug]:
    """The form's choice; a 400 page naming what is wrong with it."""
    form = request.form
    drug = desk.drugs.get(form.get("drug", ""))
    if drug is None:
        abort(400, "No such drug here: search for it again.")
    version = drug.version(form.get("language", ""))
    if version is None:
        abort(400, f"{drug.name} has no translation in that language; choose one of "
                   f"{', '.join(drug.languages)}.")
    paper = form.get("paper", "a4")
    if paper not in PAPER_SIZES:
        abort(400, f"Paper: choose one of {', '.join(PAPER_SIZES)}.")

    def field(name: str) -> str | None:
        return form.get(name, "").strip() or None

    return render.Choice(version.path, desk.config.brand_file, paper,
                         form.get("large_print") == "on", field("name"), field("prescriber"),
                         field("start_date"), field("clinic_phone")), drug
