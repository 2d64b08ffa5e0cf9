"""The key table: one action per key, and an F1 list that fits the mode."""
from engine.app.actions import ACTIONS, KeyMap, help_lines


def test_every_key_has_one_action():
    keys = [k for keys, _, _ in ACTIONS.values() for k in keys]
    assert len(keys) == len(set(keys))
    assert KeyMap.default().action_for("W") == "move_forward"
    assert KeyMap.default().action_for("tab") == "agenda"


def test_help_lists_only_the_sections_of_the_mode():
    from engine.app.explore import ExploreMode
    from engine.app.organizer import OrganizerMode
    walking = dict(help_lines(KeyMap.default(), ExploreMode.help_sections))
    assert "Sessions" in walking and "Organizer" not in walking and "Mouse" in walking
    assert ("Shift", "hold to run") in walking["Walking"]
    planning = dict(help_lines(KeyMap.default(), OrganizerMode.help_sections))
    assert "Organizer" in planning and "Sessions" not in planning


def test_remapped_keys_show_on_the_overlay():
    table = KeyMap.default().table | {"k": "go_to"}
    del table["g"]
    rows = dict(help_lines(KeyMap(table)))["Getting places"]
    assert ("K", "go to a hall, booth, experience or place") in rows
