"""Declaring an SOP workflow as data: states, transitions, who may make them, time standards.

    ZOOM = Workflow(
        name="zoom",
        table=Booking,                      # has a `state` column (and optionally version,
                                            # state_since, due_at)
        initial="diajukan",
        states=[
            State("diajukan", _l("Menunggu disposisi"), step="2",
                  standard=Standard.minutes(10)),
            State("ditolak", _l("Ditolak"), final=True),
            State("menunggu_pemohon", _l("Menunggu pemohon"), waiting="requester"),
            ...
        ],
        transitions=[
            Transition("disposisi", ["diajukan"], "didisposisi", _l("Teruskan ke PJK TI"),
                       allowed=[Role.KETUA_TIP]),
            Transition("batal", ["diajukan", "disetujui"], "dibatalkan", _l("Batalkan"),
                       allowed=[REQUESTER]),
            Transition("kedaluwarsa", ["diajukan"], "kedaluwarsa", _l("Kedaluwarsa"),
                       system=True),
        ],
    )

A state's ``standard`` is the SOP's "Mutu Baku: Waktu" for the step performed while the item is in
that state (the clock runs from entering it until leaving it). ``waiting`` states pause the clock:
time spent waiting for the requester or a third party never counts against the office.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Sequence

from pintar.i18n import LazyString, ngettext
from pintar.i18n import gettext as _

BUSINESS = "business"  # office hours only (minutes of the office calendar)
WORKING_DAYS = "working_days"  # whole working days of the office calendar
CALENDAR = "calendar"  # wall-clock time (e.g. "within 1 hour after the meeting ends")

# Relations a person can have to an item (the module says which ones a person has).
REQUESTER = "rel:requester"
ASSIGNEE = "rel:assignee"
OWNER = "rel:owner"


@dataclass(frozen=True)
class Standard:
    """A time standard: at most ``maximum`` (and for ranges like "5-10 menit", ``minimum``)."""

    maximum: dt.timedelta
    unit: str = BUSINESS
    minimum: dt.timedelta | None = None

    @classmethod
    def minutes(cls, high: int, low: int | None = None, unit: str = BUSINESS) -> "Standard":
        return cls(
            maximum=dt.timedelta(minutes=high),
            minimum=dt.timedelta(minutes=low) if low is not None else None,
            unit=unit,
        )

    @classmethod
    def hours(cls, high: int, low: int | None = None, unit: str = BUSINESS) -> "Standard":
        return cls(
            maximum=dt.timedelta(hours=high),
            minimum=dt.timedelta(hours=low) if low is not None else None,
            unit=unit,
        )

    @classmethod
    def working_days(cls, high: int, low: int | None = None) -> "Standard":
        return cls(
            maximum=dt.timedelta(days=high),
            minimum=dt.timedelta(days=low) if low is not None else None,
            unit=WORKING_DAYS,
        )

    @property
    def label(self) -> str:
        """The standard as the SOP writes it ("10 menit", "5-10 menit", "3 hari kerja")."""
        if self.unit == WORKING_DAYS:
            high, low = self.maximum.days, self.minimum.days if self.minimum else None
            if low is not None:
                return _("%(low)s-%(high)s hari kerja", low=low, high=high)
            return ngettext("%(num)s hari kerja", "%(num)s hari kerja", high)
        high_min = int(self.maximum.total_seconds() // 60)
        low_min = int(self.minimum.total_seconds() // 60) if self.minimum else None
        in_hours = high_min % 60 == 0 and (low_min is None or low_min % 60 == 0)
        if in_hours and high_min >= 60:
            high, low = high_min // 60, (low_min // 60 if low_min is not None else None)
            if low is not None:
                return _("%(low)s-%(high)s jam", low=low, high=high)
            return ngettext("%(num)s jam", "%(num)s jam", high)
        if low_min is not None:
            return _("%(low)s-%(high)s menit", low=low_min, high=high_min)
        return ngettext("%(num)s menit", "%(num)s menit", high_min)


TONES = ("", "ok", "warn", "late", "muted")  # badge classes of app.css ("" = neutral)


@dataclass(frozen=True)
class State:
    """One state of an item, with what the SOP and the screens need to know about it.

    ``standard`` on an ordinary state is the office's time standard for the step done there. On a
    ``waiting`` state it is the waiting party's own standard (SOP-052 step 6: the requester has
    30 minutes to confirm): shown and judged on the timeline and used by reminders, but the
    office's clock stays paused and it never counts in the office's compliance.
    """

    code: str
    label: LazyString | str
    standard: Standard | None = None
    waiting: str | None = None  # "requester" | "third_party": the office's clock is paused here
    final: bool = False
    step: str = ""  # the SOP step number this state stands for, e.g. "3"
    description: LazyString | str = ""  # the state in plain words for the requester
    tone: str = ""  # the badge's tone; defaults: "muted" when final, "warn" when waiting
    tags: frozenset[str] = frozenset()  # the module's own groups ("holding", "approved", ...)
    drafting: bool = False  # SOP step 1: the requester filling in the form (the initial state)

    def __post_init__(self) -> None:
        object.__setattr__(self, "tags", frozenset(self.tags))
        if not self.tone:
            object.__setattr__(self, "tone", "muted" if self.final else "warn" if self.waiting else "")
        if self.tone not in TONES:
            raise ValueError(f"state {self.code}: unknown tone {self.tone!r}")

    @property
    def paused(self) -> bool:
        return self.waiting is not None

    @property
    def active(self) -> bool:
        return not self.final


@dataclass(frozen=True)
class Precondition:
    """A condition on the item (and the moment) a transition needs besides its source state,
    e.g. "only before the meeting starts". Checked by the engine inside the write transaction
    against the row it has just read, and by ``Workflow.available`` when choosing what to offer.

        BEFORE_START = wf.Precondition(lambda item, now: now < item["starts_at"],
                                       _l("Hanya dapat dilakukan sebelum rapat dimulai."))
    """

    check: Callable[[Mapping[str, Any], dt.datetime], bool]
    message: LazyString | str

    def holds(self, item: Mapping[str, Any], now: dt.datetime) -> bool:
        return bool(self.check(item, now))


@dataclass(frozen=True)
class Transition:
    name: str
    source: tuple[str, ...]
    target: str
    label: LazyString | str
    allowed: tuple[str, ...] = ()  # role codes and/or relations (REQUESTER, ASSIGNEE, ...)
    system: bool = False  # made by sweeps/jobs only, never offered to people
    needs_note: bool = False  # a reason is required (rejections, holds)
    style: str = ""  # a hint for the button: "danger", "secondary"
    requires: tuple[Precondition, ...] = ()  # conditions on the item besides the source state
    fields: str = ""  # the template partial with this transition's extra inputs, if any

    def __init__(
        self,
        name: str,
        source: Iterable[str],
        target: str,
        label: LazyString | str,
        *,
        allowed: Iterable[str] = (),
        system: bool = False,
        needs_note: bool = False,
        style: str = "",
        requires: Iterable[Precondition] = (),
        fields: str = "",
    ) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "source", tuple(source))
        object.__setattr__(self, "target", target)
        object.__setattr__(self, "label", label)
        object.__setattr__(self, "allowed", tuple(str(a) for a in allowed))
        object.__setattr__(self, "system", system)
        object.__setattr__(self, "needs_note", needs_note)
        object.__setattr__(self, "style", style)
        object.__setattr__(self, "requires", tuple(requires))
        object.__setattr__(self, "fields", fields)

    def permits(self, user: Any, relations: Iterable[str]) -> bool:
        """May this person (holding ``relations`` to the item) make this transition?"""
        if self.system or user is None:
            return False
        rels = set(relations)
        if any(a in rels for a in self.allowed if a.startswith("rel:")):
            return True
        roles = [a for a in self.allowed if not a.startswith("rel:")]
        return bool(roles) and user.has_role(*roles)

    def blocked(self, item: Mapping[str, Any], now: dt.datetime) -> str | None:
        """The message of the first precondition that does not hold (None: all hold)."""
        for pre in self.requires:
            if not pre.holds(item, now):
                return str(pre.message)
        return None


@dataclass
class Workflow:
    name: str
    table: Any  # the Piccolo table whose rows move through the workflow
    initial: str
    states: Sequence[State]
    transitions: Sequence[Transition]
    by_state: dict[str, State] = field(init=False)
    by_name: dict[str, Transition] = field(init=False)

    def __post_init__(self) -> None:
        self.by_state = {s.code: s for s in self.states}
        self.by_name = {t.name: t for t in self.transitions}
        if len(self.by_state) != len(self.states) or len(self.by_name) != len(self.transitions):
            raise ValueError(f"workflow {self.name}: duplicate state or transition")
        if self.initial not in self.by_state:
            raise ValueError(f"workflow {self.name}: unknown initial state {self.initial}")
        for t in self.transitions:
            unknown = [s for s in (*t.source, t.target) if s not in self.by_state]
            if unknown:
                raise ValueError(f"workflow {self.name}: {t.name} names unknown {unknown}")
            finals = [s for s in t.source if self.by_state[s].final]
            if finals:
                raise ValueError(f"workflow {self.name}: {t.name} leaves final state {finals}")
        drafting = [s.code for s in self.states if s.drafting]
        if drafting and drafting != [self.initial]:
            raise ValueError(f"workflow {self.name}: only the initial state may be drafting")
        if drafting and len(self.submits()) != 1:
            raise ValueError(f"workflow {self.name}: a drafting state needs exactly one way out")
        columns = {c._meta.name for c in self.table._meta.columns}
        if "state" not in columns:
            raise ValueError(f"workflow {self.name}: {self.table.__name__} has no state column")
        self.has_version = "version" in columns
        self.has_state_since = "state_since" in columns
        self.has_due_at = "due_at" in columns
        self.has_state_event = "state_event" in columns

    def state(self, code: str) -> State:
        return self.by_state[code]

    def label(self, code: str) -> str:
        state = self.by_state.get(code)
        return str(state.label) if state else code

    def available(
        self,
        item: Mapping[str, Any] | str,
        user: Any,
        relations: Iterable[str],
        *,
        now: dt.datetime | None = None,
    ) -> list[Transition]:
        """What this person may do with ``item`` (a row with its ``state``), in declaration
        order: the transitions from its state they are allowed to make and whose preconditions
        hold at ``now``. Given only a state code, transitions with preconditions are an error
        (they cannot be judged without the item)."""
        rels = set(relations)
        state = item if isinstance(item, str) else item["state"]
        out = []
        for t in self.transitions:
            if state not in t.source or not t.permits(user, rels):
                continue
            if t.requires:
                if isinstance(item, str) or now is None:
                    raise TypeError(f"{self.name}.{t.name} has preconditions: pass the item and now")
                if t.blocked(item, now) is not None:
                    continue
            out.append(t)
        return out

    def codes(
        self,
        *,
        final: bool | None = None,
        active: bool | None = None,
        waiting: bool | None = None,
        tag: str | None = None,
    ) -> tuple[str, ...]:
        """State codes with the given properties, in declaration order (for SQL filters):
        ``FLOW.codes(final=True)``, ``FLOW.codes(tag="holding")``."""
        out = []
        for s in self.states:
            if final is not None and s.final != final:
                continue
            if active is not None and s.active != active:
                continue
            if waiting is not None and s.paused != waiting:
                continue
            if tag is not None and tag not in s.tags:
                continue
            out.append(s.code)
        return tuple(out)

    def submits(self) -> list[Transition]:
        """The transitions out of the initial state (the submission, for a drafting flow)."""
        return [t for t in self.transitions if self.initial in t.source]

    def reachable(self) -> set[str]:
        seen, todo = {self.initial}, [self.initial]
        while todo:
            here = todo.pop()
            for t in self.transitions:
                if here in t.source and t.target not in seen:
                    seen.add(t.target)
                    todo.append(t.target)
        return seen
