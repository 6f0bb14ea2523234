"""Two builds in separate processes give byte-identical files."""

import hashlib
import os
import subprocess
import sys


def test_two_processes_byte_identical(tmp_path):
    digests = []
    pythonpath = {k: v for k, v in os.environ.items() if k == "PYTHONPATH"}
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
            # PYTHONPATH kept: a worktree's code, not the installed one
            env={"PYTHONHASHSEED": "random", "PATH": "", **pythonpath},
        )
        digests.append(hashlib.sha256(out.read_bytes()).hexdigest())
    assert digests[0] == digests[1]
