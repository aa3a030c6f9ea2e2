"""The inspector's page in a real browser: headless Chromium driven by Selenium (tests/tools/browser.py installs
Debian's chromium and chromium-driver when missing). The page's own test client connects and its connection
appears; a message shows in the timeline with its route and latency; "Send" reaches a client; "Disconnect" closes
it and $disconnect runs exactly once; an authorizer's denial is a 403 CONNECT event. The run saves the screenshot
the README shows (docs/inspector.png)."""

import json
import time
from pathlib import Path

import pytest
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait
from websockets.exceptions import ConnectionClosed

from tests import tools
from tests.inspector import PREFIX, authorized_app, events
from tests.tools import browser

SCREENSHOT = Path(__file__).resolve().parents[1] / "docs" / "inspector.png"
WAIT = 30


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    try:
        instance = browser.new_driver(str(tmp_path_factory.mktemp("chromium-profile")))
    except tools.ToolsUnavailable as error:
        pytest.fail(f"headless Chromium cannot be installed: {error}")
    instance.set_window_size(1400, 1300)
    yield instance
    instance.quit()


@pytest.fixture(scope="module")
def app(localstack):
    return authorized_app(localstack)


@pytest.fixture(scope="module")
def page(localstack, app, driver):
    # localhost: LocalStack answers browsers only from its allowed origins (docs/inspector.md), not 127.0.0.1
    driver.get(f"http://localhost:{localstack.port}{PREFIX}/")
    wait_for(driver, lambda d: d.find_element(By.ID, "stream-status").get_attribute("data-state") == "live")
    return driver


def wait_for(driver, condition, timeout: float = WAIT, what: str = ""):
    try:
        # the page re-renders its tables as events come: an element found a moment ago may be gone
        return WebDriverWait(
            driver, timeout, poll_frequency=0.1, ignored_exceptions=(StaleElementReferenceException,)
        ).until(condition)
    except TimeoutException:
        logs = driver.get_log("browser") if hasattr(driver, "get_log") else []
        raise AssertionError(f"timed out waiting for {what or condition}; browser log: {logs}") from None


def rows(driver, css: str):
    return driver.find_elements(By.CSS_SELECTOR, css)


def click(driver, css: str) -> None:
    """Clicks the element ``css`` names, found again if the page re-rendered it meanwhile."""

    def clicked(d):
        d.find_element(By.CSS_SELECTOR, css).click()
        return True

    wait_for(driver, clicked, what=f"a click on {css}")


def connect_test_client(driver, app, query: str) -> None:
    Select(driver.find_element(By.ID, "client-stage")).select_by_value(
        f"/_aws/execute-api/{app.api_id}/{app.stage}"
    )
    field = driver.find_element(By.ID, "client-query")
    field.clear()
    field.send_keys(query)
    driver.find_element(By.ID, "client-connect").click()


def test_every_control_has_a_label_and_both_color_schemes_read(page):
    unlabeled = page.execute_script(
        "return [...document.querySelectorAll('input, select, textarea')]"
        ".filter(e => e.labels.length === 0 && !e.getAttribute('aria-label')).map(e => e.id)"
    )
    assert unlabeled == []
    assert page.find_element(By.ID, "stream-status").get_attribute("role") == "status"
    assert page.find_element(By.ID, "filters").get_attribute("role") == "search"
    backgrounds = {}
    for scheme in ("light", "dark"):
        page.execute_cdp_cmd(
            "Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]}
        )
        backgrounds[scheme] = page.execute_script(
            "const s = getComputedStyle(document.body); return [s.backgroundColor, s.color]"
        )
    page.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
    assert backgrounds["light"] == ["rgb(255, 255, 255)", "rgb(27, 29, 33)"]
    assert backgrounds["dark"] == ["rgb(21, 23, 27)", "rgb(230, 232, 235)"]


