"""The comparison report: one self-contained HTML file (Japanese by default, English available).

Everything is inline: images as ``data:`` PNGs, the style sheet and a small script that sorts the
criteria table and switches the language. Each failing or warning finding is numbered; its entry
in the list links to the numbered marker drawn on the plan, and the marker links back.
"""

from __future__ import annotations

import base64
import html
import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from spacedesign.export.compare_figures import CompareEntry, Marker, plan_png
from spacedesign.score import CRITERIA

__all__ = ["render_report", "write_report"]

_STYLE = """
body{font-family:"Noto Sans CJK JP","Hiragino Sans","Yu Gothic",sans-serif;margin:0;
 color:#222;background:#fafafa;line-height:1.5}
header,main,footer{max-width:1200px;margin:0 auto;padding:0 16px}
header{display:flex;justify-content:space-between;align-items:center;gap:12px}
h1{font-size:1.5rem}h2{font-size:1.25rem;border-bottom:2px solid #134f5c;padding-bottom:4px}
body:not(.lang-en) .en,body.lang-en .ja{display:none}
table{border-collapse:collapse;background:#fff;width:100%}
th,td{border:1px solid #ccc;padding:4px 6px;text-align:right;font-size:.9rem}
th:first-child,td:first-child,td.text,th.text{text-align:left}
th button{font:inherit;background:none;border:0;cursor:pointer;padding:0;color:#0b5394}
th[aria-sort=ascending] button::after{content:" ▲"}
th[aria-sort=descending] button::after{content:" ▼"}
tr.pareto td:first-child::after{content:" ★";color:#c00}
img{max-width:100%;height:auto;display:block}
.plan{position:relative;display:inline-block;max-width:100%}
.marker{position:absolute;transform:translate(-50%,-50%);width:22px;height:22px;
 border-radius:50%;opacity:0}
.marker:target,.marker:focus{opacity:1;outline:3px solid #1155cc}
li:target{background:#fff2cc}
.fail{color:#b00}.warn{color:#b45f06}.pass{color:#38761d}.na{color:#5c5c5c}
.scenario{background:#fff;border:1px solid #ddd;padding:8px 16px;margin:24px 0}
.notes{color:#555;font-size:.85rem}
button#lang{padding:6px 12px}
"""

_SCRIPT = """
(function(){
  var body=document.body, btn=document.getElementById('lang');
  btn.addEventListener('click',function(){
    var en=body.classList.toggle('lang-en');
    document.documentElement.lang=en?'en':'ja';
  });
  document.querySelectorAll('table.sortable').forEach(function(table){
    var heads=table.querySelectorAll('th');
    heads.forEach(function(th,col){
      var b=th.querySelector('button'); if(!b){return;}
      b.addEventListener('click',function(){
        var asc=th.getAttribute('aria-sort')!=='ascending';
        heads.forEach(function(h){h.removeAttribute('aria-sort');});
        th.setAttribute('aria-sort',asc?'ascending':'descending');
        var tbody=table.tBodies[0], rows=Array.prototype.slice.call(tbody.rows);
        rows.sort(function(r1,r2){
          var a=r1.cells[col].getAttribute('data-value');
          var c=r2.cells[col].getAttribute('data-value');
          var x=parseFloat(a), y=parseFloat(c), d;
          if(!isNaN(x)&&!isNaN(y)){d=x-y;}else if(isNaN(x)&&isNaN(y)){d=a.localeCompare(c);}
          else{d=isNaN(x)?-1:1;}
          return asc?d:-d;
        });
        rows.forEach(function(r){tbody.appendChild(r);});
      });
    });
  });
})();
"""


def _t(ja: str, en: str) -> str:
    return (f'<span class="ja">{html.escape(ja)}</span>'
            f'<span class="en" lang="en">{html.escape(en)}</span>')


def _img(png: bytes, alt: str, **attrs: str) -> str:
    data = base64.b64encode(png).decode("ascii")
    extra = "".join(f' {k}="{html.escape(v)}"' for k, v in attrs.items())
    return f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}"{extra}>'


def _score(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}"


