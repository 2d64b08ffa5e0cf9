"""The one key map: one action per key in each context, combinations, and an F1 list made from it."""
import pytest

from engine.app.keymap import ACTIONS, Combo, KeyMap, help_lines


def test_every_key_has_one_action_in_each_context():
    for panel in (False, True):
        combos = [c for a in ACTIONS if (a.section == "panel") == panel for c in KeyMap.default().keys_for(a.name)]
        assert len(combos) == len(set(combos))
    keymap = KeyMap.default()
    assert keymap.action_for("W") == "move_forward"
    assert keymap.action_for("tab") == "agenda"
    assert keymap.action_for("tab", panel=True) == "panel_bookmark"
    assert keymap.action_for("escape", panel=True) == "panel_close"
    assert keymap.action_for("g", panel=True) is None            # a letter types while a list is open
    assert keymap.action_for("f12", panel=True) == "screenshot"  # but F-keys still act


def test_combinations_and_modifiers():
    keymap = KeyMap.default()
    assert Combo.parse("Ctrl+Shift+Q") == Combo("q", frozenset({"ctrl", "shift"}))
    assert Combo.parse("page up") == Combo("page up")
    assert keymap.action_for("q", frozenset({"ctrl", "shift"})) == "kiosk_quit"
    assert keymap.action_for("q") == "move_down"
    assert keymap.action_for("w", frozenset({"shift"})) == "move_forward"   # running forward
    assert keymap.action_for("x", frozenset({"ctrl"})) is None
    with pytest.raises(ValueError):
        Combo.parse("hyper+q")


def test_help_lists_only_the_sections_of_the_mode():
    from engine.app.explore import ExploreMode
    from engine.app.kiosk import KioskMode
    from engine.app.organizer import OrganizerMode
    walking = dict(help_lines(KeyMap.default(), ExploreMode.help_sections))
    assert "Sessions" in walking and "Organizer" not in walking and "Mouse" in walking
    assert ("Shift", "hold to run") in walking["Walking"]
    assert ("Enter / Keypad Enter", "choose the highlighted row · chat: send") in walking["In a list (go to, agenda)"]
    assert "Together (view --join)" in walking
    planning = dict(help_lines(KeyMap.default(), OrganizerMode.help_sections))
    assert "Organizer" in planning and "Sessions" not in planning
    kiosk = dict(help_lines(KeyMap.default(), KioskMode.help_sections))
    assert ("Ctrl+Shift+Q", "end the kiosk (Esc does not)") in kiosk["Kiosk"]


def test_remapped_keys_show_on_the_overlay():
    keymap = KeyMap.default().rebind("go_to", "k")
    rows = dict(help_lines(keymap))["Getting places"]
    assert ("K", "go to a hall, booth, experience or place") in rows
    assert keymap.action_for("k") == "go_to" and keymap.action_for("g") is None
