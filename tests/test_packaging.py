"""The wheel carries the bundled data, schema and page assets."""

import subprocess
import sys
import zipfile
from pathlib import Path

from .conftest import REPO


def test_wheel_contains_data_and_static_files(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(REPO),
        ],
        check=True,
    )
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    layers = {p.name for p in (REPO / "geodata" / "layers").glob("*.geojson")}
    assert {f"basemap/_geodata/layers/{n}" for n in layers} <= names
    assert "basemap/_geodata/boundaries.geojson" in names
    assert "basemap/_geodata/layer.schema.json" in names
    assert {
        "basemap/render/static/basemap.js",
        "basemap/render/static/basemap.css",
        "basemap/render/static/timeline.js",
        "basemap/pages/templates/index.html",
        "basemap/pages/templates/embed.html",
    } <= names
    assert not any(n.startswith(("tests/", "benchmarks/")) for n in names)
    assert Path(wheel).name.startswith("centralasia_basemap-")
