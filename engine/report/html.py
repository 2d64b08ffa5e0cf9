"""The report as one HTML file with its pictures inside (base64 data URIs): it opens offline, anywhere.

Written in the current language (engine.i18n): headings, table headers and captions are translated, the
page says `lang="zh-CN"` when Chinese so browsers pick Chinese fonts and line breaking, and venue dates
are written the Chinese way (9月21日 周四). Names and problems from the data are shown as they are given.
"""
from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import datetime
from html import escape

from engine.i18n import N_, _, language, ngettext, pgettext
from engine.i18n.dates import format_date, format_datetime, format_time
from engine.report.analysis import CapacityRow, Coverage, WalkMatrix
from engine.report.crowd import CrowdFlow
from engine.ui.names import kind_name

HTML_LANG = {"zh": "zh-CN", "en": "en"}
# The summary's figures, by the key the report command counts them under
SUMMARY_LABELS = {"halls": N_("halls"), "seats": N_("seats"), "booths": N_("booths"),
                  "experiences": N_("experiences"), "views": N_("views"), "problems": N_("problems"),
                  "sessions": N_("sessions")}
# Translators: how long each part of making the report took
TIMING_LABELS = {"loading": N_("loading"), "analysis": N_("analysis"), "crowd flow": N_("crowd flow"),
                 "rendering": N_("rendering")}

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
    return format_time(t)


