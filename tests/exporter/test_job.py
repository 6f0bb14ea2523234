"""The export's job (basemap.exporter.job): many files written at once,
each atomically, and recorded as one by one."""

from __future__ import annotations

import pytest

from basemap.errors import OutputError
from basemap.exporter.job import ExportJob, ExportResult
from basemap.exporter.manifest import Manifest, sha256


def _job(out) -> ExportJob:
    return ExportJob(
        out=out,
        years=[],
        layers=None,
        stem="{year}",
        formats=[],
        title=None,
        tiles=None,
        base="",
        width=1,
        height=1,
        scale=1.0,
        as_of="",
        bounds=(),
        frames={},
        contexts=None,
        result=ExportResult(out, []),
        tell=lambda label: None,
        manifest=Manifest(out),
    )


def test_put_many_writes_and_records_each_and_keeps_what_is_there(tmp_path):
    pages = {f"sites/s{i}.html": f"<p>{i}</p>" for i in range(50)}
    job = _job(tmp_path)
    paths = job.put_many(pages.items())
    assert paths == [tmp_path / n for n in pages]
    assert job.result.written == paths and job.result.kept == []
    for name, text in pages.items():
        assert (tmp_path / name).read_text() == text
        assert job.manifest.files[name]["sha256"] == sha256(text.encode())
    assert not list((tmp_path / "sites").glob(".*"))  # no temporary file left
    again = _job(tmp_path)
    again.manifest = job.manifest
    again.put_many(pages.items())
    assert again.result.written == [] and len(again.result.kept) == 50


def test_a_failed_write_is_raised_once_the_others_are_recorded(tmp_path):
    (tmp_path / "sites" / "s3.html").mkdir(parents=True)  # cannot be replaced
    job = _job(tmp_path)
    pages = [(f"sites/s{i}.html", f"<p>{i}</p>") for i in range(6)]
    with pytest.raises(OutputError, match=r"s3\.html"):
        job.put_many(pages)
    written = sorted(p.name for p in job.result.written)
    assert written == ["s0.html", "s1.html", "s2.html", "s4.html", "s5.html"]
    assert "sites/s3.html" not in job.manifest.files or not job.manifest.files[
        "sites/s3.html"
    ].get("sha256")
