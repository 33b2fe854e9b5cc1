"""Slicing-tree layouts in Polish (postfix) notation, with closed-form dimensions.

A slicing tree cuts the facility recursively into two parts, each cut vertical (the two parts
side by side) or horizontal (one above the other), until every part holds one department. Each
cut divides its rectangle in proportion to the department areas on either side, so a tree
determines the whole layout: every region has the department's share of the facility, and the
department's rectangle is its region shrunk uniformly about the region's centroid (exactly its
area; the shrink is the identity when the departments fill the facility). Flexible-bay layouts
are the slicing trees of depth two; slicing trees also describe free, nested layouts.

The expression is a list of ints in postfix order: ``0 .. n-1`` are departments, :data:`VCUT`
(``-1``) a vertical cut (left operand left, right operand right) and :data:`HCUT` (``-2``) a
horizontal cut (left operand below, right operand above). Wong & Liu (1986) moves change it.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from spacedesign.model.flp import FlpInstance

__all__ = [
    "HCUT",
    "VCUT",
    "LayoutEvaluator",
    "SlicingLayout",
    "bay_expression",
    "is_valid_expression",
    "neighbour",
    "random_expression",
    "subtree_starts",
    "swap_subtrees",
]

VCUT = -1
HCUT = -2

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class SlicingLayout:
    """The layout of one expression: department centres, sizes and its penalised cost."""

    cx: FloatArray
    cy: FloatArray
    w: FloatArray
    h: FloatArray
    objective: float
    violation: float

    @property
    def feasible(self) -> bool:
        """True when every department keeps its shape rule."""
        return self.violation <= 1e-12


class LayoutEvaluator:
    """Turns expressions into layouts and costs for one instance (precomputed arrays)."""

    def __init__(self, instance: FlpInstance) -> None:
        self.instance = instance
        self.n = instance.size
        self.areas = [float(d.area) for d in instance.departments]
        total = sum(self.areas)
        facility = instance.width * instance.height
        # Regions get the department's share of the facility; the department is its region
        # shrunk by ``shrink`` in both directions (keeps the region's aspect ratio).
        self.region_scale = facility / total if total > 0 else 1.0
        self.shrink = math.sqrt(min(1.0, total / facility)) if facility > 0 else 1.0
        self.max_aspect = np.array(
            [d.max_aspect if d.max_aspect is not None else math.inf for d in instance.departments]
        )
        self.min_side = np.array(
            [d.min_side if d.min_side is not None else 0.0 for d in instance.departments]
        )
        self.area_array = np.array(self.areas)
        self.width_low, self.width_high = width_bounds(
            self.area_array, self.max_aspect, self.min_side
        )
        flows = instance.symmetric_flows()
        pairs = [
            (i, j, flows[i][j]) for i in range(self.n) for j in range(i + 1, self.n) if flows[i][j]
        ]
        self.pair_i = np.array([p[0] for p in pairs], dtype=np.intp)
        self.pair_j = np.array([p[1] for p in pairs], dtype=np.intp)
        self.pair_f = np.array([p[2] for p in pairs], dtype=np.float64)
        flow_total = float(self.pair_f.sum()) if pairs else 0.0
        # One unit of violation (a department 100 % beyond its shape rule) costs about as much
        # as moving all flow across the facility: infeasible layouts never look attractive.
        self.penalty_weight = max(flow_total, 1.0) * (instance.width + instance.height)

    def layout(self, expr: Sequence[int]) -> SlicingLayout:
        """Return the layout and cost of ``expr`` (a valid postfix expression)."""
        count = len(expr)
        node_area = [0.0] * count
        left = [0] * count
        right = [0] * count
        stack: list[int] = []
        areas = self.areas
        for pos, token in enumerate(expr):
            if token >= 0:
                node_area[pos] = areas[token]
            else:
                r = stack.pop()
                lft = stack.pop()
                left[pos] = lft
                right[pos] = r
                node_area[pos] = node_area[lft] + node_area[r]
            stack.append(pos)
        # Top-down: each node's rectangle (x, y, w, h); plain lists, one numpy conversion.
        n = self.n
        cx = [0.0] * n
        cy = [0.0] * n
        rw = [0.0] * n
        rh = [0.0] * n
        rects: list[tuple[float, float, float, float]] = [(0.0, 0.0, 0.0, 0.0)] * count
        rects[count - 1] = (0.0, 0.0, self.instance.width, self.instance.height)
        for pos in range(count - 1, -1, -1):
            token = expr[pos]
            x, y, w, h = rects[pos]
            if token >= 0:
                cx[token] = x + w / 2.0
                cy[token] = y + h / 2.0
                rw[token] = w
                rh[token] = h
                continue
            lft = left[pos]
            share = node_area[lft] / node_area[pos]
            if token == VCUT:
                wl = w * share
                rects[lft] = (x, y, wl, h)
                rects[right[pos]] = (x + wl, y, w - wl, h)
            else:
                hl = h * share
                rects[lft] = (x, y, w, hl)
                rects[right[pos]] = (x, y + hl, w, h - hl)
        return self._cost(np.array(cx), np.array(cy), np.array(rw), np.array(rh))

    def _cost(
        self, cx: FloatArray, cy: FloatArray, region_w: FloatArray, region_h: FloatArray
    ) -> SlicingLayout:
        w, h = fit_departments(
            region_w, region_h, self.area_array, self.width_low, self.width_high, self.shrink
        )
        dist = np.abs(cx[self.pair_i] - cx[self.pair_j]) + np.abs(cy[self.pair_i] - cy[self.pair_j])
        objective = float(self.pair_f @ dist)
        violation = float(shape_violation(w, h, self.max_aspect, self.min_side).sum())
        return SlicingLayout(cx, cy, w, h, objective, violation)

    def cost(self, layout: SlicingLayout) -> float:
        """Penalised cost: objective plus weighted shape-rule violation."""
        return layout.objective + self.penalty_weight * layout.violation


def width_bounds(
    areas: FloatArray, max_aspect: FloatArray, min_side: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Widths a department may take under its shape rule (aspect and minimum side)."""
    low = np.sqrt(areas / max_aspect)
    high = np.sqrt(areas * max_aspect)
    sides = min_side > 0
    low = np.where(sides, np.maximum(low, min_side), low)
    high = np.where(sides, np.minimum(high, areas / np.where(sides, min_side, 1.0)), high)
    return low, high


