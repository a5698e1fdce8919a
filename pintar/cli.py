"""The ``pintar`` command: set up an office, migrate, create people, load the demo, serve.

    pintar migrate                       apply every migration (SQLite or PostgreSQL)
    pintar init --name "BPS Kota X" --code 1771 [--timezone Asia/Jakarta]
    pintar create-user --username budi --name "Budi" --role admin [--nip ...] [--password ...]
    pintar demo                          the demo office and people (only into an empty database)
    pintar run [--host H] [--port P]     migrate, demo on first start, serve (default 127.0.0.1:8000,
                                         or PINTAR_HOST / PINTAR_PORT)
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys

from pintar import config


async def migrate() -> None:
    from piccolo.apps.migrations.commands.forwards import run_forwards

    result = await run_forwards("all")
    if not result.success:
        raise SystemExit(f"Migrasi gagal: {result.message}")


async def _init(name: str, code: str, timezone: str) -> None:
    from pintar.office.service import ensure_office

    await migrate()
    office_id, created = await ensure_office(name, code, timezone)
    print(("Kantor dibuat" if created else "Kantor sudah ada") + f" (id {office_id}).")


async def _create_user(args: argparse.Namespace) -> None:
    from pintar.auth import service

    password = args.password or getpass.getpass("Kata sandi sementara: ")
    person_id = await service.create_person(
        service.PersonForm(
            username=args.username,
            nip=args.nip or "",
            name=args.name,
            email=args.email or "",
            roles=args.role or [],
        ),
        password,
    )
    print(f"Pegawai dibuat (id {person_id}); kata sandi harus diganti saat pertama masuk.")


async def _demo(quiet: bool = False) -> bool:
    from pintar.config import get_settings
    from pintar.demo import create_demo

    await migrate()
    created = await create_demo(get_settings().demo_password)
    if not quiet:
        print("Data demo dibuat." if created else "Basis data sudah berisi pegawai; demo dilewati.")
    return created


def _print_logins() -> None:
    from pintar.config import get_settings
    from pintar.demo import PEOPLE

    settings = get_settings()
    address = f"http://{config.browsable_host(settings.host)}:{settings.port}"
    print(f"\nPortal Pintar siap di {address}")
    if settings.base_url_set and settings.base_url != address:
        print(f"Alamat publik (PINTAR_BASE_URL): {settings.base_url}")
    print(f"Masuk dengan salah satu akun demo, kata sandi: {settings.demo_password}")
    for username, name, _team, roles in PEOPLE[:12]:
        label = ", ".join(str(r) for r in roles) or "pegawai"
        print(f"  {username:<14} {name:<28} {label}")
    print(f"  ... dan {len(PEOPLE) - 12} akun lain (lihat pintar/demo.py)\n")


def use_address(host: str | None, port: int | None) -> tuple[str, int]:
    """Make ``--host``/``--port`` the settings' host and port (they win over PINTAR_HOST/PORT), so
    the banner and every link built without a request name the address actually served."""
    settings = config.get_settings()
    host = host or settings.host
    port = port or settings.port
    if (host, port) != (settings.host, settings.port):
        os.environ["PINTAR_HOST"] = host
        os.environ["PINTAR_PORT"] = str(port)
        config.reset_settings()
    return host, port


def check_port_free(host: str, port: int) -> None:
    """Refuse to start, saying how to choose another port, when ``port`` is taken."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # As uvicorn does, so a port left in TIME_WAIT by the previous run counts as free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise SystemExit(
                f"Port {port} di {host} tidak bisa dipakai ({exc.strerror}). Pilih port lain: "
                f"make run PORT=8101, pintar run --port 8101, atau PINTAR_PORT=8101."
            ) from exc


def _prepare() -> None:
    """Migrate, and load the demo office into an empty database."""

    async def prepare() -> None:
        from pintar import db

        try:
            await _demo(quiet=True)
        finally:
            await db.close_pool()

    asyncio.run(prepare())


def _serve(host: str, port: int) -> None:
    import uvicorn

    uvicorn.run("app:app", host=host, port=port, proxy_headers=True, log_level="info")


def _run(host: str | None, port: int | None) -> None:
    from pintar.web.session import SESSION_DAYS  # noqa: F401  (fail early on a broken install)

    host, port = use_address(host, port)
    check_port_free(host, port)
    _prepare()
    _print_logins()
    _serve(host, port)


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("PICCOLO_CONF", "piccolo_conf")
    sys.path.insert(0, os.getcwd())
    parser = argparse.ArgumentParser(prog="pintar", description="Portal Pintar")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="terapkan semua migrasi")
    p_init = sub.add_parser("init", help="siapkan kantor baru")
    p_init.add_argument("--name", required=True)
    p_init.add_argument("--code", required=True)
    p_init.add_argument("--timezone", default="Asia/Jakarta")
    p_user = sub.add_parser("create-user", help="buat akun pegawai")
    p_user.add_argument("--username", required=True)
    p_user.add_argument("--name", required=True)
    p_user.add_argument("--nip")
    p_user.add_argument("--email")
    p_user.add_argument("--role", action="append", help="bisa diulang: --role admin --role pjk_ti")
    p_user.add_argument("--password")
    sub.add_parser("demo", help="isi data demo ke basis data kosong")
    p_run = sub.add_parser("run", help="migrasi, demo bila kosong, lalu layani")
    p_run.add_argument("--host", help="alamat yang didengarkan (bawaan PINTAR_HOST atau 127.0.0.1)")
    p_run.add_argument("--port", type=int, help="port (bawaan PINTAR_PORT atau 8000)")
    args = parser.parse_args(argv)

    from pintar.errors import UserError

    def run(coro_fn, *a):
        async def wrapped():
            from pintar import db

            try:
                return await coro_fn(*a)
            finally:
                await db.close_pool()

        return asyncio.run(wrapped())

    try:
        if args.command == "migrate":
            run(migrate)
            print("Migrasi selesai.")
        elif args.command == "init":
            run(_init, args.name, args.code, args.timezone)
        elif args.command == "create-user":
            run(_create_user, args)
        elif args.command == "demo":
            run(_demo)
        elif args.command == "run":
            _run(args.host, args.port)
    except UserError as exc:
        raise SystemExit(f"Gagal: {exc.message}") from exc


if __name__ == "__main__":
    main()
