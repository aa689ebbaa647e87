"""The front desk in a real headless Chromium (Debian's chromium and chromium-driver, driven by
Selenium): search → choose → preview → download the CLI's bytes → file to a real FHIR server;
axe-core's WCAG 2.2 AA rules, and the page at 1280, 360 and 320 px wide (handouts.web)."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from helpers.invoke import run
from helpers.web import ROOT, fhir_json, folder, sekmet, serve

CHROMIUM = shutil.which("chromium")
DRIVER = shutil.which("chromedriver")
AXE = ROOT / "tests" / "web" / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0, 2.1 and 2.2 at levels A and AA: the bar for the page.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
MRN = "MRN-7731"
# Where the screenshots go for a human to look at: tests/_failed/ (git-ignored) unless
# HANDOUTS_SCREENSHOTS names another folder.
SHOTS = Path(os.environ.get("HANDOUTS_SCREENSHOTS", ROOT / "tests" / "_failed" / "web"))

if not (CHROMIUM and DRIVER and AXE.exists()):
    raise RuntimeError("chromium, chromedriver or axe-core is missing: run `make test`, which "
                       "installs chromium and chromium-driver (apt) and axe-core (npm)")


@pytest.fixture
def browser(tmp_path) -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM  # type: ignore[assignment]
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--window-size=1280,1000"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {
        "download.default_directory": str(tmp_path / "downloads"),
        "download.prompt_for_download": False,
        "plugins.always_open_pdf_externally": True})
    driver = webdriver.Chrome(options=options, service=Service(DRIVER))
    try:
        yield driver
    finally:
        driver.quit()


def _until(check: Callable[[], Any], what: str, seconds: float = 60) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"waited {seconds:g} s for {what}")


def _axe(driver: WebDriver) -> list[str]:
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    violations = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
        ".then(r => done(r.violations.map(v => v.id + ': ' + v.nodes.length)));", AXE_TAGS)
    return list(violations)


def _shoot(driver: WebDriver, width: int, name: str) -> None:
    driver.set_window_size(width, 1000)
    time.sleep(0.3)
    # No sideways scrolling at a bedside tablet's width.
    assert driver.execute_script("return document.documentElement.scrollWidth") <= width
    SHOTS.mkdir(parents=True, exist_ok=True)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, min(height + 100, 4000))
    driver.save_screenshot(str(SHOTS / f"{name}-{width}.png"))


def _patient(base: str) -> str:
    status, patient = fhir_json("POST", f"{base}/Patient", {
        "resourceType": "Patient", "identifier": [{"system": "urn:mrn", "value": MRN}]})
    assert status == 201
    return str(patient["id"])


# One nurse's visit, step by step, each step waiting for the page's answer.
def test_search_choose_preview_download_and_file(tmp_path, browser):
    data = folder(tmp_path, "inotuzumab-ozogamicin.yaml", "inotuzumab-ozogamicin.es.yaml",
                  "ondansetron.yaml")
    with sekmet(tmp_path / "sekmet") as base, \
            serve(data, tmp_path / "home", "--fhir-server", base) as server:
        patient = _patient(base)
        browser.get(server.url)
        assert _axe(browser) == []
        browser.find_element(By.ID, "q").send_keys("besp")
        link = _until(lambda: browser.find_elements(By.CSS_SELECTOR, ".results a"), "results")
        assert "Spanish (español)" in browser.find_element(By.ID, "results").text
        _shoot(browser, 360, "search")
        browser.set_window_size(1280, 1000)
        link[0].click()
        _until(lambda: browser.find_elements(By.CSS_SELECTOR, "#preview img"), "preview")
        first = browser.find_element(By.CSS_SELECTOR, "#preview img").get_attribute("src")
        browser.find_element(By.CSS_SELECTOR, "input[name=language][value=es]").click()
        browser.find_element(By.CSS_SELECTOR, "input[name=paper][value=letter]").click()
        browser.find_element(By.CSS_SELECTOR, "input[name=large_print]").click()
        browser.find_element(By.ID, "name").send_keys("Ana Pérez")
        browser.find_element(By.ID, "prescriber").send_keys("Dr. Ruiz")
        browser.execute_script(
            "const d = document.getElementById('start_date'); d.value = '2026-12-03';"
            "d.dispatchEvent(new Event('change', {bubbles: true}));")
        browser.find_element(By.ID, "clinic_phone").send_keys("+1 555 0100")
        time.sleep(1.5)  # the last keystroke's preview
        _until(lambda: browser.find_element(By.CSS_SELECTOR, "#preview img")
               .get_attribute("src") != first, "the preview to follow the choice")
        assert "Ana Pérez" not in browser.current_url
        assert _axe(browser) == []
        for width in (1280, 360, 320):
            _shoot(browser, width, "leaflet")
        browser.set_window_size(1280, 1000)

        browser.find_element(By.CSS_SELECTOR, "button[value=attachment]").click()
        pdf = tmp_path / "downloads" / "inotuzumab-ozogamicin.es.pdf"
        _until(pdf.exists, "the download")
        code, _, err = run("build", data / "inotuzumab-ozogamicin.es.yaml", "-o",
                           tmp_path / "cli", "--paper", "letter", "--large-print", "--for",
                           "Ana Pérez", "--prescriber", "Dr. Ruiz", "--start-date",
                           "2026-12-03", "--clinic-phone", "+1 555 0100", "-q")
        assert code == 0, err
        assert pdf.read_bytes() == (tmp_path / "cli" / pdf.name).read_bytes()

        browser.find_element(By.ID, "record_number").send_keys(MRN)
        browser.find_element(By.XPATH, "//button[text()='File to record']").click()
        filed = _until(lambda: browser.find_element(By.ID, "filed").text, "the filing")
        assert filed.startswith("Filed to the patient's record: DocumentReference "), filed
        status, bundle = fhir_json("GET", f"{base}/DocumentReference?patient={patient}")
        assert status == 200 and len(bundle["entry"]) == 1  # type: ignore[arg-type]
        assert _axe(browser) == []


def test_a_monograph_with_errors_shows_them_in_place_of_a_leaflet(tmp_path, browser):
    data = folder(tmp_path, "ondansetron.yaml")
    (data / "broken.yaml").write_text("name: Broken\nlanguage: en\nhow_it_works: 3\n",
                                      encoding="utf-8")
    with serve(data, tmp_path / "home") as server:
        browser.get(server.url + "?drug=broken")
        problem = _until(lambda: browser.find_elements(By.CSS_SELECTOR, "#preview .problem"),
                         "the monograph's errors")[0]
        assert "broken.yaml:3:15: how_it_works: expected text, found a number ('3')" in \
            problem.text
        assert browser.find_elements(By.CSS_SELECTOR, "#preview img") == []
        assert _axe(browser) == []
        _shoot(browser, 360, "errors")
