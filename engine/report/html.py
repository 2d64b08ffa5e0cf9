"""The report as one HTML file with its pictures inside (base64 data URIs): it opens offline, anywhere."""
from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import datetime
from html import escape

from engine.agenda.model import VENUE_TZ
from engine.report.analysis import CapacityRow, Coverage, WalkMatrix
from engine.report.crowd import CrowdFlow

CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,
"Noto Sans SC","Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;
margin:0;background:#f4f5f7;color:#1d232b}
header{background:#0b4f9c;color:#fff;padding:22px 32px}header h1{margin:0 0 4px;font-size:26px}
header p{margin:2px 0;opacity:.9}main{padding:8px 32px 40px;max-width:1500px}
section{background:#fff;border-radius:8px;padding:16px 22px;margin:18px 0;box-shadow:0 1px 3px #0002}
h2{margin:4px 0 12px;font-size:20px}table{border-collapse:collapse;font-size:13.5px}
th,td{border:1px solid #d5d9df;padding:4px 8px;text-align:left;vertical-align:top}th{background:#eef1f5}
td.num{text-align:right;font-variant-numeric:tabular-nums}.bad{background:#fde2e0;color:#8b1a10}
.warn{background:#fff3d6}.ok{color:#216e39}.muted{color:#6a7380}
.halls{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:14px}
.hall img,.plan img{width:100%;border-radius:6px;display:block}.hall h3{margin:8px 0 2px;font-size:16px}
.summary{display:flex;gap:26px;flex-wrap:wrap}.summary div{font-size:13px}.summary b{display:block;font-size:22px}
ul.problems li{margin:3px 0}.scroll{overflow-x:auto}
"""


@dataclass
class ReportData:
    venue_name: str
    scene: str
    description: str = ""
    illustrative: bool = False
    plan: tuple[bytes, str] | None = None                   # (image bytes, mime type)
    hall_images: dict[str, tuple[str, bytes, str]] = field(default_factory=dict)  # hall: (view, bytes, mime)
    halls: dict[str, tuple[str, str, str]] = field(default_factory=dict)           # hall: (name, kind, theme)
    walking: WalkMatrix | None = None
    capacity: list[CapacityRow] = field(default_factory=list)
    coverage: Coverage = field(default_factory=Coverage)
    problems: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    generated: datetime | None = None
    timings: dict[str, float] = field(default_factory=dict)
    crowd: CrowdFlow | None = None                          # None: not simulated (--no-crowd-flow)


def data_uri(data: bytes, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _mmss(seconds: float | None) -> str:
    if seconds is None:
        return "&mdash;"
    m, s = divmod(int(round(seconds)), 60)
    return f"{m}:{s:02d}"


def _hm(t: datetime) -> str:
    """Clock time in the venue's zone."""
    return f"{t.astimezone(VENUE_TZ):%H:%M}"


def render(r: ReportData) -> str:
    e = escape
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>Venue report: {e(r.venue_name)}</title><style>{CSS}</style></head><body>"]
    out.append(f"<header><h1>{e(r.venue_name)}</h1><p>Organizer report for <code>{e(r.scene)}</code>"
               + (f", generated {r.generated:%Y-%m-%d %H:%M}" if r.generated else "") + "</p>")
    if r.description:
        out.append(f"<p>{e(r.description)}</p>")
    if r.illustrative:
        out.append("<p><b>Illustrative layout:</b> no public floor plan of the venue exists.</p>")
    out.append("</header><main>")
    out.append(_summary(r))
    out.append(_plan(r))
    out.append(_halls(r))
    out.append(_walking(r))
    out.append(_capacity(r))
    out.append(_crowd(r))
    out.append(_agenda(r))
    out.append(_problems(r))
    if r.timings:
        parts = ", ".join(f"{e(k)} {v:.1f} s" for k, v in r.timings.items())
        out.append(f'<p class="muted">Made in {parts}.</p>')
    out.append("</main></body></html>")
    return "\n".join(out)


def _summary(r: ReportData) -> str:
    items = dict(r.counts)
    items["problems"] = len(r.problems)
    items["sessions"] = r.coverage.session_count
    cells = "".join(f"<div><b>{v:,}</b>{escape(k)}</div>" for k, v in items.items())
    return f'<section><div class="summary">{cells}</div></section>'


def _plan(r: ReportData) -> str:
    if r.plan is None:
        return ""
    return ('<section class="plan" id="plan"><h2>Plan</h2>'
            f'<img alt="Top-down plan of the venue" src="{data_uri(*r.plan)}">'
            '<p class="muted">North is up; orthographic view from above; labels give seats and capacity.</p>'
            "</section>")


def _halls(r: ReportData) -> str:
    cards = []
    for hid, (name, kind, theme) in r.halls.items():
        img = r.hall_images.get(hid)
        pic = (f'<img alt="{escape(name)}" src="{data_uri(img[1], img[2])}">'
               f'<div class="muted">view: {escape(img[0])}</div>') if img else '<p class="muted">no view</p>'
        cards.append(f'<div class="hall" id="hall-{escape(hid)}">{pic}<h3>{escape(name)}</h3>'
                     f'<div><code>{escape(hid)}</code> &middot; {escape(kind)}'
                     + (f" &middot; {escape(theme)}" if theme else "") + "</div></div>")
    return f'<section id="halls"><h2>Halls ({len(r.halls)})</h2><div class="halls">{"".join(cards)}</div></section>'


def _walking(r: ReportData) -> str:
    w = r.walking
    if w is None or not w.halls:
        return '<section id="walking"><h2>Walking times</h2><p class="muted">No halls.</p></section>'
    finite = [s for row in w.seconds for s in row if s]
    top = max(finite) if finite else 1.0
    head = "".join(f"<th>{escape(h)}</th>" for h in w.halls)
    rows = []
    for i, hid in enumerate(w.halls):
        cells = []
        for j, s in enumerate(w.seconds[i]):
            if s is None and i != j:
                cells.append('<td class="num bad" title="no walkable path">&mdash;</td>')
                continue
            shade = 0 if not s else int(200 * s / top)
            metres = w.metres[i][j]
            tip = f' title="{metres:.0f} m"' if metres else ""
            cells.append(f'<td class="num"{tip} style="background:rgb(255,{255 - shade // 3},{255 - shade})">'
                         f"{_mmss(s)}</td>")
        rows.append(f"<tr><th>{escape(hid)}</th>{''.join(cells)}</tr>")
    return (f'<section id="walking"><h2>Walking times between halls</h2><p class="muted">Minutes:seconds '
            f"along the shortest walkable path at {w.speed:g} m/s, from inside one hall to inside the other "
            f'(hover for metres).</p><div class="scroll"><table><tr><th></th>{head}</tr>{"".join(rows)}'
            "</table></div></section>")


def _capacity(r: ReportData) -> str:
    rows = []
    for c in r.capacity:
        cls = "bad" if c.problem else ("ok" if c.status == "ok" else "")
        rows.append(f"<tr><td><code>{escape(c.hall)}</code></td><td>{escape(c.name)}</td><td>{escape(c.kind)}</td>"
                    f'<td class="num">{c.capacity:,}</td><td class="num">{c.seats:,}</td>'
                    f'<td class="{cls}">{escape(c.status)}</td></tr>')
    total_c, total_s = sum(c.capacity for c in r.capacity), sum(c.seats for c in r.capacity)
    rows.append(f'<tr><th colspan="3">total</th><th class="num">{total_c:,}</th><th class="num">{total_s:,}</th>'
                "<th></th></tr>")
    return ('<section id="capacity"><h2>Capacity and seats</h2><table><tr><th>hall</th><th>name</th>'
            f'<th>kind</th><th>capacity</th><th>seats</th><th>check</th></tr>{"".join(rows)}</table></section>')


def _crowd(r: ReportData) -> str:
    """Crowd flow at changeovers: who moves, how long each hall takes to empty, the worst bottlenecks."""
    c = r.crowd
    if c is None:
        return ""
    head = '<section id="crowd"><h2>Crowd flow at changeovers</h2>'
    if c.results is None:
        return f'{head}<p class="muted">Not simulated: {escape(c.reason)}</p></section>'
    d = c.results
    parts = [head, f"<p><b>{escape(d['title'])}</b>: {d['people']:,} people, {d['simulated_s']:.0f} s simulated "
             "with JuPedSim" + (' <span class="bad">(partial: cut short)</span>' if d["partial"] else "") + "</p>"]
    parts += [f'<p class="warn">{escape(n)}</p>' for n in d["notes"] + d["warnings"]]
    rows = []
    for h in d["halls"]:
        doors = ", ".join(f"{escape(x['id'])}: {x['persons_per_s']:.2f}/s ({x['persons_per_m_s']:.2f}/(m&middot;s))"
                          for x in h["doors"] if x["out"] + x["in"])
        rows.append(f"<tr><td><code>{escape(h['id'])}</code></td><td class=\"num\">{h['people']:,}</td>"
                    f"<td class=\"num\">{h['arriving']:,}</td><td class=\"num\">{_mmss(h['time_to_empty_s'])}</td>"
                    f"<td>{doors}</td></tr>")
    parts.append("<table><tr><th>hall</th><th>out</th><th>in</th><th>time to empty</th><th>door flows</th></tr>"
                 + "".join(rows) + "</table>")
    parts.append(_bottleneck_list(d["bottlenecks"]))
    if c.other_times:
        parts.append(f'<p class="muted">Other changeovers: {escape(", ".join(c.other_times))} '
                     "(<code>simulate --at TIME</code>).</p>")
    parts.append("</section>")
    return "".join(parts)


def _bottleneck_list(bottlenecks: list[dict]) -> str:
    if not bottlenecks:
        return '<p class="ok">No place reached level of service D (0.72 persons/m²) or worse.</p>'
    items = "".join(f"<li><b>{escape(b['where'])}</b> at ({b['x']:.0f}, {b['z']:.0f}), from {_mmss(b['start_s'])} "
                    f"to {_mmss(b['end_s'])}: {b['peak_density']:.2f} persons/m², level {b['level_of_service']}</li>"
                    for b in bottlenecks)
    return ('<h3>Worst bottlenecks</h3><p class="muted">Numbered on the <a href="#plan">plan</a>, worst first; '
            f"minutes:seconds after the changeover; levels of service after Fruin (1971).</p><ol>{items}</ol>")


def _agenda(r: ReportData) -> str:
    c = r.coverage
    parts = ['<section id="agenda"><h2>Agenda coverage</h2>']
    if c.error:
        parts.append(f'<p class="bad">{escape(c.error)}</p>')
    if not c.days:
        parts.append('<p class="muted">No agenda sessions.</p></section>')
        return "".join(parts)
    parts.append(f'<p class="muted">{c.session_count} sessions from <code>{escape(c.source)}</code>; '
                 "per hall and day: sessions, hours from first start to last end, free gaps between sessions, "
                 "and clashes (sessions overlapping in one hall).</p>")
    head = "".join(f"<th>{d:%a %d %b %Y}</th>" for d in c.days)
    rows = []
    for hid, by_day in c.halls.items():
        cells = []
        for d in c.days:
            cov = by_day[d]
            span = cov.span   # None when the hall has no sessions that day
            if span is None:
                cells.append('<td class="warn">no sessions</td>')
                continue
            lo, hi = span
            n = len(cov.sessions)
            text = [f"<b>{n}</b> session{'s' if n != 1 else ''}, {_hm(lo)}&ndash;{_hm(hi)}"]
            if cov.gaps:
                text.append("gaps: " + ", ".join(f"{_hm(a)}&ndash;{_hm(b)} ({int((b - a).total_seconds() // 60)} min)"
                                                for a, b in cov.gaps))
            for a, b in cov.clashes:
                text.append(f'<span class="bad">clash: {escape(a.title)} ({_hm(a.start)}&ndash;{_hm(a.end)}) '
                            f"and {escape(b.title)} ({_hm(b.start)}&ndash;{_hm(b.end)})</span>")
            cls = ' class="bad"' if cov.clashes else ""
            cells.append(f"<td{cls}>{'<br>'.join(text)}</td>")
        rows.append(f"<tr><th><code>{escape(hid)}</code></th>{''.join(cells)}</tr>")
    parts.append(f'<div class="scroll"><table><tr><th>hall</th>{head}</tr>{"".join(rows)}</table></div>')
    if c.unknown_rooms:
        items = "".join(f"<li><b>{escape(room)}</b>: {len(ss)} session(s): "
                        + ", ".join(f"{escape(s.title)} ({s.start.astimezone(VENUE_TZ):%Y-%m-%d %H:%M})"
                                    for s in ss) + "</li>"
                        for room, ss in sorted(c.unknown_rooms.items()))
        parts.append(f'<h3>Sessions in rooms that are no hall</h3><ul class="bad">{items}</ul>')
    parts.append("</section>")
    return "".join(parts)


def _problems(r: ReportData) -> str:
    if not r.problems:
        return '<section id="problems"><h2>Problems</h2><p class="ok">No problems found.</p></section>'
    items = "".join(f"<li>{escape(p)}</li>" for p in r.problems)
    return (f'<section id="problems"><h2>Problems ({len(r.problems)})</h2>'
            f'<ul class="problems">{items}</ul></section>')