def _summary_table(entries: Sequence[CompareEntry]) -> str:
    heads = [("順位", "Rank"), ("シナリオ", "Scenario"), ("総合", "Composite")]
    heads += [CRITERIA[k] for k in CRITERIA]
    heads += [("指摘数", "Findings"), ("パレート", "Pareto")]
    left = ' class="text"'
    cells = "".join(f'<th scope="col"{left if i == 1 else ""}><button type="button">'
                    f"{_t(ja, en)}</button></th>" for i, (ja, en) in enumerate(heads))
    rows = []
    for e in entries:
        row = [f'<td data-value="{e.rank}">{e.rank}</td>',
               f'<td class="text" data-value="{html.escape(e.name)}"><a href="#scenario-{e.slug}">'
               f"{html.escape(e.name)}</a></td>",
               f'<td data-value="{e.card.composite:.3f}"><b>{e.card.composite:.1f}</b></td>']
        for key in CRITERIA:
            value = e.card.value(key)
            text = (e.card.accessibility_label() if key == "accessibility" and value is not None
                    else _score(value))
            row.append(f'<td data-value="{"" if value is None else f"{value:.3f}"}">'
                       f"{html.escape(text)}</td>")
        row.append(f'<td data-value="{len(e.markers)}">{len(e.markers)}</td>')
        row.append(f'<td data-value="{int(e.pareto)}">{"★" if e.pareto else ""}</td>')
        css = ' class="pareto"' if e.pareto else ""
        rows.append(f'<tr id="row-{e.slug}"{css} data-scenario="{html.escape(e.name)}">'
                    + "".join(row) + "</tr>")
    return (f'<table id="criteria" class="sortable"><thead><tr>{cells}</tr></thead><tbody>'
            + "".join(rows) + "</tbody></table>")


