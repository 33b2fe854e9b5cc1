"""Fitting text into the space a drawing gives it: widths in ems, wrapping, ellipsis."""

from __future__ import annotations

__all__ = ["fit_lines", "text_ems"]


def text_ems(text: str) -> float:
    """Approximate width of ``text`` in ems: full-width (CJK) characters 1.0, others 0.6."""
    return sum(1.0 if ord(ch) > 0x2000 else 0.6 for ch in text)


def fit_lines(text: str, width_em: float, max_lines: int, ellipsis: str = "…") -> list[str]:
    """Wrap ``text`` into at most ``max_lines`` lines of ``width_em`` ems (see :func:`text_ems`).

    Lines break at spaces where possible (Japanese runs break anywhere). When the text does not
    fit, the last line ends with ``ellipsis`` so a reader sees that something was cut.
    """
    words = text.split()
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if text_ems(candidate) <= width_em:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        for ch in word:  # a word longer than a line: break it character by character
            if text_ems(current + ch) > width_em and current:
                lines.append(current)
                current = ""
            current += ch
    if current:
        lines.append(current)
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    last = kept[-1]
    while last and text_ems(last + ellipsis) > width_em:
        last = last[:-1]
    kept[-1] = last.rstrip() + ellipsis
    return kept
