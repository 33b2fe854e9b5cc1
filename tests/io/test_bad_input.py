"""Each kind of bad input is rejected with a message naming file, line, element and problem."""

from __future__ import annotations

import copy
import time
from pathlib import Path
from typing import Any

import pytest

from spacedesign.errors import DocumentError, ValidationError
from spacedesign.io import dump_yaml, load_plan, validate_file
from spacedesign.io.reader import read_document
from tests.conftest import CASES

GOOD = CASES / "access" / "good.yaml"


@pytest.fixture(scope="module")
def good_data() -> dict[str, Any]:
    return read_document(GOOD).data


def _write(tmp_path: Path, data: dict[str, Any], name: str = "bad.yaml") -> Path:
    path = tmp_path / name
    path.write_text(dump_yaml(data), encoding="utf-8")
    return path


def _problems(tmp_path, data, mutate):
    data = copy.deepcopy(data)
    mutate(data)
    path = _write(tmp_path, data)
    problems = validate_file(path)
    assert problems, "expected the file to be rejected"
    with pytest.raises(ValidationError):
        load_plan(path)
    return path, problems


def _one(problems, code):
    found = [p for p in problems if p.code == code]
    assert found, f"no {code!r} in {[str(p) for p in problems]}"
    return found[0]


def _room(data, room_id):
    return next(r for r in data["levels"][0]["rooms"] if r["id"] == room_id)


def _opening(data, opening_id):
    return next(o for o in data["levels"][0]["openings"] if o["id"] == opening_id)


def test_unknown_key_names_key_line_and_element(tmp_path, good_data):
    path, problems = _problems(tmp_path, good_data,
                               lambda d: _room(d, "kids").update(colour="red"))
    p = _one(problems, "unknown-key")
    assert p.element == "kids"
    assert "colour" in p.message
    assert p.path == "levels[0].rooms[9].colour"
    text = path.read_text().splitlines()
    assert p.line is not None and "colour" in text[p.line - 1]
    assert str(p).startswith(f"{path}:{p.line}: levels[0].rooms[9].colour (id \"kids\"): ")


def test_props_may_carry_anything(tmp_path, good_data):
    data = copy.deepcopy(good_data)
    _room(data, "kids")["props"] = {"colour": "red", "nested": {"any": [1, 2]}}
    assert validate_file(_write(tmp_path, data)) == []


def test_wrong_type(tmp_path, good_data):
    _, problems = _problems(tmp_path, good_data,
                            lambda d: _opening(d, "D2").update(width="wide"))
    p = _one(problems, "wrong-type")
    assert p.element == "D2" and p.path.endswith("openings[2].width")


def test_bad_enum_value(tmp_path, good_data):
    _, problems = _problems(tmp_path, good_data, lambda d: _room(d, "kids").update(use="gym"))
    p = _one(problems, "invalid-value")
    assert p.element == "kids" and "gym" in p.message


def test_missing_id(tmp_path, good_data):
    _, problems = _problems(tmp_path, good_data, lambda d: _room(d, "kids").pop("id"))
    p = _one(problems, "missing-key")
    assert "'id'" in p.message and p.path == "levels[0].rooms[9].id"
    # the room has no id: the problem must not name the level's id as if it were the culprit
    assert p.element is None
    assert '(id "' not in str(p)


def test_duplicate_id(tmp_path, good_data):
    _, problems = _problems(tmp_path, good_data, lambda d: _room(d, "kids").update(id="lounge"))
    p = _one(problems, "duplicate-id")
    assert p.element == "lounge" and "levels[0].rooms[2]" in p.message


@pytest.mark.parametrize(
    ("mutate", "path_end"),
    [
        (lambda d: _opening(d, "D2").update(wall="W-nowhere"), "openings[2].wall"),
        (lambda d: _opening(d, "D2").update(connects=["office", "attic"]), "openings[2].connects[1]"),
        (lambda d: d["levels"][0]["fixtures"][1].update(room="attic"), "fixtures[1].room"),
    ],
    ids=["wall", "connects", "room"],
)
def test_dangling_reference(tmp_path, good_data, mutate, path_end):
    _, problems = _problems(tmp_path, good_data, mutate)
    p = _one(problems, "dangling-reference")
    assert p.path.endswith(path_end)
    assert "does not exist" in p.message


def test_self_intersecting_polygon_gives_coordinates(tmp_path, good_data):
    bow_tie = [[19.2, 10.8], [25, 16], [25, 10.8], [19.2, 16]]
    _, problems = _problems(tmp_path, good_data, lambda d: _room(d, "kids").update(polygon=bow_tie))
    p = _one(problems, "polygon-self-intersecting")
    assert p.element == "kids"
    assert "crosses itself at (22.10, 13.40)" in p.message


