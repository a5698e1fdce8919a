"""SOP-052 step 3: the comparison of the software's requirements with the PC (pure)."""

from __future__ import annotations

from pintar.helpdesk import specs

SPSS = {"name": "SPSS", "version": "26", "licence": "berlisensi", "seats": 2, "active": True,
        "installer": r"\\nas\spss", "os_list": "Windows 10, Windows 11", "min_ram_gb": 4.0,
        "min_disk_gb": 5.0, "cpu_note": ""}
PC = {"os": "Windows 11 Pro 64-bit", "cpu": "Intel Core i5", "ram_gb": 8.0, "disk_free_gb": 120.0}


def by_key(result: specs.Comparison) -> dict[str, str]:
    return {c.key: c.status for c in result.checks}


def test_everything_met_proposes_sesuai():
    result = specs.compare(SPSS, PC, seats_used=1)
    assert result.proposal == specs.SESUAI and result.ok and not result.reasons
    assert by_key(result) == {"repo": "ok", "os": "ok", "ram": "ok", "disk": "ok", "cpu": "ok",
                              "seats": "ok"}


def test_each_shortfall_is_named_and_proposes_belum_sesuai():
    small = {**PC, "ram_gb": 2.0, "disk_free_gb": 1.5, "os": "Ubuntu 22.04"}
    result = specs.compare(SPSS, small, seats_used=0)
    assert result.proposal == specs.BELUM
    assert by_key(result)["os"] == by_key(result)["ram"] == by_key(result)["disk"] == "kurang"
    assert any("RAM: 2 GB (syarat: minimal 4 GB)" == r for r in result.reasons)
    assert any("1,5 GB" in r for r in result.reasons)
    assert result.suggested_hold == "tunggu_perangkat"


def test_no_seats_left_suggests_waiting_for_a_licence():
    result = specs.compare(SPSS, PC, seats_used=2)
    assert by_key(result)["seats"] == "kurang" and result.proposal == specs.BELUM
    assert result.suggested_hold == "tunggu_lisensi"
    seat = next(c for c in result.checks if c.key == "seats")
    assert seat.actual == "0 tersisa (2 terpakai)"


def test_reinstalling_on_a_pc_that_has_it_needs_no_new_seat():
    result = specs.compare(SPSS, PC, seats_used=2, installed_here=True)
    assert result.ok


def test_free_software_never_needs_seats():
    free = {**SPSS, "licence": "gratis", "seats": 0}
    assert by_key(specs.compare(free, PC, seats_used=999))["seats"] == "ok"


def test_other_software_is_not_in_the_repository():
    result = specs.compare(None, PC, other_name="Stata 18")
    assert by_key(result)["repo"] == "kurang" and result.proposal == specs.BELUM
    assert "Stata 18" in result.checks[0].actual
    assert result.suggested_hold == "tunggu_lisensi"


def test_inactive_entry_counts_as_not_available():
    result = specs.compare({**SPSS, "active": False}, PC)
    assert by_key(result)["repo"] == "kurang"


def test_unknown_pc_data_is_not_a_pass():
    result = specs.compare(SPSS, {"os": "", "ram_gb": None, "disk_free_gb": None, "cpu": ""})
    assert by_key(result)["os"] == by_key(result)["ram"] == by_key(result)["disk"] == "tidak_diketahui"
    assert result.proposal == specs.BELUM
    assert "RAM belum dicatat di inventaris PC" in result.reasons
    assert result.suggested_hold == ""  # record the specs first; nothing to wait for yet


def test_cpu_note_is_for_the_technician_to_judge():
    result = specs.compare({**SPSS, "cpu_note": "64-bit, minimal 2 GHz"}, PC, seats_used=0)
    cpu = next(c for c in result.checks if c.key == "cpu")
    assert cpu.status == "manual" and cpu.required == "64-bit, minimal 2 GHz" and cpu.actual == "Intel Core i5"
    assert result.ok  # a note alone does not block


def test_os_matching():
    assert specs.os_matches("Windows 10 Pro", "Windows 10, Windows 11") is True
    assert specs.os_matches("windows  11 home", "Windows 11") is True
    assert specs.os_matches("Windows 7", "Windows 10, Windows 11") is False
    assert specs.os_matches("", "Windows 10") is None
    assert specs.os_matches("Anything", "") is True


def test_snapshot_round_trip():
    result = specs.compare(SPSS, PC, seats_used=1)
    again = specs.Comparison.from_json(result.to_json())
    assert again == result
    assert specs.Comparison.from_json("") is None
