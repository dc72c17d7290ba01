"""The partners' shared server under load, on loopback, on SQLite and on PostgreSQL.

Run as ``python benchmarks/bench_server.py [sqlite] [postgresql]`` (both by default).
Figures go to benchmarks/README.md, "Shared server". Targets (issue 15): 0 errors and a
p95 read latency under 200 ms while partners poll and write; 10,000 mixed reads with 0
errors, throughput recorded.

For each database a fresh store is seeded (25 partners, one member key each) and a real
server is started in a subprocess (``lunarstation serve --db URL --port P --workers 1``,
uvicorn, one process), then:

* ``mixed``: 20 partner clients poll ``GET /api/changes?since=REV`` every 30 s and read
  each scenario the feed names (``GET /api/scenarios/{id}``), while 5 other partners each,
  every 30 s, upload a new version of their shared scenario (``If-Match``, validated by the
  loader as the CLI does) and, every third time, start a run of it (``POST /api/runs``;
  the run executes in the server's worker process meanwhile). Time is scaled down by
  :data:`SCALE` (30 s → 0.5 s) for :data:`MIXED_S` seconds of wall time (so 15 minutes
  of partner time). Latency is per request, from the client, over keep-alive connections.
* ``reads``: :data:`READS` requests of mixed reads (change feed, scenario list, one
  scenario, its versions, one version, a run, ``/api/me``) from :data:`READ_THREADS`
  threads, as fast as the server answers: throughput and latency percentiles.

An error is any exception or any status other than the one the route promises (200, 201
for a version, 202 for a run). PostgreSQL: as root, the role and the database are
created through ``runuser -u postgres -- psql`` on the local Debian cluster, as the API
tests do (``LUNARSTATION_BENCH_PG_URL`` names another server's maintenance database).
"""

from __future__ import annotations

import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from run_all import machine

ROOT = Path(__file__).resolve().parents[1]
CLI = Path(sys.executable).with_name("lunarstation")
MINIMAL = (ROOT / "src" / "lunarstation" / "scenario" / "builtin" / "minimal.yaml").read_text()
SCALE = 60.0
"""Partner time per wall second: a 30 s poll interval becomes 0.5 s."""
POLL_S = 30.0 / SCALE
WRITE_S = 30.0 / SCALE
MIXED_S = 15.0
"""Wall seconds of the mixed phase (15 minutes of partner time at :data:`SCALE`)."""
POLLERS = 20
WRITERS = 5
RUN_EVERY = 3
"""A writer starts a run on every third of its uploads."""
READS = 10_000
READ_THREADS = 8
P95_TARGET_MS = 200.0
PG_ROLE = "lunarstation_bench"
PG_PASSWORD = "lunarstation_bench"


@dataclass
class Tally:
    """Latencies (seconds) of reads and writes, and errors, from every client thread."""

    reads: list[float] = field(default_factory=list)
    writes: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def call(
        self, client: httpx.Client, method: str, path: str, want: int, read: bool, **kw: object
    ) -> httpx.Response | None:
        start = time.perf_counter()
        try:
            response = client.request(method, path, **kw)  # type: ignore[arg-type]
        except httpx.HTTPError as error:
            with self.lock:
                self.errors.append(f"{method} {path}: {type(error).__name__} {error}")
            return None
        elapsed = time.perf_counter() - start
        with self.lock:
            (self.reads if read else self.writes).append(elapsed)
            if response.status_code != want:
                self.errors.append(f"{method} {path}: {response.status_code} {response.text[:200]}")
        return response if response.status_code == want else None


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (0–100) of ``values``, in milliseconds."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index] * 1000


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def postgres_url() -> str:
    """A fresh PostgreSQL database's URL (created as the tests create theirs)."""
    admin = os.environ.get("LUNARSTATION_BENCH_PG_URL")
    if admin is None:
        if os.geteuid() == 0 and shutil.which("runuser") and shutil.which("psql"):
            sql = (
                f"DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{PG_ROLE}') "
                f"THEN CREATE ROLE {PG_ROLE} LOGIN CREATEDB PASSWORD '{PG_PASSWORD}'; END IF; END$$;"
            )
            subprocess.run(
                ["runuser", "-u", "postgres", "--", "psql", "-q", "-c", sql],
                capture_output=True,
                timeout=30,
                check=False,
            )
        admin = f"postgresql+psycopg://{PG_ROLE}:{PG_PASSWORD}@127.0.0.1:5432/postgres"
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"ls_bench_{uuid.uuid4().hex[:10]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return make_url(admin).set(database=name).render_as_string(hide_password=False)


