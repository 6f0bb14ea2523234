"""Two builds in separate processes give byte-identical files."""

import hashlib
import os
import subprocess
import sys


def test_two_processes_byte_identical(tmp_path):
    digests = []
    for name in ("a.html", "b.html"):
        out = tmp_path / name
        subprocess.run(
            [
                sys.executable,
                "-m",
                "basemap",
                "-q",
                "build",
                "--year",
                "2005",
                "-o",
                str(out),
            ],
            check=True,
            # (the code under test: a PYTHONPATH given to the tests is kept)
            env={
                "PYTHONHASHSEED": "random",
                "PATH": "",
                **{k: os.environ[k] for k in ("PYTHONPATH",) if k in os.environ},
            },
        )
        digests.append(hashlib.sha256(out.read_bytes()).hexdigest())
    assert digests[0] == digests[1]
