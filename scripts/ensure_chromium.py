"""Make sure a headless Chromium is available for the browser tests.

Uses one already installed (see ``basemap.figures.browser.find_chromium``); else,
on Debian or Ubuntu, installs the ``chromium`` package with apt-get (as
root, or through sudo). Playwright's own browser download is never used.
Exits 0 and prints the browser's path when one is available, 1 otherwise.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys


def main() -> int:
    from basemap.errors import BrowserNotFoundError
    from basemap.figures.browser import find_chromium

    try:
        print(f"chromium: {find_chromium()}")
        return 0
    except BrowserNotFoundError:
        pass
    apt = shutil.which("apt-get")
    if apt is None:
        print(
            "no Chromium found and no apt-get to install one: install Chromium "
            "and set BASEMAP_CHROMIUM to its path",
            file=sys.stderr,
        )
        return 1
    prefix = [] if os.geteuid() == 0 else ["sudo", "-n"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    print("installing Debian's chromium package ...", flush=True)
    for cmd in (
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "chromium"],
    ):
        done = subprocess.run(prefix + cmd, env=env, check=False)
        if done.returncode != 0:
            print(f"failed: {' '.join(prefix + cmd)}", file=sys.stderr)
            return 1
    print(f"chromium: {find_chromium()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
