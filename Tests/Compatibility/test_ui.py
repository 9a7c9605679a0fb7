"""The web interface at /ui, driven in a real (headless) Chromium through Selenium.

Data is set up through the REST API as root; every check is then made through the pages a
browser renders: logging in, searching and narrowing by facets, the asset page with its
lineage graph, tags and version diffs, what a reader without grants may (not) see, granting
through the administration form, escaping of hostile names, the security headers, CSRF
protection of forms and revocation on logout. Screenshots of the main pages are written to
``UI_SCREENSHOT_DIR`` (default ``<repo>/.build/ui-screenshots``).

Browser: ``CHROMIUM_BINARY`` (default /usr/bin/chromium) and ``CHROMEDRIVER`` (default
/usr/bin/chromedriver).
"""

from __future__ import annotations

import os
import re
import shutil
import urllib.parse
import urllib.request
import uuid
from pathlib import Path
from typing import Callable, Iterator

import pytest
import requests
from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import REPO_ROOT, ROOT_PASSWORD, ROOT_USER, unique

WAIT_SECONDS = 15
READER_PASSWORD = "ui-reader-password"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


# --------------------------------------------------------------------------- REST API set-up


class Api:
    """A thin REST client with a bearer token, for setting up and checking data."""

    def __init__(self, base_url: str, username: str = ROOT_USER, password: str = ROOT_PASSWORD):
        self.base_url = base_url
        response = requests.post(f"{base_url}/api/v1/users/login", json={"username": username, "password": password}, timeout=10)
        assert response.status_code == 200, response.text
        self.token = response.json()["token"]

    def call(self, method: str, path: str, json=None, expect: int | tuple = (200, 201)) -> dict | list | None:
        response = requests.request(
            method, f"{self.base_url}{path}", json=json, headers={"Authorization": f"Bearer {self.token}"}, timeout=10)
        expected = (expect,) if isinstance(expect, int) else expect
        assert response.status_code in expected, f"{method} {path} -> {response.status_code}: {response.text}"
        return response.json() if response.content else None

    def catalog(self, *namespaces: list[str]) -> str:
        name = unique("uicat")
        self.call("POST", "/api/v1/catalogs", {"name": name})
        for parts in namespaces:
            self.call("POST", f"/v1/{name}/namespaces", {"namespace": parts})
        return name

    def asset(self, catalog: str, namespace: str, name: str, kind: str = "PARQUET_TABLE", properties=None, lineage=None) -> dict:
        body = {"name": name, "kind": kind, "location": f"s3://ui-bucket/{uuid.uuid4().hex[:8]}/data",
                "properties": properties or {}}
        if lineage:
            body["lineage"] = lineage
        return self.call("POST", f"/api/v1/catalogs/{catalog}/namespaces/{namespace}/assets", body)

    def new_version(self, catalog: str, namespace: str, name: str, properties: dict) -> dict:
        path = f"/api/v1/catalogs/{catalog}/namespaces/{namespace}/assets/{urllib.parse.quote(name, safe='')}"
        return self.call("PUT", path, {"properties": properties})

    def user(self, username: str, password: str, role: str = "TenantUser") -> dict:
        return self.call("POST", "/api/v1/users", {"username": username, "password": password, "role": role})

    def tags(self, asset_id: str) -> dict[str, int]:
        return {tag["name"]: tag["version"] for tag in self.call("GET", f"/api/v1/assets/{asset_id}/tags")}


@pytest.fixture
def api(base_url: str) -> Api:
    return Api(base_url)


def search_word() -> str:
    """A word of letters and digits no other asset contains, to search for."""
    return "w" + uuid.uuid4().hex[:12]


@pytest.fixture
def lineage_assets(api: Api) -> dict:
    """raw --derived_from (pinned to raw@v1)--> features --trained_on--> model, all carrying one
    search word in a property; raw and features are PARQUET_TABLEs in `lake`, model an ML_MODEL in `ml`."""
    word = search_word()
    catalog = api.catalog(["lake"], ["ml"])
    raw = api.asset(catalog, "lake", "raw_events", properties={"project": word})
    features = api.asset(catalog, "lake", "features", properties={"project": word},
                         lineage=[{"upstream": f"{catalog}.lake.raw_events@v1", "relation": "derived_from"}])
    model = api.asset(catalog, "ml", "churn_model", kind="ML_MODEL", properties={"project": word},
                      lineage=[{"upstream": f"{catalog}.lake.features", "relation": "trained_on"}])
    # A later version of raw, so that the pin to v1 is not simply "the current one".
    api.new_version(catalog, "lake", "raw_events", {"project": word, "rows": "2000"})
    return {"word": word, "catalog": catalog, "raw": raw, "features": features, "model": model}


