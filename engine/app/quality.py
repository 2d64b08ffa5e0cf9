"""The viewer's quality level: the one chosen (--quality, or cycled with its key), what `auto` has
picked for now, and the words the toast and the F3 meter use for it."""
from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from engine.app.quality_auto import SOFTWARE_FPS, AutoQuality, rung_of
from engine.i18n import N_, _
from engine.render.quality import Quality, QualitySettings, settings_for
from engine.render.targets import is_software
from engine.ui.widgets import DIM_COLOR, TEXT_COLOR, StatsOverlay

CYCLE = (Quality.LOW, Quality.MEDIUM, Quality.HIGH, Quality.AUTO)
# Translators: the quality levels as the F2 toast and the F3 meter name them
LEVEL_NAMES = {Quality.LOW: N_("low"), Quality.MEDIUM: N_("medium"), Quality.HIGH: N_("high"),
               Quality.AUTO: N_("auto")}
DEFAULT_REFRESH_HZ = 60.0


class Adjustable(Protocol):
    """What the quality is set on: the renderer."""

    quality: QualitySettings

    def set_quality(self, settings: QualitySettings) -> None: ...


def display_refresh_rate() -> float:
    """The display's refresh rate where pygame can tell it (pygame-ce can), else 60 Hz."""
    from engine.platform.window import import_pygame
    ask = getattr(import_pygame().display, "get_current_refresh_rate", None)
    try:
        hz = float(ask()) if ask is not None else 0.0
    except Exception:   # no display mode to ask (offscreen, a closed window): the usual rate
        hz = 0.0
    return hz if hz >= 20.0 else DEFAULT_REFRESH_HZ


def target_fps(renderer_name: str, refresh_hz: float | None = None) -> float:
    """30 fps on a CPU rasterizer; the display's refresh rate on a GPU."""
    if is_software(renderer_name):
        return SOFTWARE_FPS
    return refresh_hz if refresh_hz is not None else display_refresh_rate()


def describe(settings: QualitySettings) -> str:
    """"medium", or "medium at 85 % resolution" (in the current language)."""
    text = _(LEVEL_NAMES.get(settings.level, settings.level.value))
    if settings.resolution_scale < 0.999:
        text = _("{level} at {percent} resolution").format(level=text,
                                                          percent=f"{round(settings.resolution_scale * 100)} %")
    return text


class QualityControl:
    """Holds the chosen level and keeps the renderer at it; under `auto` a controller moves it."""

    def __init__(self, renderer: Adjustable, choice: Quality | str, fps: float,
                 clock: Callable[[], float]) -> None:
        self.renderer = renderer
        self.fps = fps
        self.clock = clock
        self.start = Quality(choice)
        self.choice = self.start
        self.auto: AutoQuality | None = None
        self._choose(self.start, rung_of(Quality.AUTO))

    def _choose(self, choice: Quality, rung: int) -> None:
        self.choice = choice
        self.auto = AutoQuality(self.fps, self.clock(), rung) if choice is Quality.AUTO else None
        self._apply(self.auto.settings if self.auto is not None else settings_for(choice))

    def _apply(self, settings: QualitySettings) -> None:
        if settings != self.renderer.quality:
            self.renderer.set_quality(settings)

    def cycle(self) -> str:
        """The next level (low, medium, high, auto); auto starts where the last level was. The text
        says which."""
        following = CYCLE[(CYCLE.index(self.choice) + 1) % len(CYCLE)]
        self._choose(following, rung_of(self.choice))
        return _("Quality: {level}").format(level=self.text())

    def reset(self) -> None:
        """Back to the level it started with (a kiosk left alone)."""
        if self.choice is not self.start:
            self._choose(self.start, rung_of(Quality.AUTO))

    def frame(self, seconds: float) -> None:
        """One drawn frame and what it cost: auto may step."""
        if self.auto is not None:
            settings = self.auto.frame(self.clock(), seconds)
            if settings is not None:
                self._apply(settings)

    def restart(self) -> None:
        """Costs are about to change for another reason (a new window size): auto looks afresh."""
        if self.auto is not None:
            self.auto.restart(self.clock())

    def text(self) -> str:
        """"high", or "auto (now medium at 85 % resolution)"."""
        current = describe(self.renderer.quality)
        return _("auto (now {level})").format(level=current) if self.choice is Quality.AUTO else current


class QualityStats(StatsOverlay):
    """The F3 meter with the quality level as its last line."""

    def __init__(self, quality: QualityControl) -> None:
        super().__init__()
        self.quality = quality

    def rows(self) -> list[list[tuple[str, tuple[int, int, int, int]]]]:
        return [*super().rows(), [("quality", DIM_COLOR), (self.quality.text(), TEXT_COLOR)]]
