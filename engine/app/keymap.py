"""The one key map: every key, combination and panel key the viewer answers to, as named actions.

Input is translated at the edge into these names, so keys can be remapped, the F1 overlay is
generated from the same table, and tests drive the app with action names instead of key presses.
Keys are pygame's lower-case key names; a combination reads "ctrl+shift+q".
"""
from __future__ import annotations

from dataclasses import dataclass

from engine.i18n import N_, _
from engine.platform.events import MODIFIERS


@dataclass(frozen=True)
class Action:
    name: str
    keys: tuple[str, ...]     # default combinations
    text: str                 # what it does, on the F1 overlay (English, marked: help_lines translates it)
    section: str


ACTIONS: tuple[Action, ...] = (
    Action("move_forward", ("w", "up"), N_("walk (fly) forward"), "move"),
    Action("move_back", ("s", "down"), N_("walk (fly) back"), "move"),
    Action("move_left", ("a", "left"), N_("walk (fly) left"), "move"),
    Action("move_right", ("d", "right"), N_("walk (fly) right"), "move"),
    Action("run", ("left shift", "right shift"), N_("hold to run"), "move"),
    Action("move_up", ("e", "page up"), N_("fly up"), "fly"),
    Action("move_down", ("q", "page down"), N_("fly down"), "fly"),
    Action("go_to", ("g",), N_("go to a hall, booth, experience or place"), "places"),
    Action("open_plan", ("m",), N_("the plan: you are here, every hall; click to go"), "places"),
    Action("toggle_first_person", ("v",), N_("first-person or third-person view"), "places"),
    Action("reduced_motion", ("t",), N_("reduced motion: teleport instead of walking"), "places"),
    Action("toggle_camera", ("c",), N_("free camera: orbit, then fly, then walk again"), "places"),
    Action("agenda", ("tab",), N_("agenda: search; Enter goes there, Tab bookmarks"), "agenda"),
    Action("join", ("j",), N_("go to the session you were reminded of"), "agenda"),
    Action("next_session", ("n",), N_("clock: jump to the next session"), "agenda"),
    Action("clock_faster", ("]",), N_("clock: faster (x1, x10, x60, x600)"), "agenda"),
    Action("clock_slower", ("[",), N_("clock: slower"), "agenda"),
    Action("clock_pause", ("p",), N_("clock: pause or run"), "agenda"),
    Action("chat", ("return",), N_("chat: type a message (Tab: this hall or the whole venue)"), "together"),
    Action("people", ("u",), N_("people: find someone; Enter goes to them, Tab follows"), "together"),
    Action("react_clap", ("1",), N_("react: clap"), "together"),
    Action("react_hand", ("2",), N_("raise your hand (a question for the speaker)"), "together"),
    Action("react_thumbs", ("3",), N_("react: thumbs up"), "together"),
    Action("react_heart", ("4",), N_("react: heart"), "together"),
    Action("react_question", ("5",), N_("react: a question mark"), "together"),
    Action("announce", ("ctrl+a",), N_("announce to everyone (organizers)"), "together"),
    Action("toggle_plan", ("o",), N_("plan from above, or orbit view"), "organizer"),
    Action("toggle_heatmap", ("h",), N_("walking-time heat map (click to pick the start)"), "organizer"),
    Action("toggle_labels", ("i",), N_("labels with capacity and seats"), "organizer"),
    Action("reload", ("f5",), N_("reload the scene and agenda (also when saved)"), "organizer"),
    Action("replay", ("r",), N_("crowd flow: simulate the first changeover and replay it; again: hide"), "organizer"),
    Action("replay_pause", ("space",), N_("crowd flow: play or pause (click the slider to seek)"), "organizer"),
    Action("replay_faster", ("=",), N_("crowd flow: faster (x1, x2, x5, x10, x30, x60)"), "organizer"),
    Action("replay_slower", ("-",), N_("crowd flow: slower"), "organizer"),
    Action("replay_back", (",",), N_("crowd flow: 10 s back"), "organizer"),
    Action("replay_forward", (".",), N_("crowd flow: 10 s forward (click a door: its flow curve)"), "organizer"),
    Action("frame_all", ("home", "f"), N_("frame the whole scene"), "view"),
    Action("panel_choose", ("return", "keypad enter"), N_("choose the highlighted row · chat: send"), "panel"),
    Action("panel_up", ("up",), N_("previous row · chat: scroll back"), "panel"),
    Action("panel_down", ("down",), N_("next row · chat: scroll on"), "panel"),
    Action("panel_erase", ("backspace",), N_("delete the last letter typed"), "panel"),
    Action("panel_bookmark", ("tab",), N_("agenda: bookmark · chat: hall or venue · people: follow"), "panel"),
    Action("panel_mute", ("ctrl+m",), N_("people: mute or unmute their chat (organizers)"), "panel"),
    Action("panel_remove", ("ctrl+delete",), N_("people: remove from the venue (organizers)"), "panel"),
    Action("panel_close", ("escape",), N_("close the list, the chat or the plan"), "panel"),
    Action("kiosk_quit", ("ctrl+shift+q",), N_("end the kiosk (Esc does not)"), "kiosk"),
    Action("help", ("f1",), N_("show or hide this list"), "general"),
    Action("toggle_language", ("l",), N_("中文 / English: switch the language"), "general"),
    Action("screenshot", ("f12",), N_("save a PNG screenshot in your pictures folder"), "general"),
    Action("toggle_fullscreen", ("f11",), N_("fullscreen on or off"), "general"),
    Action("toggle_stats", ("f3",), N_("frame rate, CPU and GPU time, draw calls, quality"), "general"),
    Action("cycle_quality", ("f2",), N_("quality: low, medium, high, auto (holds the frame rate)"), "general"),
    Action("quit", ("escape",), N_("quit"), "general"),
)
BY_NAME = {a.name: a for a in ACTIONS}
PANEL_ACTIONS = tuple(a.name for a in ACTIONS if a.section == "panel")

