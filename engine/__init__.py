"""Anting Venue: a 3D digital twin of the 2nd World Metaverse Conference venue in Anting, Shanghai."""
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
__version__ = "0.1.0"
