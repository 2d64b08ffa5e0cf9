"""The event's domain: halls, booths, experiences, waypoints; scene files; procedural builders."""
from engine.venue.open import Venue, Waypoint, open_scene

__all__ = ["Venue", "Waypoint", "open_scene"]
