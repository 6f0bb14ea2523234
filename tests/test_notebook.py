"""The walkthrough notebook runs from top to bottom."""

import nbformat
from nbclient import NotebookClient

from .conftest import REPO


def test_walkthrough_notebook_runs(tmp_path):
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
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "iframe" in html and "basemap-data" in html  # the map, inline
    text = "".join(o.get("data", {}).get("text/plain", "") for o in outputs)
    assert "karshi-khanabad" in text and "closed" in text
    assert (tmp_path / "output" / "notebook" / "2005.svg").exists()
    # the notebook holds no code of its own: every code cell calls basemap
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert "def " not in cell.source and "class " not in cell.source