SECTION_TITLES = {"move": N_("Walking"), "fly": N_("Fly camera"), "places": N_("Getting places"),
                  "agenda": N_("Sessions"), "together": N_("Together (view --join)"),
                  "organizer": N_("Organizer"), "view": N_("View"), "panel": N_("In a list (go to, agenda)"),
                  "kiosk": N_("Kiosk"), "general": N_("General"), "mouse": N_("Mouse")}

# Mouse controls are fixed; listed on the help overlay beside the keys.
MOUSE_HELP = (
    (N_("double-click floor"), N_("walk there along the shortest path")),
    (N_("left drag"), N_("look around (orbit: rotate)")),
    (N_("right or middle drag"), N_("orbit: pan")),
    (N_("wheel"), N_("camera distance (fly: speed)")),
)

HELD_ACTIONS = frozenset({"move_forward", "move_back", "move_left", "move_right", "move_up",
                          "move_down", "run"})
# With a text field open, keys type; only these still act (and the field's own panel keys).
# L (the language) is not among them: in a field it types "l".
WHILE_TYPING = frozenset({"help", "screenshot", "toggle_fullscreen", "toggle_stats", "cycle_quality",
                          "kiosk_quit"})


@dataclass(frozen=True)
class Combo:
    """A key and the modifiers held with it."""

    key: str
    mods: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, text: str) -> Combo:
        """ "ctrl+shift+q" -> Combo("q", {ctrl, shift}); a key name may hold spaces ("page up")."""
        parts = [p.strip() for p in text.lower().split("+")]
        if text.strip().endswith("+"):     # the "+" key itself
            parts = [*parts[:-2], "+"]
        mods, key = parts[:-1], parts[-1]
        if not key or any(m not in MODIFIERS for m in mods):
            raise ValueError(f"{text!r} is not a key combination like \"ctrl+shift+q\"")
        return cls(key, frozenset(mods))

    def label(self) -> str:
        """How it reads on the overlay: "W", "Page Up", "F1", "Ctrl+Shift+Q"."""
        mods = [m.title() for m in MODIFIERS if m in self.mods]
        return "+".join([*mods, key_label(self.key)])


class KeyMap:
    """Action name -> the combinations bound to it, and the reverse lookup per context."""

    def __init__(self, bindings: dict[str, tuple[Combo, ...]]) -> None:
        self.bindings = dict(bindings)

    @classmethod
    def default(cls) -> KeyMap:
        return cls({a.name: tuple(Combo.parse(k) for k in a.keys) for a in ACTIONS})

    def rebind(self, action: str, *keys: str) -> KeyMap:
        """A copy with `action` bound to `keys` instead (unknown actions are refused)."""
        if action not in BY_NAME:
            raise KeyError(action)
        return KeyMap(self.bindings | {action: tuple(Combo.parse(k) for k in keys)})

    def keys_for(self, action: str) -> tuple[Combo, ...]:
        return self.bindings.get(action, ())

    def action_for(self, key: str, mods: frozenset[str] = frozenset(), panel: bool = False) -> str | None:
        """The action a key press means: among panel actions while a text field has the keys,
        else among the others. An exact combination wins; a plain binding also answers when
        modifiers are held (Shift+W still walks), but a combination never answers a plain key."""
        pressed = Combo(key.lower(), frozenset(mods))
        plain: str | None = None
        for name, combos in self.bindings.items():
            if (BY_NAME[name].section == "panel") != panel and not (panel and name in WHILE_TYPING):
                continue
            for combo in combos:
                if combo == pressed:
                    return name
                if combo.key == pressed.key and not combo.mods and plain is None:
                    plain = name
        return plain


# Key names stay in English in both languages: keyboards sold in China print them so.
KEY_NAMES = {"return": "Enter", "escape": "Esc", "page up": "PgUp", "page down": "PgDn"}



def key_label(key: str) -> str:
    """How a pygame key name reads on the overlay: "W", "PgUp", "F1", "Tab", "Enter"."""
    if key in KEY_NAMES:
        return KEY_NAMES[key]
    return key.upper() if len(key) == 1 or (key[0] == "f" and key[1:].isdigit()) else key.title()


def help_lines(keymap: KeyMap, sections: tuple[str, ...] | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """(section title, [(keys, description)]) for the help overlay in the current language, in table
    order, limited to `sections` (all when None); mouse controls come last."""
    grouped: dict[str, list[tuple[str, str]]] = {}
    for action in ACTIONS:
        combos = keymap.keys_for(action.name)
        if combos and (sections is None or action.section in sections):
            # "left shift" and "right shift" read as one "Shift".
            names = dict.fromkeys(Combo(c.key.removeprefix("left ").removeprefix("right "), c.mods).label()
                                  for c in combos)
            grouped.setdefault(action.section, []).append((" / ".join(names), _(action.text)))
    out = [(_(SECTION_TITLES[name]), rows) for name, rows in grouped.items()]
    return out + [(_(SECTION_TITLES["mouse"]), [(_(k), _(t)) for k, t in MOUSE_HELP])]
