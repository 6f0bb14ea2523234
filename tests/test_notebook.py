"""The walkthrough notebook runs from top to bottom, with or without what
its figures need."""

import os

import nbformat
from nbclient import NotebookClient

from .conftest import REPO


def run_notebook(tmp_path):
    path = REPO / "notebooks" / "walkthrough.ipynb"
    nb = nbformat.read(path, as_version=4)
    # run it in a scratch copy of notebooks/, so its export lands in tmp_path
    (tmp_path / "notebooks").mkdir()
    NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path / "notebooks")}},
    ).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    # the notebook holds no code of its own: every code cell calls basemap
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert "def " not in cell.source and "class " not in cell.source
    return outputs


def test_walkthrough_notebook_runs(tmp_path):
    outputs = run_notebook(tmp_path)
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "iframe" in html and "basemap-data" in html  # the map, inline
    text = "".join(o.get("data", {}).get("text/plain", "") for o in outputs)
    assert "karshi-khanabad" in text and "closed" in text
    assert (tmp_path / "output" / "notebook" / "2005.svg").exists()


def test_the_notebook_finishes_after_a_plain_install(tmp_path, monkeypatch):
    # as after the README's `pip install .`: no playwright (a module that
    # cannot be imported stands in front of the installed one)
    shadow = tmp_path / "no-playwright"
    (shadow / "playwright").mkdir(parents=True)
    (shadow / "playwright" / "__init__.py").write_text(
        "raise ImportError(\"No module named 'playwright'\")\n"
    )
    paths = [str(shadow), *filter(None, [os.environ.get("PYTHONPATH")])]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(paths))
    outputs = run_notebook(tmp_path)
    said = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert (
        'no SVG figures: the playwright package is not installed: pip install "' in said
    )
    assert (tmp_path / "output" / "notebook" / "2005.html").exists()
    assert not (tmp_path / "output" / "notebook" / "2005.svg").exists()
