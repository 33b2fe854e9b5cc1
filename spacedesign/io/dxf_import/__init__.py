"""Import an as-built DXF drawing into a plan (``spacedesign import-dxf``).

The pipeline (one module each): :mod:`.reading` (tolerant reading, binary DXF, size limit)
with :mod:`.repair` (truncated files, duplicate handles), :mod:`.units`, :mod:`.layers` (layer
map), :mod:`.collect` (entities -> :mod:`.primitives` in metres, helpers in :mod:`.shapes`),
:mod:`.openings` (doors, windows, gaps) with
:mod:`.blockdoors` (door and window blocks), :mod:`.walls` (parallel faces -> walls),
:mod:`.rooms` (outlines or polygonized walls, labels), :mod:`.attach` (openings on walls),
:mod:`.elements` (columns, furniture, room uses), :mod:`.records` and :mod:`.ids` (model
records), :mod:`.build` (the Plan) and :mod:`.report`.
"""

from spacedesign.io.dxf_import.build import ImportResult, import_dxf
from spacedesign.io.dxf_import.layers import LayerMap, load_layer_map
from spacedesign.io.dxf_import.report import ImportReport

__all__ = ["ImportReport", "ImportResult", "LayerMap", "import_dxf", "load_layer_map"]
