"""Make sure GDAL's command-line tools are available for the GIS round-trip tests.

The tests in ``tests/io/test_roundtrip.py`` convert the bundled layers
with the ``ogr2ogr`` users have (GDAL 3.6 on Debian 12 and Ubuntu 22.04,
as QGIS 3.22 uses), not with the GDAL that pyogrio bundles. Uses an
``ogr2ogr`` already on the PATH; else, on Debian or Ubuntu, installs the
``gdal-bin`` package with apt-get (as root, or through sudo). Exits 0 and
prints ``ogr2ogr --version`` when it is available, 1 otherwise.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys


def _version() -> str | None:
    exe = shutil.which("ogr2ogr")
    if exe is None:
        return None
    done = subprocess.run(
        [exe, "--version"], capture_output=True, text=True, check=False
    )
    return done.stdout.strip() if done.returncode == 0 else None


def main() -> int:
    found = _version()
    if found:
        print(f"ogr2ogr: {found}")
        return 0
    if shutil.which("apt-get") is None:
        print(
            "no ogr2ogr found and no apt-get to install one: install GDAL's "
            "command-line tools (gdal-bin) and put ogr2ogr on the PATH",
            file=sys.stderr,
        )
        return 1
    prefix = [] if os.geteuid() == 0 else ["sudo", "-n"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    print("installing Debian's gdal-bin package ...", flush=True)
    for cmd in (
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "gdal-bin"],
    ):
        done = subprocess.run(prefix + cmd, env=env, check=False)
        if done.returncode != 0:
            print(f"failed: {' '.join(prefix + cmd)}", file=sys.stderr)
            return 1
    found = _version()
    if not found:
        print("gdal-bin is installed but ogr2ogr does not run", file=sys.stderr)
        return 1
    print(f"ogr2ogr: {found}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
