"""The bundled WMC 2023 agenda: an illustrative timetable, written to scenes/wmc2023_agenda.json.

No session-level programme of the 2nd World Metaverse Conference (Anting, 20-22 Sept 2023) was
published, so this timetable is synthetic. What it rests on (see shared/data/FACTS.md): one main
forum with the opening and plenaries, nine sub-forums on the published themes, the founding of the
Shanghai Metaverse Industry Innovation Alliance, the auto-metaverse white paper and the "Meta Baylism"
industry base, and 30+ exhibitors with 50+ hands-on experiences. Speakers are given by role only.

Regenerate with `python -m engine.agenda.bundled` (deterministic: the same bytes every run);
`--check` exits 1 when the committed file is out of date.
"""
from __future__ import annotations

import argparse
import json
import sys
import uuid
from datetime import date, datetime, time, timedelta
from pathlib import Path

from engine.agenda.frab import GUID_NAMESPACE, to_frab
from engine.agenda.model import VENUE_TZ, Agenda, Session

DAYS = (date(2023, 9, 20), date(2023, 9, 21), date(2023, 9, 22))

#: Hall ids and names; the agenda's room names are these ids.
HALLS: dict[str, str] = {
    "main-forum": "Main Forum Hall",
    "subforum-01": "Sub-forum 1: Digital Humans",
    "subforum-02": "Sub-forum 2: Automobiles",
    "subforum-03": "Sub-forum 3: Games",
    "subforum-04": "Sub-forum 4: Medical Treatment",
    "subforum-05": "Sub-forum 5: Culture and Tourism",
    "subforum-06": "Sub-forum 6: Education",
    "subforum-07": "Sub-forum 7: Foundation Models",
    "subforum-08": "Sub-forum 8: Computing Power",
    "subforum-09": "Sub-forum 9: Digital Twins",
    "exhibition-hall": "Exhibition Hall",
}

NOTE = ("Illustrative timetable. No session-level programme of the 2nd World Metaverse Conference "
        "(Anting, Jiading District, Shanghai, 20-22 September 2023) was published; the structure (one main "
        "forum, nine sub-forums on the published themes, 30+ exhibitors, 50+ hands-on experiences) and the "
        "named outcomes (Shanghai Metaverse Industry Innovation Alliance, auto-metaverse white paper, "
        "Meta Baylism industry base) follow press reports, while session titles, times and speakers "
        "(given by role, never by name) are placeholders.")
ILLUSTRATIVE = "Illustrative session: title, time and speakers (by role) are placeholders, not the published programme."
SOURCES = {
    "opening": "https://www.shine.cn/news/metro/2309201586/",
    "preview": "https://www.shine.cn/biz/event/2309122967/",
    "outcomes": "https://www.shine.cn/feature/district/2309250844/",
}
OUTPUT = Path("scenes") / "wmc2023_agenda.json"

# (day index, "HH:MM", minutes, title, speaker roles, abstract, links)
MAIN_FORUM = (
    (0, "09:00", 45, "Opening ceremony of the 2nd World Metaverse Conference",
     ("host organisation representative", "Anting Town government representative"),
     "Opening of the conference in Anting, Jiading District, under the theme \"virtual and real generate "
     "each other; empowering industry\" (虚实相生、产业赋能).", ("opening", "outcomes")),
    (0, "10:00", 120, "Plenary session I: the metaverse and industry",
     ("brain-computer interface researcher", "Silicon Valley technology founder",
      "simulation society committee director"),
     "Keynotes on brain-machine interfaces and on building metaverse businesses, and how simulation "
     "and virtual worlds serve manufacturing.", ("opening",)),
    (0, "14:00", 45, "Founding of the Shanghai Metaverse Industry Innovation Alliance",
     ("alliance founding-member representative", "district economic commission representative"),
     "Founding ceremony of the Shanghai Metaverse Industry Innovation Alliance.", ("opening", "outcomes")),
    (0, "15:00", 45, "White paper: Anting's auto-metaverse blueprint",
     ("industry research institute analyst", "Anting Town government representative"),
     "Release of the white paper on Anting's auto-metaverse blueprint, which targets an industry scale "
     "of 100 billion yuan by 2025.", ("opening", "outcomes")),
    (0, "16:00", 30, "Unveiling of the Meta Baylism auto-metaverse industry base",
     ("industry base operator representative",),
     "The auto-metaverse industry base with a metaverse research institute, a virtual-production studio, "
     "an auto software empowering centre and an Epic Games innovation centre.", ("outcomes",)),
    (1, "09:30", 150, "Plenary session II: technologies of the metaverse",
     ("spatial-computing researcher", "computing-power network architect", "game-engine technologist"),
     "Brain-computer interfaces, computing-power networks, game engines, sensing, spatial computing "
     "and human-computer interaction.", ("opening",)),
    (2, "14:00", 60, "Application competition and awards",
     ("competition jury chair",),
     "Awards for metaverse applications: competitions and awards were one of the conference's four "
     "announced pillars, with forums, exhibition and application experience.", ()),
    (2, "15:15", 30, "Closing remarks", ("host organisation representative",),
     "Summary of the three days and outlook.", ()),
)

