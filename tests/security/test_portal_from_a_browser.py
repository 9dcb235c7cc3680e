"""The portal channel from a browser: a real CORS preflight is answered for
allowed origins only, and a portal page on its own origin (Chromium) gets a
token from its backend (the reference client) and chats through the portal."""
import json
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from scripts.portal_client import WEBHOOK, make_token
from tests.security.conftest import PAGE_ORIGIN, PAGE_PORT, PORTAL_ORIGIN, SECRET, new_subject

pytestmark = pytest.mark.system


def headers_of(servers, origin):
    """Status and headers of a real CORS preflight, as a browser sends it."""
    request = urllib.request.Request(servers.base + WEBHOOK, method="OPTIONS", headers={
        "Origin": origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type"})
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:
            return reply.status, dict(reply.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


def test_preflight_is_answered_for_allowed_origins_only(secured):
    status, headers = headers_of(secured, PORTAL_ORIGIN)
    assert status == 204
    assert headers["Access-Control-Allow-Origin"] == PORTAL_ORIGIN
    assert "authorization" in headers["Access-Control-Allow-Headers"].lower()
    assert "POST" in headers["Access-Control-Allow-Methods"]
    status, headers = headers_of(secured, "https://evil.example")
    assert status == 403 and "Access-Control-Allow-Origin" not in headers


PAGE = """<!doctype html><meta charset="utf-8"><title>Portal</title>
<p id="reply">waiting</p>
<script>
(async () => {
  const token = (await (await fetch("/token")).json()).token;
  const reply = await fetch("%(webhook)s", {
    method: "POST",
    headers: {"Authorization": "Bearer " + token, "Content-Type": "application/json"},
    body: JSON.stringify({message: "what is MRD?"}),
  });
  const answers = await reply.json();
  document.getElementById("reply").textContent = reply.status + " " +
    answers.map(a => (a.custom || {}).passage_id || "").join(" ");
})().catch(error => { document.getElementById("reply").textContent = "failed " + error; });
</script>"""


class PortalPage(BaseHTTPRequestHandler):
    """The portal: a page, and its backend's token endpoint (reference client)."""

    webhook = ""

    def do_GET(self):
        if self.path == "/token":
            body = json.dumps({"token": make_token(SECRET, new_subject())}).encode()
            kind = "application/json"
        else:
            body = (PAGE % {"webhook": self.webhook}).encode()
            kind = "text/html; charset=utf-8"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_a_portal_page_on_its_own_origin_chats_through_the_portal(secured, browser):
    PortalPage.webhook = secured.base + WEBHOOK
    page_server = ThreadingHTTPServer(("127.0.0.1", PAGE_PORT), PortalPage)
    threading.Thread(target=page_server.serve_forever, daemon=True).start()
    try:
        page = browser.new_page()
        methods = []
        page.on("request", lambda request: methods.append((request.method, request.url)))
        page.goto(PAGE_ORIGIN + "/")
        page.wait_for_function("document.getElementById('reply').textContent !== 'waiting'", timeout=30000)
        text = page.locator("#reply").text_content()
        page.close()
    finally:
        page_server.shutdown()
    assert text.startswith("200") and "mrd_overview" in text, text
    assert ("POST", secured.base + WEBHOOK) in methods
