"""A real SMTP server on loopback (aiosmtpd), and settings that send through it."""

from __future__ import annotations

import dataclasses
import socket
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Iterator

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """What the SMTP server received, parsed."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        self.envelopes.append(envelope)
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@pytest.fixture
def smtp_settings(smtp_server):
    from pintar.config import get_settings

    _, port = smtp_server
    return dataclasses.replace(get_settings(), smtp_host="127.0.0.1", smtp_port=port)


@pytest.fixture
def inbox(smtp_server) -> Inbox:
    return smtp_server[0]
