"""Exporting every year: files, links, changes, embed snippets, images."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import xml.etree.ElementTree as ET

import pypdf
import pytest
from PIL import Image

from basemap.errors import BrowserNotFoundError, OptionError, OutputError
from basemap.exporter.run import export
from basemap.resources import TEMPLATES_DIR

from ..conftest import DATA

SAMPLE = DATA / "valid" / "sample.geojson"


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    result = export(
        folder,
        first=2004,
        last=2006,
        data=SAMPLE,
        formats=["html", "svg", "pdf", "gif"],
    )
    return folder, result


def test_files_written(exported):
    folder, result = exported
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        ".basemap-manifest.json",
        ".basemap-stat-cache",
        ".basemap.lock",
        "2004.html",
        "2004.pdf",
        "2004.svg",
        "2005.html",
        "2005.pdf",
        "2005.svg",
        "2006.html",
        "2006.pdf",
        "2006.svg",
        "changes.csv",
        "compare.html",
        "details",
        "embed.html",
        "index.html",
        "presence.html",
        "presence.pdf",
        "presence.svg",
        "sites",
        "thumbs",
        "timeline.html",
        "years.gif",
    ]
    assert sorted(p.name for p in (folder / "sites").iterdir()) == [
        "ayni.html",
        "kant.html",
        "karshi-khanabad.html",
        "manas.html",
    ]
    assert result.years == [2004, 2005, 2006]
    assert all(p.exists() for p in result.files)
    assert result.written == result.files and not result.kept and not result.removed


def test_manifest_lists_every_file_with_its_hash(exported):
    folder, result = exported
    doc = json.loads((folder / ".basemap-manifest.json").read_text())
    assert (doc["format"], doc["version"]) == ("basemap-manifest", 1)
    assert doc["generator"].startswith("basemap ")
    rel = sorted(str(p.relative_to(folder)) for p in result.files)
    assert sorted(doc["files"]) == rel
    for name, entry in doc["files"].items():
        data = (folder / name).read_bytes()
        assert {k: entry[k] for k in ("sha256", "size")} == {
            "sha256": hashlib.sha256(data).hexdigest(),
            "size": len(data),
        }
        # an image also says what it was drawn from (its page, size, browser)
        assert set(entry) <= {"sha256", "size", "drawn_from"}
        figure = name[:4].isdigit() and name.endswith((".png", ".svg", ".pdf"))
        assert ("drawn_from" in entry) == (figure or name.startswith("thumbs/"))


def test_second_export_rewrites_nothing_and_narrower_removes(tmp_path):
    first = export(
        tmp_path, first=2004, last=2006, data=SAMPLE, formats=["html", "svg"]
    )
    stamps = {p: p.stat().st_mtime_ns for p in first.files}
    os.utime(tmp_path / "2005.html", ns=(1, 1))  # any rewrite would reset it
    again = export(
        tmp_path, first=2004, last=2006, data=SAMPLE, formats=["html", "svg"]
    )
    assert again.written == [] and again.removed == []
    assert again.kept == again.files == first.files
    assert (tmp_path / "2005.html").stat().st_mtime_ns == 1
    assert all(
        p.stat().st_mtime_ns == stamps[p] for p in first.files if p.name != "2005.html"
    )
    (tmp_path / "notes.txt").write_text("mine")
    narrower = export(tmp_path, first=2005, last=2006, data=SAMPLE, formats=["html"])
    gone = sorted(p.relative_to(tmp_path).as_posix() for p in narrower.removed)
    assert gone == [
        "2004.html",
        "2004.svg",
        "2005.svg",
        "2006.svg",
        "thumbs/2004.png",
    ]
    assert not any(p.exists() for p in narrower.removed)
    assert (tmp_path / "notes.txt").read_text() == "mine"
    # the pages that link to neighbours changed (no 2004 any more): rewritten
    written = {p.name for p in narrower.written}
    assert {"2005.html", "index.html", "timeline.html", "embed.html"} <= written
    manifest = json.loads((tmp_path / ".basemap-manifest.json").read_text())["files"]
    assert "2004.html" not in manifest and "thumbs/2005.png" in manifest


def test_export_never_touches_files_it_did_not_write(tmp_path):
    (tmp_path / "index.html").write_text("my own index")
    (tmp_path / "2005.html").write_text("my own 2005")
    with pytest.raises(OutputError) as info:
        export(tmp_path, first=2004, last=2006, data=SAMPLE)
    assert str(info.value) == (
        f"{tmp_path}: 2 existing files that basemap did not write would be "
        "replaced: 2005.html, index.html (not in .basemap-manifest.json); move "
        "them away, export to another folder, or use --force (nothing was "
        "written)"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2005.html", "index.html"]
    assert (tmp_path / "index.html").read_text() == "my own index"
    result = export(tmp_path, first=2004, last=2006, data=SAMPLE, force=True)
    assert (tmp_path / "index.html") in result.written
    assert "my own" not in (tmp_path / "2005.html").read_text()
    # now basemap's own: a plain export may replace them
    export(tmp_path, first=2004, last=2006, data=SAMPLE, title="Again")
    assert "<title>Again, 2005</title>" in (tmp_path / "2005.html").read_text()


def test_export_never_replaces_an_input(tmp_path):
    layer = tmp_path / "index.html"  # a (GeoJSON) layer file named like an output
    layer.write_bytes(SAMPLE.read_bytes())
    with pytest.raises(OutputError) as info:
        export(tmp_path, first=2005, last=2005, data=layer, force=True)
    assert str(info.value) == (
        f"{layer}: output would replace the input {layer}; choose another output "
        "path (nothing was written)"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html"]


def test_export_into_the_templates_folder_is_refused(tmp_path):

    templates = TEMPLATES_DIR
    with pytest.raises(OutputError, match="output would replace the input"):
        export(templates, first=2005, last=2005, data=SAMPLE, force=True)
    assert not (templates / "2005.html").exists()


def test_a_broken_manifest_is_not_guessed(tmp_path):
    (tmp_path / ".basemap-manifest.json").write_text("{not json")
    with pytest.raises(OutputError) as info:
        export(tmp_path, first=2005, last=2005, data=SAMPLE)
    assert str(info.value).startswith(
        f"{tmp_path / '.basemap-manifest.json'}: cannot read the list of files "
        "basemap wrote here ("
    )
    assert str(info.value).endswith(
        "export to another folder, or use --force to replace its files"
    )


def test_yearly_maps_link_to_neighbours(exported):
    folder, _ = exported
    page = (folder / "2005.html").read_text()
    nav = re.search(r'<nav id="basemap-nav".*?</nav>', page, re.S).group(0)
    assert re.findall(r'rel="(\w+)" href="([^"]+)"', nav) == [
        ("prev", "2004.html"),
        ("index", "index.html"),
        ("timeline", "timeline.html#2005"),
        ("next", "2006.html"),
    ]
    first = (folder / "2004.html").read_text()
    assert 'rel="prev"' not in first and 'rel="next" href="2005.html"' in first


def test_changes_csv(exported):
    folder, _ = exported
    rows = list(csv.DictReader(io.StringIO((folder / "changes.csv").read_text())))
    # the first year is compared with the year before it (2003), so only
    # the closing of K2 in 2005 is a change in 2004-2006
    assert [(r["year"], r["site"], r["operator"], r["change"]) for r in rows] == [
        ("2005", "karshi-khanabad", "USA", "closed"),
    ]


def test_index_gallery(exported):
    folder, _ = exported
    page = (folder / "index.html").read_text()
    assert page.count('<article class="card"') == 3
    assert '<a class="thumb" href="2005.html"><img src="thumbs/2005.png"' in page
    assert 'alt="Map of 2005: 4 sites of 3 states"' in page
    # the year's changes in a line of short names, all of them in a <details>
    assert (
        '<p class="changes" title="Changes in 2005">closed: Karshi-Khanabad (USA)'
        in page
    )
    assert "<li>closed: Karshi-Khanabad Air Base (K2) (USA)</li>" in page
    # each year's events (the bundled context) in the details too
    assert "<li>2005-05-12: Andijan uprising and massacre</li>" in page
    # the figures this export made (svg, pdf; no png) and the timeline
    assert (
        '<p class="links"><a href="2005.html">Map</a> <a href="timeline.html#2005">'
        'Timeline</a> <a href="2005.svg">SVG</a> <a href="2005.pdf">PDF</a></p>'
    ) in page
    assert '<a href="years.gif">' in page and 'href="2005.png"' not in page
    with Image.open(folder / "thumbs" / "2005.png") as im:
        assert im.size == (360, 240)


def test_embed_snippets(exported):
    folder, _ = exported
    page = (folder / "embed.html").read_text()
    assert page.count("<textarea") == 4  # timeline + 3 years
    assert page.count("<iframe") == 4  # a live preview of each
    # the snippet is shown escaped, ready to copy
    assert "&lt;iframe src=&#34;2005.html&#34;" in page
    assert (
        "Foreign military presence in Central Asia in 2005: 4 sites of 3 states; "
        "sources in each site\u2019s popup." in page
    )
    assert 'id="relative-src"' in page  # no --base-url: a warning


def test_embed_base_url(tmp_path):
    export(
        tmp_path,
        first=2005,
        last=2005,
        data=SAMPLE,
        base_url="https://example.org/maps",
    )
    page = (tmp_path / "embed.html").read_text()
    assert "&lt;iframe src=&#34;https://example.org/maps/2005.html&#34;" in page
    assert "&lt;iframe src=&#34;https://example.org/maps/timeline.html&#34;" in page
    assert 'id="relative-src"' not in page
    # the previews show this folder's files (no request to the site)
    assert '<iframe src="2005.html"' in page


def test_svg_names_every_site_present(exported):
    folder, _ = exported
    svg = "{http://www.w3.org/2000/svg}"
    for year in (2004, 2005, 2006):
        root = ET.parse(folder / f"{year}.svg").getroot()
        named, texts = set(), set()
        for t in root.iter(f"{svg}text"):
            texts.add("".join(t.itertext()).strip())
            named |= set((t.get("data-keys") or "").split())
        page = (folder / f"{year}.html").read_text()
        data = json.loads(
            re.search(r'id="basemap-data">(.*?)</script>', page, re.S).group(1)
        )
        present = {
            f"{f['properties']['site']}/{f['properties']['operator']}"
            for f in data["features"]
            if f["properties"].get("presence", "present") != "former"
        }
        assert present and present <= named, (year, present - named)
        assert str(year) in texts
        assert any(t.startswith(f"Events in {year}") for t in texts)


def test_pdf_and_gif(exported):
    folder, _ = exported
    pdf = pypdf.PdfReader(folder / "2005.pdf")
    assert len(pdf.pages) == 1  # one figure, one page
    text = pdf.pages[0].extract_text()  # text stays text
    page = (folder / "2005.html").read_text()
    data = json.loads(
        re.search(r'id="basemap-data">(.*?)</script>', page, re.S).group(1)
    )
    shown = [
        f["properties"]
        for f in data["features"]
        if f["properties"].get("presence", "present") != "former"
    ]
    assert shown and "2005" in text
    for props in shown:  # every site present is named
        last = props["periods"][-1]
        assert (last.get("label") or last["name"]) in text, last
    with Image.open(folder / "years.gif") as gif:
        assert gif.n_frames == 3
        assert gif.size == (1200, 800)


def test_export_is_deterministic(tmp_path, exported):
    folder, _ = exported
    export(
        tmp_path,
        first=2004,
        last=2006,
        data=SAMPLE,
        formats=["html", "svg", "pdf", "gif"],
    )
    for name in (
        "2005.html",
        "timeline.html",
        "index.html",
        "embed.html",
        "changes.csv",
        "2005.svg",
        "2005.pdf",  # dated by the data, not by the time it was drawn
        "sites/kant.html",
        "presence.svg",
        "presence.pdf",
    ):
        assert (tmp_path / name).read_bytes() == (folder / name).read_bytes(), name
    # Chromium's raster images (GIF, thumbnails) are the same figures, but
    # not yet always the same bytes (see the note in basemap.figures)
    for name in ("years.gif", "thumbs/2005.png"):
        with Image.open(tmp_path / name) as a, Image.open(folder / name) as b:
            assert a.size == b.size
            assert getattr(a, "n_frames", 1) == getattr(b, "n_frames", 1)


def test_default_years_come_from_the_data(tmp_path):
    result = export(tmp_path, data=SAMPLE, formats=["svg"])
    assert (result.years[0], result.years[-1]) == (2001, 2026)  # earliest start, as_of


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"formats": ["html", "bmp"]}, "unknown format 'bmp'"),
        ({"name": "year.html"}, "must contain {year}"),
        ({"name": "../{year}"}, "must be a plain file name"),
        ({"first": 2010, "last": 2005}, "--from 2010 is after --to 2005"),
        ({"base_url": "javascript:alert(1)"}, "must be an http(s) address"),
        ({"scale": 100}, "--scale must be between 0.25 and 8"),
    ],
)
def test_bad_options_write_nothing(tmp_path, kwargs, message):
    out = tmp_path / "out"
    with pytest.raises(OptionError, match=re.escape(message)):
        export(out, data=SAMPLE, **kwargs)
    assert not out.exists()


def test_png_without_chromium_fails_first(tmp_path, monkeypatch):
    monkeypatch.setenv("BASEMAP_CHROMIUM", str(tmp_path / "no-such-browser"))
    out = tmp_path / "out"
    with pytest.raises(BrowserNotFoundError, match="not an executable file"):
        export(out, data=SAMPLE, formats=["html", "png"])
    assert not out.exists()


def test_timeline_data_holds_every_year(exported):
    folder, _ = exported
    page = (folder / "timeline.html").read_text()
    data = json.loads(
        re.search(
            r'<script type="application/geo\+json" id="basemap-data">(.*?)</script>',
            page,
            re.S,
        ).group(1)
    )
    assert data["basemap"]["years"] == [2004, 2005, 2006]
    assert len(data["features"]) == 4  # each site and operator once
    assert "jquery" not in page.lower() and "<link" not in page


def test_a_manifest_never_reaches_outside_its_folder(tmp_path):
    out = tmp_path / "out"
    export(out, first=2005, last=2005, data=SAMPLE)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    path = out / ".basemap-manifest.json"
    doc = json.loads(path.read_text())
    doc["files"]["../victim.txt"] = {"sha256": None, "size": None}
    path.write_text(json.dumps(doc))
    with pytest.raises(OutputError, match="not a version 1 basemap manifest"):
        export(out, first=2005, last=2005, data=SAMPLE)
    assert victim.read_text() == "precious"


@pytest.mark.browser
def test_an_error_while_the_figures_are_drawn_writes_no_figure(tmp_path, monkeypatch):
    """The browser draws while the rest of the export is written: when that
    rest fails, the error is the export's, the figures are not written, and
    the next run makes everything."""
    import basemap.exporter.run

    def broken(layers):
        raise OutputError("layers.gpkg: cannot be written: disk full")

    monkeypatch.setattr(basemap.exporter.run, "gpkg_bytes", broken)
    out = tmp_path / "out"
    with pytest.raises(OutputError, match="disk full"):
        export(out, first=2004, last=2005, data=SAMPLE, formats=["svg", "gpkg"])
    assert (out / "2005.html").is_file() and (out / "compare.html").is_file()
    assert not list(out.glob("200*.svg")) and not (out / "thumbs").exists()
    monkeypatch.undo()
    result = export(out, first=2004, last=2005, data=SAMPLE, formats=["svg", "gpkg"])
    made = {p.relative_to(out).as_posix() for p in result.files}
    assert {"2004.svg", "2005.svg", "thumbs/2005.png", "layers.gpkg"} <= made


def test_a_page_too_large_to_open_is_named_in_a_warning(tmp_path, monkeypatch):
    """A page past what a browser opens (browser.PAGE_LIMIT: the 100,000-
    site timeline is 1.4 GB) is still written, and the export names it
    with its size and what to do, in a full export and in one that finds
    nothing changed; pages within the limit are not named."""
    from click.testing import CliRunner

    from basemap.cli.main import cli
    from basemap.exporter import run

    out = tmp_path / "out"
    first = export(out, first=2004, last=2005)
    assert first.warnings == []
    sizes = {p.name: p.stat().st_size for p in first.files if p.suffix == ".html"}
    largest_year = max(sizes["2004.html"], sizes["2005.html"])
    assert sizes["timeline.html"] > largest_year  # so a limit between them
    monkeypatch.setattr(run, "PAGE_LIMIT", largest_year)
    monkeypatch.setattr(run, "PAGE_SLOW", largest_year)
    for result in (
        export(tmp_path / "fresh", first=2004, last=2005),
        export(out, first=2004, last=2005),
    ):
        [warning] = result.warnings
        assert warning.startswith("timeline.html is ")
        assert "will not open" in warning and "--from and --to" in warning
    assert not export(out, first=2004, last=2005).written  # (the no-op path)
    said = CliRunner().invoke(
        cli, ["export", "-o", str(out), "--from", "2004", "--to", "2005"]
    )
    assert said.exit_code == 0, said.stderr
    assert f"basemap: warning: {warning}" in said.stderr.splitlines()


def test_a_page_a_browser_opens_slowly_is_named_in_a_warning():
    """W8: a page of 100 MB (a 50 MB name) or the 159 MB site page of
    100,000 periods took Chromium a minute or more, far below the 512 MB a
    browser cannot open: it is named too, with what to do."""
    from basemap.exporter.run import PAGE_SLOW, too_large_pages

    assert too_large_pages({"2005.html": PAGE_SLOW}) == []
    [slow] = too_large_pages({"sites/termez.html": 159 * 2**20, "a.gpkg": 2**30})
    assert slow.startswith("sites/termez.html is 159 MB: a browser may take a minute")
    assert "will not open" not in slow
