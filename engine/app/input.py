"""Input with focus: engine events become actions for the mode (or the viewer), typed text goes to
the open text field, held keys are tracked, and clicks, double-clicks and drags are told apart.

A key that opens a text field never types into it: SDL sends a key press and then the text it
typed, so the text that follows a key press which acted is dropped. What an input method is composing
(TextEditEvent) is shown in the open field until its committed text (TextEvent) replaces it.
"""
from __future__ import annotations

from collections.abc import Callable

from engine.app.keymap import HELD_ACTIONS, WHILE_TYPING, KeyMap
from engine.app.mode import Handlers, Mode
from engine.platform.events import Event, KeyEvent, PointerEvent, TextEditEvent, TextEvent, WheelEvent

DOUBLE_CLICK_S = 0.4
DOUBLE_CLICK_PX = 8


class InputRouter:
    def __init__(self, keymap: KeyMap, clock: Callable[[], float]) -> None:
        self.keymap = keymap
        self.clock = clock
        self.held: set[str] = set()
        self._drag: int | None = None
        self._last_click: tuple[float, tuple[int, int]] = (-1.0, (0, 0))
        self._drop_text = ""      # the text of a key press that acted; its TEXTINPUT must not type

    def begin_batch(self) -> None:
        """A new poll of events: text from an earlier one cannot belong to a key in this one."""
        self._drop_text = ""

    def feed(self, event: Event, mode: Mode, own: Handlers) -> None:
        """Route one event. `own` are the viewer's handlers, asked when the mode has none."""
        if isinstance(event, KeyEvent):
            self._key(event, mode, own)
        elif isinstance(event, TextEvent):
            self._text(event, mode)
        elif isinstance(event, TextEditEvent):
            self._compose(event, mode)
        elif isinstance(event, PointerEvent):
            self._pointer(event, mode)
        elif isinstance(event, WheelEvent) and not mode.intercept(None):
            mode.wheel(event.steps)

    def do(self, action: str, mode: Mode, own: Handlers) -> bool:
        """Perform a named action once: the mode's handler first, then the viewer's."""
        handler = mode.handlers().get(action) or own.get(action)
        if handler is None:
            return False
        handler()
        return True

    def _key(self, event: KeyEvent, mode: Mode, own: Handlers) -> None:
        if not event.down:
            self._release(event)
            return
        typing = mode.focus() is not None
        action = self.keymap.action_for(event.key, event.mods, panel=typing)
        self._drop_text = ""
        if mode.intercept(action):
            self._drop_text = event.text
            return
        if typing:
            field = mode.focus()
            # While an input method composes, Enter, Backspace and the arrows are its own (choosing a
            # candidate, erasing pinyin); a platform that still reports them must not act on the list.
            composing = field is not None and field.composing and action not in WHILE_TYPING
            if action is not None and not composing:
                self.do(action, mode, own)
            return
        if action in HELD_ACTIONS:
            self.held.add(action)
            return
        self._drop_text = event.text
        if action is not None:
            self.do(action, mode, own)
        if mode.focus() is not None:
            self.held.clear()      # a field opened: the avatar stops rather than walking on

    def _release(self, event: KeyEvent) -> None:
        """A key came up: release what it held, in any context (focus may have moved meanwhile)."""
        released = self.keymap.action_for(event.key, event.mods)
        if released in HELD_ACTIONS:
            self.held.discard(released)

    def _text(self, event: TextEvent, mode: Mode) -> None:
        drop, self._drop_text = self._drop_text, ""   # only the text right after the key press
        if drop and event.text == drop:
            return
        field = mode.focus()
        if field is not None:
            field.type(event.text)

    def _compose(self, event: TextEditEvent, mode: Mode) -> None:
        field = mode.focus()
        if field is not None:
            field.compose(event.text)

    def _pointer(self, event: PointerEvent, mode: Mode) -> None:
        if event.kind == "down":
            if mode.intercept(None):
                return
            self._drag = event.button
            if event.button == 1 and self._click(event.pos, mode):
                self._drag = None   # the click was used (a panel, the map): no drag follows
        elif event.kind == "up" and event.button == self._drag:
            self._drag = None
        elif event.kind == "move" and self._drag:
            mode.drag(self._drag, *event.rel)

    def _click(self, pos: tuple[int, int], mode: Mode) -> bool:
        now = self.clock()
        last_t, last_pos = self._last_click
        near = abs(pos[0] - last_pos[0]) + abs(pos[1] - last_pos[1]) < DOUBLE_CLICK_PX
        double = now - last_t < DOUBLE_CLICK_S and near
        self._last_click = (-1.0, pos) if double else (now, pos)
        return mode.click(pos, double)