def _weights_table(weights: Mapping[str, float]) -> str:
    total = sum(weights.values()) or 1.0
    rows = "".join(f'<tr><td class="text">{_t(*CRITERIA[k])}</td><td>{w:.2f}</td>'
                   f"<td>{100 * w / total:.0f}%</td></tr>" for k, w in weights.items())
    return (f"<table><thead><tr><th>{_t('評価項目', 'Criterion')}</th><th>"
            f"{_t('重み', 'Weight')}</th><th>{_t('割合', 'Share')}</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


def _finding_text(f: Any) -> str:
    parts = [f"<b>{html.escape(f.rule)}</b>"]
    if f.element:
        parts.append(html.escape(f.element))
    if f.measured is not None or f.required is not None:
        unit = f" {f.unit}" if f.unit else ""
        parts.append(html.escape(f"{_t_plain(f.measured)} / {_t_plain(f.required)}{unit}"))
    if f.message:
        parts.append("— " + html.escape(f.message))
    return " ".join(parts)


def _t_plain(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    return "—" if value is None else str(value)


def _scenario_section(entry: CompareEntry, png: bytes, markers: Sequence[Marker]) -> str:
    s = entry.slug
    anchors = []
    for m in markers:
        if m.left is None or m.top is None:
            continue
        anchors.append(f'<a class="marker" id="{s}-m{m.number}" href="#{s}-f{m.number}" '
                       f'style="left:{100 * m.left:.2f}%;top:{100 * m.top:.2f}%" '
                       f'aria-label="finding {m.number}"></a>')
    items = []
    for m in markers:
        link = (f' <a href="#{s}-m{m.number}">{_t("図の位置", "on plan")} {m.number}</a>'
                if m.left is not None else f' <span class="na">{_t("位置なし", "no location")}'
                                           "</span>")
        items.append(f'<li id="{s}-f{m.number}" value="{m.number}">'
                     f'<span class="{m.finding.status}">[{m.finding.status}]</span> '
                     f"{_finding_text(m.finding)}{link}</li>")
    others = [f for f in entry.card.findings if f.status not in ("fail", "warn")]
    other_items = "".join(f'<li><span class="{"pass" if f.status == "pass" else "na"}">'
                          f"[{html.escape(f.status)}]</span> {_finding_text(f)}</li>"
                          for f in others)
    crit_rows = []
    for c in entry.card.criteria.values():
        notes = html.escape("; ".join(c.notes)) if c.notes else ""
        score = (entry.card.accessibility_label() if c.key == "accessibility"
                 and c.score is not None else _score(c.score))
        crit_rows.append(f'<tr><td class="text">{_t(c.name_ja, c.name_en)}</td>'
                         f"<td>{html.escape(score)}</td><td class=\"text notes\">{notes}</td></tr>")
    missing = ""
    if entry.not_available:
        missing = (f'<p class="warn">{_t("未実行の段階", "Not available")}: '
                   + html.escape(", ".join(entry.not_available)) + "</p>")
    findings = (f'<ol class="findings">{"".join(items)}</ol>' if items else
                f"<p>{_t('不適合・注意の指摘なし', 'No failing or warning findings')}</p>")
    return f"""
<section class="scenario" id="scenario-{s}" data-name="{html.escape(entry.name)}">
<h2>{entry.rank}. {html.escape(entry.name)} — {_t("総合", "composite")} {entry.card.composite:.1f}
{"★" if entry.pareto else ""}</h2>
<p class="notes">{html.escape(entry.file or "")}</p>{missing}
<div class="plan">{_img(png, f"{entry.name} plan", id=f"{s}-plan")}{"".join(anchors)}</div>
<table><thead><tr><th>{_t("評価項目", "Criterion")}</th><th>{_t("得点", "Score")}</th>
<th class="text">{_t("減点理由・備考", "What lost points")}</th></tr></thead>
<tbody>{"".join(crit_rows)}</tbody></table>
<h3>{_t("指摘（番号は図のマーカー）", "Findings (numbers are the markers on the plan)")}</h3>
{findings}
<details><summary>{_t("適合・対象外の項目", "Passed and not applicable")} ({len(others)})</summary>
<ul>{other_items}</ul></details>
</section>"""


def render_report(entries: Sequence[CompareEntry], *, title: str, program: str,
                  weights: Mapping[str, float], pareto_keys: Sequence[str], pareto: bytes,
                  sheets: Sequence[bytes] = (), created: datetime | None = None) -> str:
    """Return the report as one HTML document (every page of the sheet is embedded)."""
    created = created or datetime.now().astimezone()
    sections = []
    for entry in entries:
        png, markers = plan_png(entry.plan, entry.markers)
        sections.append(_scenario_section(entry, png, markers))
    keys = ", ".join(f"{CRITERIA[k][0]} ({CRITERIA[k][1]})" for k in pareto_keys)
    sheet_html = "".join(
        _img(page, f"comparison sheet page {i + 1} of {len(sheets)}",
             id="sheet-image" if i == 0 else f"sheet-image-{i + 1}", **{"class": "sheet"})
        for i, page in enumerate(sheets))
    meta = json.dumps({"scenarios": [e.name for e in entries]}, ensure_ascii=False)
    return f"""<!doctype html>
<html lang="ja"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{html.escape(title)}</title><style>{_STYLE}</style>
<script type="application/json" id="report-data">{html.escape(meta, quote=False)}</script>
</head><body>
<header><h1>{_t("シナリオ比較レポート", "Scenario comparison report")}</h1>
<button id="lang" type="button">English / 日本語</button></header>
<main>
<p>{html.escape(title)} · {_t("プログラム", "Program")}: {html.escape(program)} ·
{created:%Y-%m-%d %H:%M}</p>
<h2>{_t("評価一覧（列見出しで並べ替え）", "All criteria (click a heading to sort)")}</h2>
{_summary_table(entries)}
<p class="notes">{_t("★ = 主要評価項目のパレート最適：", "★ = on the Pareto front of: ")}
 {html.escape(keys)}</p>
<h2>{_t("パレート最適", "Pareto front")}</h2>
{_img(pareto, "Pareto front", id="pareto-image")}
<h2>{_t("総合点の重み", "Composite weights")}</h2>
<p>{_t("総合点は判定できた項目の重み付き平均（n/a は除外）。重みはプログラムの weights: で変更可。",
        "The composite is the weighted mean of the criteria judged (n/a left out); a program's "
        "weights: mapping overrides the defaults.")}</p>
{_weights_table(weights)}
<h2>{_t("比較シート", "Comparison sheet")}</h2>
{sheet_html}
{"".join(sections)}
</main>
<footer><p class="notes">spacedesign —
{_t("中野区産業振興センター 1F", "Nakano Industrial Promotion Center 1F")}</p></footer>
<script>{_SCRIPT}</script>
</body></html>
"""


def write_report(path: Path, entries: Sequence[CompareEntry], **kwargs: Any) -> Path:
    """Write :func:`render_report` to ``path`` (UTF-8) and return it."""
    path.write_text(render_report(entries, **kwargs), encoding="utf-8")
    return path
