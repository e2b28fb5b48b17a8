"""A real nginx on 127.0.0.1 that serves a generated redirect map, for the redirect tests.

The configuration is a throwaway one in a folder of the test's own: the generated map is
included in its ``http`` block and the server block holds the line that docs/links.md says
to add. nginx runs in the foreground with its own pid file, error log and temporary folders,
and is stopped when the test ends.
"""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

SERVER_LINE_MARK = "# In the server block:\n# "
OPTIONAL_TEMP_PATHS = ("proxy", "fastcgi", "uwsgi", "scgi")
START_SECONDS = 10


def nginx_binary() -> str:
    """The nginx program; without one the test is skipped, except in CI, where it fails."""
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("nginx is not installed: CI must run the real-nginx redirect tests "
                    "(.ci/run installs Debian's nginx-light)")
    pytest.skip("nginx is not installed (apt-get install nginx-light)")


@dataclass(frozen=True)
class Answer:
    """What nginx answered to one request."""

    status: int
    location: str | None


def server_line(map_file: Path) -> str:
    """The line the generated map says to add to the server block, uncommented."""
    text = map_file.read_text(encoding="utf-8")
    assert SERVER_LINE_MARK in text, "the map no longer says what the server block needs"
    return text.split(SERVER_LINE_MARK, 1)[1].splitlines()[0]


def write_config(binary: str, map_file: Path, folder: Path, port: int) -> Path:
    """A configuration of nginx in ``folder`` that includes ``map_file``; its path."""
    folder.mkdir(parents=True, exist_ok=True)
    built_without = _version_text(binary)
    temp_paths = [f'    {name}_temp_path "{folder / name}";' for name in OPTIONAL_TEMP_PATHS
                  if f"--without-http_{name}_module" not in built_without]
    lines = [
        "user root;" if os.geteuid() == 0 else "",
        "worker_processes 1;",
        "daemon off;",
        f'pid "{folder / "nginx.pid"}";',
        f'error_log "{folder / "error.log"}" info;',
        "events { worker_connections 64; }",
        "http {",
        "    access_log off;",
        f'    client_body_temp_path "{folder / "client_body"}";',
        *temp_paths,
        f'    include "{map_file}";',
        "    server {",
        f"        listen 127.0.0.1:{port};",
        "        server_name _;",
        f"        {server_line(map_file)}",
        "        location / { return 404; }",
        "    }",
        "}",
    ]
    config = folder / "nginx.conf"
    config.write_text("\n".join(line for line in lines if line) + "\n", encoding="utf-8")
    return config


def check_config(binary: str, config: Path) -> subprocess.CompletedProcess:
    """``nginx -t`` on ``config``."""
    return subprocess.run([*_command(binary, config), "-t"], capture_output=True, text=True,
                          timeout=30)


@contextmanager
def running(binary: str, config: Path, port: int) -> Iterator[None]:
    """nginx serving ``config`` on 127.0.0.1:``port`` until the block ends."""
    with open(config.parent / "stderr.log", "wb") as stderr:
        process = subprocess.Popen(_command(binary, config), stdout=subprocess.DEVNULL,
                                   stderr=stderr, start_new_session=True)
    try:
        _wait_until_listening(process, config, port)
        yield
    finally:
        _stop(process)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port: int, target: str, host: str = "kort.example") -> Answer:
    """Send ``GET target`` exactly as written (no encoding added) and read the answer."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.putrequest("GET", target, skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        response.read()
        return Answer(response.status, response.getheader("Location"))
    finally:
        connection.close()


def _command(binary: str, config: Path) -> list[str]:
    folder = str(config.parent)
    return [binary, "-p", folder + "/", "-c", str(config), "-e", str(config.parent / "error.log")]


def _version_text(binary: str) -> str:
    return subprocess.run([binary, "-V"], capture_output=True, text=True, timeout=30).stderr


def _wait_until_listening(process: subprocess.Popen, config: Path, port: int) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            logs = [config.parent / name for name in ("stderr.log", "error.log")]
            log = "".join(path.read_text(errors="replace") for path in logs if path.exists())
            raise AssertionError(f"nginx stopped at once ({process.returncode}): {log}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise AssertionError(f"nginx did not listen on 127.0.0.1:{port} within {START_SECONDS} s")


def _stop(process: subprocess.Popen) -> None:
    """Fast shutdown of the master and its worker; killed if it does not end."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)
