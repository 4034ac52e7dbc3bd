"""End-to-end: the demo page in a real headless Chromium (Debian's, driven by Selenium).

Each flow leaves a screenshot in ``artifacts/screenshots/`` (``NUDGE_ARTIFACTS`` to move
it).  ``NUDGE_DOCS_SCREENSHOT=1`` also refreshes ``docs/server-demo.png``.  The tests skip
when Chromium, its driver or Selenium is missing, unless ``NUDGE_REQUIRE_BROWSER=1`` (set by
``.ci/run``), where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from . import _launch

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("NUDGE_ARTIFACTS", ROOT / "artifacts")) / "screenshots"


def _missing() -> str | None:
    for module in ("selenium", "starlette", "uvicorn"):
        try:
            __import__(module)
        except ImportError:
            return f"{module} is not installed (pip install 'nudge[server-test]')"
    for path in (CHROMIUM, DRIVER):
        if not Path(path).exists():
            return f"{path} is missing (apt-get install chromium chromium-driver)"
    return None


_WHY = _missing()
if _WHY and os.environ.get("NUDGE_REQUIRE_BROWSER") == "1":
    raise RuntimeError(_WHY)
pytestmark = pytest.mark.skipif(_WHY is not None, reason=_WHY or "")

if _WHY is None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_launch.Server]:
    s = _launch.start(tmp_path_factory.mktemp("browser") / "demo.db")
    yield s
    s.stop()


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                "--window-size=1280,900", "--lang=en-US"):  # fmt: skip
        options.add_argument(arg)
    d = webdriver.Chrome(service=Service(DRIVER), options=options)
    yield d
    d.quit()


def _open(driver: Any, server: _launch.Server, lang: str = "en") -> Any:
    driver.get(f"{server.url}/?lang={lang}")
    wait = WebDriverWait(driver, 15)
    wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready"))
    return wait


def _post(driver: Any, text: str) -> None:
    box = driver.find_element(By.ID, "comment-input")
    box.clear()
    box.send_keys(text)
    driver.find_element(By.ID, "post").click()


def _shot(driver: Any, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


def _dialog(wait: Any) -> Any:
    return wait.until(ec.visibility_of_element_located((By.ID, "prompt")))


def _texts(driver: Any, selector: str) -> list[str]:
    # Read in one script: the lists are re-rendered while the test waits on them.
    script = "return Array.from(document.querySelectorAll(arguments[0]), e => e.textContent)"
    texts: list[str] = driver.execute_script(script, selector)
    return texts


def _thread_texts(driver: Any) -> list[str]:
    return _texts(driver, "#thread .text")


def _reset_settings(server: _launch.Server, policies: list[dict[str, Any]]) -> None:
    every = [*policies, {"type": "offensive_filter", "threshold": 0.5, "action": "hold"}]
    status, _ = server.call("PUT", "/v1/creators/demo-creator/settings",
                            {"version": 1, "policies": every})  # fmt: skip
    assert status == 200


def test_a_kind_comment_appears(driver: Any, server: _launch.Server) -> None:
    _reset_settings(server, [])
    wait = _open(driver, server)
    _post(driver, "Thanks, this really helped me!")
    wait.until(lambda d: "Thanks, this really helped me!" in _thread_texts(d))
    assert driver.find_element(By.ID, "status").text == "Your comment is posted."
    assert not driver.find_element(By.ID, "prompt").is_displayed()
    _shot(driver, "01-kind-comment")


def test_offensive_comment_prompt_edit_disguised_then_kind(
    driver: Any, server: _launch.Server
) -> None:
    _reset_settings(server, [])
    wait = _open(driver, server)
    _post(driver, "you are an idiot")
    dialog = _dialog(wait)
    marks = [m.text for m in dialog.find_elements(By.CSS_SELECTOR, "#prompt-comment mark")]
    assert marks == ["idiot"]
    buttons = [b.text for b in dialog.find_elements(By.CSS_SELECTOR, "#prompt-actions button")]
    assert buttons == ["Edit", "Post anyway", "Delete"]
    link = driver.find_element(By.ID, "guidelines")
    assert link.text == "Community Guidelines" and link.get_attribute("href").endswith(
        "/static/guidelines.html"
    )
    _shot(driver, "02-reconsider-prompt")
    if os.environ.get("NUDGE_DOCS_SCREENSHOT") == "1":
        shutil.copyfile(ARTIFACTS / "02-reconsider-prompt.png", ROOT / "docs" / "server-demo.png")

    dialog.find_element(By.CSS_SELECTOR, '[data-action="edit"]').click()
    wait.until(ec.invisibility_of_element_located((By.ID, "prompt")))
    _post(driver, "you are an id1ot")
    dialog = _dialog(wait)
    verdict = driver.find_element(By.ID, "prompt-verdict")
    wait.until(lambda d: verdict.text)
    assert "disguised" in verdict.text and "idiot" in verdict.text
    assert [m.text for m in dialog.find_elements(By.CSS_SELECTOR, "#prompt-comment mark")] == [
        "id1ot"
    ]
    _shot(driver, "03-disguised-edit")

    dialog.find_element(By.CSS_SELECTOR, '[data-action="edit"]').click()
    wait.until(ec.invisibility_of_element_located((By.ID, "prompt")))
    _post(driver, "I see it differently, but thanks for the video")
    wait.until(lambda d: "I see it differently, but thanks for the video" in _thread_texts(d))
    assert "you are an idiot" not in _thread_texts(driver)
    _shot(driver, "04-kind-edit-posted")


def test_french_threat_shows_3018(driver: Any, server: _launch.Server) -> None:
    _reset_settings(server, [])
    wait = _open(driver, server, "fr")
    assert driver.find_element(By.ID, "post").text == "Publier"
    _post(driver, "je vais te tuer")
    dialog = _dialog(wait)
    resources = driver.find_element(By.ID, "prompt-resources")
    assert resources.is_displayed() and "3018" in resources.text
    labels = [
        b.text for b in dialog.find_elements(By.CSS_SELECTOR, "#prompt-actions [data-action]")
    ]
    assert "Modifier" in labels and "Supprimer" in labels
    _shot(driver, "05-fr-threat-3018")
    dialog.find_element(By.CSS_SELECTOR, '[data-action="delete"]').click()
    wait.until(lambda d: "Commentaire supprimé" in d.find_element(By.ID, "status").text)


def test_self_harm_incitement_in_french_shows_support(driver: Any, server: _launch.Server) -> None:
    wait = _open(driver, server, "fr")
    _post(driver, "va te pendre")
    _dialog(wait)
    resources = driver.find_element(By.ID, "prompt-resources").text
    assert "3114" in resources and "3018" in resources
    _shot(driver, "06-fr-self-harm-support")


def test_markup_is_inert_text(driver: Any, server: _launch.Server) -> None:
    _reset_settings(server, [])
    wait = _open(driver, server)
    attack = "<img src=x onerror=alert(1)>"
    _post(driver, attack)
    wait.until(lambda d: attack in _thread_texts(d))
    assert driver.find_elements(By.CSS_SELECTOR, "#thread img") == []
    assert driver.execute_script("return document.querySelectorAll('img[src=\"x\"]').length") == 0
    alerts = ec.alert_is_present()(driver)
    assert alerts is False
    _shot(driver, "07-markup-inert")


def test_post_anyway_waits_for_approval(driver: Any, server: _launch.Server) -> None:
    _reset_settings(server, [])
    wait = _open(driver, server)
    _post(driver, "shut up you moron")
    dialog = _dialog(wait)
    dialog.find_element(By.CSS_SELECTOR, '[data-action="post_anyway"]').click()
    wait.until(lambda d: "waiting for the creator" in d.find_element(By.ID, "status").text)
    queue = _texts(driver, "#queue .text")
    assert "shut up you moron" in queue
    assert driver.find_element(By.ID, "stat-posted").text != "0"


def test_filter_all_from_the_panel(driver: Any, server: _launch.Server) -> None:
    _reset_settings(server, [])
    wait = _open(driver, server)
    driver.find_element(By.ID, "filter-all").click()
    driver.find_element(By.ID, "keywords").send_keys("spoiler")
    driver.find_element(By.ID, "save-settings").click()
    wait.until(lambda d: d.find_element(By.ID, "settings-status").text == "Settings saved.")
    settings = server.call("GET", "/v1/creators/demo-creator/settings")[1]["settings"]
    assert [p["type"] for p in settings["policies"]] == [
        "filter_all", "keyword_filter", "offensive_filter",
    ]  # fmt: skip
    _post(driver, "lovely colours in this one")
    wait.until(lambda d: "waiting for the creator" in d.find_element(By.ID, "status").text)
    _shot(driver, "08-filter-all")
    # The hidden word wins over filter-all (hide is more restrictive than hold).
    _post(driver, "sp0iler: he dies at the end")
    wait.until(lambda d: "visible only to you" in d.find_element(By.ID, "status").text)


def test_bulk_approve_takes_exactly_100_of_120(driver: Any, server: _launch.Server) -> None:
    _reset_settings(server, [{"type": "filter_all"}])
    for comment in server.call("GET", "/v1/creators/demo-creator/comments?status=pending")[1][
        "comments"
    ]:
        server.call("POST", "/v1/creators/demo-creator/bulk",
                    {"action": "delete", "ids": [comment["id"]]})  # fmt: skip
    for i in range(120):
        body = {
            "creator_id": "demo-creator",
            "comment": {"id": f"held-{i:03d}", "text": f"comment number {i}",
                        "author_id": f"fan{i % 7}", "thread_id": "video-1"},
        }  # fmt: skip
        assert server.call("POST", "/v1/decide", body)[1]["stored"] == "pending"
    wait = _open(driver, server)
    assert driver.find_element(By.ID, "queue-count").text == "120"
    driver.find_element(By.ID, "select-all").click()
    driver.find_element(By.ID, "bulk-approve").click()
    status = driver.find_element(By.ID, "bulk-status")
    wait.until(lambda d: status.text)
    assert status.text.startswith("100 of 100 comments approved, 0 skipped, 0 failed.")
    assert "20 more were selected: at most 100 at a time" in status.text
    wait.until(lambda d: d.find_element(By.ID, "queue-count").text == "20")
    thread = _thread_texts(driver)
    assert "comment number 0" in thread and "comment number 99" in thread
    assert "comment number 100" not in thread
    _shot(driver, "09-bulk-100-of-120")
    driver.find_element(By.ID, "select-all").click()
    driver.find_element(By.ID, "bulk-delete").click()
    wait.until(lambda d: d.find_element(By.ID, "queue-count").text == "0")
    assert status.text.startswith("20 of 20 comments deleted")