def fit_departments(
    region_w: FloatArray,
    region_h: FloatArray,
    areas: FloatArray,
    width_low: FloatArray,
    width_high: FloatArray,
    shrink: float,
) -> tuple[FloatArray, FloatArray]:
    """Each department's size inside its region (``region_w × region_h ≥ area``).

    The department keeps the region's proportions (shrunk by ``shrink``) where its shape rule
    allows, otherwise the closest width that still fits the region and the rule; when no width
    does, the fitting width nearest to the rule (the violation is then penalised).
    """
    fit_low = areas / region_h
    low = np.maximum(fit_low, width_low)
    high = np.minimum(region_w, width_high)
    w = np.minimum(np.maximum(region_w * shrink, low), high)
    w = np.where(low <= high, w, np.where(width_high < fit_low, fit_low, region_w))
    return w, areas / w


def shape_violation(
    w: FloatArray, h: FloatArray, max_aspect: FloatArray, min_side: FloatArray
) -> FloatArray:
    """Relative excess over each shape rule, summed over the last axis (0 when feasible)."""
    aspect = np.maximum(w / h, h / w)
    over = np.maximum(aspect / max_aspect - 1.0, 0.0)
    short = np.maximum(min_side - np.minimum(w, h), 0.0) / np.maximum(min_side, 1e-9)
    return np.asarray((over + short).sum(axis=-1), dtype=np.float64)


def is_valid_expression(expr: Sequence[int], n: int) -> bool:
    """Tell whether ``expr`` is a postfix slicing expression over departments ``0..n-1``."""
    if len(expr) != 2 * n - 1:
        return False
    operands = sorted(t for t in expr if t >= 0)
    if operands != list(range(n)):
        return False
    depth = 0
    for token in expr:
        if token >= 0:
            depth += 1
        elif token in (VCUT, HCUT):
            depth -= 1
            if depth < 1:
                return False
        else:
            return False
    return depth == 1


def bay_expression(bays: Sequence[Sequence[int]], vertical: bool = True) -> list[int]:
    """Expression of a flexible-bay layout: ``bays`` of departments, bottom-to-top inside a bay.

    With ``vertical`` the bays are full-height strips from left to right; otherwise full-width
    strips from bottom to top, departments left to right.
    """
    along, across = (HCUT, VCUT) if vertical else (VCUT, HCUT)
    expr: list[int] = []
    for index, bay in enumerate(bays):
        expr.append(bay[0])
        for dept in bay[1:]:
            expr.extend((dept, along))
        if index:
            expr.append(across)
    return expr


def random_expression(n: int, rng: random.Random) -> list[int]:
    """Return a random valid expression: a random flexible-bay layout, in either orientation."""
    order = list(range(n))
    rng.shuffle(order)
    bay_count = max(1, round(math.sqrt(n)))
    cuts = sorted(rng.sample(range(1, n), bay_count - 1)) if n > 1 and bay_count > 1 else []
    bounds = [0, *cuts, n]
    bays = [order[a:b] for a, b in itertools.pairwise(bounds)]
    return bay_expression(bays, vertical=rng.random() < 0.5)


