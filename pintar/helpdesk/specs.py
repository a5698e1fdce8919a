"""SOP-052 step 3: does the repository have the software, and does the PC meet its requirements?

Pure functions over plain dicts (rows of ``Software`` and ``Pc``), so the rules are tested without
a database. The result proposes "sesuai" only when every requirement is known and met; unknown
PC data (never checked) proposes "belum sesuai" so the technician records the specs first. The CPU
note is free text: it is shown beside the PC's CPU for the technician to judge, never decided here.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from pintar.helpdesk.tables import LICENSED
from pintar.i18n import gettext as _

OK = "ok"
SHORT = "kurang"
UNKNOWN = "tidak_diketahui"
MANUAL = "manual"

SESUAI = "sesuai"
BELUM = "belum_sesuai"


@dataclass
class Check:
    key: str
    label: str
    required: str
    actual: str
    status: str
    hint: str = ""  # which hold fits a failure: "tunggu_lisensi" | "tunggu_perangkat"


@dataclass
class Comparison:
    checks: list[Check] = field(default_factory=list)
    proposal: str = SESUAI
    reasons: list[str] = field(default_factory=list)
    suggested_hold: str = ""

    @property
    def ok(self) -> bool:
        return self.proposal == SESUAI

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "Comparison | None":
        if not text:
            return None
        data = json.loads(text)
        data["checks"] = [Check(**c) for c in data.get("checks", [])]
        return cls(**data)


def gb(value: float | None) -> str:
    if value is None:
        return "—"
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + " GB"


def os_names(os_list: str) -> list[str]:
    return [p.strip() for p in (os_list or "").split(",") if p.strip()]


def os_matches(pc_os: str, os_list: str) -> bool | None:
    """True/False, or None when the PC's OS is not recorded. An empty list means any OS."""
    wanted = [w.lower() for w in os_names(os_list)]
    if not wanted:
        return True
    if not (pc_os or "").strip():
        return None
    have = " ".join(pc_os.lower().split())
    return any(" ".join(w.split()) in have for w in wanted)


def _at_least(actual: float | None, minimum: float | None) -> bool | None:
    if minimum is None or minimum <= 0:
        return True
    if actual is None:
        return None
    return actual >= minimum


def _status(result: bool | None) -> str:
    return OK if result else (UNKNOWN if result is None else SHORT)


def compare(
    software: dict[str, Any] | None,
    pc: dict[str, Any] | None,
    *,
    other_name: str = "",
    seats_used: int = 0,
    installed_here: bool = False,
) -> Comparison:
    """Compare one software entry (None: "other", not in the repository) with one PC."""
    checks: list[Check] = []
    if software is None or not software.get("active", True):
        checks.append(Check(
            "repo", _("Repositori"), _("Tersedia di repositori"),
            _("Belum ada: %(name)s", name=other_name or (software or {}).get("name", "")),
            SHORT, "tunggu_lisensi",
        ))
        software = software or {}
    else:
        installer = software.get("installer") or _("lokasi pemasang belum dicatat")
        checks.append(Check("repo", _("Repositori"), _("Tersedia di repositori"),
                            _("Tersedia (%(where)s)", where=installer), OK))
    pc = pc or {}
    os_ok = os_matches(pc.get("os", ""), software.get("os_list", ""))
    checks.append(Check(
        "os", _("Sistem operasi"),
        ", ".join(os_names(software.get("os_list", ""))) or _("apa saja"),
        pc.get("os") or _("belum dicatat"), _status(os_ok), "tunggu_perangkat",
    ))
    ram_ok = _at_least(pc.get("ram_gb"), software.get("min_ram_gb"))
    checks.append(Check(
        "ram", _("RAM"), _("minimal %(v)s", v=gb(software.get("min_ram_gb")))
        if software.get("min_ram_gb") else _("tidak ada syarat"),
        gb(pc.get("ram_gb")), _status(ram_ok), "tunggu_perangkat",
    ))
    disk_ok = _at_least(pc.get("disk_free_gb"), software.get("min_disk_gb"))
    checks.append(Check(
        "disk", _("Ruang disk kosong"), _("minimal %(v)s", v=gb(software.get("min_disk_gb")))
        if software.get("min_disk_gb") else _("tidak ada syarat"),
        gb(pc.get("disk_free_gb")), _status(disk_ok), "tunggu_perangkat",
    ))
    cpu_note = (software.get("cpu_note") or "").strip()
    checks.append(Check(
        "cpu", _("Prosesor"), cpu_note or _("tidak ada syarat"),
        pc.get("cpu") or _("belum dicatat"), MANUAL if cpu_note else OK,
    ))
    if software.get("licence") == LICENSED:
        seats = int(software.get("seats") or 0)
        left = seats - seats_used
        if installed_here:
            checks.append(Check("seats", _("Kursi lisensi"), _("%(n)s kursi", n=seats),
                                _("sudah terpasang di PC ini (tidak memakai kursi baru)"), OK))
        else:
            checks.append(Check(
                "seats", _("Kursi lisensi"), _("%(n)s kursi", n=seats),
                _("%(left)s tersisa (%(used)s terpakai)", left=max(left, 0), used=seats_used),
                OK if left > 0 else SHORT, "tunggu_lisensi",
            ))
    elif software:
        checks.append(Check("seats", _("Kursi lisensi"), _("gratis"), _("tidak perlu lisensi"), OK))
    result = Comparison(checks=checks)
    failing = [c for c in checks if c.status in (SHORT, UNKNOWN)]
    if failing:
        result.proposal = BELUM
        result.reasons = [
            _("%(what)s: %(actual)s (syarat: %(required)s)", what=c.label, actual=c.actual,
              required=c.required)
            if c.status == SHORT
            else _("%(what)s belum dicatat di inventaris PC", what=c.label)
            for c in failing
        ]
        hints = [c.hint for c in failing if c.status == SHORT and c.hint]
        result.suggested_hold = "tunggu_lisensi" if "tunggu_lisensi" in hints else (
            "tunggu_perangkat" if hints else "")
    return result