# --------------------------------------------------------------------------- browser


def _browser_paths() -> tuple[str, str]:
    binary = os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium")
    driver = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
    for label, path in (("Chromium", binary), ("chromedriver", driver)):
        resolved = shutil.which(path) if not os.path.isabs(path) else path
        if not resolved or not os.access(resolved, os.X_OK):
            pytest.fail(
                f"{label} not found or not executable at {path!r}: the web interface tests need a real browser "
                "(install the chromium and chromium-driver packages, or set CHROMIUM_BINARY / CHROMEDRIVER)",
                pytrace=False)
    return binary, driver


@pytest.fixture
def open_browser() -> Iterator[Callable[[], WebDriver]]:
    """Starts headless Chromium sessions on demand (each with its own cookies); all quit at teardown."""
    binary, driver_path = _browser_paths()
    started: list[WebDriver] = []

    def start() -> WebDriver:
        options = Options()
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000"):
            options.add_argument(argument)
        options.binary_location = binary
        # Leave any alert open, so that a test can see it instead of Selenium dismissing it.
        options.unhandled_prompt_behavior = "ignore"
        driver = webdriver.Chrome(options=options, service=Service(driver_path))
        started.append(driver)
        return driver

    yield start
    for driver in started:
        driver.quit()


@pytest.fixture
def browser(open_browser) -> WebDriver:
    return open_browser()


def wait(driver: WebDriver) -> WebDriverWait:
    return WebDriverWait(driver, WAIT_SECONDS)


def submit(driver: WebDriver, button: WebElement | tuple[str, str]) -> None:
    """Clicks a button that submits a form (an element, or a locator found once the page is
    complete) and waits for the next page to replace this one."""
    wait(driver).until(lambda d: d.execute_script("return document.readyState") == "complete")
    if isinstance(button, tuple):
        button = wait(driver).until(EC.element_to_be_clickable(button))
    page = driver.find_element(By.TAG_NAME, "html")
    button.click()
    wait(driver).until(EC.staleness_of(page))
    wait(driver).until(lambda d: d.execute_script("return document.readyState") == "complete")


def follow(driver: WebDriver, link: WebElement) -> None:
    submit(driver, link)


def visit(driver: WebDriver, base_url: str, path: str) -> None:
    driver.get(base_url + path)
    wait(driver).until(lambda d: d.execute_script("return document.readyState") == "complete")


def path_of(driver: WebDriver) -> str:
    return urllib.parse.urlsplit(driver.current_url).path


def query_of(driver: WebDriver) -> dict[str, list[str]]:
    return urllib.parse.parse_qs(urllib.parse.urlsplit(driver.current_url).query)


def ui_login(driver: WebDriver, base_url: str, username: str, password: str, path: str = "/ui") -> None:
    """Opens `path` without a session, lands on the login form, logs in and comes back to `path`."""
    visit(driver, base_url, path)
    wait(driver).until(EC.presence_of_element_located((By.ID, "login-form")))
    assert path_of(driver) == "/ui/login"
    assert query_of(driver).get("next") == [path]
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(password)
    submit(driver, (By.ID, "login-submit"))
    assert path_of(driver) == path, driver.current_url
    assert driver.find_element(By.ID, "who").text.split()[0] == username


def total(driver: WebDriver) -> int:
    return int(driver.find_element(By.CSS_SELECTOR, "#total strong").text)


def hit_names(driver: WebDriver) -> list[str]:
    return [link.text for link in driver.find_elements(By.CSS_SELECTOR, "#hits a.hit-name")]


def facet(driver: WebDriver, facet_id: str, value: str) -> WebElement:
    """The `li` of facet list `facet_id` whose link reads `value`."""
    for item in driver.find_elements(By.CSS_SELECTOR, f"#{facet_id} li"):
        links = item.find_elements(By.TAG_NAME, "a")
        if links and links[0].text == value:
            return item
    raise AssertionError(f"no '{value}' in #{facet_id}: {driver.find_element(By.ID, facet_id).text!r}")


def graph_nodes(driver: WebDriver) -> list[WebElement]:
    return driver.find_elements(By.CSS_SELECTOR, "#lineage-graph g.node")


def graph_node_names(driver: WebDriver) -> list[str]:
    return sorted(text.get_attribute("textContent")
                  for text in driver.find_elements(By.CSS_SELECTOR, "#lineage-graph g.node text.node-name"))


def graph_edge_labels(driver: WebDriver) -> list[str]:
    return sorted(text.get_attribute("textContent")
                  for text in driver.find_elements(By.CSS_SELECTOR, "#lineage-graph g.edge text.edge-label"))


