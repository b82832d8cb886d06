"""The floor of any HTTP server for scenario 5: a minimal one that answers every GET with one file through a blocking
`sendfile(2)` (no authentication, no database, no framework), so that `curl <it> | wc -l` against `cat | wc -l`
shows what the client side (curl over loopback TCP) costs by itself, and the replay's ratio can be read against it.

    with SendfileFloor(path, "127.0.9.1") as url: ...   # url of the file; the server process ends on exit
"""
from __future__ import annotations

import subprocess
import sys

SERVER = r"""
import os, socket, sys
path, host = sys.argv[1], sys.argv[2]
size = os.path.getsize(path)
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((host, 0)); s.listen(16)
print(s.getsockname()[1], flush=True)
while True:
    c, _ = s.accept()
    try:
        req = b""
        while b"\r\n\r\n" not in req:
            d = c.recv(65536)
            if not d: break
            req += d
        if b"\r\n\r\n" not in req: continue
        c.sendall(b"HTTP/1.1 200 \r\nContent-Type: text/plain;charset=UTF-8\r\nContent-Length: %d\r\n\r\n" % size)
        fd = os.open(path, os.O_RDONLY); off = 0
        try:
            while off < size:
                off += os.sendfile(c.fileno(), fd, off, size - off)
        finally:
            os.close(fd)
    except OSError:
        pass
    finally:
        c.close()
"""


class SendfileFloor:
    """A child process serving one file over HTTP/1.1 on `host` (an ephemeral port) until the `with` block ends."""

    def __init__(self, path, host: str):
        self.path, self.host = str(path), host
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> str:
        self.process = subprocess.Popen([sys.executable, "-c", SERVER, self.path, self.host], stdout=subprocess.PIPE,
                                        text=True)
        port = int(self.process.stdout.readline())  # printed once the socket listens
        return f"http://{self.host}:{port}/"

    @property
    def pid(self) -> int:
        return self.process.pid

    def __exit__(self, *exc):
        self.process.kill()
        self.process.wait()
