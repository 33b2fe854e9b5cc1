"""Compare scored scenarios: rank, Pareto front, sheet (PDF + PNG), HTML report, summary.json."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from spacedesign.pipeline import ScoredScenario
from spacedesign.score import CRITERIA, rank, scenario_front

__all__ = ["Comparison", "compare_scored"]


@dataclass(frozen=True)
class Comparison:
    """What a comparison wrote, and the ranked scenarios."""

    ranked: list[ScoredScenario]
    pareto_keys: list[str]
    pareto: list[str]
    files: dict[str, list[str]]
    summary: dict[str, Any]


def _entries(scored: Sequence[ScoredScenario]) -> tuple[list[Any], list[ScoredScenario],
                                                         list[str], set[int]]:
    from spacedesign.export.compare_figures import CompareEntry, numbered_findings

    cards = rank([s.card for s in scored])
    order = {id(card): i for i, card in enumerate(cards)}
    ranked = sorted(scored, key=lambda s: order[id(s.card)])
    keys, front = scenario_front([s.card for s in ranked])
    entries = [
        CompareEntry(rank=i + 1, slug=f"s{i + 1}",
                     file=None if s.path is None else str(s.path), plan=s.plan, card=s.card,
                     markers=tuple(numbered_findings(s.card, s.plan)), pareto=i in front,
                     not_available=tuple(s.missing))
        for i, s in enumerate(ranked)
    ]
    return entries, ranked, keys, set(front)


def compare_scored(scored: Sequence[ScoredScenario], out: Path, *,
                   title: str = "中野区産業振興センター 1F シナリオ比較 / Scenario comparison",
                   ) -> Comparison:
    """Write the sheet, the report and ``summary.json`` for ``scored`` into ``out``."""
    from spacedesign.export.pareto_plot import pareto_png
    from spacedesign.export.report import write_report
    from spacedesign.export.sheet import write_sheet

    out.mkdir(parents=True, exist_ok=True)
    entries, ranked, keys, front = _entries(scored)
    sheet_paths = write_sheet(entries, out / "sheet.pdf", out / "sheet.png", title=title)
    pareto = pareto_png([e.card for e in entries], keys, sorted(front))
    (out / "pareto.png").write_bytes(pareto)
    programs = sorted({s.card.program for s in ranked})
    weights = ranked[0].card.weights if ranked else {}
    created = datetime.now().astimezone()
    report = write_report(out / "report.html", entries, title=title,
                          program=" / ".join(programs), weights=weights, pareto_keys=keys,
                          pareto=pareto, sheets=[p.read_bytes() for p in sheet_paths[1:]],
                          created=created)
    files = {"sheet": [str(p) for p in sheet_paths], "pareto": [str(out / "pareto.png")],
             "report": [str(report)], "summary": [str(out / "summary.json")]}
    scenarios = []
    for entry, s in zip(entries, ranked, strict=True):
        scenarios.append({
            "rank": entry.rank, "id": entry.slug, "name": entry.name, "file": entry.file,
            "composite": round(s.card.composite, 2),
            "scores": {k: None if s.card.value(k) is None else round(float(s.card.value(k) or 0),
                                                                     2) for k in CRITERIA},
            "pareto": entry.pareto, "findings": len(entry.markers),
            "not_available": list(entry.not_available), "scorecard": s.to_dict(),
        })
    summary = {
        "title": title, "created": created.isoformat(timespec="seconds"),
        "programs": programs, "weights": dict(weights), "criteria": list(CRITERIA),
        "pareto_criteria": keys, "pareto_front": [e.name for e in entries if e.pareto],
        "ranking": [e.name for e in entries], "scenarios": scenarios, "files": files,
    }
    (out / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n",
                                      encoding="utf-8")
    return Comparison(ranked, keys, [e.name for e in entries if e.pareto], files, summary)