def test_rooms_overlapping(tmp_path, good_data):
    _, problems = _problems(
        tmp_path, good_data,
        lambda d: _room(d, "kids").update(polygon=[[18, 10.8], [25, 10.8], [25, 16], [18, 16]]),
    )
    p = _one(problems, "room-overlap")
    assert "m²" in p.message and p.element in {"kids", "store", "wc-a"}


def test_room_outside_outline(tmp_path, good_data):
    _, problems = _problems(
        tmp_path, good_data,
        lambda d: _room(d, "kids").update(polygon=[[19.2, 10.8], [27, 10.8], [27, 16], [19.2, 16]]),
    )
    p = _one(problems, "room-outside-outline")
    assert p.element == "kids" and "10.40 m²" in p.message


def test_door_not_on_wall(tmp_path, good_data):
    _, problems = _problems(tmp_path, good_data, lambda d: _opening(d, "D2").update(at=[8, 9.5]))
    p = _one(problems, "opening-off-wall")
    assert p.element == "D2" and "0.50 m" in p.message


def test_door_wider_than_wall_segment(tmp_path, good_data):
    _, problems = _problems(tmp_path, good_data, lambda d: _opening(d, "D9").update(width=6.0))
    p = _one(problems, "opening-wider-than-wall")
    assert p.element == "D9" and "5.20 m" in p.message


def test_door_running_past_its_wall_end(tmp_path, good_data):
    # W-n5 runs from y=10.8 to y=16.0; a 0.8 m door centred at y=15.9 sticks out 0.30 m
    _, problems = _problems(tmp_path, good_data,
                            lambda d: _opening(d, "D9").update(at=[19.2, 15.9]))
    p = _one(problems, "opening-past-wall-end")
    assert p.element == "D9" and "0.30 m past the end" in p.message


def test_door_touching_its_wall_end_is_accepted(tmp_path, good_data):
    data = copy.deepcopy(good_data)
    _opening(data, "D9").update(at=[19.2, 15.6])
    assert not [p for p in validate_file(_write(tmp_path, data)) if p.severity == "error"]


def _with_ramp(d, **changes):
    ramp = {"id": "R1", "polygon": [[17, 0], [19, 0], [19, 4], [17, 4]], "from": [18, 0],
            "to": [18, 4], "from_elevation": 0.0, "to_elevation": 0.2, "handrails": "both"}
    ramp.update(changes)
    d["site"]["ramps"] = [ramp]


def test_ramp_end_not_on_polygon(tmp_path, good_data):
    _, problems = _problems(tmp_path, good_data, lambda d: _with_ramp(d, to=[18, 2]))
    p = _one(problems, "ramp-end-off-polygon")
    assert p.element == "R1" and p.path == "site.ramps[0].to"


def test_ramp_slope_undefined(tmp_path, good_data):
    _, problems = _problems(tmp_path, good_data, lambda d: _with_ramp(d, to=[18, 0]))
    _one(problems, "ramp-slope-undefined")


@pytest.mark.parametrize("bad", [".inf", ".nan", "-.inf"])
def test_non_finite_coordinates(tmp_path, bad):
    text = GOOD.read_text().replace("at: [15, 0]", f"at: [15, {bad}]", 1)
    path = tmp_path / "inf.yaml"
    path.write_text(text)
    problems = validate_file(path)
    p = _one(problems, "non-finite")
    assert p.element == "A1" and p.line == text.splitlines().index(
        next(line for line in text.splitlines() if bad in line)) + 1


