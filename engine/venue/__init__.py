"""The event's domain: halls, booths, experiences, waypoints; scene-file loading; procedural builders."""
from engine.venue.model import Venue, Waypoint
from engine.venue.open import open_scene

__all__ = ["Venue", "Waypoint", "open_scene"]