def show_lineage(driver: WebDriver, direction: str | None = None, depth: int | None = None) -> None:
    """Sets the lineage controls and redraws the graph."""
    if direction is not None:
        Select(driver.find_element(By.ID, "direction")).select_by_value(direction)
    if depth is not None:
        Select(driver.find_element(By.ID, "depth")).select_by_value(str(depth))
    submit(driver, (By.ID, "lineage-submit"))
    if direction is not None:
        assert query_of(driver)["direction"] == [direction]
    if depth is not None:
        assert query_of(driver)["depth"] == [str(depth)]


def assert_no_alert(driver: WebDriver) -> None:
    try:
        alert = driver.switch_to.alert
    except NoAlertPresentException:
        return
    text = alert.text
    alert.dismiss()
    raise AssertionError(f"the page opened an alert: {text!r}")


def error_heading(driver: WebDriver) -> str:
    return driver.find_element(By.CSS_SELECTOR, "#error h1").text


# --------------------------------------------------------------------------- 1. search, facets, lineage


def test_login_search_narrow_by_facet_open_asset_and_walk_its_lineage_graph(base_url, browser, lineage_assets):
    word, model, features = lineage_assets["word"], lineage_assets["model"], lineage_assets["features"]

    # `/` leads to the interface, which without a session asks to log in; a wrong password is refused.
    visit(browser, base_url, "/")
    assert path_of(browser) == "/ui/login" and query_of(browser)["next"] == ["/ui"]
    browser.find_element(By.ID, "username").send_keys(unique("nobody"))
    browser.find_element(By.ID, "password").send_keys("not-a-password")
    submit(browser, (By.ID, "login-submit"))
    assert browser.find_element(By.ID, "login-error").text
    assert not browser.get_cookie("pangolin_session")

    ui_login(browser, base_url, ROOT_USER, ROOT_PASSWORD, path="/ui/search")
    session = browser.get_cookie("pangolin_session")
    assert session and session["httpOnly"] and session["path"] == "/ui" and session["sameSite"] == "Strict"
    assert browser.find_elements(By.ID, "nav-admin"), "root administers the tenant and should see the administration link"

    # Search through the form.
    query = browser.find_element(By.ID, "q")
    query.clear()
    query.send_keys(word)
    submit(browser, (By.ID, "search-submit"))
    assert query_of(browser)["q"] == [word]
    assert total(browser) == 3
    assert sorted(hit_names(browser)) == ["churn_model", "features", "raw_events"]
    assert not browser.find_elements(By.CSS_SELECTOR, "#filters a.chip")
    assert facet(browser, "facet-kind", "PARQUET_TABLE").find_element(By.CLASS_NAME, "count").text == "2"
    assert facet(browser, "facet-kind", "ML_MODEL").find_element(By.CLASS_NAME, "count").text == "1"
    assert facet(browser, "facet-namespace", "lake").find_element(By.CLASS_NAME, "count").text == "2"
    assert facet(browser, "facet-catalog", lineage_assets["catalog"]).find_element(By.CLASS_NAME, "count").text == "3"
    assert "1–3 of 3" in browser.find_element(By.ID, "pager").text

    # Narrow by the namespace facet: the total, the hits and the filter chips follow; the chip removes it.
    follow(browser, facet(browser, "facet-namespace", "lake").find_element(By.TAG_NAME, "a"))
    assert query_of(browser)["namespace"] == ["lake"] and query_of(browser)["q"] == [word]
    assert total(browser) == 2
    assert sorted(hit_names(browser)) == ["features", "raw_events"]
    assert [chip.text for chip in browser.find_elements(By.CSS_SELECTOR, "#filters a.chip")] == ["namespace: lake ✕"]
    assert "selected" in facet(browser, "facet-namespace", "lake").get_attribute("class")
    follow(browser, browser.find_element(By.CSS_SELECTOR, "#filters a.chip"))
    assert "namespace" not in query_of(browser) and query_of(browser)["q"] == [word]
    assert total(browser) == 3
    assert not browser.find_elements(By.CSS_SELECTOR, "#filters a.chip")

    # Narrow by the kind facet.
    follow(browser, facet(browser, "facet-kind", "ML_MODEL").find_element(By.TAG_NAME, "a"))
    assert query_of(browser)["kind"] == ["ML_MODEL"] and query_of(browser)["q"] == [word]
    assert total(browser) == 1
    assert hit_names(browser) == ["churn_model"]
    assert [chip.text for chip in browser.find_elements(By.CSS_SELECTOR, "#filters a.chip")] == ["kind: ML_MODEL ✕"]
    assert [item.find_element(By.TAG_NAME, "a").text for item in browser.find_elements(By.CSS_SELECTOR, "#facet-namespace li")] == ["ml"]

    # Open the asset from the results.
    follow(browser, browser.find_element(By.CSS_SELECTOR, "#hits a.hit-name"))
    assert path_of(browser) == f"/ui/assets/{model['id']}"
    assert browser.find_element(By.ID, "asset-name").text == "churn_model"
    references = [code.text for code in browser.find_elements(By.CSS_SELECTOR, "ul.references code")]
    assert "ml.churn_model" in references and "ml.churn_model@v1" in references

    # Its lineage, both ways to depth 3: raw_events -> features -> churn_model.
    assert graph_node_names(browser) == ["churn_model", "features", "raw_events"]
    assert len(graph_nodes(browser)) == 3
    assert len(browser.find_elements(By.CSS_SELECTOR, "#lineage-graph g.edge")) == 2
    assert graph_edge_labels(browser) == ["derived_from @v1", "trained_on"]
    assert browser.find_element(By.ID, "lineage-summary").text.startswith("3 assets, 2 edges")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#lineage-graph g.node.root")) == 1
    assert not browser.find_elements(By.CSS_SELECTOR, "#lineage-graph g.node.hidden")

    # Depth 1 stops at the direct upstream.
    show_lineage(browser, depth=1)
    assert graph_node_names(browser) == ["churn_model", "features"]
    assert len(browser.find_elements(By.CSS_SELECTOR, "#lineage-graph g.edge")) == 1
    assert graph_edge_labels(browser) == ["trained_on"]
    assert Select(browser.find_element(By.ID, "depth")).first_selected_option.get_attribute("value") == "1"

    # Clicking a node opens that asset's page.
    node = browser.find_element(By.CSS_SELECTOR, f"#lineage-graph a.node-link[href='/ui/assets/{features['id']}'] g.node")
    follow(browser, node)
    assert path_of(browser) == f"/ui/assets/{features['id']}"
    assert browser.find_element(By.ID, "asset-name").text == "features"
    assert graph_node_names(browser) == ["churn_model", "features", "raw_events"]

    # features upstream: only raw_events, through the edge pinned to v1.
    show_lineage(browser, direction="upstream")
    assert graph_node_names(browser) == ["features", "raw_events"]
    assert len(browser.find_elements(By.CSS_SELECTOR, "#lineage-graph g.edge")) == 1
    assert graph_edge_labels(browser) == ["derived_from @v1"]
    assert Select(browser.find_element(By.ID, "direction")).first_selected_option.get_attribute("value") == "upstream"

    # features downstream: only churn_model.
    show_lineage(browser, direction="downstream")
    assert graph_node_names(browser) == ["churn_model", "features"]
    assert graph_edge_labels(browser) == ["trained_on"]

    # The logout button ends the session: the cookie goes and the pages ask to log in again.
    submit(browser, (By.ID, "logout"))
    assert path_of(browser) == "/ui/login"
    assert not browser.get_cookie("pangolin_session")
    visit(browser, base_url, f"/ui/assets/{features['id']}")
    assert path_of(browser) == "/ui/login" and query_of(browser)["next"] == [f"/ui/assets/{features['id']}"]