def test_yaml_syntax_error_has_line(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("format: spacedesign.plan/1\nname: [unclosed\nlevels: []\n")
    with pytest.raises(DocumentError) as info:
        load_plan(path)
    assert info.value.line is not None and str(path) in str(info.value)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.yaml"
    path.write_text("")
    with pytest.raises(DocumentError, match="empty"):
        load_plan(path)


def test_binary_junk(tmp_path):
    path = tmp_path / "junk.yaml"
    path.write_bytes(bytes(range(256)) * 64)
    with pytest.raises(DocumentError, match="binary"):
        load_plan(path)


def test_latin1_text_is_not_utf8(tmp_path):
    path = tmp_path / "latin.yaml"
    path.write_bytes("name: caf\xe9\n".encode("latin-1"))
    with pytest.raises(DocumentError, match="UTF-8"):
        load_plan(path)


def test_huge_file_is_refused_quickly(tmp_path):
    path = tmp_path / "huge.yaml"
    with path.open("w") as handle:
        handle.write("format: spacedesign.plan/1\nname: huge\nlevels:\n")
        line = "  - {id: L, outline: [[0, 0], [1, 0], [1, 1]]}\n"
        handle.write(line * (50_000_000 // len(line)))
    started = time.perf_counter()
    with pytest.raises(DocumentError, match="MiB"):
        load_plan(path)
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize("style", ["flow", "block"])
def test_deeply_nested_yaml(tmp_path, style):
    path = tmp_path / "deep.yaml"
    if style == "flow":
        path.write_text("format: spacedesign.plan/1\nname: " + "[" * 5000 + "]" * 5000 + "\n")
    else:
        path.write_text("".join("  " * i + f"k{i}:\n" for i in range(1200)) + "  " * 1200 + "x\n")
    with pytest.raises(DocumentError, match="nesting"):
        load_plan(path)


def test_missing_file(tmp_path):
    with pytest.raises(DocumentError, match="no such file"):
        load_plan(tmp_path / "nope.yaml")


def test_unknown_format(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("format: spacedesign.floor/9\nname: x\n")
    problems = validate_file(path)
    assert _one(problems, "unknown-format").line == 1


def test_all_problems_are_collected(tmp_path, good_data):
    def mutate(d):
        _room(d, "kids").update(colour="red")
        _opening(d, "D2").update(wall="W-nowhere")

    _, problems = _problems(tmp_path, good_data, mutate)
    # the room with the unknown key is set aside; the rest is still audited
    assert {p.code for p in problems} == {"unknown-key", "dangling-reference"}
    d = copy.deepcopy(good_data)
    _opening(d, "D2").update(wall="W-nowhere")
    _room(d, "kids").update(id="lounge")
    codes = {p.code for p in validate_file(_write(tmp_path, d))}
    assert {"dangling-reference", "duplicate-id"} <= codes


def test_shape_errors_do_not_hide_semantic_problems(tmp_path, good_data):
    """A wrong type in one room must not stop the checks of ids, references and geometry."""
    data = copy.deepcopy(good_data)
    rooms = data["levels"][0]["rooms"]
    rooms[1]["use"] = "gym"  # shape error: not a known use
    openings = data["levels"][0]["openings"]
    d9 = next(i for i, o in enumerate(openings) if o["id"] == "D9")
    openings[d9]["wall"] = "W-nowhere"  # semantic error in another element
    rooms[4]["id"] = rooms[3]["id"]  # duplicate id after the broken room
    path = _write(tmp_path, data)
    problems = validate_file(path)
    codes = {p.code for p in problems}
    assert {"invalid-value", "dangling-reference", "duplicate-id"} <= codes, codes
    dangling = next(p for p in problems if p.code == "dangling-reference" and p.element == "D9")
    assert dangling.path == f"levels[0].openings[{d9}].wall" and dangling.element == "D9"
    text = path.read_text().splitlines()
    assert "W-nowhere" in text[dangling.line - 1]
    duplicate = _one(problems, "duplicate-id")
    # paths and the path quoted in the message refer to the original file, past the removed room
    assert duplicate.path.startswith("levels[0].rooms[4]")
    assert "levels[0].rooms[3]" in duplicate.message
    assert f"id: {rooms[3]['id']}" in text[duplicate.line - 1]


def test_references_to_a_broken_element_are_not_reported_twice(tmp_path, good_data):
    data = copy.deepcopy(good_data)
    walls = data["levels"][0]["walls"]
    wall = next(w for w in walls if w["id"] == "W-n5")
    wall["thickness"] = "thick"  # the wall is set aside; the doors on it must not be dangling
    problems = validate_file(_write(tmp_path, data))
    assert [p.code for p in problems if p.severity == "error"] == ["wrong-type"]


def test_fast_and_round_trip_parsers_read_the_same_document(tmp_path):
    """The C parser refuses a colon inside a plain scalar of a flow list; YAML 1.2 allows it."""
    from spacedesign.io.reader import parse_text

    text = ("format: spacedesign.plan/1\nname: x\nprops:\n  blocks: [9:00-12:00, 13:00-17:00]\n"
            "  values: [yes, 1_000, 0o17, 1e3, .5, ~, 0x1F, .inf, No]\nlevels: []\n")
    doc = parse_text(text, file="x.yaml")
    assert doc.data["props"]["blocks"] == ["9:00-12:00", "13:00-17:00"]
    assert doc.data["props"]["values"] == ["yes", 1000, 15, 1000.0, 0.5, None, 31, float("inf"),
                                           "No"]
    assert doc.lines.line_of(("props", "blocks")) == 4
    with pytest.raises(DocumentError, match="not valid YAML") as caught:
        parse_text("a: [1, 2\nb: 3\n", file="bad.yaml")
    assert caught.value.code == "syntax-error" and caught.value.line is not None
