"""Builds web/public/static from the npm packages in web/node_modules:

- the rasa-webchat standalone bundle, with its web-font URL pointed at the
  locally hosted copy (the page loads nothing from other hosts);
- the Inter font files and a small stylesheet for them.

Fails loudly if the bundle still names a third-party font host afterwards.
"""
from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

WEB = Path(__file__).resolve().parent.parent / "web"
MODULES = WEB / "node_modules"
STATIC = WEB / "public" / "static"
FONT_URL = re.compile(r"https://fonts\.googleapis\.com/css\?family=[^)\"']*")
LOCAL_FONT_CSS = "/static/fonts/inter.css"
WEIGHTS = (400, 500, 700)


def build_bundle() -> None:
    source = (MODULES / "rasa-webchat" / "lib" / "index.js").read_text(encoding="utf-8")
    patched, count = FONT_URL.subn(LOCAL_FONT_CSS, source)
    if count == 0 or "fonts.googleapis" in patched or "fonts.gstatic" in patched:
        sys.exit("rasa-webchat bundle: the font URL patch did not apply; check the package version")
    (STATIC / "vendor").mkdir(parents=True, exist_ok=True)
    (STATIC / "vendor" / "webchat.js").write_text(patched, encoding="utf-8")
    print(f"webchat bundle: {count} font imports now point at {LOCAL_FONT_CSS}")


def build_fonts() -> None:
    target = STATIC / "fonts"
    target.mkdir(parents=True, exist_ok=True)
    rules = []
    for weight in WEIGHTS:
        name = f"inter-latin-{weight}-normal.woff2"
        shutil.copy(MODULES / "@fontsource" / "inter" / "files" / name, target / name)
        rules.append(
            "@font-face{font-family:'Inter';font-style:normal;font-display:swap;"
            f"font-weight:{weight};src:url(/static/fonts/{name}) format('woff2');}}"
        )
    (target / "inter.css").write_text("\n".join(rules) + "\n", encoding="utf-8")


if __name__ == "__main__":
    build_bundle()
    build_fonts()
