"""The bundled WMC 2023 agenda: an illustrative timetable, written to scenes/wmc2023_agenda.json.

No session-level programme of the 2nd World Metaverse Conference (Anting, 20-22 Sept 2023) was
published, so this timetable is synthetic. Every session has a Chinese title, abstract and speaker roles
beside the English (written for this file, in a Chinese conference programme's style), and both abstracts
end by saying the session is illustrative. What it rests on (see shared/data/FACTS.md): one main
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
NOTE_ZH = ("示意议程。第二届世界元宇宙大会（上海市嘉定区安亭镇，2023年9月20日至22日）未公布分场次议程；"
           "本议程的结构（一个主论坛、九个按公布主题设立的分论坛、30余家参展企业、50余项互动体验）及所列成果"
           "（上海元宇宙产业创新联盟、汽车元宇宙白皮书、Meta Baylism产业基地）依据媒体报道，"
           "场次标题、时间和演讲嘉宾（仅列身份，不列姓名）均为占位内容。")
ILLUSTRATIVE = "Illustrative session: title, time and speakers (by role) are placeholders, not the published programme."
ILLUSTRATIVE_ZH = "示意场次：标题、时间和演讲嘉宾（仅列身份）均为占位内容，并非官方发布的议程。"
TITLE = "2nd World Metaverse Conference (WMC 2023)"
TITLE_ZH = "第二届世界元宇宙大会（WMC 2023）"
SOURCES = {
    "opening": "https://www.shine.cn/news/metro/2309201586/",
    "preview": "https://www.shine.cn/biz/event/2309122967/",
    "outcomes": "https://www.shine.cn/feature/district/2309250844/",
}
OUTPUT = Path("scenes") / "wmc2023_agenda.json"

Text = tuple[str, str]   # (English, Simplified Chinese)
Roles = tuple[Text, ...]

# Speaker roles used more than once.
HOST = ("host organisation representative", "主办单位代表")
ANTING = ("Anting Town government representative", "安亭镇政府代表")
BCI = ("brain-computer interface researcher", "脑机接口研究员")
NETWORK = ("computing-power network architect", "算力网络架构师")
ENGINE = ("game-engine technologist", "游戏引擎技术专家")

# (day index, "HH:MM", minutes, title, speaker roles, abstract, links)
MAIN_FORUM: tuple[tuple[int, str, int, Text, Roles, Text, tuple[str, ...]], ...] = (
    (0, "09:00", 45, ("Opening ceremony of the 2nd World Metaverse Conference", "第二届世界元宇宙大会开幕式"),
     (HOST, ANTING),
     ("Opening of the conference in Anting, Jiading District, under the theme \"virtual and real generate "
      "each other; empowering industry\" (虚实相生、产业赋能).",
      "大会在嘉定区安亭镇开幕，主题为“虚实相生、产业赋能”。"), ("opening", "outcomes")),
    (0, "10:00", 120, ("Plenary session I: the metaverse and industry", "全体大会（一）：元宇宙与产业"),
     (BCI, ("Silicon Valley technology founder", "硅谷科技企业创始人"),
      ("simulation society committee director", "仿真学会专业委员会主任")),
     ("Keynotes on brain-machine interfaces and on building metaverse businesses, and how simulation "
      "and virtual worlds serve manufacturing.",
      "围绕脑机接口与元宇宙创业的主旨演讲，以及仿真与虚拟世界如何服务制造业。"), ("opening",)),
    (0, "14:00", 45,
     ("Founding of the Shanghai Metaverse Industry Innovation Alliance", "上海元宇宙产业创新联盟成立仪式"),
     (("alliance founding-member representative", "联盟发起成员代表"),
      ("district economic commission representative", "区经济委员会代表")),
     ("Founding ceremony of the Shanghai Metaverse Industry Innovation Alliance.", "上海元宇宙产业创新联盟成立仪式。"),
     ("opening", "outcomes")),
    (0, "15:00", 45, ("White paper: Anting's auto-metaverse blueprint", "白皮书发布：安亭汽车元宇宙蓝图"),
     (("industry research institute analyst", "产业研究院分析师"), ANTING),
     ("Release of the white paper on Anting's auto-metaverse blueprint, which targets an industry scale "
      "of 100 billion yuan by 2025.", "发布安亭汽车元宇宙蓝图白皮书，目标是到2025年产业规模达到1000亿元。"),
     ("opening", "outcomes")),
    (0, "16:00", 30,
     ("Unveiling of the Meta Baylism auto-metaverse industry base", "Meta Baylism汽车元宇宙产业基地揭牌"),
     (("industry base operator representative", "产业基地运营方代表"),),
     ("The auto-metaverse industry base with a metaverse research institute, a virtual-production studio, "
      "an auto software empowering centre and an Epic Games innovation centre.",
      "汽车元宇宙产业基地，设有元宇宙研究院、虚拟制片工作室、汽车软件赋能中心和Epic Games创新中心。"), ("outcomes",)),
    (1, "09:30", 150, ("Plenary session II: technologies of the metaverse", "全体大会（二）：元宇宙技术"),
     (("spatial-computing researcher", "空间计算研究员"), NETWORK, ENGINE),
     ("Brain-computer interfaces, computing-power networks, game engines, sensing, spatial computing "
      "and human-computer interaction.", "脑机接口、算力网络、游戏引擎、传感、空间计算与人机交互。"), ("opening",)),
    (2, "14:00", 60, ("Application competition and awards", "应用大赛与颁奖"),
     (("competition jury chair", "大赛评审委员会主席"),),
     ("Awards for metaverse applications: competitions and awards were one of the conference's four "
      "announced pillars, with forums, exhibition and application experience.",
      "元宇宙应用颁奖：赛事与评奖是大会公布的四大板块之一，另外三个是论坛、展览和应用体验。"), ()),
    (2, "15:15", 30, ("Closing remarks", "闭幕致辞"), (HOST,),
     ("Summary of the three days and outlook.", "三天会议总结与展望。"), ()),
)

# hall: (track, day index of the forum, day index of the workshop, four (title, roles) + workshop)
SUBFORUMS: dict[str, tuple[Text, int, int, tuple[tuple[Text, Roles], ...]]] = {
    "subforum-01": (("Digital humans", "数字人"), 0, 1, (
        (("Digital humans in service and broadcasting", "服务与广电领域的数字人"),
         (("digital-human studio director", "数字人工作室总监"), ("broadcast technology lead", "广电技术负责人"))),
        (("From motion capture to real-time avatars", "从动作捕捉到实时虚拟形象"),
         (("motion-capture engineer", "动作捕捉工程师"),)),
        (("Voice, emotion and trust in virtual people", "虚拟人的声音、情感与信任"),
         (("AI voice researcher", "AI语音研究员"), ("human-computer interaction researcher", "人机交互研究员"))),
        (("Panel: the business of virtual idols", "圆桌讨论：虚拟偶像的商业模式"),
         (("virtual-idol production lead", "虚拟偶像制作负责人"), ("brand marketing director", "品牌营销总监"))),
        (("Workshop: build a talking digital human", "工作坊：打造会说话的数字人"),
         (("digital-human technical artist", "数字人技术美术师"),)))),
    "subforum-02": (("Automobiles", "汽车"), 0, 1, (
        (("The software-defined car meets the metaverse", "软件定义汽车遇见元宇宙"),
         (("automotive software lead", "汽车软件负责人"),)),
        (("Virtual validation: simulating millions of kilometres", "虚拟验证：仿真测试数百万公里"),
         (("autonomous-driving simulation engineer", "自动驾驶仿真工程师"),)),
        (("Digital showrooms and virtual test drives", "数字展厅与虚拟试驾"),
         (("automotive retail digital lead", "汽车零售数字化负责人"), ("XR experience designer", "XR体验设计师"))),
        (("Panel: Anting's auto industry and virtual production", "圆桌讨论：安亭汽车产业与虚拟制片"),
         (("vehicle manufacturer design director", "整车企业设计总监"),
          ("virtual-production studio lead", "虚拟制片工作室负责人"))),
        (("Workshop: a car configurator in a game engine", "工作坊：用游戏引擎制作汽车选配器"),
         (("real-time visualisation engineer", "实时可视化工程师"),)))),
    "subforum-03": (("Games", "游戏"), 0, 1, (
        (("Game engines beyond games", "游戏之外的游戏引擎"), (ENGINE,)),
        (("Persistent worlds and player economies", "持久世界与玩家经济"),
         (("online game producer", "网络游戏制作人"),)),
        (("Spatial audio and haptics for play", "游戏中的空间音频与触觉反馈"),
         (("game audio director", "游戏音频总监"), ("haptics engineer", "触觉工程师"))),
        (("Panel: games as a gateway to the metaverse", "圆桌讨论：游戏——通往元宇宙的入口"),
         (("game studio head", "游戏工作室负责人"), ("esports organiser", "电竞赛事组织者"))),
        (("Workshop: from level design to a virtual venue", "工作坊：从关卡设计到虚拟场馆"),
         (("level designer", "关卡设计师"),)))),
    "subforum-04": (("Medical treatment", "医疗"), 1, 2, (
        (("Brain-computer interfaces in rehabilitation", "脑机接口在康复中的应用"), (BCI,)),
        (("Surgical planning with patient digital twins", "基于患者数字孪生的手术规划"),
         (("surgical navigation engineer", "手术导航工程师"), ("hospital surgeon", "医院外科医生"))),
        (("Virtual reality for pain and therapy", "虚拟现实用于镇痛与治疗"),
         (("clinical VR researcher", "临床VR研究员"),)),
        (("Panel: regulation and evidence for medical XR", "圆桌讨论：医疗XR的监管与循证"),
         (("medical device regulatory specialist", "医疗器械注册法规专家"),
          ("hospital information director", "医院信息中心主任"))),
        (("Workshop: a VR training module for nurses", "工作坊：护士VR培训模块"),
         (("medical simulation educator", "医学模拟教育专家"),)))),
    "subforum-05": (("Culture and tourism", "文旅"), 1, 2, (
        (("Digital heritage: scanning and restoring sites", "数字文保：古迹扫描与修复"),
         (("cultural heritage digitisation lead", "文化遗产数字化负责人"),)),
        (("Immersive night tours and virtual museums", "沉浸式夜游与虚拟博物馆"),
         (("museum digital curator", "博物馆数字策展人"), ("immersive show producer", "沉浸式演出制作人"))),
        (("Motorsport tourism at the Shanghai International Circuit", "上海国际赛车场的赛车运动旅游"),
         (("venue experience manager", "场馆体验经理"),)),
        (("Panel: culture and tourism in virtual space", "圆桌讨论：虚拟空间中的文化和旅游"),
         (("tourism board representative", "旅游局代表"), ("XR content producer", "XR内容制作人"))),
        (("Workshop: telling a place's story in mixed reality", "工作坊：用混合现实讲述地方故事"),
         (("mixed-reality storyteller", "混合现实叙事创作者"),)))),
    "subforum-06": (("Education", "教育"), 1, 2, (
        (("Virtual laboratories for schools", "面向中小学的虚拟实验室"),
         (("educational technology researcher", "教育技术研究员"),)),
        (("Vocational training with simulation", "基于仿真的职业培训"),
         (("vocational college trainer", "职业院校培训师"), ("simulation engineer", "仿真工程师"))),
        (("Learning analytics in immersive classrooms", "沉浸式课堂中的学习分析"),
         (("learning scientist", "学习科学研究者"),)),
        (("Panel: teachers and the metaverse", "圆桌讨论：教师与元宇宙"),
         (("school principal", "中小学校长"), ("teacher-training lead", "教师培训负责人"))),
        (("Workshop: build a lesson in a virtual classroom", "工作坊：在虚拟教室里设计一堂课"),
         (("instructional designer", "教学设计师"),)))),
    "subforum-07": (("Foundation models", "大模型"), 2, 1, (
        (("Foundation models that generate 3D worlds", "生成三维世界的大模型"),
         (("generative AI researcher", "生成式AI研究员"),)),
        (("Multimodal agents for virtual spaces", "面向虚拟空间的多模态智能体"),
         (("AI agent engineer", "AI智能体工程师"),)),
        (("Safety and provenance of generated content", "生成内容的安全与溯源"),
         (("AI governance specialist", "AI治理专家"), ("content platform trust lead", "内容平台信任与安全负责人"))),
        (("Panel: foundation models for industry", "圆桌讨论：赋能产业的大模型"),
         (("industrial AI lead", "工业AI负责人"), ("cloud AI platform architect", "云AI平台架构师"))),
        (("Workshop: prompting a scene generator", "工作坊：用提示词驱动场景生成器"),
         (("applied AI engineer", "AI应用工程师"),)))),
    "subforum-08": (("Computing power", "算力"), 2, 1, (
        (("Computing-power networks for real-time worlds", "支撑实时世界的算力网络"), (NETWORK,)),
        (("Rendering in the cloud, streaming to any screen", "云端渲染，串流到任意屏幕"),
         (("cloud rendering engineer", "云渲染工程师"),)),
        (("Energy-efficient data centres", "高能效数据中心"),
         (("data-centre energy engineer", "数据中心能源工程师"), ("chip architecture researcher", "芯片架构研究员"))),
        (("Panel: who pays for the compute?", "圆桌讨论：算力谁来买单？"),
         (("telecom operator strategist", "电信运营商战略专家"), ("cloud service product lead", "云服务产品负责人"))),
        (("Workshop: measuring latency end to end", "工作坊：端到端时延测量"),
         (("network performance engineer", "网络性能工程师"),)))),
    "subforum-09": (("Digital twins", "数字孪生"), 2, 1, (
        (("Digital twins of factories and plants", "工厂与车间的数字孪生"),
         (("industrial digital-twin architect", "工业数字孪生架构师"),)),
        (("City-scale twins: Jiading and beyond", "城市级孪生：从嘉定出发"),
         (("urban planning GIS lead", "城市规划GIS负责人"), ("smart-city platform architect", "智慧城市平台架构师"))),
        (("Simulation standards and interoperability", "仿真标准与互操作"),
         (("simulation society standards expert", "仿真学会标准专家"),)),
        (("Panel: from twin to decision", "圆桌讨论：从孪生到决策"),
         (("plant operations director", "工厂运营总监"), ("simulation software founder", "仿真软件企业创始人"))),
        (("Workshop: twin a venue from open data", "工作坊：用开放数据构建场馆孪生"),
         (("3D GIS engineer", "三维GIS工程师"),)))),
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


def _session(hall: str, day: int, hhmm: str, minutes: int, title: Text, speakers: Roles,
             abstract: Text, track: str, links: tuple[str, ...] = ()) -> Session:
    """One session, in English with its Chinese beside it; held in Chinese (`language` "zh")."""
    start = _at(day, hhmm)
    guid = uuid.uuid5(GUID_NAMESPACE, f"wmc2023/{hall}/{start.isoformat()}")
    return Session(id=str(guid), title=title[0], start=start, end=start + timedelta(minutes=minutes),
                   room=hall, hall=hall, abstract=f"{abstract[0]} {ILLUSTRATIVE}",
                   speakers=tuple(en for en, _ in speakers), track=track, language="zh", links=links,
                   title_zh=title[1], abstract_zh=f"{abstract[1]}{ILLUSTRATIVE_ZH}",
                   speakers_zh=tuple(zh for _, zh in speakers))


def _main_forum() -> list[Session]:
    return [_session("main-forum", day, hhmm, minutes, title, roles, abstract, "Main forum",
                     tuple(SOURCES[key] for key in links))
            for day, hhmm, minutes, title, roles, abstract, links in MAIN_FORUM]


def _subforums() -> list[Session]:
    sessions = []
    for hall, ((track, track_zh), forum_day, workshop_day, talks) in SUBFORUMS.items():
        theme = track.lower()
        for (hhmm, minutes), (title, roles) in zip(FORUM_SLOTS[forum_day], talks[:4]):
            abstract = (f"Sub-forum on {theme}, one of the conference's published themes.",
                        f"{track_zh}分论坛，大会公布的主题之一。")
            sessions.append(_session(hall, forum_day, hhmm, minutes, title, roles, abstract, track))
        title, roles = talks[4]
        hhmm, minutes = WORKSHOP_SLOT[workshop_day]
        abstract = (f"Hands-on session of the {theme} sub-forum.", f"{track_zh}分论坛的动手实践环节。")
        sessions.append(_session(hall, workshop_day, hhmm, minutes, title, roles, abstract, track))
    return sessions


def _exhibition() -> list[Session]:
    abstract = ("Exhibition and hands-on experiences: more than 30 metaverse enterprises and more than 50 "
                "experiences, among them digital-human interaction, foundation models, computing power and "
                "digital twins.",
                "展览与互动体验：30余家元宇宙企业、50余项体验，涵盖数字人交互、大模型、算力和数字孪生等。")
    return [_session("exhibition-hall", day, hhmm, minutes, ("Exhibition and experiences open", "展览与体验开放"),
                     (("exhibitor teams", "参展团队"),), abstract, "Exhibition", (SOURCES["preview"],))
            for day, hhmm, minutes in EXHIBITION]


def build_agenda() -> Agenda:
    """The illustrative WMC 2023 agenda, with hall ids as room names."""
    return Agenda(_main_forum() + _subforums() + _exhibition(), title=TITLE, source="engine.agenda.bundled")


def document() -> dict:
    """The bundled agenda as a frab schedule.json document."""
    meta = {"illustrative": True, "note": NOTE, "note_zh": NOTE_ZH, "title_zh": TITLE_ZH,
            "venue": "Anting, Jiading District, Shanghai", "venue_zh": "上海市嘉定区安亭镇",
            "sources": sorted(SOURCES.values()), "hall_names": HALLS}
    return to_frab(build_agenda(), acronym="wmc2023", title=TITLE,
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
