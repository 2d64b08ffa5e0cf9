"""The organizers' report: every hall and every problem of a deliberately broken scene, one offline file."""
import html
import re

import pytest
from helpers import broken, two_halls

from engine.cli import main
from engine.report import analysis
from engine.venue import open_scene


def test_analysis_of_a_broken_scene(tmp_path):
    venue = open_scene(broken(tmp_path))
    agenda, error = analysis.load_venue_agenda(venue)
    assert error is None and agenda is not None
    cover = analysis.coverage(venue, agenda)
    day1, day2 = cover.days
    a1 = cover.halls["hall-a"][day1]
    assert len(a1.sessions) == 3 and cover.clash_count == 1
    assert [(g[0].strftime("%H:%M"), g[1].strftime("%H:%M")) for g in a1.gaps] == [("11:30", "14:00")]
    assert a1.booked_minutes == 150
    assert cover.halls["hall-b"][day2].sessions == []
    assert list(cover.unknown_rooms) == ["Room X"]
    problems = analysis.problems(venue, error, agenda)
    assert any("capacity 400 is above the 160 seats" in p for p in problems)
    assert any("overlap" in p and "Clashing panel" in p for p in problems)
    assert any("Room X" in p for p in problems)
    rows = {r.hall: r for r in analysis.capacity_rows(venue)}
    assert rows["hall-a"].problem and not rows["hall-b"].problem


def test_walking_matrix_is_symmetric_and_plausible(tmp_path):
    walk = analysis.walking_matrix(open_scene(two_halls(tmp_path)))
    assert walk.halls == ["hall-a", "hall-b"] and walk.speed == 1.3
    ab, ba = walk.seconds[0][1], walk.seconds[1][0]
    assert ab == ba and 20 / 1.3 < ab < 80 / 1.3 and walk.seconds[0][0] == 0.0


def test_report_lists_every_hall_and_problem(tmp_path, capsys, gl):
    scene = broken(tmp_path)
    out = tmp_path / "report"
    assert main(["report", str(scene), "--out", str(out), "--size", "64x36", "--samples", "0"]) == 0
    assert [p.name for p in out.iterdir()] == ["index.html"]
    page = (out / "index.html").read_text(encoding="utf-8")
    venue = open_scene(scene)
    agenda, error = analysis.load_venue_agenda(venue)
    for hall in venue.halls.values():
        assert html.escape(hall.name) in page and f'id="hall-{hall.id}"' in page
    for problem in analysis.problems(venue, error, agenda):
        assert html.escape(problem) in page
    assert "clash: Opening talk (10:00&ndash;11:00) and Clashing panel (10:30&ndash;11:30)" in page
    assert "11:30&ndash;14:00 (150 min)" in page and "Room X" in page
    assert "capacity 240 above seats" in page
    # self-contained: the plan and both halls are inside the file, nothing is fetched
    assert len(re.findall(r'src="data:image/(?:png|jpeg);base64,', page)) == 3
    assert not re.search(r'(?:src|href)="(?!data:|#)', page)
    assert "wrote" in capsys.readouterr().out
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_report_on_a_clean_scene_says_no_problems(tmp_path, gl):
    out = tmp_path / "clean"
    assert main(["report", str(two_halls(tmp_path)), "--out", str(out), "--size", "48x27", "--samples", "0"]) == 0
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "No problems found." in page and "No agenda sessions." in page


@pytest.mark.parametrize("where", ["file-parent", "missing-parent", "proc"])
def test_report_into_a_folder_that_cannot_be_written(tmp_path, capsys, where):
    scene = two_halls(tmp_path)
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    out = {"file-parent": blocker / "r", "missing-parent": tmp_path / "no" / "r",
           "proc": "/proc/anting-report"}[where]
    code = main(["report", str(scene), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("error: --out: ") and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "two.toml"]


def test_a_failure_while_writing_leaves_the_old_report(tmp_path, monkeypatch, gl):
    scene = two_halls(tmp_path)
    out = tmp_path / "r"
    assert main(["report", str(scene), "--out", str(out), "--size", "32x18", "--samples", "0"]) == 0
    before = (out / "index.html").read_text(encoding="utf-8")
    import engine.report.html as report_html

    def fail(_data):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(report_html, "render", fail)
    assert main(["report", str(scene), "--out", str(out), "--size", "32x18", "--samples", "0"]) == 2
    assert (out / "index.html").read_text(encoding="utf-8") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r", "two.toml"]
