"""uvicorn's h11 protocol with deadlines for slow clients: request headers must arrive within
SERVE_HEADER_TIMEOUT seconds, and a response left unread for SERVE_SEND_TIMEOUT seconds is
dropped (`bounded_protocol`; `crawler.cli.serve` passes the settings).
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["bounded_protocol"]

logger = logging.getLogger(__name__)


def bounded_protocol(header_timeout: float, send_timeout: float) -> type[H11Protocol]:
    """The protocol class to give uvicorn (``http=``); a deadline of 0 is none."""

    class BoundedH11Protocol(_Bounded):
        pass

    BoundedH11Protocol.header_timeout = header_timeout
    BoundedH11Protocol.send_timeout = send_timeout
    return BoundedH11Protocol


class _Bounded(H11Protocol):
    # uvicorn 0.55 arms its keep-alive timer only after a response, and any byte received
    # cancels it: a client that connects and sends nothing, or trickles header bytes, would
    # hold its connection (and a place under SERVE_MAX_CONNECTIONS) for ever.
    header_timeout = 10.0
    send_timeout = 30.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._header_deadline: asyncio.TimerHandle | None = None
        self._send_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._await_request()

    def connection_lost(self, exc: Exception | None) -> None:
        self._header_deadline = _cancel(self._header_deadline)
        self._send_deadline = _cancel(self._send_deadline)
        super().connection_lost(exc)

    def handle_events(self) -> None:
        had = self.cycle
        super().handle_events()
        if self.cycle is not had:  # a request's headers are in: the app has it now
            self._header_deadline = _cancel(self._header_deadline)

    def on_response_complete(self) -> None:
        self._await_request()  # before the base class: it may start a pipelined request
        super().on_response_complete()

    def pause_writing(self) -> None:
        super().pause_writing()
        if self.send_timeout > 0 and self._send_deadline is None:
            self._send_deadline = self.loop.call_later(self.send_timeout, self._unread)

    def resume_writing(self) -> None:
        super().resume_writing()
        self._send_deadline = _cancel(self._send_deadline)

    def _await_request(self) -> None:
        self._header_deadline = _cancel(self._header_deadline)
        if self.header_timeout > 0:
            self._header_deadline = self.loop.call_later(self.header_timeout, self._no_request)

    def _no_request(self) -> None:
        self._header_deadline = None
        if self.transport.is_closing() or not (self.cycle is None or self.cycle.response_complete):
            return
        logger.info(
            "Closed a connection from %s: no complete request in %gs (SERVE_HEADER_TIMEOUT)",
            _peer(self.client),
            self.header_timeout,
        )
        with suppress(h11.LocalProtocolError):  # h11 closed or broken: the socket closes anyway
            self.conn.send(h11.ConnectionClosed())
        self.transport.close()

    def _unread(self) -> None:
        self._send_deadline = None
        if self.transport.is_closing():
            return
        logger.info(
            "Dropped a connection from %s: its response lay unread for %gs (SERVE_SEND_TIMEOUT)",
            _peer(self.client),
            self.send_timeout,
        )
        # abort, not close: close would wait for the client to read the buffered response.
        self.transport.abort()


def _cancel(handle: asyncio.TimerHandle | None) -> asyncio.TimerHandle | None:
    """Cancel ``handle`` if set; None, for the attribute that held it."""
    if handle is not None:
        handle.cancel()
    return None


def _peer(client: tuple[str, int] | None) -> str:
    return f"{client[0]}:{client[1]}" if client else "?"
