"""Reading files (:mod:`basemap.io.load`): GDAL offline, side files."""

from __future__ import annotations

import http.server
import threading

import pytest

from basemap.io.load import gdal_offline, side_files


@pytest.fixture
def server():
    """A local HTTP server that records every request it gets."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            body = b"id,name\nleak,SECRET\n"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command == "GET":
                self.wfile.write(body)

        do_HEAD = do_GET  # noqa: N815 (http.server names it)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}", hits
    httpd.shutdown()


def test_gdal_reads_no_url_while_basemap_reads(server):
    """Defence in depth behind the signature check (D3): even a path GDAL
    is handed directly makes no request, and the setting is put back."""
    import pyogrio

    base, hits = server
    url = f"/vsicurl/{base}/secret.csv"
    with gdal_offline(), pytest.raises(Exception):  # noqa: B017 (GDAL's own)
        pyogrio.read_info(url)
    assert hits == []
    assert pyogrio.get_gdal_config_option("CPL_VSIL_CURL_ALLOWED_FILENAME") is None


def test_side_files_are_what_gdal_reads_beside_a_layer(tmp_path):
    for name in ("s.shp", "s.shx", "s.dbf", "s.prj", "s.cpg", "l.gpkg", "l.gpkg-wal"):
        (tmp_path / name).write_bytes(b"")
    found = {p.name for p in side_files(tmp_path / "s.shp")}
    assert {"s.shx", "s.dbf", "s.prj", "s.cpg"} <= found
    assert "l.gpkg-wal" in {p.name for p in side_files(tmp_path / "l.gpkg")}
