"""A real Dask cluster (one scheduler, two workers, separate processes on 127.0.0.1) gives the
same files as a run in this process, byte for byte."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.scenegen.conftest import PROGRAM_FILE

DASK = Path(sys.executable).with_name("dask")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_port(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"the Dask scheduler did not listen on {port}")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture
def cluster(tmp_path):
    assert DASK.exists(), f"the dask CLI (distributed) is not installed at {DASK}"
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(REPO), "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    logs = tmp_path / "logs"
    logs.mkdir()
    procs: list[subprocess.Popen[bytes]] = []
    files = []

    def start(name: str, *args: str) -> None:
        log = (logs / f"{name}.out").open("wb")
        files.append(log)
        procs.append(subprocess.Popen([str(DASK), *args], cwd=REPO, env=env,
                                      stdin=subprocess.DEVNULL, stdout=log,
                                      stderr=subprocess.STDOUT))

    try:
        start("scheduler", "scheduler", "--host", "127.0.0.1", "--port", str(port),
              "--no-dashboard")
        _wait_for_port(port, time.monotonic() + 60)
        for i in range(2):
            start(f"worker{i}", "worker", address, "--nworkers", "1", "--nthreads", "1",
                  "--no-dashboard", "--host", "127.0.0.1", "--name", f"w{i}")
        yield address, procs
    finally:
        for proc in reversed(procs):
            _stop(proc)
        for log in files:
            log.close()


def _generate(out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "spacedesign", "generate", "--program", str(PROGRAM_FILE),
         "--count", "2", "--seed", "9", "--out", str(out), "--json", *extra],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)


def _wait_for_workers(address: str, n: int) -> None:
    code = ("import sys; from distributed import Client\n"
            f"c = Client({address!r}, timeout=60); c.wait_for_workers({n}, timeout=120)\n"
            "print(len(c.scheduler_info()['workers'])); c.close()")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=180, cwd=REPO)
    assert done.returncode == 0 and done.stdout.strip() == str(n), done.stderr[-2000:]


def _tasks_per_worker(address: str) -> dict[str, dict[str, int]]:
    code = ("import json; from distributed import Client\n"
            "from spacedesign.executors import worker_calls\n"
            f"c = Client({address!r}, timeout=60)\n"
            "print(json.dumps(c.run(worker_calls))); c.close()")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=180, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_dask_cluster_matches_local_run_byte_for_byte(cluster, tmp_path):
    address, procs = cluster
    _wait_for_workers(address, 2)
    remote = _generate(tmp_path / "dask", "--scheduler", address)
    assert remote.returncode == 0, remote.stderr[-3000:]
    assert address in remote.stdout
    local = _generate(tmp_path / "local", "--workers", "1")
    assert local.returncode == 0, local.stderr[-3000:]
    a = {p.name: p.read_bytes() for p in sorted((tmp_path / "dask").iterdir())}
    b = {p.name: p.read_bytes() for p in sorted((tmp_path / "local").iterdir())}
    assert sorted(a) == ["index.json", "scenario-01.yaml", "scenario-02.yaml"]
    assert a == b
    assert all(p.poll() is None for p in procs), "a cluster process died during the run"
    # both workers did part of the search
    calls = _tasks_per_worker(address)
    assert len(calls) == 2, calls
    busy = [w for w, c in calls.items() if c.get("sketch", 0) + c.get("finish", 0) > 0]
    assert len(busy) >= 2, calls
