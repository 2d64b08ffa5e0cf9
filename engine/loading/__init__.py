"""The loading boundary: model files (through trimesh) into the engine's pure scene data."""
from engine.loading.model import MODEL_EXTENSIONS, load_model

__all__ = ["MODEL_EXTENSIONS", "load_model"]
