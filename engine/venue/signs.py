"""Signage as one texture atlas: every sign, screen and marker in both languages, Chinese above English,
drawn with Pillow in the shipped Noto Sans SC (see engine.venue.sign_text for how text is fitted).

One atlas means one material and one draw for all signs. `build-assets` writes the default scene's
atlas to `assets/venue/signs.png` with its layout in `signs.json`; a scene whose signs differ (an edited
name) gets its atlas drawn in memory when it opens (under a second).

Texture orientation: row 0 of the image is its top; the renderer uploads row 0 as GL's t = 0, so a
sign's top edge gets v = y_top / height.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from engine.venue.sign_text import SetText, draw_set, set_bilingual

ATLAS_WIDTH = 2048      # drawn at this width, stored at ATLAS_WIDTH // SUPERSAMPLE
SUPERSAMPLE = 2
FORMAT_VERSION = 4
# kind: (cell width, cell height) in pixels
CELL = {"hall": (1024, 128), "screen": (1024, 576), "booth": (512, 96), "exp": (512, 160),
        "marker": (128, 128), "label": (512, 96)}


@dataclass(frozen=True)
class SignRequest:
    key: str          # unique, e.g. "hall:main-forum"
    kind: str         # one of CELL
    text: str         # English (or the only language known)
    sub: str = ""     # a second, smaller text
    color: str = "#1d3557"   # background, sRGB hex
    text_zh: str = ""        # the Chinese drawn above `text`; "" when none is known
    sub_zh: str = ""


def requests_digest(requests: list[SignRequest]) -> str:
    blob = json.dumps([FORMAT_VERSION] + [[r.key, r.kind, r.text, r.sub, r.color, r.text_zh, r.sub_zh]
                                          for r in requests], ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


Rect = tuple[int, int, int, int]   # x0, y0, x1, y1 pixels
Box = tuple[float, float, float, float]   # x, y, width, height pixels in a cell

SIGN_GROUND = (16, 19, 24)   # hall signs: white on near-black, the hall's colour as a band beneath
SUB_TEXT = (180, 225, 255, 255)

BAND_PARTS = 10   # a hall sign's coloured band is this fraction of its height: thin, so two lines keep their size
# Smallest Chinese size (drawn pixels, before the atlas is filtered down) for a sign's title and for its
# second text: below these a sign is not read at the distance it is meant for, and an ellipsis is better.
MIN_SIZE = {"hall": 24, "screen": 40, "booth": 22, "exp": 20, "marker": 22, "label": 22}
MIN_SUB = {"screen": 22, "exp": 14}


def _luminance(rgb: tuple[int, ...]) -> float:
    """Relative luminance (0..1) of an sRGB colour."""
    lin = [(c / 255 / 12.92) if c <= 10 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb[:3]]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def text_boxes(req: SignRequest) -> list[tuple[Box, str, str, int]]:
    """Where a sign's texts go in its cell: (box, Chinese, English, smallest Chinese size) for the title,
    then the second text (`sub`) when there is one."""
    w, h = CELL[req.kind]
    title = (req.text_zh, req.text, MIN_SIZE[req.kind])
    if req.kind == "hall":
        return [((20, 4, w - 40, h - h // BAND_PARTS - 10), *title)]
    if req.kind == "marker":   # inside the round face
        return [((w * 0.12, h * 0.16, w * 0.76, h * 0.68), *title)]
    if req.kind == "screen":
        boxes: list[tuple[Box, str, str, int]] = [((40, h * 0.12, w - 80, h * 0.5), *title)]
        if req.sub:
            boxes.append(((40, h * 0.66, w - 80, h * 0.22), req.sub_zh, req.sub, MIN_SUB["screen"]))
        return boxes
    if req.sub:
        return [((15, 6, w - 30, h * 0.58 - 6), *title),
                ((15, h * 0.6, w - 30, h * 0.4 - 8), req.sub_zh, req.sub, MIN_SUB.get(req.kind, 14))]
    return [((20, 8, w - 40, h - 16), *title)]


def set_texts(req: SignRequest) -> list[tuple[Box, SetText]]:
    """A sign's texts set in their boxes (Chinese above English, fitted: see engine.venue.sign_text)."""
    return [(box, set_bilingual(zh, en, (box[2], box[3]), least)) for box, zh, en, least in text_boxes(req)]


