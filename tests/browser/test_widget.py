"""The chat widget in a real browser: greeting, answers, buttons, follow-ups,
reload, keyboard, phone size, no third parties, and no markup executed."""
import pytest

from assistant.knowledge import load_knowledge
from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.system
XSS = "<img src=x onerror=alert(1)>"
UNSAFE_PAGE = """<!doctype html><html><body>
<input id="box"><button id="send">Send</button><div id="log"></div>
<script>
document.getElementById('send').onclick = function () {
  // Deliberately unsafe: renders the person's text as markup.
  document.getElementById('log').innerHTML += '<p>' + document.getElementById('box').value + '</p>';
};
</script></body></html>"""


def passage_start(passage_id):
    return load_knowledge().passage(passage_id).text[:40]


def responses(page):
    return page.locator(".rw-response")


def wait_for_text(page, text, timeout=20000):
    try:
        page.locator(".rw-response", has_text=text).first.wait_for(timeout=timeout)
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "failure.png"))
        shown = [r.inner_text()[:60] for r in page.locator(".rw-response").all()]
        raise AssertionError(f"no answer containing {text!r}; the widget shows {shown}")


def ask(page, text):
    box = page.locator(".rw-new-message")
    box.fill(text)
    box.press("Enter")


def open_chat(page, url):
    page.goto(url)
    page.locator(".rw-launcher").click()
    wait_for_text(page, "not medical advice")


def watch(page):
    """Records every host the page talks to and every alert it raises."""
    seen = {"hosts": set(), "alerts": 0}
    page.on("request", lambda request: seen["hosts"].add(request.url.split("/")[2]))

    def on_dialog(dialog):
        seen["alerts"] += 1
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return seen


def test_conversation_buttons_follow_up_and_reload(site, browser, artifacts):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    seen = watch(page)
    open_chat(page, site.page_url)
    ask(page, "what is MRD?")
    wait_for_text(page, passage_start("mrd_overview"))
    page.locator(".rw-reply", has_text="How is MRD tested?").last.click()
    wait_for_text(page, passage_start("mrd_testing"))
    ask(page, "how will it affect my treatment?")
    wait_for_text(page, passage_start("mrd_treatment"))
    page.screenshot(path=str(artifacts / "widget-desktop.png"))
    count = responses(page).count()

    page.reload()
    page.locator(".rw-launcher").wait_for()
    page.wait_for_timeout(1500)  # the widget restores its open/closed state from storage
    if not page.locator(".rw-conversation-container").is_visible():
        page.locator(".rw-launcher").click()
    wait_for_text(page, passage_start("mrd_treatment"))
    assert responses(page).count() >= count
    assert seen["hosts"] <= {f"localhost:{site.web_port}", f"localhost:{site.rasa_port}"}, seen["hosts"]
    context.close()


def test_the_markup_check_fires_on_an_unsafe_page(browser):
    page = browser.new_page()
    seen = watch(page)
    page.set_content(UNSAFE_PAGE)
    page.fill("#box", XSS)
    page.click("#send")
    page.wait_for_timeout(500)
    assert seen["alerts"] == 1
    page.close()


def test_markup_from_the_person_is_never_run(site, browser):
    page = browser.new_page()
    seen = watch(page)
    open_chat(page, site.page_url)
    ask(page, XSS)
    page.locator(".rw-response").nth(2).wait_for(timeout=20000)
    page.wait_for_timeout(500)
    assert seen["alerts"] == 0
    assert page.locator("img[src='x']").count() == 0
    page.close()


def test_keyboard_only(site, browser):
    page = browser.new_page()
    page.goto(site.page_url)
    page.locator(".rw-launcher").wait_for()  # the widget renders after the page loads
    for _ in range(30):  # tab through the page to the chat button
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.className").find("rw-launcher") >= 0:
            break
    assert page.evaluate("document.activeElement.className").find("rw-launcher") >= 0, "the chat button takes no focus"
    page.keyboard.press("Enter")
    wait_for_text(page, "not medical advice")
    page.locator(".rw-reply").first.wait_for()
    page.locator(".rw-reply", has_text="What is MRD?").focus()
    page.keyboard.press("Enter")
    wait_for_text(page, passage_start("mrd_overview"))
    page.close()


def test_phone_size(site, browser, artifacts):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    open_chat(page, site.page_url)
    ask(page, "what does cd19 positive mean")
    wait_for_text(page, passage_start("marker_cd19"))
    box = page.locator(".rw-new-message").bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390 and box["y"] + box["height"] <= 844
    page.screenshot(path=str(artifacts / "widget-phone.png"))
    context.close()


REPORT = ("Karyotype: 55,XY,+4,+6,+10,+14,+17,+18,+21,+21[15]\n"
          "FISH: BCR::ABL1 not detected; KMT2A break-apart negative\n"
          "Flow: CD19+, CD10+, TdT+")


def test_a_pasted_report_leaves_a_summary_to_copy_and_print(site, browser, artifacts):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=f"http://localhost:{site.web_port}")
    page = context.new_page()
    page.add_init_script("window.__printed = 0; window.print = function () { window.__printed += 1; };")
    open_chat(page, site.page_url)
    ask(page, REPORT)
    page.locator("#summary:not([hidden])").wait_for(timeout=30000)
    summary = page.locator("#summary-text").inner_text()
    assert "high hyperdiploidy" in summary and "Questions to ask your care team" in summary
    assert "BCR::ABL1" not in summary.split("Questions to ask")[0]  # a negative is never listed as linked
    page.click("#copy-summary")
    page.locator("#summary-status", has_text="Copied").wait_for(timeout=5000)
    assert page.evaluate("navigator.clipboard.readText()") == summary
    page.click("#print-summary")
    assert page.evaluate("window.__printed") == 1
    page.screenshot(path=str(artifacts / "widget-summary.png"))
    context.close()


def test_a_spanish_conversation_through_the_language_switch(site, browser, artifacts):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="es-US")
    page = context.new_page()
    page.goto(site.page_url)
    page.click("button.lang[data-lang=es]")
    page.locator("button.lang[data-lang=es][aria-pressed=true]").wait_for(timeout=10000)
    page.locator(".rw-launcher").click()
    wait_for_text(page, "no consejo médico")  # the opening note, in Spanish
    ask(page, "que significa ERM negativa?")
    wait_for_text(page, "EMR")
    ask(page, "mi hijo tiene 39 de fiebre y esta en quimio")
    wait_for_text(page, "Llame")
    page.screenshot(path=str(artifacts / "widget-spanish.png"))
    context.close()
