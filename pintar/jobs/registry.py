"""The registry of job functions and cron sweeps every module declares.

A module's ``jobs.py`` registers its functions at import time; :func:`load_modules` imports
``pintar.<m>.jobs`` for every enabled module, so the worker and the web process see the same set.

    from pintar import jobs

    @jobs.job
    async def build_report(ctx, period: str) -> dict: ...

    @jobs.sweep(every_minutes=5)
    async def remind_recordings(ctx) -> int: ...
"""

from __future__ import annotations

import importlib
import inspect
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Iterable

JobFunction = Callable[..., Awaitable[Any]]
MinuteSpec = int | Iterable[int] | None


@dataclass(frozen=True)
class JobDef:
    """A registered function. ``sweep`` is set for cron sweeps (which can also be enqueued)."""

    name: str
    fn: JobFunction
    keep_result: int | None = None  # seconds; None = the worker's default (3600)
    timeout: int | None = None  # seconds; None = the worker's default (300)
    max_tries: int | None = None
    sweep: "SweepSchedule | None" = None


@dataclass(frozen=True)
class SweepSchedule:
    """When a sweep runs, in UTC: minute/hour are None (every) or sets of values."""

    minute: frozenset[int] | None = None
    hour: frozenset[int] | None = None
    run_at_startup: bool = False

    def matches(self, minute: int, hour: int) -> bool:
        return (self.minute is None or minute in self.minute) and (
            self.hour is None or hour in self.hour
        )


@dataclass
class Registry:
    defs: dict[str, JobDef] = field(default_factory=dict)

    def add(self, definition: JobDef) -> None:
        existing = self.defs.get(definition.name)
        if existing is not None and _origin(existing.fn) != _origin(definition.fn):
            raise ValueError(f"job name {definition.name!r} is already taken by {existing.fn!r}")
        self.defs[definition.name] = definition

    def get(self, name: str) -> JobDef:
        try:
            return self.defs[name]
        except KeyError:
            raise LookupError(f"no job is registered as {name!r}") from None

    def jobs(self) -> list[JobDef]:
        return sorted(self.defs.values(), key=lambda d: d.name)

    def sweeps(self) -> list[JobDef]:
        return [d for d in self.jobs() if d.sweep is not None]


REGISTRY = Registry()
_ATTR = "__pintar_job__"


def _origin(fn: Any) -> tuple[str, str]:
    return (getattr(fn, "__module__", ""), getattr(fn, "__qualname__", repr(fn)))


def default_name(fn: JobFunction) -> str:
    """``pintar.zoom.jobs.remind`` → ``zoom.remind``; elsewhere the full dotted name."""
    module = fn.__module__
    if module.startswith("pintar."):
        module = module.removeprefix("pintar.").removesuffix(".jobs")
    return f"{module}.{fn.__name__}"


def _check(fn: Any) -> None:
    if not inspect.iscoroutinefunction(fn):
        raise TypeError(f"{fn!r} must be an async function taking ctx as first argument")


def job(
    fn: JobFunction | None = None,
    *,
    name: str | None = None,
    keep_result: int | None = None,
    timeout: int | None = None,
    max_tries: int | None = None,
) -> Any:
    """Register ``async def fn(ctx, *args)`` as a job; usable as ``@job`` or ``@job(name=...)``.

    ``keep_result=0`` lets the same ``job_id`` be enqueued again as soon as a run finished
    (arq otherwise refuses a repeated ``job_id`` until the result expires, 1 hour by default).
    """

    def register(f: JobFunction) -> JobFunction:
        _check(f)
        definition = JobDef(name or default_name(f), f, keep_result, timeout, max_tries)
        REGISTRY.add(definition)
        setattr(f, _ATTR, definition.name)
        return f

    return register(fn) if fn is not None else register


def _minutes(every_minutes: int | None, minute: MinuteSpec) -> frozenset[int] | None:
    if minute is not None:
        values = frozenset([minute] if isinstance(minute, int) else minute)
        if not values or any(not 0 <= m <= 59 for m in values):
            raise ValueError("minute must be within 0..59")
        return values
    every = 1 if every_minutes is None else every_minutes
    if every < 1 or 60 % every:
        raise ValueError("every_minutes must divide 60 (1, 2, 3, 5, 10, 15, 30 or 60)")
    return None if every == 1 else frozenset(range(0, 60, every))


def _hours(hour: MinuteSpec) -> frozenset[int] | None:
    if hour is None:
        return None
    values = frozenset([hour] if isinstance(hour, int) else hour)
    if not values or any(not 0 <= h <= 23 for h in values):
        raise ValueError("hour must be within 0..23")
    return values


def sweep(
    fn: JobFunction | None = None,
    *,
    every_minutes: int | None = None,
    minute: MinuteSpec = None,
    hour: MinuteSpec = None,
    name: str | None = None,
    run_at_startup: bool = False,
    timeout: int | None = None,
) -> Any:
    """Register ``async def fn(ctx)`` as a cron sweep (every minute unless told otherwise).

    ``jobs.sweep(fn, every_minutes=5)`` or ``@jobs.sweep(minute=0, hour=20)``. Times are UTC
    (the worker's explicit time zone); a sweep finds what is due in the database itself, so it
    should not depend on the exact minute it runs. A sweep runs at most once at a time.
    """
    schedule = SweepSchedule(_minutes(every_minutes, minute), _hours(hour), run_at_startup)

    def register(f: JobFunction) -> JobFunction:
        _check(f)
        definition = JobDef(name or default_name(f), f, 0, timeout, 1, schedule)
        REGISTRY.add(definition)
        setattr(f, _ATTR, definition.name)
        return f

    return register(fn) if fn is not None else register


def name_of(fn_or_name: JobFunction | str) -> str:
    if isinstance(fn_or_name, str):
        REGISTRY.get(fn_or_name)
        return fn_or_name
    name = getattr(fn_or_name, _ATTR, None)
    if name is None:
        raise LookupError(f"{fn_or_name!r} is not a registered job (decorate it with @jobs.job)")
    return name


_loaded = False


def load_modules() -> None:
    """Import ``pintar.<m>.jobs`` of every enabled module (once), so registration is done."""
    global _loaded
    if _loaded:
        return
    from pintar.modules import MODULES

    for module in MODULES:
        try:
            importlib.import_module(f"pintar.{module}.jobs")
        except ModuleNotFoundError as exc:
            if exc.name != f"pintar.{module}.jobs":
                raise
    _loaded = True
