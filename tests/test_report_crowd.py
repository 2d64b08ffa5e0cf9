"""The organizer report's crowd flow at the first changeover: simulated, summed up, bottlenecks on the plan."""
import html

from helpers import broken, two_halls

from engine.cli import main


def test_report_shows_the_changeover_and_marks_bottlenecks(tmp_path, gl, capsys):
    out = tmp_path / "report"
    assert main(["report", str(broken(tmp_path)), "--out", str(out), "--size", "64x36", "--samples", "0"]) == 0
    page = (out / "index.html").read_text(encoding="utf-8")
    assert '<section id="crowd"><h2>Crowd flow at changeovers</h2>' in page
    assert html.escape("Changeover at Wed 20 Sep 11:00: out of hall-b (120)") in page
    assert "<code>hall-b</code></td><td class=\"num\">120</td>" in page
    assert "crowd flow" in page     # its time among the report's timings


def test_report_without_an_agenda_says_why_and_can_leave_the_section_out(tmp_path, gl):
    scene = two_halls(tmp_path)
    assert main(["report", str(scene), "--out", str(tmp_path / "a"), "--size", "64x36", "--samples", "0"]) == 0
    page = (tmp_path / "a" / "index.html").read_text(encoding="utf-8")
    assert "Not simulated: --scenario: a changeover needs the scene&#x27;s agenda" in page
    assert main(["report", str(scene), "--out", str(tmp_path / "b"), "--size", "64x36", "--samples", "0",
                 "--no-crowd-flow"]) == 0
    assert "Crowd flow" not in (tmp_path / "b" / "index.html").read_text(encoding="utf-8")
