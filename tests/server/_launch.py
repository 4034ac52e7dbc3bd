"""Start ``nudge serve`` in a subprocess on a free localhost port, for the tests.

``slow_bulk`` starts the server through this file's ``__main__`` instead: its storage
sleeps after each id of a bulk action and prints ``item N`` (fault injection, so a test
can kill the server in the middle of one).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Server:
    proc: subprocess.Popen[str]
    url: str

    def call(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read())

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)
        if self.proc.stdout is not None:
            self.proc.stdout.close()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        if self.proc.stdout is not None:
            self.proc.stdout.close()


def start(
    db: Path, *, slow_bulk: float = 0.0, workers: int = 1, env: dict[str, str] | None = None
) -> Server:
    port = free_port()
    if slow_bulk:
        cmd = [sys.executable, __file__, str(db), str(port), str(slow_bulk)]
    else:
        cmd = [sys.executable, "-m", "nudge.cli", "serve", "--port", str(port), "--db", str(db)]
        cmd += ["--workers", str(workers)]
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=full_env
    )
    server = Server(proc, f"http://127.0.0.1:{port}")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            out = proc.stdout.read() if proc.stdout else ""
            raise RuntimeError(f"server exited with {proc.returncode}: {out}")
        try:
            with urllib.request.urlopen(server.url + "/healthz", timeout=2) as r:
                if r.status == 200:
                    return server
        except OSError:
            time.sleep(0.1)
    server.stop()
    raise RuntimeError("server did not start in 60 s")


if __name__ == "__main__":
    import uvicorn

    from nudge.server import create_app
    from nudge.server.storage import SqliteStorage

    db_path, port_text, delay_text = sys.argv[1:4]
    delay = float(delay_text)

    def on_item(i: int, comment_id: str) -> None:
        print(f"item {i}", flush=True)
        time.sleep(delay)

    storage = SqliteStorage(db_path, on_bulk_item=on_item)
    uvicorn.run(create_app(storage=storage), host="127.0.0.1", port=int(port_text),
                log_level="warning")  # fmt: skip