def _ground(img: Image.Image, d: ImageDraw.ImageDraw, req: SignRequest) -> tuple[int, ...]:
    """Paint the sign's ground; returns its text colour."""
    w, h = CELL[req.kind]
    accent = tuple(int(req.color[i:i + 2], 16) for i in (1, 3, 5))
    bg = SIGN_GROUND if req.kind == "hall" else accent
    img.paste(bg + (255,), (0, 0, w, h))
    if req.kind == "hall":
        d.rectangle([0, h - h // BAND_PARTS, w, h], fill=accent + (255,))
    elif req.kind == "screen":
        for y in range(h):   # a gradient backdrop like a keynote slide
            t = y / h
            d.line([(0, y), (w, y)], fill=(int(bg[0] * (1 - t) + 10 * t), int(bg[1] * (1 - t) + 20 * t),
                                           int(bg[2] * (1 - t) + 60 * t), 255))
        d.rectangle([0, h - 14, w, h], fill=(0, 200, 255, 255))
    elif req.kind == "marker":
        d.ellipse([6, 6, w - 6, h - 6], fill=(255, 255, 255, 255))
        return (200, 30, 30, 255)
    else:
        d.rectangle([0, 0, w - 1, h - 1], outline=(255, 255, 255, 140), width=3)
    # Whichever of white and near-black stands further from the ground (a contrast ratio, not a sum).
    return (255, 255, 255, 255) if _luminance(bg) < 0.18 else (15, 15, 15, 255)


def draw_sign(req: SignRequest) -> Image.Image:
    """One sign's cell, drawn at the atlas's drawing size (CELL[kind])."""
    img = Image.new("RGBA", CELL[req.kind], (0, 0, 0, 255))
    d = ImageDraw.Draw(img)
    fg = _ground(img, d, req)
    for k, (box, text) in enumerate(set_texts(req)):
        sub_fill = SUB_TEXT if req.kind == "screen" and k else fg
        draw_set(d, text, (box[0], box[1]), box[2], sub_fill, where=f"sign {req.key}")
    return img


def layout(requests: list[SignRequest]) -> tuple[dict[str, Rect], int]:
    """Shelf packing: {key: (x0, y0, x1, y1)} pixels and the atlas height."""
    rects: dict[str, Rect] = {}
    x = y = shelf = 0
    for req in sorted(requests, key=lambda r: (-CELL[r.kind][1], r.key)):
        w, h = CELL[req.kind]
        if x + w > ATLAS_WIDTH:
            x, y, shelf = 0, y + shelf, 0
        rects[req.key] = (x, y, x + w, y + h)
        x += w
        shelf = max(shelf, h)
    return rects, max(y + shelf, 4)


def draw_atlas(requests: list[SignRequest]) -> tuple[np.ndarray, dict[str, Rect]]:
    """The atlas image (h, 1024, 4) uint8 sRGB, row 0 at the top, and each sign's pixel rectangle.

    Signs are drawn at twice the size and filtered down: text stays crisp, and the atlas is a
    quarter of the pixels to load and upload (what the viewer's first frame waits for).
    """
    rects, height = layout(requests)
    atlas = Image.new("RGBA", (ATLAS_WIDTH, height), (0, 0, 0, 255))
    for req in requests:
        x0, y0, _, _ = rects[req.key]
        atlas.paste(draw_sign(req), (x0, y0))
    small = atlas.resize((ATLAS_WIDTH // SUPERSAMPLE, height // SUPERSAMPLE), Image.Resampling.LANCZOS)
    small_rects = {k: (x0 // SUPERSAMPLE, y0 // SUPERSAMPLE, x1 // SUPERSAMPLE, y1 // SUPERSAMPLE)
                   for k, (x0, y0, x1, y1) in rects.items()}
    return np.asarray(small, dtype=np.uint8).copy(), small_rects


@dataclass
class Atlas:
    image: np.ndarray                                  # (h, w, 4) uint8
    rects: dict[str, Rect]
    from_cache: bool = False

    def uv(self, key: str) -> tuple[float, float, float, float]:
        """(u0, v_top, u1, v_bottom) of a sign: v grows down the image."""
        x0, y0, x1, y1 = self.rects[key]
        h, w = self.image.shape[:2]
        # half-texel inset so neighbours never bleed in
        return ((x0 + 0.5) / w, (y0 + 0.5) / h, (x1 - 0.5) / w, (y1 - 0.5) / h)


def load_or_draw(requests: list[SignRequest], cache_dir: Path) -> Atlas:
    """The committed atlas when it was made for exactly these signs, else a freshly drawn one."""
    meta_path, png_path = cache_dir / "signs.json", cache_dir / "signs.png"
    digest = requests_digest(requests)
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("digest") == digest:
            with Image.open(png_path) as im:
                rgb = np.asarray(im, dtype=np.uint8)
            image = np.empty(rgb.shape[:2] + (4,), dtype=np.uint8)
            image[..., :3] = rgb[..., :3]
            image[..., 3] = 255
            rects = {k: (int(x0), int(y0), int(x1), int(y1)) for k, (x0, y0, x1, y1) in meta["rects"].items()}
            return Atlas(image, rects, from_cache=True)
    except (OSError, ValueError, KeyError):
        pass
    image, rects = draw_atlas(requests)
    return Atlas(image, rects)


def write_atlas(requests: list[SignRequest], out_dir: Path) -> None:
    image, rects = draw_atlas(requests)
    Image.fromarray(image, "RGBA").convert("RGB").save(out_dir / "signs.png", optimize=True)
    meta = {"digest": requests_digest(requests), "width": image.shape[1], "height": image.shape[0],
            "rects": {k: list(v) for k, v in sorted(rects.items())}}
    (out_dir / "signs.json").write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")
