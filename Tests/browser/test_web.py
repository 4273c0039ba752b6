#!/usr/bin/env python3
"""Browser tests of the Habeas web application, in headless Chromium driven by Selenium.

Starts `.build/debug/habeas serve --demo` on a temporary SQLite file and a free port (build
first: scripts/browser-tests.sh does), then walks the main journeys a lawyer takes. Uses
Debian's chromium and chromedriver (/usr/bin/chromedriver, or $CHROMEDRIVER): nothing is
downloaded at run time. Screenshots go to $SCREENSHOTS_DIR (default ./screenshots).

Accessibility: the a11y_* tests run axe-core (bundled in the `axe-selenium-python` wheel from
PyPI, injected with WebDriver script execution, which the page's Content-Security-Policy does not
govern) with the WCAG 2.1 A and AA rules, at desktop width and at 360 px, plus three checks for
what that axe-core version (3.1.1, 2018) lacks: scrollable regions reachable by keyboard, SVG
images named (as the browser computes the name), and no sideways page scroll at 360 px (reflow).
Any `serious` or `critical` violation fails the test; every violation is printed, and the full
axe results are written as axe-<page>-<width>.json next to the screenshots.
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BINARY = os.environ.get("HABEAS_BINARY", os.path.join(ROOT, ".build", "debug", "habeas"))
SHOTS = os.path.abspath(os.environ.get("SCREENSHOTS_DIR", "screenshots"))
AS_OF = "2022-03-18"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_WIDTHS = (1280, 360)
AXE_FAILING = ("serious", "critical")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


class Run:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def test(self, name, body):
        try:
            body()
            self.passed += 1
            print(f"PASS {name}", flush=True)
        except Exception:
            self.failed += 1
            print(f"FAIL {name}", flush=True)
            traceback.print_exc()
            shot(f"failure-{name}")


driver = None
base = ""


def shot(name, width=None):
    if driver is None:
        return
    os.makedirs(SHOTS, exist_ok=True)
    if width:
        driver.set_window_size(width, 900)
    # Full-page screenshot: grow the window to the document height.
    height = driver.execute_script("return Math.max(document.body.scrollHeight, 600)")
    driver.set_window_size(width or 1280, min(height + 40, 6000))
    driver.save_screenshot(os.path.join(SHOTS, f"{name}.png"))
    driver.set_window_size(1280, 900)


def go(path):
    driver.get(base + path)


def text():
    return driver.find_element(By.TAG_NAME, "body").text


def click_and_wait(element):
    """Clicks a submit button or link and waits for the next page to replace this one."""
    from selenium.webdriver.support.ui import WebDriverWait
    html = driver.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(driver, 15).until(lambda _: page_replaced(html))


def page_replaced(html):
    """True once `html` (an element of the previous page) is gone. Chromium sometimes answers for
    a node of a replaced document with an inspector error instead of a stale reference."""
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
    try:
        html.is_enabled()
        return False
    except StaleElementReferenceException:
        return True
    except WebDriverException as e:
        if "does not belong to the document" in str(e) or "No node with given id" in str(e):
            return True
        raise


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


_axe_js = None
_axe_noted = False


def axe_script():
    """axe.min.js as shipped inside the axe-selenium-python wheel (installed by pip)."""
    global _axe_js
    if _axe_js is None:
        import importlib.util
        spec = importlib.util.find_spec("axe_selenium_python")
        if spec is None or not spec.submodule_search_locations:
            raise RuntimeError("axe-selenium-python is not installed (pip install axe-selenium-python==2.1.6)")
        path = os.path.join(list(spec.submodule_search_locations)[0], "node_modules", "axe-core", "axe.min.js")
        with open(path, encoding="utf-8") as f:
            _axe_js = f.read()
    return _axe_js


def axe_run():
    """Runs axe-core on the current page with the WCAG 2.1 A/AA rules and returns its results."""
    if not driver.execute_script("return !!(window.axe && window.axe.run)"):
        driver.execute_script(axe_script())
        expect(driver.execute_script("return !!(window.axe && window.axe.run)"),
               "axe-core could not be injected into the page (blocked by its Content-Security-Policy?)")
    # Rules for a tag the bundled axe-core does not know would make axe.run fail: ask for the
    # tags it has, and say once which it lacks (axe-core 3.1.1 has no rule tagged wcag21a).
    known = set(driver.execute_script("return [].concat.apply([], axe.getRules().map(function (r) { return r.tags; }))"))
    tags = [t for t in AXE_TAGS if t in known]
    global _axe_noted
    if not _axe_noted:
        _axe_noted = True
        version = driver.execute_script("return axe.version")
        missing = [t for t in AXE_TAGS if t not in known]
        print(f"  axe-core {version}: rules tagged {', '.join(tags)}"
              + (f"; none tagged {', '.join(missing)} in this version" if missing else ""), flush=True)
    expect(tags, "axe-core knows none of the tags " + ", ".join(AXE_TAGS))
    results = driver.execute_async_script("""
        var done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: {type: "tag", values: arguments[0]}}).then(
            function (r) { done(r); },
            function (e) { done({axeError: String((e && e.stack) || e)}); });
    """, tags)
    if not results or "axeError" in results:
        raise RuntimeError("axe-core failed: " + str(results and results.get("axeError")))
    return results


# Checks for rules the bundled axe-core (3.1.1) lacks but later versions have, and for reflow,
# which axe does not test: reported like axe violations, with the same impacts.
SUPPLEMENTARY_JS = """
function selector(el) {
    if (el.id) { return "#" + el.id; }
    var s = el.tagName.toLowerCase();
    if (el.classList.length) { s += "." + Array.prototype.join.call(el.classList, "."); }
    return el.parentElement && el.parentElement !== document.body ? selector(el.parentElement) + " > " + s : s;
}
var found = [];
var focusable = 'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])';
document.querySelectorAll("body *").forEach(function (el) {
    var cs = getComputedStyle(el);
    var x = /auto|scroll/.test(cs.overflowX) && el.scrollWidth > el.clientWidth + 1;
    var y = /auto|scroll/.test(cs.overflowY) && el.scrollHeight > el.clientHeight + 1;
    if ((x || y) && el.tabIndex < 0 && !el.querySelector(focusable)) {
        found.push({id: "scrollable-region-focusable", impact: "serious", target: [selector(el)],
                    help: "A region that scrolls must be reachable with the keyboard (focusable, or containing something focusable)",
                    helpUrl: "https://dequeuniversity.com/rules/axe/4.8/scrollable-region-focusable"});
    }
});
var root = document.documentElement;
if (window.innerWidth <= 400 && root.scrollWidth > root.clientWidth + 1) {
    found.push({id: "reflow", impact: "serious", target: ["html"],
                help: "The page must not scroll sideways at phone width (WCAG 1.4.10): it is " + root.scrollWidth + " px wide in a " + root.clientWidth + " px viewport",
                helpUrl: "https://www.w3.org/WAI/WCAG21/Understanding/reflow.html"});
}
return found;
"""


def supplementary_checks():
    """scrollable-region-focusable and reflow (in the page), and svg-img-alt: every svg[role=img]
    has an accessible name, as the browser itself computes it."""
    found = driver.execute_script(SUPPLEMENTARY_JS)
    for index, svg in enumerate(driver.find_elements(By.CSS_SELECTOR, "svg[role=img]")):
        if not (svg.accessible_name or "").strip():
            where = f"svg[role=img] number {index + 1} on the page (class {svg.get_attribute('class')!r})"
            found.append({"id": "svg-img-alt", "impact": "serious", "target": [where],
                          "help": "An svg with role=img must have an accessible name",
                          "helpUrl": "https://dequeuniversity.com/rules/axe/4.8/svg-img-alt"})
    return found


def audit(name):
    """Audits the current page at every width in AXE_WIDTHS; fails on serious or critical violations."""
    failing = []
    os.makedirs(SHOTS, exist_ok=True)
    try:
        for width in AXE_WIDTHS:
            driver.set_window_size(width, 900)
            results = axe_run()
            extra = supplementary_checks()
            # The axe results as axe returns them, plus this file's own checks under their own key.
            results["habeasSupplementary"] = extra
            with open(os.path.join(SHOTS, f"axe-{name}-{width}.json"), "w", encoding="utf-8") as f:
                json.dump(results, f, indent=1)
            violations = results.get("violations", [])
            review = results.get("incomplete", [])
            print(f"  axe {name} at {width}px: {len(violations)} violation(s), {len(results.get('passes', []))} rule(s) passed,"
                  f" {len(review)} to review{' (' + ', '.join(r['id'] for r in review) + ')' if review else ''};"
                  f" {len(extra)} supplementary finding(s) [{results.get('url')}]", flush=True)
            for v in violations:
                impact = v.get("impact") or "unknown"
                print(f"    [{impact}] {v['id']}: {v['help']} ({v['helpUrl']})", flush=True)
                for node in v.get("nodes", []):
                    summary = " ".join((node.get("failureSummary") or "").split())
                    print(f"        at {', '.join(map(str, node.get('target', [])))}: {summary[:300]}", flush=True)
                if impact in AXE_FAILING:
                    failing.append(f"{v['id']} ({impact}, {width}px, {len(v.get('nodes', []))} node(s))")
            for v in extra:
                print(f"    [{v['impact']}] {v['id']} (supplementary): {v['help']} ({v['helpUrl']})", flush=True)
                print(f"        at {', '.join(v['target'])}", flush=True)
                if v["impact"] in AXE_FAILING:
                    failing.append(f"{v['id']} ({v['impact']}, {width}px, {', '.join(v['target'])})")
    finally:
        driver.set_window_size(1280, 900)
    expect(not failing, f"serious or critical accessibility violations on {name}: " + "; ".join(failing))


def main():
    global driver, base
    if not os.path.exists(BINARY):
        print(f"{BINARY} is missing: build first (swift build --product habeas)")
        print("0 passed, 1 failed")
        return 1
    tmp = tempfile.mkdtemp(prefix="habeas-browser-")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(os.path.join(tmp, "server.log"), "w")
    # Run a private copy (with its resource bundles): other builds sharing .build may relink
    # the binary while the tests run.
    bindir = os.path.join(tmp, "bin")
    os.makedirs(bindir)
    binary = shutil.copy2(BINARY, bindir)
    for entry in os.listdir(os.path.dirname(BINARY)):
        if entry.endswith(".resources"):
            shutil.copytree(os.path.join(os.path.dirname(BINARY), entry), os.path.join(bindir, entry))
    server = subprocess.Popen([binary, "serve", "--demo", "--db", os.path.join(tmp, "cases.sqlite"), "--port", str(port)],
                              stdout=log, stderr=subprocess.STDOUT)
    run = Run()
    try:
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.time() > deadline:
                raise RuntimeError("the server did not start; see " + log.name)
            time.sleep(0.3)

        options = webdriver.ChromeOptions()
        for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900"):
            options.add_argument(arg)
        chromium = os.environ.get("CHROMIUM") or find_chromium()
        if chromium:
            options.binary_location = chromium
        options.add_experimental_option("prefs", {"download.default_directory": tmp})
        # The driver path is explicit so that selenium-manager never downloads anything.
        service = Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
        driver = webdriver.Chrome(service=service, options=options)
        driver.implicitly_wait(2)

        def demo_link():
            # `serve --demo` prints a one-time sign-in link for the demo admin on its console.
            deadline = time.time() + 30
            while time.time() < deadline:
                log.flush()
                with open(log.name) as f:
                    for line in f:
                        if "/sign-in/link/" in line:
                            return line[line.index("/sign-in/link/"):].split()[0]
                time.sleep(0.2)
            raise RuntimeError("serve --demo printed no sign-in link")

        def sign_in_with_the_demo_link():
            go("/")
            expect("/sign-in" in driver.current_url, "a stranger is sent to sign in: " + driver.current_url)
            expect(driver.find_elements(By.ID, "f-password"), "the sign-in form")
            audit("sign-in")
            link = demo_link()
            go(link)
            click_and_wait(driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
            expect("Dashboard" in driver.title, "signed in, on the dashboard: " + driver.title)
            expect("Signed in as demo" in text(), "the header names the user")
            session = driver.get_cookie("habeas_session")
            expect(session and session.get("httpOnly") and session.get("sameSite") == "Strict", "the session cookie is HttpOnly, SameSite=Strict")

        def session_cookie():
            cookie = driver.get_cookie("habeas_session")
            return {"Cookie": "habeas_session=" + cookie["value"]} if cookie else {}

        def dashboard_to_massimov():
            go(f"/?asOf={AS_OF}")
            expect("Dashboard" in driver.title, "dashboard title")
            expect(driver.find_elements(By.CSS_SELECTOR, "svg[role=img]"), "dashboard charts")
            shot("01-dashboard")
            click_and_wait(driver.find_element(By.LINK_TEXT, "Cases"))
            expect(driver.current_url.endswith("/cases"), "case list url")
            shot("02-case-list")
            click_and_wait(driver.find_element(By.PARTIAL_LINK_TEXT, "Massimov"))
            expect("/cases/kz-massimov" in driver.current_url, "case page url")
            # Fix "today" to the date of the petition, through the page's own form.
            field = driver.find_element(By.ID, "asOf")
            driver.execute_script("arguments[0].value = arguments[1]", field, AS_OF)
            click_and_wait(field.find_element(By.XPATH, "./ancestor::form//button"))
            chart = driver.find_element(By.CSS_SELECTOR, "svg.timeline-chart")
            labels = chart.find_elements(By.CSS_SELECTOR, "g.band-incommunicado text")
            expect(any("72 days" in t.text for t in labels), "the incommunicado band says 72 days: " + str([t.text for t in labels]))
            for kind in ("without-counsel", "undisclosed-location", "pretrial"):
                expect(chart.find_elements(By.CSS_SELECTOR, f"g.band-{kind} rect"), f"band {kind}")
            indicated = driver.find_element(By.ID, "indicated").text
            expect("I and III" in indicated, "categories I and III indicated: " + indicated)
            cats = [li.text for li in driver.find_elements(By.CSS_SELECTOR, ".category-summary .finding-indicated")]
            expect(any("Category I " in c + " " for c in cats) and any("Category III" in c for c in cats), "indicated badges " + str(cats))
            shot("03-case-kz-massimov")
            shot("03b-case-kz-massimov-phone", width=360)

        def create_case_through_form():
            go("/cases/new")
            shot("04-new-case-form")
            driver.find_element(By.ID, "f-id").send_keys("xx-browser-test")
            driver.find_element(By.ID, "f-state").send_keys("KZ")
            driver.find_element(By.ID, "f-name").send_keys("Test Person <b>bold</b>")
            driver.find_element(By.ID, "f-arrestDate").send_keys("2022-01-05")
            driver.find_element(By.ID, "f-charges").send_keys("treason")
            for value in ("incommunicado", "no-legal-basis", "secret-proceedings"):
                driver.find_element(By.CSS_SELECTOR, f"input[name=allegation][value='{value}']").click()
            click_and_wait(driver.find_element(By.CSS_SELECTOR, "form.case-form button[type=submit]"))
            expect("/cases/xx-browser-test" in driver.current_url, "redirected to the new case: " + driver.current_url)
            body = text()
            expect("Test Person <b>bold</b>" in body, "name shown escaped, as typed")
            expect(not driver.find_elements(By.CSS_SELECTOR, "main b"), "no markup injected")
            expect("Categories indicated:" in driver.find_element(By.ID, "indicated").text, "assessment shown")
            expect("I" in driver.find_element(By.ID, "indicated").text.split(":")[1], "category I indicated for the new case")
            shot("05-new-case-page")

        def form_error_keeps_input():
            go("/cases/new")
            driver.find_element(By.ID, "f-id").send_keys("Bad Id!")
            driver.find_element(By.ID, "f-state").send_keys("Kazakhstan")
            driver.find_element(By.ID, "f-name").send_keys("Kept Name")
            driver.find_element(By.ID, "f-arrestDate").send_keys("2022-13-45")
            click_and_wait(driver.find_element(By.CSS_SELECTOR, "form.case-form button[type=submit]"))
            expect(driver.find_element(By.ID, "f-name").get_attribute("value") == "Kept Name", "input kept")
            expect(driver.find_element(By.ID, "f-arrestDate-error").is_displayed(), "date error beside its field")
            expect(driver.find_element(By.ID, "f-id-error").is_displayed(), "id error beside its field")
            expect(driver.find_element(By.ID, "f-state-error").is_displayed(), "state error beside its field")
            shot("06-new-case-errors")

        def yaml_error_beside_line():
            go("/cases/kz-massimov/yaml")
            area = driver.find_element(By.ID, "yaml")
            original = area.get_attribute("value")
            broken = original.replace("type: arrest", "type: arest", 1)
            expect(broken != original, "the file has an arrest event")
            driver.execute_script("arguments[0].value = arguments[1]", area, broken)
            click_and_wait(driver.find_element(By.CSS_SELECTOR, "form.yaml-form button[type=submit]"))
            expect(driver.find_element(By.ID, "yaml").get_attribute("value").replace("\r\n", "\n") == broken, "the text typed is kept")
            marked = driver.find_elements(By.CSS_SELECTOR, ".code-listing li.marked")
            expect(marked, "an offending line is marked")
            line = marked[0]
            expect("arest" in line.text and "arrest" in line.find_element(By.CSS_SELECTOR, ".line-error").text, "the message is beside the line: " + line.text)
            number = broken.split("\n").index([l for l in broken.split("\n") if "type: arest" in l][0]) + 1
            expect(line.get_attribute("id") == f"line-{number}", f"line {number} marked, got {line.get_attribute('id')}")
            expect(f"Line {number}" in driver.find_element(By.ID, "error-summary").text, "summary names the line")
            shot("07-yaml-error")

        def download_petition():
            go(f"/cases/kz-massimov?asOf={AS_OF}")
            links = driver.find_elements(By.CSS_SELECTOR, "ul.downloads a[data-format=docx]")
            href = [a.get_attribute("href") for a in links if a.text.startswith("Petition")][0]
            with urllib.request.urlopen(urllib.request.Request(href, headers=session_cookie()), timeout=30) as r:
                body = r.read()
                ctype = r.headers.get("Content-Type", "")
            expect("wordprocessingml" in ctype, "advertised as DOCX: " + ctype)
            expect(body[:2] == b"PK" and b"word/document.xml" in body, "a DOCX (zip with word/document.xml)")
            href_html = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "ul.downloads a[data-format=html]") if a.text.startswith("Petition")][0]
            with urllib.request.urlopen(urllib.request.Request(href_html, headers=session_cookie()), timeout=30) as r:
                page = r.read().decode("utf-8")
                expect("text/html" in r.headers.get("Content-Type", ""), "HTML advertised")
            expect("Massimov" in page, "the HTML petition names the case")

        def other_pages():
            go("/cases/kz-massimov/edit")
            shot("08-edit-form")
            go("/cases/kz-massimov/history")
            expect("Revisions" in text(), "history page")
            shot("09-history")
            go("/import")
            shot("10-import")
            go("/export")
            shot("11-export")
            go(f"/?asOf={AS_OF}")
            shot("01b-dashboard-phone", width=360)

        def add_timeline_event():
            from selenium.webdriver.support.ui import Select, WebDriverWait
            go("/cases/kz-massimov/edit")
            expect(driver.find_elements(By.ID, "timeline-events"), "the edit page lists the timeline")
            click_and_wait(driver.find_element(By.LINK_TEXT, "Add an event"))
            expect("/cases/kz-massimov/events/new" in driver.current_url, "event form url: " + driver.current_url)
            # Choosing the type shows its fields (the script submits the chooser on change).
            html = driver.find_element(By.TAG_NAME, "html")
            Select(driver.find_element(By.ID, "f-choose-type")).select_by_value("transfer")
            WebDriverWait(driver, 15).until(lambda _: page_replaced(html))
            expect("type=transfer" in driver.current_url, "type chosen: " + driver.current_url)
            driver.find_element(By.ID, "f-date").send_keys("2022-02-30")
            driver.find_element(By.ID, "f-attr-to").send_keys("Pre-trial centre No. 1 <i>Astana</i>")
            driver.find_element(By.ID, "f-details").send_keys("Moved without notice to the family.")
            shot("12-add-event-form")
            click_and_wait(driver.find_element(By.CSS_SELECTOR, "form.event-form button[type=submit]"))
            # A bad date: the message beside the field, everything typed kept.
            expect(driver.find_element(By.ID, "f-date-error").is_displayed(), "date error beside its field")
            expect(driver.find_element(By.ID, "f-attr-to").get_attribute("value") == "Pre-trial centre No. 1 <i>Astana</i>", "attribute kept")
            expect(driver.find_elements(By.CSS_SELECTOR, "#f-date-error code"), "the bad date shown as code")
            shot("13-add-event-errors")
            shot("13b-add-event-errors-phone", width=360)
            field = driver.find_element(By.ID, "f-date")
            field.clear()
            field.send_keys("2022-02-15")
            click_and_wait(driver.find_element(By.CSS_SELECTOR, "form.event-form button[type=submit]"))
            expect(driver.current_url.endswith("/cases/kz-massimov"), "back on the case page: " + driver.current_url)
            events = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "ol.events li")]
            expect(any("2022-02-15" in e and "transfer" in e and "Moved without notice" in e for e in events), "the new event is listed: " + str(events))
            go("/cases/kz-massimov/edit#timeline-events")
            rows = driver.find_elements(By.CSS_SELECTOR, "#timeline-events li")
            expect(any("Pre-trial centre No. 1 <i>Astana</i>" in r.text for r in rows), "attribute shown as typed on the edit page")
            shot("14-edit-with-timeline", width=1280)
            shot("14b-edit-with-timeline-phone", width=360)

        def delete_and_restore_case():
            go("/cases/mt-immigration-amadou")
            click_and_wait(driver.find_element(By.PARTIAL_LINK_TEXT, "Delete"))
            expect(driver.current_url.endswith("/cases/mt-immigration-amadou/delete"), "confirmation page: " + driver.current_url)
            expect("Delete this case?" in text(), "the page asks first")
            shot("15-delete-confirm")
            shot("15b-delete-confirm-phone", width=360)
            click_and_wait(driver.find_element(By.CSS_SELECTOR, "button.button-danger"))
            expect("/deleted" in driver.current_url, "on the deleted cases page: " + driver.current_url)
            rows = driver.find_elements(By.CSS_SELECTOR, "table.deleted-table tbody tr")
            expect(any("mt-immigration-amadou" in r.text for r in rows), "the case is listed as deleted")
            shot("16-deleted-cases")
            shot("16b-deleted-cases-phone", width=360)
            go("/cases")
            expect("mt-immigration-amadou" not in driver.page_source, "gone from the case list")
            click_and_wait(driver.find_element(By.LINK_TEXT, "Deleted cases"))
            row = [r for r in driver.find_elements(By.CSS_SELECTOR, "table.deleted-table tbody tr") if "mt-immigration-amadou" in r.text][0]
            click_and_wait(row.find_element(By.CSS_SELECTOR, "button"))
            expect(driver.current_url.endswith("/cases/mt-immigration-amadou"), "restored, on its page: " + driver.current_url)
            go("/cases/mt-immigration-amadou/history")
            expect("Revisions" in text(), "history still there")
            go("/no/such/page")
            expect("could not be found" in text(), "HTML not-found page")
            shot("17-not-found")

        def keyboard_skip_link():
            go("/cases")
            from selenium.webdriver.common.keys import Keys
            driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
            focused = driver.switch_to.active_element
            expect(focused.text == "Skip to content", "first Tab reaches the skip link: " + focused.text)

        run.test("sign_in_with_the_demo_link", sign_in_with_the_demo_link)
        run.test("dashboard_to_kz_massimov", dashboard_to_massimov)
        run.test("create_case_through_form", create_case_through_form)
        run.test("form_error_keeps_input", form_error_keeps_input)
        run.test("yaml_error_beside_line", yaml_error_beside_line)
        run.test("download_petition", download_petition)
        run.test("keyboard_skip_link", keyboard_skip_link)
        run.test("add_timeline_event", add_timeline_event)
        run.test("delete_and_restore_case", delete_and_restore_case)
        run.test("other_pages", other_pages)

        # Accessibility: each page (or page state) audited with axe-core at desktop and phone width.
        def submit(css):
            click_and_wait(driver.find_element(By.CSS_SELECTOR, css))

        def new_case_with_errors():
            go("/cases/new")
            driver.find_element(By.ID, "f-id").send_keys("Bad Id!")
            driver.find_element(By.ID, "f-state").send_keys("Kazakhstan")
            driver.find_element(By.ID, "f-arrestDate").send_keys("2022-13-45")
            submit("form.case-form button[type=submit]")
            expect(driver.find_elements(By.ID, "error-summary"), "the form shows its errors")

        def yaml_with_error():
            go("/cases/kz-massimov/yaml")
            area = driver.find_element(By.ID, "yaml")
            driver.execute_script("arguments[0].value = arguments[1]", area,
                                  area.get_attribute("value").replace("type: arrest", "type: arest", 1))
            submit("form.yaml-form button[type=submit]")
            expect(driver.find_elements(By.CSS_SELECTOR, ".code-listing li.marked"), "a line is marked")

        def event_with_errors():
            go("/cases/kz-massimov/events/new?type=transfer")
            driver.find_element(By.ID, "f-date").send_keys("2022-02-30")
            submit("form.event-form button[type=submit]")
            expect(driver.find_elements(By.ID, "f-date-error"), "the date error is shown")

        def files_with_an_upload():
            # A photograph with EXIF, uploaded through the form: listed with its hash and a thumbnail.
            import struct, tempfile
            be16 = lambda v: struct.pack('>H', v)
            seg = lambda m, body: b'\xff' + bytes([m]) + be16(len(body) + 2) + body
            jpeg = (b'\xff\xd8' + seg(0xe0, b'JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00') + seg(0xe1, b'Exif\x00\x00MM\x00*\x00\x00\x00\x08')
                    + seg(0xda, b'\x01\x01\x00\x00\x3f\x00') + b'\x5a' * 64 + b'\xff\xd9')
            with tempfile.NamedTemporaryFile(suffix=".jpg", delete=False) as f:
                f.write(jpeg)
            go("/cases/kz-massimov/files")
            driver.find_element(By.ID, "upload-title").send_keys("Photograph of the detention centre")
            driver.find_element(By.ID, "upload-file").send_keys(f.name)
            submit("form[enctype='multipart/form-data'] button[type=submit]")
            expect("Photograph of the detention centre" in text(), "the uploaded file is listed")
            expect(driver.find_elements(By.CSS_SELECTOR, "img.thumbnail"), "an image has a thumbnail")
            shot("10-files")

        def history_with_diff():
            go("/cases/kz-massimov/history")
            links = driver.find_elements(By.LINK_TEXT, "Changes")
            if links:
                click_and_wait(links[0])
                expect(driver.find_elements(By.ID, "diff-heading"), "the diff is shown")
                shot("09b-history-diff-phone", width=360)

        audits = [
            ("dashboard", lambda: go(f"/?asOf={AS_OF}")),
            ("case-list", lambda: go("/cases")),
            ("case-kz-massimov", lambda: go(f"/cases/kz-massimov?asOf={AS_OF}")),
            ("new-case-form", lambda: go("/cases/new")),
            ("new-case-errors", new_case_with_errors),
            ("case-edit-form", lambda: go("/cases/kz-massimov/edit")),
            ("yaml-error", yaml_with_error),
            ("history", lambda: go("/cases/kz-massimov/history")),
            ("history-diff", history_with_diff),
            ("case-files", files_with_an_upload),
            ("import", lambda: go("/import")),
            ("export", lambda: go("/export")),
            ("add-event-errors", event_with_errors),
            ("delete-confirm", lambda: go("/cases/mt-immigration-amadou/delete")),
            ("not-found", lambda: go("/no/such/page")),
            ("users", lambda: go("/admin/users")),
        ]
        def audit_after(reach, page):
            def body():
                reach()
                audit(page)
            return body

        for page, reach in audits:
            run.test("a11y_" + page.replace("-", "_"), audit_after(reach, page))

        def a11y_deleted_cases():
            # Delete a case so the table has a row, audit, then restore it.
            go("/cases/mt-immigration-amadou/delete")
            submit("button.button-danger")
            expect(driver.find_elements(By.CSS_SELECTOR, "table.deleted-table tbody tr"), "a deleted case is listed")
            try:
                audit("deleted-cases")
            finally:
                go("/deleted")
                row = [r for r in driver.find_elements(By.CSS_SELECTOR, "table.deleted-table tbody tr") if "mt-immigration-amadou" in r.text][0]
                click_and_wait(row.find_element(By.CSS_SELECTOR, "button"))
        run.test("a11y_deleted_cases", a11y_deleted_cases)

        # Languages. Every page in the pseudo-locale (accented, ~40% longer): no text container is
        # wider inside than its box (text cut off or spilling), and the page does not scroll sideways.
        OVERFLOW_JS = """
            const scrolls = el => el.closest('.timeline-box, .code-listing, pre, textarea, .table-scroll, .table-wrap, [data-scrolls]');
            const found = [];
            for (const el of document.querySelectorAll('h1, h2, h3, p, li, dt, dd, th, td, label, summary, figcaption, button, a.button, .button-link, select, legend, nav')) {
                const style = getComputedStyle(el);
                if (style.display === 'inline' || el.clientWidth === 0 || scrolls(el)) continue;
                if (el.scrollWidth > el.clientWidth + 1) found.push(el.tagName + '.' + el.className + ': ' + el.textContent.trim().slice(0, 60));
            }
            if (document.documentElement.scrollWidth > window.innerWidth + 1) found.push('the page scrolls sideways');
            return found;
        """
        language_pages = [
            ("dashboard", f"/?asOf={AS_OF}"), ("case-list", "/cases"), ("case-kz-massimov", f"/cases/kz-massimov?asOf={AS_OF}"),
            ("new-case-form", "/cases/new"), ("case-edit-form", "/cases/kz-massimov/edit"), ("case-yaml", "/cases/kz-massimov/yaml"),
            ("history", "/cases/kz-massimov/history"), ("case-files", "/cases/kz-massimov/files"), ("import", "/import"),
            ("import-table", "/import-table"), ("event-form", "/cases/kz-massimov/events/new?type=transfer"),
            ("allegation-form", "/cases/kz-massimov/allegations/new"), ("case-delete", "/cases/kz-massimov/delete"),
            ("export", "/export"), ("deleted", "/deleted"), ("about-assessment", "/about/assessment"),
            ("opinions", "/opinions"), ("groups", "/groups"), ("audit", "/audit"), ("account", "/account"),
            ("users", "/admin/users"), ("not-found", "/no/such/page"),
        ]

        def first_link(path, selector):
            """The first page a list links to (an opinion, a group), to walk it too; None if the list is empty."""
            go(path)
            links = driver.find_elements(By.CSS_SELECTOR, selector)
            return links[0].get_attribute("href") if links else None

        def pseudo_locale_no_overflow():
            go("/?lang=en-XA")
            expect(driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en-XA", "the pseudo-locale is chosen")
            problems = []
            pages = list(language_pages)
            for name, path, selector in (("opinion", "/opinions", "table.opinions-table tbody a"), ("group", "/groups", "table.case-table tbody a")):
                href = first_link(path, selector)
                if href:
                    link = urllib.parse.urlsplit(href)
                    pages.append((name, link.path + ("?" + link.query if link.query else "")))
            try:
                for width in (1280, 360):
                    driver.set_window_size(width, 900)
                    for name, path in pages:
                        go(path)
                        for problem in driver.execute_script(OVERFLOW_JS):
                            problems.append(f"{name} at {width}px: {problem}")
                driver.set_window_size(1280, 900)
                go(f"/cases/kz-massimov?asOf={AS_OF}")
                shot("pseudo-case")
            finally:
                driver.set_window_size(1280, 900)
                go("/?lang=en")
            for problem in problems:
                print("  overflow:", problem)
            expect(not problems, f"{len(problems)} element(s) overflow in the pseudo-locale")
        run.test("pseudo_locale_no_overflow", pseudo_locale_no_overflow)

        def right_to_left_and_russian_screenshots():
            try:
                go(f"/cases/kz-massimov?asOf={AS_OF}&lang=ar")
                root = driver.find_element(By.TAG_NAME, "html")
                expect(root.get_attribute("dir") == "rtl" and root.get_attribute("lang") == "ar", "Arabic is right to left")
                brand = driver.find_element(By.CSS_SELECTOR, ".site-header .brand")
                expect(brand.location["x"] > 640, "the header starts on the right in Arabic")
                expect("التسلسل الزمني" in text(), "the Arabic case page is translated")
                chart = driver.find_element(By.CSS_SELECTOR, "svg.timeline-chart")
                expect(chart.get_attribute("direction") == "rtl", "the timeline is drawn right to left")
                problems = driver.execute_script(OVERFLOW_JS)
                expect(not problems, f"Arabic case page overflows: {problems}")
                shot("ar-case")
                go(f"/?asOf={AS_OF}")
                expect(driver.find_element(By.TAG_NAME, "html").get_attribute("dir") == "rtl", "the choice is remembered")
                shot("ar-dashboard")
                go(f"/cases/kz-massimov?asOf={AS_OF}&lang=ru")
                expect("Хронология" in text() and "72 дня" in text(), "the Russian case page, plurals included")
                shot("ru-case")
            finally:
                go("/?lang=en")
        run.test("right_to_left_and_russian_screenshots", right_to_left_and_russian_screenshots)

        def pdf_in_the_viewer():
            # A PDF uploaded through the form opens in Chromium's own viewer (inline, under the
            # sandbox CSP): the tab shows a PDF document and nothing is downloaded.
            words = "Ruling of the Esil district court"
            stream = f"BT /F1 12 Tf 72 720 Td ({words}) Tj ET"
            objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                       "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
                       f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream", "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
            pdf, offsets = "%PDF-1.4\n", []
            for number, body in enumerate(objects, 1):
                offsets.append(len(pdf))
                pdf += f"{number} 0 obj\n{body}\nendobj\n"
            xref = len(pdf)
            pdf += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n" + "".join("%010d 00000 n \n" % o for o in offsets)
            pdf += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
            path = os.path.join(tmp, "ruling.pdf")
            with open(path, "w") as f:
                f.write(pdf)
            before = set(os.listdir(tmp))
            go("/cases/kz-massimov/files")
            driver.find_element(By.ID, "upload-title").send_keys("Ruling of the district court")
            driver.find_element(By.ID, "upload-file").send_keys(path)
            submit("form[enctype='multipart/form-data'] button[type=submit]")
            row = [r for r in driver.find_elements(By.CSS_SELECTOR, "tbody tr") if "Ruling of the district court" in r.text][0]
            link = row.find_element(By.LINK_TEXT, "View")
            expect(link.get_attribute("href").endswith("/view"), "the PDF has a viewer link")
            driver.get(link.get_attribute("href"))
            time.sleep(1.5)
            expect(driver.execute_script("return document.contentType") == "application/pdf", "the tab shows the PDF itself")
            expect(driver.current_url.endswith("/view"), "the viewer's address stays")
            downloads = [n for n in set(os.listdir(tmp)) - before if n.endswith((".pdf", ".crdownload"))]
            expect(not downloads, f"nothing was downloaded ({downloads})")
            shot("11-pdf-viewer")
        run.test("pdf_in_the_viewer", pdf_in_the_viewer)
    except Exception:
        traceback.print_exc()
        run.failed += 1
    finally:
        if driver is not None:
            driver.quit()
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        if run.failed:
            print("--- server log ---")
            print(open(log.name).read()[-4000:])
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{run.passed} passed, {run.failed} failed")
    return 1 if run.failed else 0


if __name__ == "__main__":
    sys.exit(main())