def test_the_api_is_listed_with_its_stage_and_routes(page, app):
    api = wait_for(
        page, lambda d: d.find_element(By.CSS_SELECTOR, f"details.api[data-api-id='{app.api_id}']")
    )
    routes = [row.get_attribute("data-route") for row in api.find_elements(By.CSS_SELECTOR, "tr[data-route]")]
    assert routes == ["$connect", "$default", "$disconnect", "mock"]
    connect = api.find_element(By.CSS_SELECTOR, "tr[data-route='$connect']").text
    assert "AWS_PROXY" in connect and "CUSTOM: token-authorizer" in connect
    assert api.find_element(By.CSS_SELECTOR, "tr[data-stage='dev']").text.startswith("dev")


def test_the_test_client_connects_and_its_message_shows_in_the_timeline(page, app):
    connect_test_client(page, app, "token=allow")
    wait_for(page, lambda d: d.find_element(By.ID, "client-state").text == "open", what="the client to open")
    # (id, text) read at once: the page re-renders the table as events come
    connection_id, text = wait_for(
        page,
        lambda d: next(
            (
                (r.get_attribute("data-connection-id"), r.text)
                for r in rows(d, "#connection-table tbody tr")
                if "HeadlessChrome" in r.text and app.api_id in r.text
            ),
            None,
        ),
        what="the test client's connection",
    )
    assert "user-allow" in text  # the authorizer's principal
    frame = page.find_element(By.ID, "client-frame")
    frame.clear()
    frame.send_keys('{"action": "mock"}')
    page.find_element(By.ID, "client-send").click()
    wait_for(
        page,
        lambda d: any(
            li.text == '← {"mocked": "mock"}' for li in rows(d, "#client-log li[data-direction='in']")
        ),
        what="the reply in the client's log",
    )
    message = wait_for(
        page,
        lambda d: next(
            iter(rows(d, f"#timeline-table tr[data-type='MESSAGE'][data-connection-id='{connection_id}']")),
            None,
        ),
        what="the MESSAGE row",
    )
    assert message.get_attribute("data-route") == "mock"
    assert message.find_element(By.CSS_SELECTOR, "td.route").text == "mock"
    latency = message.find_element(By.CSS_SELECTOR, "td.latency").text
    assert latency.endswith(" ms") and float(latency[:-3]) > 0
    assert message.find_element(By.CSS_SELECTOR, "td.status").text == "200"
    # the connection's counters went up, live
    wait_for(
        page,
        lambda d: (
            d.find_element(By.CSS_SELECTOR, f"tr[data-connection-id='{connection_id}'] td.in").text
            == "1 / 18 B"
        ),
        what="the connection's counters",
    )