def neighbour(expr: list[int], rng: random.Random) -> list[int]:
    """Return a random neighbour of ``expr`` (a new list; Wong-Liu moves plus operand swaps)."""
    new = list(expr)
    size = len(new)
    if size == 1:
        return new
    move = rng.random()
    n = (size + 1) // 2
    if move < 0.35:
        # Swap two departments (any two: a long move; adjacent ones: Wong-Liu M1).
        if rng.random() < 0.5:
            da, db = rng.sample(range(n), 2)
            a, b = new.index(da), new.index(db)
        else:
            # A uniformly chosen operand that has a next operand, and that next one.
            while True:
                a = new.index(rng.randrange(n))
                b = a + 1
                while b < size and new[b] < 0:
                    b += 1
                if b < size:
                    break
        new[a], new[b] = new[b], new[a]
        return new
    if move < 0.55:
        # M2: complement one operator, or the whole chain it belongs to.
        p = rng.randrange(size)
        while new[p] >= 0:
            p = rng.randrange(size)
        if rng.random() < 0.5:
            new[p] = VCUT if new[p] == HCUT else HCUT
        else:
            start = p
            while start > 0 and new[start - 1] < 0:
                start -= 1
            end = p
            while end + 1 < size and new[end + 1] < 0:
                end += 1
            for q in range(start, end + 1):
                new[q] = VCUT if new[q] == HCUT else HCUT
        return new
    if move < 0.7:
        # M3: swap an adjacent operand and operator while the expression stays valid.
        for _ in range(8):
            p = rng.randrange(size - 1)
            if (new[p] >= 0) == (new[p + 1] >= 0):
                continue
            new[p], new[p + 1] = new[p + 1], new[p]
            if new[p] >= 0 or _prefix_ok(new, p):
                return new
            new[p], new[p + 1] = new[p + 1], new[p]
        return new
    if move < 0.85:
        # Exchange two disjoint subtrees (moves whole blocks of the layout at once).
        return swap_subtrees(new, rng)
    # Subtree move: take one department out and re-insert it next to another one.
    dept = rng.randrange(n)
    removed = _remove_department(new, dept)
    other = rng.randrange(n - 1)
    target = removed.index(other + 1 if other >= dept else other)
    cut = VCUT if rng.random() < 0.5 else HCUT
    if rng.random() < 0.5:
        return [*removed[: target + 1], dept, cut, *removed[target + 1 :]]
    return [*removed[:target], dept, removed[target], cut, *removed[target + 1 :]]


def subtree_starts(expr: Sequence[int]) -> list[int]:
    """For each position, where the subtree rooted there starts (postfix: ``[start, pos]``)."""
    starts = [0] * len(expr)
    stack: list[int] = []
    for pos, token in enumerate(expr):
        if token >= 0:
            starts[pos] = pos
        else:
            stack.pop()
            starts[pos] = starts[stack.pop()]
        stack.append(pos)
    return starts


def swap_subtrees(expr: list[int], rng: random.Random) -> list[int]:
    """Swap two random disjoint subtrees (neither contains the other); ``expr`` if none."""
    root = len(expr) - 1
    for _ in range(8):
        a, b = rng.sample(range(root), 2)
        if a > b:
            a, b = b, a
        # Disjoint when subtree a ends before subtree b starts.
        sb = _subtree_start(expr, b)
        if a < sb:
            sa = _subtree_start(expr, a)
            return [
                *expr[:sa],
                *expr[sb : b + 1],
                *expr[a + 1 : sb],
                *expr[sa : a + 1],
                *expr[b + 1 :],
            ]
    return expr


def _subtree_start(expr: Sequence[int], pos: int) -> int:
    """Where the subtree rooted at ``pos`` starts (scanning back over that subtree only)."""
    need = 1
    while True:
        need += 1 if expr[pos] < 0 else -1
        if need == 0:
            return pos
        pos -= 1


def _prefix_ok(expr: Sequence[int], upto: int) -> bool:
    depth = 0
    for token in expr[: upto + 1]:
        depth += 1 if token >= 0 else -1
        if depth < 1:
            return False
    return True


def _remove_department(expr: list[int], dept: int) -> list[int]:
    """Remove a department and the cut that joined it to its sibling subtree.

    The cut is the first one after the department at which the count of operands minus cuts
    from the department on falls to one or below (a right child: the next token; a left child:
    the cut that closes its sibling subtree).
    """
    pos = expr.index(dept)
    count = 1
    cut = pos + 1
    while True:
        count += 1 if expr[cut] >= 0 else -1
        if count <= 1 and expr[cut] < 0:
            break
        cut += 1
    return [*expr[:pos], *expr[pos + 1 : cut], *expr[cut + 1 :]]
