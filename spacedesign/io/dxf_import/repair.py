"""Byte-level repairs ezdxf.recover does not do: truncated files and duplicate handles."""

from __future__ import annotations

import io
import itertools

__all__ = ["binary_to_ascii", "close_truncated", "is_truncated", "renumber_duplicate_handles"]


def is_truncated(data: bytes) -> bool:
    """Return whether an ASCII DXF stops before its ``EOF`` tag."""
    tail = data[-256:].rstrip(b"\x00\x1a\r\n\t ")
    return not tail.upper().endswith(b"EOF")


def close_truncated(data: bytes) -> bytes:
    """Cut the data before the last (incomplete) entity and close the section and file.

    The last ``0`` group code starts the entity that was cut off; everything before it is
    complete. An ``ENDSEC`` and ``EOF`` are appended so a reader sees a finished file.
    """
    cut = 0
    offset = 0
    is_code = True
    for line in io.BytesIO(data):
        if is_code and line.strip() == b"0" and line.endswith(b"\n"):
            cut = offset
        offset += len(line)
        is_code = not is_code
    newline = b"\r\n" if b"\r\n" in data[:4096] else b"\n"
    return data[:cut] + b"  0" + newline + b"ENDSEC" + newline + b"  0" + newline + \
        b"EOF" + newline


def renumber_duplicate_handles(data: bytes) -> tuple[bytes, int]:
    """Give entities that repeat an earlier handle (group code 5) a fresh one.

    Returns the repaired data and how many handles were changed. The pairs of lines are read
    as (group code, value), so values that merely look like handles are left alone.
    """
    lines = io.BytesIO(data).read().splitlines(keepends=True)
    seen: set[bytes] = set()
    handles: list[tuple[int, bytes]] = []
    for index in range(0, len(lines) - 1, 2):
        if lines[index].strip() in (b"5", b"105"):
            value = lines[index + 1].strip().upper()
            handles.append((index + 1, value))
    top = 0
    for _, value in handles:
        try:
            top = max(top, int(value, 16))
        except ValueError:
            continue
    changed = 0
    for index, value in handles:
        if value in seen:
            top += 1
            ending = b"\r\n" if lines[index].endswith(b"\r\n") else b"\n"
            lines[index] = f"{top:X}".encode("ascii") + ending
            changed += 1
        else:
            seen.add(value)
    return b"".join(lines), changed


def binary_to_ascii(data: bytes) -> tuple[bytes, str]:
    """Turn a damaged binary DXF into ASCII DXF, keeping every tag that can still be read.

    Returns the ASCII data and a note for the report saying how much of the file was read.
    The caller closes the result like a truncated ASCII file (:func:`close_truncated`).
    """
    from ezdxf.lldxf.tagger import binary_tags_loader
    from ezdxf.tools.codepage import toencoding

    tags = []
    stopped = False
    try:
        for tag in binary_tags_loader(data):
            tags.append(tag)
    except Exception:
        stopped = True
    version, codepage = "AC1009", "ANSI_1252"
    for first, second in itertools.pairwise(tags):
        if first.code == 9 and first.value == "$ACADVER":
            version = str(second.value)
        elif first.code == 9 and first.value == "$DWGCODEPAGE":
            codepage = str(second.value)
    encoding = "utf8" if version >= "AC1021" else toencoding(codepage)
    text = "".join(tag.dxfstr() for tag in tags)
    entities = 0
    in_entities = False
    for first, second in itertools.pairwise(tags):
        if first.code == 0 and first.value == "SECTION":
            in_entities = second.code == 2 and second.value == "ENTITIES"
        elif in_entities and first.code == 0 and first.value != "ENDSEC":
            entities += 1
    cut = "it breaks off" if stopped else "it ends without EOF"
    note = (f"the binary DXF is damaged ({cut}); read what came before: {entities} "
            "modelspace entities (the last one may be incomplete and is dropped); the rest "
            "of the file is lost")
    return text.encode(encoding, errors="replace"), note