def test_send_reaches_the_client_and_disconnect_runs_disconnect_once(localstack, page, app):
    app.drain()
    with app.connect("token=allow", user_agent_header="python-client/1") as ws:
        connection_id = wait_for(
            page,
            lambda d: next(
                (
                    r.get_attribute("data-connection-id")
                    for r in rows(d, "#connection-table tbody tr")
                    if "python-client/1" in r.text
                ),
                None,
            ),
            what="the Python client's connection",
        )
        click(page, f"tr[data-connection-id='{connection_id}'] button[data-action='select']")
        assert Select(page.find_element(By.ID, "send-connection")).first_selected_option.get_attribute(
            "value"
        ) == (connection_id)
        data = page.find_element(By.ID, "send-data")
        assert page.switch_to.active_element == data  # "Send…" moved the focus to the message
        data.send_keys("hello from the page")
        page.find_element(By.ID, "send-button").click()
        try:
            received = ws.recv(timeout=20)
        except TimeoutError:
            raise AssertionError(
                f"nothing arrived; page says {page.find_element(By.ID, 'error-message').text!r}; "
                f"browser log: {page.get_log('browser')}"
            ) from None
        assert received == "hello from the page"
        post = wait_for(
            page,
            lambda d: next(
                iter(rows(d, f"#timeline-table tr[data-type='POST'][data-connection-id='{connection_id}']")),
                None,
            ),
            what="the POST row",
        )
        assert "inspector" in post.find_element(By.CSS_SELECTOR, "td.type").text
        assert post.get_attribute("data-status") == "200"

        wait_for(
            page,
            lambda d: (
                d.find_element(By.CSS_SELECTOR, f"tr[data-connection-id='{connection_id}'] td.out").text
                == "1 / 19 B"
            ),
            what="the pushed message in the connection's counters",
        )
        page.set_window_size(1400, 2100)  # the whole page, timeline included
        SCREENSHOT.parent.mkdir(exist_ok=True)
        page.save_screenshot(str(SCREENSHOT))
        page.set_window_size(1400, 1300)

        # keyboard: focus the row's Disconnect button and press Enter
        disconnect = f"tr[data-connection-id='{connection_id}'] button[data-action='disconnect']"

        def pressed(d):
            d.execute_script("document.querySelector(arguments[0]).focus()", disconnect)
            d.switch_to.active_element.send_keys(Keys.ENTER)
            return True

        wait_for(page, pressed, what="Enter on Disconnect")
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=20)
        assert (closed.value.rcvd.code, closed.value.rcvd.reason) == (1000, "Connection Closed Normally")
    wait_for(
        page,
        lambda d: not rows(d, f"#connection-table tr[data-connection-id='{connection_id}']"),
        what="the row to go",
    )
    records = app.events(2, connection_id=connection_id)
    types = [r["event"]["requestContext"]["eventType"] for r in records]
    assert types == ["CONNECT", "DISCONNECT"]
    assert records[1]["event"]["requestContext"]["disconnectStatusCode"] == 1000
    assert app.no_more_events()  # exactly once
    assert [e["type"] for e in events(localstack, connection=connection_id, type="DISCONNECT")] == [
        "DISCONNECT"
    ]


def test_an_authorizer_denial_is_a_403_connect_event(page, app):
    page.find_element(By.ID, "client-close").click()
    wait_for(
        page, lambda d: d.find_element(By.ID, "client-state").text == "closed", what="the client to close"
    )
    connect_test_client(page, app, "token=deny")
    wait_for(
        page,
        lambda d: any(
            "refused handshake" in li.text for li in rows(d, "#client-log li[data-direction='error']")
        ),
        what="the refusal in the client's log",
    )
    denied = wait_for(
        page,
        lambda d: next(
            (
                r
                for r in rows(d, "#timeline-table tr[data-type='CONNECT'][data-status='403']")
                if app.api_id in r.text
            ),
            None,
        ),
        what="the 403 CONNECT row",
    )
    assert "error" in denied.get_attribute("class").split()
    assert "AccessDenied: Forbidden" in denied.find_element(By.CSS_SELECTOR, "td.payload").text
    # the filter "errors only" keeps it and hides the successful events
    page.find_element(By.ID, "filter-errors").click()
    shown = rows(page, "#timeline-table tbody tr")
    assert shown and all("error" in r.get_attribute("class").split() for r in shown)
    page.find_element(By.ID, "filter-errors").click()


def test_filters_narrow_the_timeline(page, app):
    Select(page.find_element(By.ID, "filter-type")).select_by_value("MESSAGE")
    route = page.find_element(By.ID, "filter-route")
    route.send_keys("mock")
    shown = rows(page, "#timeline-table tbody tr")
    assert shown and {(r.get_attribute("data-type"), r.get_attribute("data-route")) for r in shown} == {
        ("MESSAGE", "mock")
    }
    route.clear()
    route.send_keys("nothing-matches")
    assert rows(page, "#timeline-table tbody tr") == []
    route.clear()
    route.send_keys(" ")
    Select(page.find_element(By.ID, "filter-type")).select_by_value("")
    time.sleep(0.2)
    assert len(rows(page, "#timeline-table tbody tr")) >= 5
    assert json.loads(page.execute_script("return JSON.stringify(state.events.length)")) >= 5
