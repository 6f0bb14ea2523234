"""The page's details (basemap.render.details): periods lean, their notes
and sources apart, and the file of a site the same in Python and the page."""

from __future__ import annotations

import json

from basemap.frames import records
from basemap.render.assets import static_text
from basemap.render.details import (
    DETAIL_FIELDS,
    chunk_of,
    details_files,
    details_of,
    lean_periods,
)

IDS = ["manas", "kant", "ayni", "k2", "dushanbe-201", "Бишкек", "a/b", "🛩️-base", ""]


def test_lean_periods_keep_what_the_page_draws_and_searches(year_frames):
    for styled in year_frames.values():
        for row in records(styled):
            for lean, period in zip(
                lean_periods(row["periods"]), row["periods"], strict=True
            ):
                assert not set(lean) & set(DETAIL_FIELDS)
                assert {k: v for k, v in period.items() if k in lean} == lean
                assert set(period) - set(lean) <= set(DETAIL_FIELDS)


def test_details_hold_every_source_once_with_seeds_cited(year_frames):
    rows = [r for styled in year_frames.values() for r in records(styled)]
    store = details_of(rows)
    for row in rows:
        own = store[f"{row['site']}/{row['operator']}"]
        for period in row["periods"]:
            held = own[period["id"]]
            assert [s.get("quote") for s in held["sources"]] == [
                s.get("quote") for s in period["sources"]
            ]
            assert all(s["cite"] for s in held["sources"] if s.get("seed"))


def test_every_site_is_in_the_file_its_number_names():
    store = {f"{site}/USA": {"p": {"notes": site}} for site in IDS}
    where, files = details_files(store, 4)
    assert where.chunks == 4 and sorted(files) == ["00.js", "01.js", "02.js", "03.js"]
    held = {}
    for name, text in files.items():
        n = int(name[:2])
        head = f"basemapDetailsChunk({n},"
        assert text.startswith(head) and text.endswith(");\n")
        for key in json.loads(text[len(head) : -3]):
            held[key] = n
    assert held == {f"{site}/USA": chunk_of(site, 4) for site in IDS}


def test_the_page_numbers_files_as_python_does(browser):
    page = browser.new_page()
    try:
        page.set_content("<html><body></body></html>")
        page.add_script_tag(content=static_text("popups.js"))
        for chunks in (1, 7, 157, 1_000_003):
            got = page.evaluate(
                "([ids, n]) => ids.map(s => basemapChunkOf(s, n))", [IDS, chunks]
            )
            assert got == [chunk_of(s, chunks) for s in IDS], chunks
    finally:
        page.close()


def test_a_single_page_popup_reads_its_inline_details(tmp_path, offline_page):
    from basemap.output.atomic import render_html
    from basemap.pipeline import make_map, presences

    page = tmp_path / "2005.html"
    page.write_text(render_html(make_map(year=2005)), encoding="utf-8")
    row = next(
        r for r in records(presences(year=2005)) if r["key"] == "karshi-khanabad/USA"
    )
    view = offline_page()
    p = view.open(page)
    p.locator('[data-key="karshi-khanabad/USA"]').first.dispatch_event("click")
    popup = p.locator(".basemap-popup")
    popup.locator(".basemap-sources").first.wait_for()
    text = popup.inner_text()
    assert f"Location: {row['location_precision']}: {row['location_note']}" in text
    sources = [s for period in row["periods"] for s in period["sources"]]
    assert popup.locator(".basemap-sources li").count() == len(sources)
    assert not view.console and not view.requests
