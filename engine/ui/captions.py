"""The attract tour's captions and lap timer in the current language: the hall the camera is in (name,
theme, seats), the circuit, or the venue; what the kiosk and `tour` draw over the flight."""
from __future__ import annotations

from engine.i18n import _, localized, ngettext
from engine.tour import CIRCUIT, TourFrame, format_lap_time
from engine.ui.names import display_name


def hall_caption(hall) -> tuple[str, ...]:
    """A hall's name, its theme, and its seats and capacity."""
    lines = [display_name(hall)]
    if hall.theme:
        theme = localized(hall.theme, getattr(hall, "theme_zh", None))
        lines.append(_("Theme: {theme}").format(theme=theme))
    seats, capacity = hall.seats, hall.capacity
    if seats:
        lines.append(_("{seats} seats, capacity {capacity}").format(seats=f"{seats:,}", capacity=f"{capacity:,}"))
    elif capacity:
        lines.append(_("capacity {capacity}").format(capacity=f"{capacity:,}"))
    return tuple(lines)


def circuit_caption(circuit) -> tuple[str, ...]:
    """The circuit's name, its length and its turns."""
    name = display_name(circuit) or _("Circuit")
    km = f"{circuit.official_length_m / 1000:.3f}"
    turns = len(circuit.turns)
    return (name, ngettext("{km} km, {turns} turn, clockwise", "{km} km, {turns} turns, clockwise", turns).format(
        km=km, turns=turns))


def venue_caption(venue) -> tuple[str, ...]:
    """The venue's name and what it holds."""
    lines = [display_name(venue) or _("Venue")]
    if venue.halls:
        lines.append(_("{halls} halls, {booths} booths, {experiences} experiences").format(
            halls=len(venue.halls), booths=len(venue.booths), experiences=len(venue.experiences)))
    return tuple(lines)


def tour_caption(frame: TourFrame, venue) -> tuple[str, ...]:
    """The caption lines for a tour frame, in the current language (the tour's own are English); () when
    the frame shows none."""
    if not frame.caption:
        return ()
    if frame.kind == CIRCUIT and venue.circuit is not None:
        return circuit_caption(venue.circuit)
    if frame.hall is not None and frame.hall in venue.halls:
        return hall_caption(venue.halls[frame.hall])
    return venue_caption(venue) if frame.hall is None else frame.caption


def lap_text(frame: TourFrame) -> str:
    """The lap timer's line: time, speed and the turn being taken."""
    turn = _("Turn {number}").format(number=frame.turn) if frame.turn else ""
    return f"{format_lap_time(frame.lap_time or 0.0)}   {frame.speed_kmh or 0:5.0f} km/h   {turn}"
