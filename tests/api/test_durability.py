"""Durability: SIGKILL the real server (``lunarstation serve`` under uvicorn, and its
workers) during uploads and during a run. After a restart every acknowledged version is
there and intact, nothing is half-written, and the interrupted run is marked failed."""

from __future__ import annotations

import hashlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from lunarstation.store import Store
from tests.api.support import MINIMAL, seed


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(url: str, port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("lunarstation")),
            "serve",
            "--db",
            url,
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the kill takes the workers too
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=1)
            return process
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError("the server did not start")


def _kill(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'durable.db'}"


def test_sigkill_loses_nothing_acknowledged(sqlite_url: str) -> None:
    store = Store.open(sqlite_url)
    keys = seed(store)
    store.close()
    headers = keys.headers("agency-a")
    port = _port()
    server = _start(sqlite_url, port)
    base = f"http://127.0.0.1:{port}"
    sid = httpx.post(
        f"{base}/api/scenarios",
        json={"name": "durable", "files": [{"name": "base.yaml", "content": MINIMAL}]},
        headers=headers,
        timeout=30,
    ).json()["id"]
    acknowledged: dict[int, str] = {1: hashlib.sha256(MINIMAL.encode()).hexdigest()}
    stop = threading.Event()
    run_running = threading.Event()
    # Set as the uploader sends a request with two acknowledged since the run started:
    # the moment to kill (mid-upload, mid-run), with no sleep guessing how long that takes.
    in_flight = threading.Event()

    def upload() -> None:
        etag = '"1"'
        index = 0
        acked_while_running = 0
        while not stop.is_set():
            index += 1
            content = MINIMAL + f"# edit {index}\n" + "# padding\n" * 2000
            if acked_while_running >= 2:
                in_flight.set()
            try:
                response = httpx.post(f"{base}/api/scenarios/{sid}/versions", json={"files": [{"name": "base.yaml", "content": content}]},
                                      headers={**headers, "If-Match": etag}, timeout=30)  # fmt: skip
            except httpx.HTTPError:
                return
            if response.status_code == 201:
                acknowledged[response.json()["version"]] = hashlib.sha256(
                    content.encode()
                ).hexdigest()
                etag = response.headers["ETag"]
                acked_while_running += run_running.is_set()

    run_id = httpx.post(
        f"{base}/api/runs", json={"scenario_id": sid, "version": 1}, headers=headers, timeout=30
    ).json()["id"]
    uploader = threading.Thread(target=upload)
    uploader.start()
    deadline = time.monotonic() + 60
    while (
        httpx.get(f"{base}/api/runs/{run_id}", headers=headers, timeout=30).json()["status"]
        != "running"
    ):
        assert time.monotonic() < deadline, "the run never started"
        time.sleep(0.05)
    run_running.set()
    assert in_flight.wait(timeout=60), "no upload was acknowledged while the run ran"
    _kill(server)  # mid-upload and mid-run
    stop.set()
    uploader.join()
    assert len(acknowledged) >= 2, "no upload was acknowledged before the kill"

    server = _start(sqlite_url, port)
    try:
        versions = httpx.get(
            f"{base}/api/scenarios/{sid}/versions?limit=500", headers=headers, timeout=30
        ).json()["items"]
        stored = {v["version"]: v for v in versions}
        for number, digest in acknowledged.items():
            full = httpx.get(
                f"{base}/api/scenarios/{sid}/versions/{number}", headers=headers, timeout=30
            ).json()
            assert (
                hashlib.sha256(full["files"][0]["content"].encode()).hexdigest()
                == digest
                == full["files"][0]["sha256"]
            )
        # At most the one in flight when the kill came is stored without its answer; it is whole.
        assert set(acknowledged) <= set(stored)
        assert len(set(stored) - set(acknowledged)) <= 1
        assert sorted(stored) == list(range(1, len(stored) + 1))
        run = httpx.get(f"{base}/api/runs/{run_id}", headers=headers, timeout=30).json()
        assert run["status"] == "failed"
        assert run["reason"].startswith("interrupted:")
    finally:
        _kill(server)
