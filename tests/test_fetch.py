"""`matchstats fetch`: mirror copies, checksum refusal, offline messages."""

from __future__ import annotations

import hashlib

from tests.helpers import cli, set_catalogue_entry


def _mirror_with(tmp_path, relpath: str, data: bytes):
    mirror = tmp_path / "mirror"
    f = mirror / relpath
    f.parent.mkdir(parents=True)
    f.write_bytes(data)
    return mirror


def test_copy_from_mirror_verifies_checksum(home, tmp_path):
    data = b"%PDF-1.4 made-up report"
    rel = "nrmp/2025/Impact-Data_2025.pdf"
    set_catalogue_entry(home, "nrmp_rol_impact_2025", md5=hashlib.md5(data).hexdigest(), size=len(data))
    mirror = _mirror_with(tmp_path, rel, data)
    r = cli("fetch", "--from", str(mirror), "--offline")
    assert (home / "data" / "raw" / rel).read_bytes() == data
    assert "Impact-Data_2025.pdf: copy ok" in r.output


def test_checksum_mismatch_is_refused_and_file_not_used(home, tmp_path):
    rel = "nrmp/2025/Impact-Data_2025.pdf"
    mirror = _mirror_with(tmp_path, rel, b"%PDF-1.4 another edition")
    r = cli("fetch", "--from", str(mirror), "--offline")
    assert r.exit_code == 1
    assert "REFUSED" in r.output and "06f5e6008f15d66d9357875aca2a5d93" in r.output
    assert hashlib.md5(b"%PDF-1.4 another edition").hexdigest() in r.output
    assert not (home / "data" / "raw" / rel).exists()


def test_offline_download_gives_one_clear_line_per_file(home):
    # a closed local port: the download fails at once, as it does offline
    set_catalogue_entry(home, "nrmp_program_results_2021_2025", url="http://127.0.0.1:9/report.pdf")
    r = cli("fetch")
    assert r.exit_code == 0
    line = next(l for l in r.output.splitlines() if "Program_Results" in l)
    assert "download from http://127.0.0.1:9/report.pdf failed" in line
    assert "residency-data-reports" in line and "save it as" in line
    # the by-hand fallback is the known address, not only the publisher's page
    assert "Download it by hand from that address (when online)" in line
    old = next(l for l in r.output.splitlines() if "Program-Results-2015-2019.pdf" in l)
    assert "download from https://github.com/BenSolomon/residency-match/raw/" in old
    hand = next(l for l in r.output.splitlines() if "Impact-Data_2025.pdf" in l)
    assert "no direct download address" in hand and "save it as" in hand
    assert "--strict" not in r.output
    assert cli("fetch", "--strict", "--offline").exit_code == 1