# hall: (track, day index of the forum, day index of the workshop, four (title, roles) + workshop)
SUBFORUMS = {
    "subforum-01": ("Digital humans", 0, 1, (
        ("Digital humans in service and broadcasting", ("digital-human studio director", "broadcast technology lead")),
        ("From motion capture to real-time avatars", ("motion-capture engineer",)),
        ("Voice, emotion and trust in virtual people",
         ("AI voice researcher", "human-computer interaction researcher")),
        ("Panel: the business of virtual idols", ("virtual-idol production lead", "brand marketing director")),
        ("Workshop: build a talking digital human", ("digital-human technical artist",)))),
    "subforum-02": ("Automobiles", 0, 1, (
        ("The software-defined car meets the metaverse", ("automotive software lead",)),
        ("Virtual validation: simulating millions of kilometres", ("autonomous-driving simulation engineer",)),
        ("Digital showrooms and virtual test drives", ("automotive retail digital lead", "XR experience designer")),
        ("Panel: Anting's auto industry and virtual production",
         ("vehicle manufacturer design director", "virtual-production studio lead")),
        ("Workshop: a car configurator in a game engine", ("real-time visualisation engineer",)))),
    "subforum-03": ("Games", 0, 1, (
        ("Game engines beyond games", ("game-engine technologist",)),
        ("Persistent worlds and player economies", ("online game producer",)),
        ("Spatial audio and haptics for play", ("game audio director", "haptics engineer")),
        ("Panel: games as a gateway to the metaverse", ("game studio head", "esports organiser")),
        ("Workshop: from level design to a virtual venue", ("level designer",)))),
    "subforum-04": ("Medical treatment", 1, 2, (
        ("Brain-computer interfaces in rehabilitation", ("brain-computer interface researcher",)),
        ("Surgical planning with patient digital twins", ("surgical navigation engineer", "hospital surgeon")),
        ("Virtual reality for pain and therapy", ("clinical VR researcher",)),
        ("Panel: regulation and evidence for medical XR",
         ("medical device regulatory specialist", "hospital information director")),
        ("Workshop: a VR training module for nurses", ("medical simulation educator",)))),
    "subforum-05": ("Culture and tourism", 1, 2, (
        ("Digital heritage: scanning and restoring sites", ("cultural heritage digitisation lead",)),
        ("Immersive night tours and virtual museums", ("museum digital curator", "immersive show producer")),
        ("Motorsport tourism at the Shanghai International Circuit", ("venue experience manager",)),
        ("Panel: culture and tourism in virtual space", ("tourism board representative", "XR content producer")),
        ("Workshop: telling a place's story in mixed reality", ("mixed-reality storyteller",)))),
    "subforum-06": ("Education", 1, 2, (
        ("Virtual laboratories for schools", ("educational technology researcher",)),
        ("Vocational training with simulation", ("vocational college trainer", "simulation engineer")),
        ("Learning analytics in immersive classrooms", ("learning scientist",)),
        ("Panel: teachers and the metaverse", ("school principal", "teacher-training lead")),
        ("Workshop: build a lesson in a virtual classroom", ("instructional designer",)))),
    "subforum-07": ("Foundation models", 2, 1, (
        ("Foundation models that generate 3D worlds", ("generative AI researcher",)),
        ("Multimodal agents for virtual spaces", ("AI agent engineer",)),
        ("Safety and provenance of generated content", ("AI governance specialist", "content platform trust lead")),
        ("Panel: foundation models for industry", ("industrial AI lead", "cloud AI platform architect")),
        ("Workshop: prompting a scene generator", ("applied AI engineer",)))),
    "subforum-08": ("Computing power", 2, 1, (
        ("Computing-power networks for real-time worlds", ("computing-power network architect",)),
        ("Rendering in the cloud, streaming to any screen", ("cloud rendering engineer",)),
        ("Energy-efficient data centres", ("data-centre energy engineer", "chip architecture researcher")),
        ("Panel: who pays for the compute?", ("telecom operator strategist", "cloud service product lead")),
        ("Workshop: measuring latency end to end", ("network performance engineer",)))),
    "subforum-09": ("Digital twins", 2, 1, (
        ("Digital twins of factories and plants", ("industrial digital-twin architect",)),
        ("City-scale twins: Jiading and beyond", ("urban planning GIS lead", "smart-city platform architect")),
        ("Simulation standards and interoperability", ("simulation society standards expert",)),
        ("Panel: from twin to decision", ("plant operations director", "simulation software founder")),
        ("Workshop: twin a venue from open data", ("3D GIS engineer",)))),
}
FORUM_SLOTS = {  # per day: four slots (HH:MM, minutes); the afternoon days leave the morning to the main forum
    0: (("13:30", 45), ("14:30", 45), ("15:30", 45), ("16:30", 60)),
    1: (("13:30", 45), ("14:30", 45), ("15:30", 45), ("16:30", 60)),
    2: (("09:00", 45), ("10:00", 45), ("11:00", 45), ("13:30", 60)),
}
WORKSHOP_SLOT = {1: ("09:30", 90), 2: ("10:00", 90)}
EXHIBITION = ((0, "09:00", 510), (1, "09:00", 510), (2, "09:00", 420))