# --------------------------------------------------------------------------- 2. tags and diff


def test_create_move_and_delete_a_tag_and_diff_two_versions(base_url, api, browser):
    catalog = api.catalog(["sales"])
    asset = api.asset(catalog, "sales", "orders", properties={"stage": "raw", "owner": "finance"})
    api.new_version(catalog, "sales", "orders", {"stage": "clean", "owner": "finance", "rows": "42"})
    tag = "prod-" + uuid.uuid4().hex[:6]

    ui_login(browser, base_url, ROOT_USER, ROOT_PASSWORD, path=f"/ui/assets/{asset['id']}")
    assert browser.find_element(By.ID, "asset-version").text == "v2"
    assert browser.find_element(By.ID, "metadata-form"), "root may edit and should see the metadata form"

    # Create the tag on v1 through the form.
    browser.find_element(By.ID, "tag-name").send_keys(tag)
    Select(browser.find_element(By.ID, "tag-version")).select_by_value("1")
    submit(browser, (By.ID, "tag-create"))
    assert path_of(browser) == f"/ui/assets/{asset['id']}"
    row = browser.find_element(By.CSS_SELECTOR, f"#tag-list tr[data-tag='{tag}']")
    assert row.find_element(By.CLASS_NAME, "tag-version").text == "v1"
    assert f"sales.orders@{tag}" in [code.text for code in browser.find_elements(By.CSS_SELECTOR, "ul.references code")]
    assert api.tags(asset["id"]) == {tag: 1}

    # Move it to v2.
    move = row.find_element(By.CSS_SELECTOR, "form.move-tag")
    Select(move.find_element(By.NAME, "version")).select_by_value("2")
    submit(browser, move.find_element(By.TAG_NAME, "button"))
    row = browser.find_element(By.CSS_SELECTOR, f"#tag-list tr[data-tag='{tag}']")
    assert row.find_element(By.CLASS_NAME, "tag-version").text == "v2"
    assert api.tags(asset["id"]) == {tag: 2}

    # Diff v1 -> v2.
    assert not browser.find_elements(By.ID, "diff")
    browser.find_element(By.CSS_SELECTOR, "#diff-form input[name='from'][value='1']").click()
    browser.find_element(By.CSS_SELECTOR, "#diff-form input[name='to'][value='2']").click()
    submit(browser, (By.ID, "diff-submit"))
    assert query_of(browser)["from"] == ["1"] and query_of(browser)["to"] == ["2"]
    diff = browser.find_element(By.ID, "diff")
    assert "Changes from v1 to v2" in diff.text
    rows = {row.find_element(By.TAG_NAME, "th").text: [cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
            for row in diff.find_elements(By.CSS_SELECTOR, "tr")}
    assert rows["stage"] == ["changed", "raw", "clean"]
    assert rows["rows"] == ["added", "", "42"]
    assert "owner" not in rows
    assert browser.find_element(By.CSS_SELECTOR, "#diff-form input[name='from'][value='1']").is_selected()
    assert browser.find_element(By.CSS_SELECTOR, "#diff-form input[name='to'][value='2']").is_selected()

    # Delete the tag (the page's script asks for confirmation first).
    row = browser.find_element(By.CSS_SELECTOR, f"#tag-list tr[data-tag='{tag}']")
    page = browser.find_element(By.TAG_NAME, "html")
    row.find_element(By.CSS_SELECTOR, "form.delete-tag button").click()
    confirm = wait(browser).until(EC.alert_is_present())
    assert "Delete this tag" in confirm.text
    confirm.accept()
    wait(browser).until(EC.staleness_of(page))
    assert not browser.find_elements(By.CSS_SELECTOR, f"#tag-list tr[data-tag='{tag}']")
    assert "No tags." in browser.find_element(By.ID, "tag-list").text
    assert api.tags(asset["id"]) == {}


# --------------------------------------------------------------------------- 3. reader and grants


ADMIN_PAGES = ["users", "roles", "grants", "service-users", "access-requests", "audit"]


def test_reader_sees_no_admin_nor_hidden_assets_until_granted_through_the_grant_form(base_url, api, open_browser):
    word = search_word()
    hidden_name = unique("payroll")
    catalog = api.catalog(["open"], ["secret"])
    hidden = api.asset(catalog, "secret", hidden_name, properties={"project": word})
    report = api.asset(catalog, "open", "report", properties={"project": word},
                       lineage=[{"upstream": f"{catalog}.secret.{hidden_name}", "relation": "summarises"}])
    reader_name = unique("reader")
    reader_user = api.user(reader_name, READER_PASSWORD)

    reader = open_browser()
    ui_login(reader, base_url, reader_name, READER_PASSWORD)
    assert not reader.find_elements(By.ID, "nav-admin")
    for page in ADMIN_PAGES:
        visit(reader, base_url, f"/ui/admin/{page}")
        assert error_heading(reader).startswith("403"), f"/ui/admin/{page}: {error_heading(reader)!r}"
    assert requests.get(f"{base_url}/ui/admin/users", cookies={"pangolin_session": reader.get_cookie("pangolin_session")["value"]},
                        allow_redirects=False, timeout=10).status_code == 403

    # Without grants the reader finds nothing and the hidden asset's page does not exist for them.
    visit(reader, base_url, f"/ui/search?q={word}")
    assert total(reader) == 0 and hit_names(reader) == []
    assert hidden_name not in reader.page_source and "report" not in hit_names(reader)
    visit(reader, base_url, f"/ui/assets/{hidden['id']}")
    assert error_heading(reader).startswith("404")
    assert hidden_name not in reader.page_source

    # With READ on `open` (granted through the API), `report` is readable but its upstream is not.
    api.call("POST", "/api/v1/permissions", {
        "user-id": reader_user["id"], "role": "READ", "scope": {"type": "namespace", "catalog_id": catalog, "namespace": "open"}})
    visit(reader, base_url, f"/ui/search?q={word}")
    assert total(reader) == 1 and hit_names(reader) == ["report"]
    assert hidden_name not in reader.page_source
    assert [item.find_element(By.TAG_NAME, "a").text for item in reader.find_elements(By.CSS_SELECTOR, "#facet-namespace li")] == ["open"]
    follow(reader, reader.find_element(By.CSS_SELECTOR, "#hits a.hit-name"))
    assert reader.find_element(By.ID, "asset-name").text == "report"
    assert not reader.find_elements(By.ID, "metadata-form"), "READ does not allow editing"
    assert len(graph_nodes(reader)) == 2
    placeholders = reader.find_elements(By.CSS_SELECTOR, "#lineage-graph g.node.hidden")
    assert len(placeholders) == 1
    assert placeholders[0].find_element(By.CSS_SELECTOR, "text.node-name").get_attribute("textContent") == "hidden asset"
    assert len(reader.find_elements(By.CSS_SELECTOR, "#lineage-graph a.node-link")) == 1, "only report itself is a link"
    assert graph_edge_labels(reader) == ["summarises"]
    source = reader.page_source
    assert hidden_name not in source and hidden["id"] not in source and "secret" not in source

    # The administrator, in a browser of their own, grants READ on `secret` through the form.
    admin = open_browser()
    ui_login(admin, base_url, ROOT_USER, ROOT_PASSWORD, path="/ui/admin/grants")
    admin.find_element(By.ID, "grant-principal").send_keys(reader_name)
    Select(admin.find_element(By.ID, "grant-role")).select_by_value("READ")
    Select(admin.find_element(By.ID, "grant-scope")).select_by_value("namespace")
    admin.find_element(By.ID, "grant-catalog").send_keys(catalog)
    admin.find_element(By.ID, "grant-namespace").send_keys("secret")
    submit(admin, (By.ID, "grant-submit"))
    assert path_of(admin) == "/ui/admin/grants"
    granted = [row.text for row in admin.find_elements(By.CSS_SELECTOR, "#grants tbody tr") if reader_name in row.text]
    assert any(f"namespace {catalog}.secret" in row and "READ" in row for row in granted), granted
    assert any(f"namespace {catalog}.open" in row for row in granted), granted

    # The reader reloads and now sees both, by name, in search and in the graph.
    reader.refresh()
    wait(reader).until(EC.presence_of_element_located((By.ID, "lineage-graph")))
    assert graph_node_names(reader) == sorted(["report", hidden_name])
    assert not reader.find_elements(By.CSS_SELECTOR, "#lineage-graph g.node.hidden")
    assert len(reader.find_elements(By.CSS_SELECTOR, "#lineage-graph a.node-link")) == 2
    visit(reader, base_url, f"/ui/search?q={word}")
    assert total(reader) == 2 and sorted(hit_names(reader)) == sorted(["report", hidden_name])
    follow(reader, reader.find_element(By.XPATH, f"//ol[@id='hits']//a[@class='hit-name' and text()='{hidden_name}']"))
    assert path_of(reader) == f"/ui/assets/{hidden['id']}"
    assert reader.find_element(By.ID, "asset-name").text == hidden_name


# --------------------------------------------------------------------------- 4. escaping and headers


XSS_NAME = "<img src=x onerror=alert(1)>"
XSS_DESCRIPTION = "</script><script>alert(1)</script>"
XSS_PROPERTY = "\"><svg onload=alert(2)>"


def assert_nothing_injected(driver: WebDriver) -> None:
    assert_no_alert(driver)
    assert not driver.find_elements(By.CSS_SELECTOR, "img[src='x'], main script, main svg[onload], [onerror], [onload]")
    scripts = [script.get_attribute("src") for script in driver.find_elements(By.TAG_NAME, "script")]
    assert scripts == [f"{urllib.parse.urlsplit(driver.current_url).scheme}://{urllib.parse.urlsplit(driver.current_url).netloc}/ui/static/ui.js"]


def test_hostile_names_are_shown_literally_never_run_and_pages_carry_security_headers(base_url, api, browser):
    word = search_word()
    catalog = api.catalog(["xss"])
    asset = api.asset(catalog, "xss", XSS_NAME, kind="CSV_TABLE", properties={"project": word, "note": XSS_PROPERTY})
    api.call("POST", f"/api/v1/assets/{asset['id']}/metadata", {"description": XSS_DESCRIPTION, "tags": [], "discoverable": False})
    assert asset["name"] == XSS_NAME

    ui_login(browser, base_url, ROOT_USER, ROOT_PASSWORD, path=f"/ui/assets/{asset['id']}")
    assert_nothing_injected(browser)
    assert browser.find_element(By.ID, "asset-name").text == XSS_NAME
    assert browser.find_element(By.ID, "asset-description").text == XSS_DESCRIPTION
    assert browser.find_element(By.ID, "description").get_attribute("value") == XSS_DESCRIPTION
    assert browser.title == f"{XSS_NAME} · Pangolin"
    properties = {row.find_element(By.TAG_NAME, "th").text: row.find_element(By.TAG_NAME, "td").text
                  for row in browser.find_elements(By.CSS_SELECTOR, "#properties tr")}
    assert properties["note"] == XSS_PROPERTY
    assert f"xss.{XSS_NAME}" in [code.text for code in browser.find_elements(By.CSS_SELECTOR, "ul.references code")]
    title = browser.find_element(By.CSS_SELECTOR, "#lineage-graph g.node.root title").get_attribute("textContent")
    assert title == f"{catalog}.xss.{XSS_NAME} (CSV_TABLE)"

    # In search results, found by another word and by its own name (which the page echoes back).
    visit(browser, base_url, f"/ui/search?q={word}")
    assert_nothing_injected(browser)
    assert hit_names(browser) == [XSS_NAME]
    assert browser.find_element(By.CSS_SELECTOR, "#hits p.description").text == XSS_DESCRIPTION
    # Spaces as %20: the pages do not read a "+" in a query string as a space (see the report).
    visit(browser, base_url, "/ui/search?" + urllib.parse.urlencode({"q": XSS_NAME}, quote_via=urllib.parse.quote))
    assert_nothing_injected(browser)
    assert browser.find_element(By.ID, "q").get_attribute("value") == XSS_NAME
    # A filter chip and an error message that repeat what the address says.
    visit(browser, base_url, "/ui/search?" + urllib.parse.urlencode({"prop": f"note={XSS_NAME}"}, quote_via=urllib.parse.quote))
    assert_nothing_injected(browser)
    assert [chip.text for chip in browser.find_elements(By.CSS_SELECTOR, "#filters a.chip")] == [f"note = {XSS_NAME} ✕"]
    visit(browser, base_url, "/ui/search?" + urllib.parse.urlencode({"kind": XSS_NAME}, quote_via=urllib.parse.quote))
    assert_nothing_injected(browser)
    assert error_heading(browser).startswith("400")
    assert f"unknown asset kind '{XSS_NAME}'" in browser.find_element(By.CSS_SELECTOR, "#error .message").text

    # The headers, on the login page and on a logged-in page.
    cookie = browser.get_cookie("pangolin_session")["value"]
    for path, headers in (("/ui/login", {}), (f"/ui/assets/{asset['id']}", {"Cookie": f"pangolin_session={cookie}"})):
        with urllib.request.urlopen(urllib.request.Request(base_url + path, headers=headers), timeout=10) as response:
            assert response.status == 200 and response.url.endswith(path)
            policy = response.headers["Content-Security-Policy"]
            assert policy, f"{path} has no Content-Security-Policy"
            assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
            directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
            assert directives["script-src"] == ["'self'"]
            assert directives["frame-ancestors"] == ["'none'"]
            assert response.headers["X-Frame-Options"] == "DENY"
            assert response.headers["X-Content-Type-Options"] == "nosniff"


# --------------------------------------------------------------------------- 5. CSRF and logout


CSRF_FIELD = re.compile(r'<input type="hidden" name="csrf" value="([^"]*)">')


def csrf_of(html: str) -> str:
    match = CSRF_FIELD.search(html)
    assert match and match.group(1), "the page has no CSRF field"
    return match.group(1)


def http_login(base_url: str, username: str = ROOT_USER, password: str = ROOT_PASSWORD) -> tuple[requests.Session, str]:
    """Logs in through the form with a cookie jar; returns the session and its pages' CSRF token."""
    http = requests.Session()
    page = http.get(f"{base_url}/ui/login", timeout=10)
    assert page.status_code == 200 and http.cookies.get("pangolin_login")
    form = {"csrf": csrf_of(page.text), "next": "/ui", "username": username, "password": password}
    logged_in = http.post(f"{base_url}/ui/login", data=form, allow_redirects=False, timeout=10)
    assert logged_in.status_code == 303 and logged_in.headers["Location"] == "/ui", logged_in.text
    assert http.cookies.get("pangolin_session")
    dashboard = http.get(f"{base_url}/ui", allow_redirects=False, timeout=10)
    assert dashboard.status_code == 200
    return http, csrf_of(dashboard.text)


def test_forms_without_the_sessions_csrf_token_are_refused_and_logout_revokes_the_session(base_url, api):
    catalog = api.catalog(["csrf"])
    asset = api.asset(catalog, "csrf", "ledger")
    tags_path = f"{base_url}/ui/assets/{asset['id']}/tags"

    # The login form itself needs the token of its login cookie.
    anonymous = requests.Session()
    anonymous.get(f"{base_url}/ui/login", timeout=10)
    refused = anonymous.post(f"{base_url}/ui/login", data={"username": ROOT_USER, "password": ROOT_PASSWORD},
                             allow_redirects=False, timeout=10)
    assert refused.status_code == 403 and not anonymous.cookies.get("pangolin_session")

    http, csrf = http_login(base_url)
    _, other_sessions_csrf = http_login(base_url)
    assert other_sessions_csrf != csrf

    for label, form in (
        ("no csrf field", {"name": "x", "version": "1"}),
        ("empty csrf", {"csrf": "", "name": "x", "version": "1"}),
        ("wrong csrf", {"csrf": "A" * len(csrf), "name": "x", "version": "1"}),
        ("another session's csrf", {"csrf": other_sessions_csrf, "name": "x", "version": "1"}),
    ):
        response = http.post(tags_path, data=form, allow_redirects=False, timeout=10)
        assert response.status_code == 403, f"{label}: {response.status_code}"
        assert 'id="error"' in response.text, label
        assert api.tags(asset["id"]) == {}, f"{label}: the tag was created anyway"

    accepted = http.post(tags_path, data={"csrf": csrf, "name": "x", "version": "1"}, allow_redirects=False, timeout=10)
    assert accepted.status_code == 303
    assert accepted.headers["Location"] == f"/ui/assets/{asset['id']}#tags"
    assert api.tags(asset["id"]) == {"x": 1}

    # Logging out needs the token too; then the old cookie (and its API token) no longer works.
    old_token = http.cookies.get("pangolin_session")
    assert http.post(f"{base_url}/ui/logout", data={}, allow_redirects=False, timeout=10).status_code == 403
    assert http.get(f"{base_url}/ui", allow_redirects=False, timeout=10).status_code == 200
    logged_out = http.post(f"{base_url}/ui/logout", data={"csrf": csrf}, allow_redirects=False, timeout=10)
    assert logged_out.status_code == 303 and logged_out.headers["Location"] == "/ui/login"
    assert "pangolin_session=;" in logged_out.headers["Set-Cookie"] and "Max-Age=0" in logged_out.headers["Set-Cookie"]

    replayed = requests.get(f"{base_url}/ui", cookies={"pangolin_session": old_token}, allow_redirects=False, timeout=10)
    assert replayed.status_code == 303
    assert replayed.headers["Location"] == "/ui/login?next=%2Fui"
    replayed_post = requests.post(tags_path, cookies={"pangolin_session": old_token}, data={"csrf": csrf, "name": "y"},
                                  allow_redirects=False, timeout=10)
    assert replayed_post.status_code == 303 and replayed_post.headers["Location"].startswith("/ui/login")
    assert api.tags(asset["id"]) == {"x": 1}
    me = requests.get(f"{base_url}/api/v1/users/me", headers={"Authorization": f"Bearer {old_token}"}, timeout=10)
    assert me.status_code == 401


# --------------------------------------------------------------------------- 6. screenshots


def screenshot_dir() -> Path:
    directory = Path(os.environ.get("UI_SCREENSHOT_DIR") or REPO_ROOT / ".build" / "ui-screenshots")
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def assert_png(path: Path) -> None:
    assert path.is_file(), f"{path} was not written"
    data = path.read_bytes()
    assert len(data) > len(PNG_SIGNATURE) and data.startswith(PNG_SIGNATURE), f"{path} is not a PNG"


def test_screenshots_of_the_search_page_the_asset_page_and_the_lineage_graph(base_url, browser, lineage_assets):
    directory = screenshot_dir()
    shots = {name: directory / f"{name}.png" for name in ("search", "asset", "lineage")}
    for path in shots.values():
        path.unlink(missing_ok=True)

    ui_login(browser, base_url, ROOT_USER, ROOT_PASSWORD, path="/ui/search")
    visit(browser, base_url, f"/ui/search?q={lineage_assets['word']}")
    assert total(browser) == 3
    assert browser.save_screenshot(str(shots["search"]))

    visit(browser, base_url, f"/ui/assets/{lineage_assets['features']['id']}")
    assert browser.find_element(By.ID, "asset-name").text == "features"
    assert browser.save_screenshot(str(shots["asset"]))

    graph = browser.find_element(By.ID, "lineage-graph")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", graph)
    assert graph.size["width"] > 0 and graph.size["height"] > 0
    assert graph.screenshot(str(shots["lineage"]))

    for path in shots.values():
        assert_png(path)
