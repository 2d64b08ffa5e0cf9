"""Explore mode: walking the venue with an avatar (see engine.app.explore.mode)."""
from engine.app.explore.mode import ExploreMode, ExploreOptions

__all__ = ["ExploreMode", "ExploreOptions"]