def _at(day: int, hhmm: str) -> datetime:
    hours, minutes = map(int, hhmm.split(":"))
    return datetime.combine(DAYS[day], time(hours, minutes), tzinfo=VENUE_TZ)


def _session(hall: str, day: int, hhmm: str, minutes: int, title: str, speakers: tuple[str, ...],
             abstract: str, track: str, links: tuple[str, ...] = ()) -> Session:
    start = _at(day, hhmm)
    guid = uuid.uuid5(GUID_NAMESPACE, f"wmc2023/{hall}/{start.isoformat()}")
    return Session(id=str(guid), title=title, start=start, end=start + timedelta(minutes=minutes),
                   room=hall, hall=hall, abstract=f"{abstract} {ILLUSTRATIVE}", speakers=speakers,
                   track=track, language="zh", links=links)


def _main_forum() -> list[Session]:
    return [_session("main-forum", day, hhmm, minutes, title, roles, abstract, "Main forum",
                     tuple(SOURCES[key] for key in links))
            for day, hhmm, minutes, title, roles, abstract, links in MAIN_FORUM]


def _subforums() -> list[Session]:
    sessions = []
    for hall, (track, forum_day, workshop_day, talks) in SUBFORUMS.items():
        theme = track.lower()
        for (hhmm, minutes), (title, roles) in zip(FORUM_SLOTS[forum_day], talks[:4]):
            abstract = f"Sub-forum on {theme}, one of the conference's published themes."
            sessions.append(_session(hall, forum_day, hhmm, minutes, title, roles, abstract, track))
        title, roles = talks[4]
        hhmm, minutes = WORKSHOP_SLOT[workshop_day]
        abstract = f"Hands-on session of the {theme} sub-forum."
        sessions.append(_session(hall, workshop_day, hhmm, minutes, title, roles, abstract, track))
    return sessions


def _exhibition() -> list[Session]:
    abstract = ("Exhibition and hands-on experiences: more than 30 metaverse enterprises and more than 50 "
                "experiences, among them digital-human interaction, foundation models, computing power and "
                "digital twins.")
    return [_session("exhibition-hall", day, hhmm, minutes, "Exhibition and experiences open",
                     ("exhibitor teams",), abstract, "Exhibition", (SOURCES["preview"],))
            for day, hhmm, minutes in EXHIBITION]


def build_agenda() -> Agenda:
    """The illustrative WMC 2023 agenda, with hall ids as room names."""
    return Agenda(_main_forum() + _subforums() + _exhibition(),
                  title="2nd World Metaverse Conference (WMC 2023)", source="engine.agenda.bundled")


def document() -> dict:
    """The bundled agenda as a frab schedule.json document."""
    meta = {"illustrative": True, "note": NOTE, "venue": "Anting, Jiading District, Shanghai",
            "sources": sorted(SOURCES.values()), "hall_names": HALLS}
    return to_frab(build_agenda(), acronym="wmc2023", title="2nd World Metaverse Conference (WMC 2023)",
                   time_zone_name="Asia/Shanghai", description=NOTE, meta=meta, room_names=HALLS)


def render() -> str:
    """The exact file text: stable key order, two-space indent, UTF-8, trailing newline."""
    return json.dumps(document(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    from engine import PROJECT_ROOT

    parser = argparse.ArgumentParser(prog="python -m engine.agenda.bundled", description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed file is out of date")
    args = parser.parse_args(argv)
    path = PROJECT_ROOT / OUTPUT
    text = render()
    if args.check:
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        print(f"{path}: {'up to date' if current == text else 'out of date'}")
        return 0 if current == text else 1
    temp = path.with_suffix(".json.tmp")
    temp.write_text(text, encoding="utf-8")
    temp.replace(path)  # rename: a reader never sees a half-written file
    print(f"wrote {path} ({len(build_agenda().sessions)} sessions)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
