"""Record every network endpoint this process tries to reach, and refuse all but loopback.

Installed first thing in a fresh interpreter (before Great Expectations or anything else is
imported), so import-time calls are seen too. Unix sockets are allowed: they never leave
the machine.
"""
from __future__ import annotations

import ipaddress
import socket
from typing import Any

ATTEMPTS: list[tuple[str, str, Any]] = []


def is_loopback(host: str) -> bool:
    if host in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def install() -> None:
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
    real_sendto, real_getaddrinfo = socket.socket.sendto, socket.getaddrinfo

    def check(kind: str, sock: socket.socket | None, address: Any) -> None:
        if sock is not None and sock.family == getattr(socket, "AF_UNIX", None):
            return
        host = str(address[0]) if isinstance(address, tuple) else str(address)
        ATTEMPTS.append((kind, host, address[1] if isinstance(address, tuple) and len(address) > 1 else None))
        if not is_loopback(host):
            raise OSError(f"tests/netguard.py: network access to {host} refused")

    def connect(self: socket.socket, address: Any) -> None:
        check("connect", self, address)
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        check("connect", self, address)
        return real_connect_ex(self, address)

    def sendto(self: socket.socket, data: bytes, *args: Any) -> int:
        check("sendto", self, args[-1])
        return real_sendto(self, data, *args)

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None:
            check("getaddrinfo", None, (host, port))
        return real_getaddrinfo(host, port, *args, **kwargs)

    socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto = connect, connect_ex, sendto
    socket.getaddrinfo = getaddrinfo
