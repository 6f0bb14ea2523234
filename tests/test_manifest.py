"""basemap.manifest: which files an export may take as its own, intact."""

from basemap.manifest import Manifest


def test_intact_is_the_recorded_bytes_in_a_regular_file(tmp_path):
    data = b"<html>2005</html>\n"
    m = Manifest(tmp_path)
    for name in ("same.html", "edited.html", "linked.html", "folder.html"):
        m.record(name, data)
    m.record("gone.html", data)
    (tmp_path / "same.html").write_bytes(data)
    (tmp_path / "edited.html").write_bytes(data.replace(b"2005", b"2006"))
    (tmp_path / "copy").write_bytes(data)
    (tmp_path / "linked.html").symlink_to(tmp_path / "copy")
    (tmp_path / "folder.html").mkdir()
    got = {name: m.intact(name) for name in m.files}
    assert got == {
        "same.html": True,
        "edited.html": False,  # the same size, other bytes
        "linked.html": False,  # the same bytes, behind a link
        "folder.html": False,
        "gone.html": False,
    }
    assert not m.intact("never-recorded.html")
