import json
import os
import socket
import subprocess
import sys
import time
from collections import deque

import pytest

from spacedesign.generate import generate_scenarios
from spacedesign.generate.scenario_plan import CORRIDOR_ID, room_ids, zone_problem
from spacedesign.generate.zone_search import touches_window
from spacedesign.io import load_plan, load_program, resolve_program_plan, to_data, validate_file
from tests.conftest import REPO

PROGRAM = REPO / "scenarios" / "program-2026.yaml"


@pytest.fixture(scope="module")
def nakano():
    program = load_program(PROGRAM)
    plan = load_plan(resolve_program_plan(program, PROGRAM))
    return plan, program


@pytest.fixture(scope="module")
def serial_run(nakano):
    plan, program = nakano
    return generate_scenarios(plan, program, count=3, seed=11, time_limit=30)


def _reachable(level):
    graph = {}
    for opening in level.openings:
        if opening.kind in ("door", "opening") and opening.connects and opening.width >= 0.8:
            a, b = opening.connects
            graph.setdefault(a, set()).add(b)
            graph.setdefault(b, set()).add(a)
    seen = {"outside"}
    queue = deque(["outside"])
    while queue:
        for nxt in graph.get(queue.popleft(), ()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def test_every_scenario_is_complete_and_sound(nakano, serial_run):
    plan, program = nakano
    problem = zone_problem(plan, program)
    assert serial_run
    for scenario in serial_run:
        level = scenario.levels[0]
        rooms = {r.id: r for r in level.rooms}
        reached = _reachable(level)
        for rid, space in room_ids(program):
            room = rooms[rid]
            lo, hi = space.area
            assert lo - 1e-6 <= room.polygon.area <= hi + 1e-6, rid
            x0, y0, x1, y1 = room.polygon.geometry.bounds
            if space.min_side:
                assert min(x1 - x0, y1 - y0) >= space.min_side - 1e-6
            if space.daylight:
                assert touches_window(problem, (x0, y0, x1, y1)), rid
            if room.public:
                assert rid in reached, f"{rid} not reachable from outside"
        corridor = rooms[CORRIDOR_ID].polygon.geometry
        assert min(
            corridor.bounds[2] - corridor.bounds[0], corridor.bounds[3] - corridor.bounds[1]
        ) == pytest.approx(program.corridor_width + 0.12)
        for column in level.columns:
            assert column.polygon.geometry.intersection(corridor).area < 1e-9
        generated = [r for r in level.rooms if r.props.get("generated")]
        for i, a in enumerate(generated):
            for b in generated[i + 1 :]:
                assert a.polygon.geometry.intersection(b.polygon.geometry).area < 1e-6


def test_accessibility_checker_reaches_every_generated_room(serial_run):
    from spacedesign.rules import check_plan

    for scenario in serial_run:
        generated = {r.id for r in scenario.levels[0].rooms if r.props.get("generated")}
        report = check_plan(scenario, "jp-recommended")
        blocked = [
            f
            for f in report.findings
            if f.rule == "ROUTE-REACH" and f.status == "fail" and f.element in generated
        ]
        assert blocked == []
        narrow = [
            f
            for f in report.findings
            if f.rule in ("ROUTE-WIDTH", "ROUTE-TURN", "DOOR-WIDTH")
            and f.status == "fail"
            and f.element in generated
        ]
        assert narrow == []
        assert scenario.scenario.generator["scores"]["accessibility"] == pytest.approx(
            report.score, abs=0.01
        )


def test_same_seed_same_scenarios_with_a_process_pool(nakano, serial_run):
    plan, program = nakano
    pooled = generate_scenarios(plan, program, count=3, seed=11, time_limit=30, workers=2)
    assert [to_data(s) for s in pooled] == [to_data(s) for s in serial_run]


def test_scenarios_are_diverse_and_ranked(serial_run):
    totals = [s.scenario.generator["scores"]["total"] for s in serial_run]
    assert totals == sorted(totals, reverse=True)
    layouts = [
        tuple(
            sorted(
                (r.id, r.polygon.geometry.bounds)
                for r in s.levels[0].rooms
                if r.props.get("generated")
            )
        )
        for s in serial_run
    ]
    assert len(set(layouts)) == len(layouts)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_dask_cluster_gives_the_same_scenarios(nakano, serial_run, tmp_path):
    plan, program = nakano
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    dask = [sys.executable, "-m", "distributed.cli.dask_scheduler"]
    procs = [
        subprocess.Popen(
            [*dask, "--host", "127.0.0.1", "--port", str(port), "--dashboard-address", ":0"],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    ]
    try:
        for _ in range(2):
            procs.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "distributed.cli.dask_worker",
                        address,
                        "--nthreads",
                        "1",
                        "--nworkers",
                        "1",
                        "--dashboard-address",
                        ":0",
                    ],
                    env=env,
                    cwd=tmp_path,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        from distributed import Client

        deadline = time.time() + 120
        while True:
            try:
                with Client(address, timeout=10) as client:
                    client.wait_for_workers(2, timeout=110)
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(1)
        remote = generate_scenarios(
            plan, program, count=3, seed=11, time_limit=30, scheduler=address
        )
        assert [to_data(s) for s in remote] == [to_data(s) for s in serial_run]
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def test_generate_command_writes_valid_files_and_index(tmp_path):
    out = tmp_path / "gen"
    env = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "200"}
    args = [
        sys.executable,
        "-m",
        "spacedesign",
        "generate",
        "--program",
        str(PROGRAM),
        "--count",
        "2",
        "--seed",
        "5",
        "--out",
        str(out),
        "--json",
    ]
    result = subprocess.run(args, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    index = json.loads((out / "index.json").read_text())
    assert json.loads(result.stdout) == index
    assert [e["rank"] for e in index["scenarios"]] == [1, 2]
    for entry in index["scenarios"]:
        path = out / entry["file"]
        assert [p for p in validate_file(path) if p.severity == "error"] == []
        assert {"total", "program_fit", "adjacency", "daylight", "accessibility"} <= set(
            entry["scores"]
        )
    again = subprocess.run(
        [*args[:-2], str(tmp_path / "again"), "--json"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert again.returncode == 0, again.stderr
    for entry in index["scenarios"]:
        assert (out / entry["file"]).read_text() == (tmp_path / "again" / entry["file"]).read_text()
