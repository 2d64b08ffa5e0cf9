"""Render every model in a folder into one contact-sheet HTML page, to compare with reference pictures.

    python scripts/contact_sheet.py SAMPLES_DIR --out sheet/ [--size 320x240] [--timeout 120]

Each .gltf/.glb/.obj/.ply/.stl under SAMPLES_DIR is rendered by `main.py render` in its own process (a
model that hangs or crashes costs one cell, not the sheet). Beside each picture the page shows what the
loader warned about, or the error, and the model's own reference screenshot when the folder has one
(the Khronos sample layout: `Model/glTF*/Model.gltf` with `Model/screenshot/screenshot.*`).
The page is `OUT/index.html`; `OUT/sheet.png` puts every picture beside its reference in one image, and
`OUT/results.json` holds the same facts for scripts.
"""
from __future__ import annotations

import argparse
import html
import json
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tqdm import tqdm

ROOT = Path(__file__).resolve().parent.parent
MODEL_SUFFIXES = {".gltf", ".glb", ".obj", ".ply", ".stl"}
SCREENSHOT_NAMES = ("screenshot.png", "screenshot.jpg", "screenshot.gif")


@dataclass
class Cell:
    model: str                      # path relative to the samples folder
    status: str = "ok"              # ok | warned | error | timeout
    seconds: float = 0.0
    picture: str | None = None      # relative to OUT
    reference: str | None = None    # relative to OUT
    messages: list[str] = field(default_factory=list)


def find_models(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.suffix.lower() in MODEL_SUFFIXES and p.is_file())


def reference_for(model: Path, root: Path) -> Path | None:
    """The sample's screenshot: `Model/screenshot/screenshot.*` two levels above `Model/glTF/x.gltf`."""
    for folder in (model.parent, model.parent.parent):
        if not folder.is_relative_to(root):
            break
        for name in SCREENSHOT_NAMES:
            for candidate in (folder / "screenshot" / name, folder / name):
                if candidate.is_file():
                    return candidate
    return None


def render_one(model: Path, root: Path, out: Path, size: str, timeout: float) -> Cell:
    rel = model.relative_to(root)
    slug = "__".join(rel.parts)
    cell = Cell(model=str(rel))
    picture = out / "img" / f"{slug}.png"
    started = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, str(ROOT / "main.py"), "render", str(model), "--out", str(picture),
                               "--size", size], capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        cell.status, cell.messages = "timeout", [f"no picture within {timeout:.0f} s"]
    else:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        cell.messages = lines
        if done.returncode != 0 or not picture.is_file():
            cell.status = "error"
        elif any(line.startswith("warning") for line in lines):
            cell.status = "warned"
    cell.seconds = round(time.perf_counter() - started, 2)
    if picture.is_file():
        cell.picture = str(picture.relative_to(out))
    ref = reference_for(model, root)
    if ref is not None:
        copy = out / "ref" / f"{slug}{ref.suffix}"
        shutil.copyfile(ref, copy)
        cell.reference = str(copy.relative_to(out))
    return cell


def page(cells: list[Cell], title: str) -> str:
    counts = {s: sum(c.status == s for c in cells) for s in ("ok", "warned", "error", "timeout")}
    summary = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    rows = "\n".join(_cell_html(c) for c in cells)
    return f"""<!doctype html><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>
body{{font:14px system-ui,sans-serif;margin:1.5em;background:#f4f4f2}}
.grid{{display:grid;grid-template-columns:repeat(auto-fill,minmax(680px,1fr));gap:12px}}
.cell{{background:#fff;border-radius:6px;padding:8px;border-left:6px solid #4a4}}
.warned{{border-color:#d90}} .error,.timeout{{border-color:#c33}}
.pics{{display:flex;gap:6px}} .pics figure{{margin:0}} img{{width:320px;background:#ddd}}
figcaption{{font-size:12px;color:#666}} pre{{white-space:pre-wrap;font-size:12px;margin:4px 0}}
</style>
<h1>{html.escape(title)}</h1><p>{len(cells)} models: {summary}</p>
<div class="grid">
{rows}
</div>"""


def _cell_html(c: Cell) -> str:
    ours = f'<figure><img src="{html.escape(c.picture)}"><figcaption>rendered</figcaption></figure>' \
        if c.picture else ""
    ref = f'<figure><img src="{html.escape(c.reference)}"><figcaption>reference</figcaption></figure>' \
        if c.reference else ""
    notes = html.escape("\n".join(c.messages)) or "no warnings"
    return (f'<div class="cell {c.status}"><b>{html.escape(c.model)}</b> · {c.status} · {c.seconds} s'
            f'<div class="pics">{ours}{ref}</div><pre>{notes}</pre></div>')


STATUS_COLOURS = {"ok": (70, 170, 70), "warned": (220, 150, 0), "error": (200, 50, 50), "timeout": (200, 50, 50)}


def sheet_png(cells: list[Cell], out: Path, columns: int = 4, thumb: int = 160) -> None:
    """One picture of the whole sheet: each cell is our render beside the reference, under a status bar."""
    from PIL import Image, ImageDraw
    rows = (len(cells) + columns - 1) // columns
    cell_w, cell_h = 2 * thumb + 12, thumb + 22
    img = Image.new("RGB", (columns * cell_w, rows * cell_h), (244, 244, 242))
    draw = ImageDraw.Draw(img)
    for i, c in enumerate(cells):
        x, y = (i % columns) * cell_w, (i // columns) * cell_h
        draw.rectangle((x + 2, y + 2, x + cell_w - 4, y + 18), fill=STATUS_COLOURS[c.status])
        draw.text((x + 6, y + 5), "/".join(c.model.split("/")[:2])[:40] + " " + c.status, fill=(255, 255, 255))
        for k, rel in enumerate((c.picture, c.reference)):
            if rel:
                with Image.open(out / rel) as pic:
                    pic = pic.convert("RGB")
                    pic.thumbnail((thumb, thumb))
                    img.paste(pic, (x + 2 + k * (thumb + 4), y + 20))
    img.save(out / "sheet.png")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("samples", type=Path, help="folder searched for models, at any depth")
    ap.add_argument("--out", type=Path, required=True, help="folder for index.html, pictures and results.json")
    ap.add_argument("--size", default="320x240", help="picture size WxH (default 320x240)")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds allowed per model (default 120)")
    args = ap.parse_args(argv)
    root = args.samples.resolve()
    models = find_models(root) if root.is_dir() else []
    if not models:
        print(f"error: {args.samples}: no .gltf, .glb, .obj, .ply or .stl files found", file=sys.stderr)
        return 2
    for sub in ("img", "ref"):
        (args.out / sub).mkdir(parents=True, exist_ok=True)
    cells = [render_one(m, root, args.out, args.size, args.timeout) for m in tqdm(models, unit="model")]
    (args.out / "index.html").write_text(page(cells, f"Contact sheet: {root.name}"), encoding="utf-8")
    sheet_png(cells, args.out)
    (args.out / "results.json").write_text(json.dumps([asdict(c) for c in cells], indent=1), encoding="utf-8")
    print(f"{args.out / 'index.html'}: {len(cells)} models")
    return 0


if __name__ == "__main__":
    sys.exit(main())
