"""Serves the web page with the chat widget (make serve / make run), with a
Content-Security-Policy that lets the page talk only to itself and to the
assistant's socket.io endpoint. Standard library only.

Environment: WEB_PORT (8080), SOCKET_URL (http://localhost:RASA_PORT).
"""
from __future__ import annotations

import json
import mimetypes
import os
import sys
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

PUBLIC = Path(__file__).resolve().parent / "public"


def socket_url() -> str:
    return os.environ.get("SOCKET_URL") or f"http://localhost:{os.environ.get('RASA_PORT', '5005')}"


def content_security_policy(socket: str) -> str:
    parts = urlsplit(socket)
    ws = f"{'wss' if parts.scheme == 'https' else 'ws'}://{parts.netloc}"
    return (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self' data:; "
        f"img-src 'self' data:; connect-src 'self' {parts.scheme}://{parts.netloc} {ws}; "
        "frame-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
    )


class PageHandler(SimpleHTTPRequestHandler):
    """Static files from web/public, /config.js from the environment, and
    security headers on every answer."""

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", content_security_policy(socket_url()))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        if urlsplit(self.path).path == "/config.js":
            body = f"window.GUIDE_CONFIG = {json.dumps({'socketUrl': socket_url()})};\n".encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/javascript; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def log_message(self, format: str, *args) -> None:  # quiet: one line per request on stderr
        sys.stderr.write("web: %s\n" % (format % args))


def main() -> None:
    mimetypes.add_type("font/woff2", ".woff2")
    port = int(os.environ.get("WEB_PORT", "8080"))
    server = ThreadingHTTPServer(("0.0.0.0", port), partial(PageHandler, directory=str(PUBLIC)))
    print(f"web page on http://localhost:{port}/ (socket {socket_url()})", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
