"""A lean WebSocket client connection for the load generator: websockets' own protocol (sans I/O:
handshake, framing, masking, closing) driven straight from an asyncio Protocol, so that thousands of
simulated attendees cost no coroutine per message received or sent. A viewer uses the ordinary
client (engine.net.client); this is for generating load, where each microsecond per frame counts.
"""
from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import cast

from websockets.client import ClientProtocol
from websockets.exceptions import InvalidHandshake
from websockets.frames import Frame, Opcode
from websockets.http11 import Response
from websockets.protocol import State
from websockets.uri import parse_uri

OnText = Callable[[bytes], None]


class LightConnection(asyncio.Protocol):
    def __init__(self, url: str, on_text: OnText, max_size: int = 2**22) -> None:
        self.url = url
        self.on_text = on_text
        self.protocol = ClientProtocol(parse_uri(url), max_size=max_size)
        self.transport: asyncio.Transport | None = None
        self.opened: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.closed: asyncio.Future[tuple[int, str]] = asyncio.get_running_loop().create_future()

    @classmethod
    async def open(cls, url: str, on_text: OnText, timeout: float = 20.0) -> LightConnection:
        uri = parse_uri(url)
        loop = asyncio.get_running_loop()
        _, conn = await asyncio.wait_for(loop.create_connection(lambda: cls(url, on_text), uri.host, uri.port),
                                         timeout)
        await asyncio.wait_for(conn.opened, timeout)
        return conn

    # -- asyncio.Protocol ------------------------------------------------------------------------
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)   # uvloop's are not subclasses of it
        self.protocol.send_request(self.protocol.connect())
        self._flush()

    def data_received(self, data: bytes) -> None:
        self.protocol.receive_data(data)
        for event in self.protocol.events_received():
            if isinstance(event, Response):
                self._answered(event)
            elif isinstance(event, Frame) and event.opcode is Opcode.TEXT:
                self.on_text(bytes(event.data))
        self._flush()
        if self.protocol.state is State.CLOSED:
            self._finish()

    def connection_lost(self, exc: Exception | None) -> None:
        self.protocol.receive_eof()
        self._finish()
        if not self.opened.done():
            self.opened.set_exception(ConnectionError(f"connection to {self.url} lost"))

    # -- sending ---------------------------------------------------------------------------------
    def send_text(self, text: str) -> bool:
        """Queue a text frame; False when the connection is not open (nothing is sent)."""
        if self.protocol.state is not State.OPEN:
            return False
        self.protocol.send_text(text.encode())
        self._flush()
        return True

    def close(self) -> None:
        if self.protocol.state is State.OPEN:
            self.protocol.send_close(1000)
            self._flush()
        elif self.transport is not None:
            self.transport.close()

    def _flush(self) -> None:
        for data in self.protocol.data_to_send():
            if self.transport is None:
                return
            if data:
                self.transport.write(data)
            else:
                self.transport.write_eof() if self.transport.can_write_eof() else self.transport.close()

    def _answered(self, response: Response) -> None:
        if self.opened.done():
            return
        if self.protocol.handshake_exc is not None or response.status_code != 101:
            self.opened.set_exception(InvalidHandshake(f"HTTP {response.status_code}"))
        else:
            self.opened.set_result(None)

    def _finish(self) -> None:
        if not self.closed.done():
            code = self.protocol.close_code or 1006
            self.closed.set_result((int(code), self.protocol.close_reason or ""))
