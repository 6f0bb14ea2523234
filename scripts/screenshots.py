"""Screenshot basemap pages at the sizes readers use, for looking at them.

Usage::

    python3 scripts/screenshots.py PAGE.html [PAGE.html ...] [-o FOLDER]

Each page is opened offline (every request that is not ``file:`` or
``data:`` is blocked) in headless Chromium at a phone (390x844), an article
column (680x480), a small laptop (1024x640) and a desktop (1280x800), and
shot once the map sets ``data-basemap-ready``. The PNG files are named
``{page}-{width}x{height}.png``. A development aid: the layout rules
themselves are tested by ``tests/test_layout.py``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

SIZES = [(390, 844), (680, 480), (1024, 640), (1280, 800)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="+", type=Path)
    parser.add_argument("-o", "--output", type=Path, default=Path("output/shots"))
    parser.add_argument(
        "--size", action="append", help="WxH (repeatable); default: the four above"
    )
    parser.add_argument("--fragment", default="", help="address fragment, e.g. 2005")
    args = parser.parse_args()
    from basemap.figures.browser import launch

    sizes = (
        [tuple(int(v) for v in s.split("x")) for s in args.size] if args.size else SIZES
    )
    args.output.mkdir(parents=True, exist_ok=True)
    with launch() as browser:
        for w, h in sizes:
            context = browser.new_context(viewport={"width": w, "height": h})
            context.route(
                "**/*",
                lambda route: (
                    route.continue_()
                    if route.request.url.startswith(("file:", "data:"))
                    else route.abort()
                ),
            )
            page = context.new_page()
            page.on("console", lambda m: print("console:", m.text))
            page.on("pageerror", lambda e: print("error:", e))
            for path in args.pages:
                url = path.resolve().as_uri()
                if args.fragment:
                    url += "#" + args.fragment
                page.goto(url)
                page.wait_for_function(  # a map page says when it is drawn
                    "() => !document.querySelector('.folium-map') || "
                    "document.querySelector('[data-basemap-ready=true]')",
                    timeout=30_000,
                )
                page.wait_for_timeout(100)
                out = args.output / f"{path.stem}-{w}x{h}.png"
                page.screenshot(path=str(out))
                print(out)
            context.close()


if __name__ == "__main__":
    main()