def drop_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    engine = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
    engine.dispose()


def seed(url: str, partners: int) -> list[str]:
    """``partners`` partners with one member key each; the keys."""
    from lunarstation.store import Store
    from lunarstation.store.accounts import add_partner, create_key

    store = Store.open(url)
    keys = []
    for index in range(partners):
        partner = f"partner-{index:02d}"
        with store.write() as session:
            add_partner(session, partner, f"Partner {index:02d}")
        with store.write() as session:
            keys.append(create_key(session, partner, "member", f"{partner} bench").key)
    store.close()
    return keys


def start_server(url: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    """``lunarstation serve`` on ``port``, its stderr to ``log`` (a pipe nobody reads
    would fill and stall the server)."""
    command = [str(CLI), "serve", "--db", url, "--port", str(port), "--workers", "1"]
    with log.open("wb") as sink:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=sink)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=2)
            return process
        except httpx.HTTPError:
            if process.poll() is not None:
                tail = log.read_text(errors="replace")[-2000:]
                raise SystemExit(f"the server exited: {tail}") from None
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the server did not start in 120 s")


def _files(index: int) -> list[dict[str, str]]:
    return [{"name": "base.yaml", "content": MINIMAL + f"# revision {index}\n"}]


def _client(base: str, key: str) -> httpx.Client:
    return httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=30)


def mixed(base: str, keys: list[str]) -> tuple[Tally, dict[str, int]]:
    """The mixed phase: pollers and writers at once; the tally and what was written."""
    tally = Tally()
    stop = threading.Event()
    written = {"versions": 0, "runs": 0}

    def poller(key: str, offset: float) -> None:
        with _client(base, key) as client:
            since = 0
            stop.wait(offset)  # spread the polls over the interval, as real partners would
            while not stop.is_set():
                response = tally.call(client, "GET", f"/api/changes?since={since}", 200, True)
                if response is not None:
                    body = response.json()
                    since = body["next_since"]
                    for sid in {c["scenario_id"] for c in body["changes"] if c.get("scenario_id")}:
                        tally.call(client, "GET", f"/api/scenarios/{sid}", 200, True)
                stop.wait(POLL_S)

    def writer(key: str, offset: float) -> None:
        with _client(base, key) as client:
            body = {"name": f"outpost-{key[3:11]}", "visibility": "shared", "files": _files(1)}
            created = tally.call(client, "POST", "/api/scenarios", 201, False, json=body)
            if created is None:
                return
            sid, etag, count = created.json()["id"], created.headers["ETag"], 1
            stop.wait(offset)
            while not stop.is_set():
                count += 1
                response = tally.call(
                    client, "POST", f"/api/scenarios/{sid}/versions", 201, False,
                    json={"message": f"edit {count}", "files": _files(count)},
                    headers={"If-Match": etag},
                )  # fmt: skip
                if response is not None:
                    etag = response.headers["ETag"]
                    with tally.lock:
                        written["versions"] += 1
                    if count % RUN_EVERY == 0:
                        run = {"scenario_id": sid, "version": response.json()["version"]}
                        if tally.call(client, "POST", "/api/runs", 202, False, json=run):
                            with tally.lock:
                                written["runs"] += 1
                stop.wait(WRITE_S)

    threads = [
        threading.Thread(target=poller, args=(k, POLL_S * i / POLLERS))
        for i, k in enumerate(keys[:POLLERS])
    ] + [
        threading.Thread(target=writer, args=(k, WRITE_S * i / WRITERS))
        for i, k in enumerate(keys[POLLERS : POLLERS + WRITERS])
    ]
    for thread in threads:
        thread.start()
    time.sleep(MIXED_S)
    stop.set()
    for thread in threads:
        thread.join()
    return tally, written


