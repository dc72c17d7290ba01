"""Runs as tasks: a worker that dies leaves its run failed with the reason; a restart
settles runs left running; the API answers while a run executes."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator

import pytest

from lunarstation.api import create_app
from lunarstation.store import runs as repo
from tests.api.support import Server, open_server


@pytest.fixture
def working(db_url: str) -> Iterator[Server]:
    yield from open_server(db_url, workers=1)


def _wait(predicate, timeout_s: float = 90):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out")


def test_a_killed_worker_leaves_its_run_failed_with_the_reason(working: Server) -> None:
    a = working.keys.headers("agency-a")
    sid = working.create("agency-a", "outpost")["id"]
    run = working.client.post("/api/runs", json={"scenario_id": sid, "version": 1}, headers=a)
    assert run.status_code == 202
    assert run.json()["status"] == "queued"
    run_id = run.json()["id"]
    store = working.app.state.store

    def worker_pid() -> int | None:
        with store.read() as session:
            row = repo.visible_run(session, _actor(working), run_id)
            return row.worker_pid if row.status == "running" else None

    started = time.monotonic()
    pid = _wait(worker_pid)
    # The API answers while the worker computes.
    assert working.client.get("/api/scenarios", headers=a).status_code == 200
    assert time.monotonic() - started < 60
    os.kill(pid, signal.SIGKILL)
    body = _wait(
        lambda: (
            (b := working.client.get(f"/api/runs/{run_id}", headers=a).json())["status"] == "failed"
            and b
        )
    )
    assert body["reason"] == "the worker process was killed by SIGKILL before the run finished"


def _actor(server: Server):  # type: ignore[no-untyped-def]
    from lunarstation.store.accounts import actor_of, find_key

    with server.app.state.store.read() as session:
        return actor_of(find_key(session, server.keys.keys["agency-a"]["member"]))  # type: ignore[arg-type]


def test_a_restart_marks_runs_left_running_as_interrupted(db_url: str) -> None:
    for server in open_server(db_url, workers=0):
        sid = server.create("agency-a", "outpost")["id"]
        a = server.keys.headers("agency-a")
        run_id = server.client.post(
            "/api/runs", json={"scenario_id": sid, "version": 1}, headers=a
        ).json()["id"]
        queued_id = server.client.post(
            "/api/runs", json={"scenario_id": sid, "version": 1}, headers=a
        ).json()["id"]
        with server.app.state.store.write() as session:
            assert repo.claim(
                session, run_id, pid=999_999
            )  # as a worker of a server that then died
        keys = server.keys
    restarted = create_app(db_url, workers=0)
    restarted.state.dispatcher.start()
    try:
        with restarted.state.store.read() as session:
            actor = _actor_from(restarted, keys.keys["agency-a"]["member"])
            interrupted = repo.visible_run(session, actor, run_id)
            assert interrupted.status == "failed"
            assert interrupted.reason.startswith("interrupted:")
            assert repo.visible_run(session, actor, queued_id).status == "queued"  # picked up later
    finally:
        restarted.state.dispatcher.stop()
        restarted.state.store.close()


def _actor_from(app, key: str):  # type: ignore[no-untyped-def]
    from lunarstation.store.accounts import actor_of, find_key

    with app.state.store.read() as session:
        return actor_of(find_key(session, key))  # type: ignore[arg-type]
