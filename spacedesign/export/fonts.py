"""The Japanese font for images, registered with matplotlib by file path (no font cache needed).

The font is IPAexGothic, shipped inside the ``matplotlib-fontja`` package (IPA Font License,
bundled with its licence). When that package is missing, Noto Sans CJK JP from the Debian
package ``fonts-noto-cjk`` is used.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from spacedesign.errors import MissingDependencyError

__all__ = ["FALLBACK_FONTS", "japanese_font", "rc_params"]

FALLBACK_FONTS = (
    Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
)


@cache
def japanese_font() -> tuple[Path, str]:
    """Register the Japanese font with matplotlib; return its file and family name."""
    from matplotlib import font_manager

    candidates: list[Path] = []
    try:
        import matplotlib_fontja

        candidates.append(Path(matplotlib_fontja.__file__).parent / "fonts" / "ipaexg.ttf")
    except ImportError:
        pass
    candidates.extend(FALLBACK_FONTS)
    for path in candidates:
        if path.is_file():
            font_manager.fontManager.addfont(str(path))
            name = font_manager.FontProperties(fname=str(path)).get_name()
            return path, name
    raise MissingDependencyError("matplotlib-fontja", "render")


def rc_params() -> Any:
    """Return matplotlib settings: the Japanese font, SVG text as paths, TrueType in PDF."""
    _, family = japanese_font()
    return {
        "font.family": [family],
        "font.size": 7.0,
        "svg.fonttype": "path",
        "pdf.fonttype": 42,
        "svg.hashsalt": "spacedesign",
        "path.simplify": True,
        "axes.unicode_minus": False,
    }
