"""Rebuild ``profiles/coated-fogra39-argyll.icc`` from Fogra's FOGRA39 data with ArgyllCMS.

Run by hand, never at build time, on a Debian machine with the packages
``icc-profiles-free`` (the measurement data) and ``argyll`` (``colprof``):

    python3 profiles/build_fogra39.py

The header of a rebuilt profile carries the day it was made, so its bytes differ from
the committed file's; its colours do not.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PACKAGE = "icc-profiles-free"
DATA = "FOGRA39L.ti3"
HERE = Path(__file__).resolve().parent
PROFILE = HERE / "coated-fogra39-argyll.icc"
COLPROF_OPTIONS = [
    "-qm",        # medium quality A2B tables (17 points a side would be several MB)
    "-bl",        # low quality B2A tables: only a converter from RGB would use them
    "-nc",        # leave the measurement data out of the profile
    "-kr",        # black generation: a ramp from white to black
    "-l", "300",  # total ink limit in %, as layouts/press.yaml sets it
    "-L", "98",   # black ink limit in %
    "-A", "Fogra (characterisation data FOGRA39L)",
    "-M", "Offset printing on coated paper, ISO 12647-2:2004/Amd 1",
    "-D", "Coated FOGRA39 (built with ArgyllCMS colprof from FOGRA39L.ti3)",
    "-C", "Derived from FOGRA39L.ti3 of Debian's icc-profiles-free (zlib licence); "
          "not the original data",
]


def measurement_data() -> Path:
    """Where the package installed FOGRA39L.ti3."""
    listing = subprocess.run(["dpkg", "-L", PACKAGE], capture_output=True, text=True)
    found = [line for line in listing.stdout.splitlines() if line.endswith("/" + DATA)]
    if listing.returncode or not found:
        sys.exit(f"{DATA} not found: apt-get install {PACKAGE}")
    return Path(found[0])


def build(data: Path, target: Path) -> None:
    """Run colprof on a copy of ``data`` and copy the profile it writes to ``target``."""
    if shutil.which("colprof") is None:
        sys.exit("colprof not found: apt-get install argyll")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder) / data.name
        shutil.copyfile(data, work)
        subprocess.run(["colprof", *COLPROF_OPTIONS, work.stem], cwd=folder, check=True)
        shutil.copyfile(work.with_suffix(".icc"), target)


def main() -> None:
    build(measurement_data(), PROFILE)
    header = PROFILE.read_bytes()[:40]
    print(f"{PROFILE.name}: {PROFILE.stat().st_size} bytes, class {header[12:16].decode()}, "
          f"colour space {header[16:20].decode()}")


if __name__ == "__main__":
    main()
