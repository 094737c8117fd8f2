"""Misbehaving learning record stores on loopback: one that never answers, one that drips.

Each takes connections in a thread, reads the request, and then holds the client in its own way
until the client hangs up, the test closes it, or it gives up after GIVE_UP seconds. It notes
whether the client hung up first, so a test can tell a client that kept its deadline from one
that waited the server out.
"""

import select
import socket
import threading
import time

GIVE_UP = 30.0


class MisbehavingLRS:
    """Accepts every connection; what it does after reading the request is `hold`."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}/xAPI/statements"
        self.request_arrived = threading.Event()
        self.client_hung_up = threading.Event()
        self.gave_up = threading.Event()
        self.closed = threading.Event()
        self.connections: list[socket.socket] = []
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self) -> None:
        while not self.closed.is_set():
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.connections.append(connection)
            threading.Thread(target=self.handle, args=(connection,), daemon=True).start()

    def handle(self, connection: socket.socket) -> None:
        with connection:
            try:
                if self.read_request(connection):
                    self.request_arrived.set()
                    self.hold(connection, time.monotonic() + GIVE_UP)
            except OSError:
                if not self.closed.is_set():
                    self.client_hung_up.set()

    def read_request(self, connection: socket.socket) -> bool:
        """Reads up to the end of the headers; the body may follow, unread."""
        received = b""
        while b"\r\n\r\n" not in received:
            chunk = connection.recv(65536)
            if not chunk:
                return False
            received += chunk
        return True

    def client_left(self, connection: socket.socket, wait: float) -> bool:
        """Whether the client closed its side within `wait` seconds (reading what it sends)."""
        readable, _, _ = select.select([connection], [], [], wait)
        if readable and not connection.recv(65536):
            if not self.closed.is_set():
                self.client_hung_up.set()
            return True
        return False

    def hold(self, connection: socket.socket, give_up_at: float) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Drops the listener and every connection: a waiting client sees the connection end."""
        self.closed.set()
        self.listener.close()
        for connection in self.connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class HangingLRS(MisbehavingLRS):
    """Accepts the request and never answers."""

    def hold(self, connection: socket.socket, give_up_at: float) -> None:
        while not self.closed.is_set():
            if time.monotonic() >= give_up_at:
                self.gave_up.set()
                return
            if self.client_left(connection, 0.2):
                return


class DrippingLRS(MisbehavingLRS):
    """Answers one byte a second, a status line and then a header that never ends."""

    ANSWER = b"HTTP/1.1 200 OK\r\nX-Drip: " + b"." * 10_000

    def hold(self, connection: socket.socket, give_up_at: float) -> None:
        for byte in self.ANSWER:
            if self.closed.is_set():
                return
            if time.monotonic() >= give_up_at:
                self.gave_up.set()
                return
            connection.sendall(bytes([byte]))
            if self.client_left(connection, 1.0):
                return