def reads(base: str, keys: list[str]) -> tuple[Tally, float]:
    """:data:`READS` mixed reads from :data:`READ_THREADS` threads; the tally and wall seconds."""
    with _client(base, keys[0]) as client:
        scenarios = client.get("/api/scenarios?limit=100").json()["items"]
        runs = client.get("/api/runs?limit=100").json()["items"]
    sids = [s["id"] for s in scenarios]
    rids = [r["id"] for r in runs]
    paths: list[Callable[[random.Random], str]] = [
        lambda r: f"/api/changes?since={r.randrange(0, 50)}",
        lambda r: "/api/scenarios",
        lambda r: f"/api/scenarios/{r.choice(sids)}",
        lambda r: f"/api/scenarios/{r.choice(sids)}/versions",
        lambda r: f"/api/scenarios/{r.choice(sids)}/versions/1",
        lambda r: f"/api/runs/{r.choice(rids)}" if rids else "/api/runs",
        lambda r: "/api/me",
    ]
    tally = Tally()
    per_thread = READS // READ_THREADS

    def reader(index: int) -> None:
        rng = random.Random(index)
        with _client(base, keys[index % POLLERS]) as client:
            for _ in range(per_thread):
                tally.call(client, "GET", rng.choice(paths)(rng), 200, True)

    threads = [threading.Thread(target=reader, args=(i,)) for i in range(READ_THREADS)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally, time.perf_counter() - start


def bench(kind: str) -> bool:
    """Both phases on one database; whether the targets were met."""
    workdir = Path(tempfile.mkdtemp(prefix="ls-bench-server-"))
    url = f"sqlite:///{workdir / 'bench.db'}" if kind == "sqlite" else postgres_url()
    port = _port()
    server: subprocess.Popen[bytes] | None = None
    try:
        keys = seed(url, POLLERS + WRITERS)
        server = start_server(url, port, workdir / "server.log")
        base = f"http://127.0.0.1:{port}"
        tally, written = mixed(base, keys)
        p95 = percentile(tally.reads, 95)
        print(
            f"{kind} mixed: {POLLERS} pollers every {POLL_S:g} s + {WRITERS} writers every "
            f"{WRITE_S:g} s (×{SCALE:g} time) for {MIXED_S:g} s: {len(tally.reads)} reads "
            f"p50 {percentile(tally.reads, 50):.1f} ms p95 {p95:.1f} ms "
            f"max {percentile(tally.reads, 100):.1f} ms; {len(tally.writes)} writes "
            f"({written['versions']} versions, {written['runs']} runs) p95 "
            f"{percentile(tally.writes, 95):.1f} ms; errors {len(tally.errors)}",
            flush=True,
        )
        for error in tally.errors[:5]:
            print(f"  error: {error}")
        read_tally, wall = reads(base, keys)
        print(
            f"{kind} reads: {len(read_tally.reads)} requests from {READ_THREADS} threads in "
            f"{wall:.1f} s: {len(read_tally.reads) / wall:.0f} req/s, "
            f"p50 {percentile(read_tally.reads, 50):.1f} ms p95 "
            f"{percentile(read_tally.reads, 95):.1f} ms "
            f"mean {statistics.fmean(read_tally.reads) * 1000:.1f} ms; "
            f"errors {len(read_tally.errors)}",
            flush=True,
        )
        for error in read_tally.errors[:5]:
            print(f"  error: {error}")
        return (
            not tally.errors
            and not read_tally.errors
            and p95 < P95_TARGET_MS
            and len(read_tally.reads) == READS // READ_THREADS * READ_THREADS
        )
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        if kind == "postgresql":
            drop_postgres(url)
        shutil.rmtree(workdir, ignore_errors=True)


def main(argv: list[str]) -> int:
    kinds = argv or ["sqlite", "postgresql"]
    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.2f} (1 min)")
    ok = True
    for kind in kinds:
        ok = bench(kind) and ok
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