def render(r: ReportData) -> str:
    e = escape
    title = e(_("Venue report: {venue}").format(venue=r.venue_name))
    out = ["<!DOCTYPE html>", f'<html lang="{HTML_LANG.get(language(), "en")}"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{title}</title><style>{CSS}</style></head><body>"]
    scene = f"<code>{e(r.scene)}</code>"
    made = _("Organizer report for {scene}, generated {time}") if r.generated else _("Organizer report for {scene}")
    out.append(f"<header><h1>{e(r.venue_name)}</h1><p>"
               + e(made).format(scene=scene, time=f"{r.generated:%Y-%m-%d %H:%M}" if r.generated else "") + "</p>")
    if r.description:
        out.append(f"<p>{e(r.description)}</p>")
    if r.illustrative:
        what, why = e(_("Illustrative layout:")), e(_("no public floor plan of the venue exists."))
        out.append(f"<p><b>{what}</b> {why}</p>")
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
        parts = _(", ").join(e(_(TIMING_LABELS.get(k, k))) + f" {v:.1f} s" for k, v in r.timings.items())
        made_in = e(_("Made in {parts}.")).format(parts=parts)
        out.append(f'<p class="muted">{made_in}</p>')
    out.append("</main></body></html>")
    return "\n".join(out)


def _summary(r: ReportData) -> str:
    items = dict(r.counts)
    items["problems"] = len(r.problems)
    items["sessions"] = r.coverage.session_count
    labels = {k: escape(_(SUMMARY_LABELS.get(k, k))) for k in items}
    cells = "".join(f"<div><b>{v:,}</b>{labels[k]}</div>" for k, v in items.items())
    return f'<section><div class="summary">{cells}</div></section>'


def _plan(r: ReportData) -> str:
    if r.plan is None:
        return ""
    heading, alt, note = escape(_("Plan")), escape(_("Top-down plan of the venue")), escape(_(PLAN_NOTE))
    return (f'<section class="plan" id="plan"><h2>{heading}</h2><img alt="{alt}" src="{data_uri(*r.plan)}">'
            f'<p class="muted">{note}</p></section>')


PLAN_NOTE = N_("North is up; orthographic view from above; labels give seats and capacity.")


def _halls(r: ReportData) -> str:
    cards = []
    for hid, (name, kind, theme) in r.halls.items():
        img = r.hall_images.get(hid)
        view = escape(_("view: {id}")).format(id=escape(img[0])) if img else ""
        no_view = escape(_("no view"))
        pic = (f'<img alt="{escape(name)}" src="{data_uri(img[1], img[2])}"><div class="muted">{view}</div>'
               if img else f'<p class="muted">{no_view}</p>')
        cards.append(f'<div class="hall" id="hall-{escape(hid)}">{pic}<h3>{escape(name)}</h3>'
                     f'<div><code>{escape(hid)}</code> &middot; {escape(kind_name(kind))}'
                     + (f" &middot; {escape(theme)}" if theme else "") + "</div></div>")
    heading = escape(_("Halls ({n})").format(n=len(r.halls)))
    return f'<section id="halls"><h2>{heading}</h2><div class="halls">{"".join(cards)}</div></section>'


def _h2(text: str) -> str:
    return f"<h2>{escape(text)}</h2>"


def _walking(r: ReportData) -> str:
    w = r.walking
    if w is None or not w.halls:
        heading, none = _h2(_("Walking times")), escape(_("No halls."))
        return f'<section id="walking">{heading}<p class="muted">{none}</p></section>'
    finite = [s for row in w.seconds for s in row if s]
    top = max(finite) if finite else 1.0
    head = "".join(f"<th>{escape(h)}</th>" for h in w.halls)
    no_path = escape(_("no walkable path"))
    rows = []
    for i, hid in enumerate(w.halls):
        cells = []
        for j, s in enumerate(w.seconds[i]):
            if s is None and i != j:
                cells.append(f'<td class="num bad" title="{no_path}">&mdash;</td>')
                continue
            shade = 0 if not s else int(200 * s / top)
            metres = w.metres[i][j]
            tip = f' title="{metres:.0f} m"' if metres else ""
            cells.append(f'<td class="num"{tip} style="background:rgb(255,{255 - shade // 3},{255 - shade})">'
                         f"{_mmss(s)}</td>")
        rows.append(f"<tr><th>{escape(hid)}</th>{''.join(cells)}</tr>")
    note = _("Minutes:seconds along the shortest walkable path at {speed} m/s, from inside one hall to inside "
             "the other (hover for metres).").format(speed=f"{w.speed:g}")
    heading = _h2(_("Walking times between halls"))
    return (f'<section id="walking">{heading}<p class="muted">{escape(note)}</p>'
            f'<div class="scroll"><table><tr><th></th>{head}</tr>{"".join(rows)}</table></div></section>')


def _capacity(r: ReportData) -> str:
    rows = []
    for c in r.capacity:
        cls = "bad" if c.problem else ("ok" if c.agrees else "")
        rows.append(f"<tr><td><code>{escape(c.hall)}</code></td><td>{escape(c.name)}</td>"
                    f"<td>{escape(kind_name(c.kind))}</td>"
                    f'<td class="num">{c.capacity:,}</td><td class="num">{c.seats:,}</td>'
                    f'<td class="{cls}">{escape(c.status)}</td></tr>')
    total_c, total_s = sum(c.capacity for c in r.capacity), sum(c.seats for c in r.capacity)
    total = escape(_("total"))
    rows.append(f'<tr><th colspan="3">{total}</th><th class="num">{total_c:,}</th>'
                f'<th class="num">{total_s:,}</th><th></th></tr>')
    # Translators: the capacity table's column headers
    head = _headers(_("hall"), _("name"), _("kind"), _("capacity"), _("seats"), _("check"))
    heading = _h2(_("Capacity and seats"))
    return f'<section id="capacity">{heading}<table>{head}{"".join(rows)}</table></section>'


def _headers(*names: str) -> str:
    return "<tr>" + "".join(f"<th>{escape(n)}</th>" for n in names) + "</tr>"


def _crowd(r: ReportData) -> str:
    """Crowd flow at changeovers: who moves, how long each hall takes to empty, the worst bottlenecks."""
    c = r.crowd
    if c is None:
        return ""
    head = '<section id="crowd">' + _h2(_("Crowd flow at changeovers"))
    if c.results is None:
        why = escape(_("Not simulated: {why}").format(why=c.reason))
        return f'{head}<p class="muted">{why}</p></section>'
    d = c.results
    summary = escape(_("{title}: {people} people, {seconds} s simulated with JuPedSim")).format(
        title=f"<b>{escape(d['title'])}</b>", people=f"{d['people']:,}", seconds=f"{d['simulated_s']:.0f}")
    cut = escape(_("(partial: cut short)"))
    partial = f' <span class="bad">{cut}</span>' if d["partial"] else ""
    parts = [head, f"<p>{summary}{partial}</p>"]
    parts += [f'<p class="warn">{escape(n)}</p>' for n in d["notes"] + d["warnings"]]
    rows = []
    for h in d["halls"]:
        doors = ", ".join(f"{escape(x['id'])}: {x['persons_per_s']:.2f}/s ({x['persons_per_m_s']:.2f}/(m&middot;s))"
                          for x in h["doors"] if x["out"] + x["in"])
        rows.append(f"<tr><td><code>{escape(h['id'])}</code></td><td class=\"num\">{h['people']:,}</td>"
                    f"<td class=\"num\">{h['arriving']:,}</td><td class=\"num\">{_mmss(h['time_to_empty_s'])}</td>"
                    f"<td>{doors}</td></tr>")
    # Translators: the crowd-flow table's column headers: people leaving, people arriving
    head_row = _headers(_("hall"), pgettext("crowd flow", "out"), pgettext("crowd flow", "in"),
                        _("time to empty"), _("door flows"))
    parts.append(f"<table>{head_row}" + "".join(rows) + "</table>")
    parts.append(_bottleneck_list(d["bottlenecks"]))
    if c.other_times:
        others = escape(_("Other changeovers: {times}").format(times=_(", ").join(c.other_times)))
        parts.append(f'<p class="muted">{others} (<code>simulate --at TIME</code>).</p>')
    parts.append("</section>")
    return "".join(parts)


def _bottleneck_list(bottlenecks: list[dict]) -> str:
    if not bottlenecks:
        fine = escape(_("No place reached level of service D (0.72 persons/m²) or worse."))
        return f'<p class="ok">{fine}</p>'
    items = "".join("<li>" + escape(_("{where} at ({x}, {z}), from {start} to {end}: {density} persons/m², level "
                                      "{level}")).format(
        where=f"<b>{escape(b['where'])}</b>", x=f"{b['x']:.0f}", z=f"{b['z']:.0f}", start=_mmss(b["start_s"]),
        end=_mmss(b["end_s"]), density=f"{b['peak_density']:.2f}", level=escape(str(b["level_of_service"])))
        + "</li>" for b in bottlenecks)
    plan = '<a href="#plan">' + escape(_("plan")) + "</a>"
    note = escape(_("Numbered on the {plan}, worst first; minutes:seconds after the changeover; levels of service "
                    "after Fruin (1971).")).format(plan=plan)
    heading = escape(_("Worst bottlenecks"))
    return f'<h3>{heading}</h3><p class="muted">{note}</p><ol>{items}</ol>'


def _agenda(r: ReportData) -> str:
    c = r.coverage
    parts = ['<section id="agenda">' + _h2(_("Agenda coverage"))]
    if c.error:
        parts.append(f'<p class="bad">{escape(c.error)}</p>')
    if not c.days:
        parts.append('<p class="muted">' + escape(_("No agenda sessions.")) + "</p></section>")
        return "".join(parts)
    note = escape(_("{n} sessions from {source}; per hall and day: sessions, hours from first start to last end, "
                    "free gaps between sessions, and clashes (sessions overlapping in one hall).")).format(
        n=c.session_count, source=f"<code>{escape(c.source)}</code>")
    parts.append(f'<p class="muted">{note}</p>')
    head = "".join(f"<th>{escape(format_date(d))}</th>" for d in c.days)
    rows = [f"<tr><th><code>{escape(hid)}</code></th>{''.join(_day_cell(by_day[d]) for d in c.days)}</tr>"
            for hid, by_day in c.halls.items()]
    hall = escape(_("hall"))
    parts.append(f'<div class="scroll"><table><tr><th>{hall}</th>{head}</tr>{"".join(rows)}</table></div>')
    if c.unknown_rooms:
        items = "".join(f"<li><b>{escape(room)}</b>: "
                        + escape(ngettext("{n} session", "{n} sessions", len(ss)).format(n=len(ss))) + ": "
                        + _(", ").join(f"{escape(s.title)} ({escape(format_datetime(s.start))})" for s in ss)
                        + "</li>"
                        for room, ss in sorted(c.unknown_rooms.items()))
        heading = escape(_("Sessions in rooms that are no hall"))
        parts.append(f'<h3>{heading}</h3><ul class="bad">{items}</ul>')
    parts.append("</section>")
    return "".join(parts)


def _day_cell(cov) -> str:
    """One hall on one day: how many sessions from when to when, its gaps and its clashes."""
    span = cov.span   # None when the hall has no sessions that day
    if span is None:
        return '<td class="warn">' + escape(_("no sessions")) + "</td>"
    lo, hi = span
    n = len(cov.sessions)
    text = [escape(ngettext("{n} session, {span}", "{n} sessions, {span}", n)).format(n=f"<b>{n}</b>",
                                                                                       span=_span(lo, hi))]
    if cov.gaps:
        gaps = _(", ").join(escape(_("{span} ({minutes} min)")).format(
            span=_span(a, b), minutes=int((b - a).total_seconds() // 60)) for a, b in cov.gaps)
        text.append(escape(_("gaps: {gaps}")).format(gaps=gaps))
    for a, b in cov.clashes:
        clash = escape(_("clash: {first} ({first_time}) and {second} ({second_time})")).format(
            first=escape(a.title), first_time=_span(a.start, a.end), second=escape(b.title),
            second_time=_span(b.start, b.end))
        text.append(f'<span class="bad">{clash}</span>')
    cls = ' class="bad"' if cov.clashes else ""
    return f"<td{cls}>{'<br>'.join(text)}</td>"


def _span(start: datetime, end: datetime) -> str:
    """ "10:00&ndash;11:00" in venue time."""
    return f"{_hm(start)}&ndash;{_hm(end)}"


def _problems(r: ReportData) -> str:
    if not r.problems:
        heading, fine = _h2(_("Problems")), escape(_("No problems found."))
        return f'<section id="problems">{heading}<p class="ok">{fine}</p></section>'
    items = "".join(f"<li>{escape(p)}</li>" for p in r.problems)
    heading = _h2(_("Problems ({n})").format(n=len(r.problems)))
    return f'<section id="problems">{heading}<ul class="problems">{items}</ul></section>'
