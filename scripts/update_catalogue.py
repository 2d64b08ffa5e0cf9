"""Update the Chinese message catalogue from the code and the default scene, then compile it.

    python scripts/update_catalogue.py            add new text to engine/locale/zh/LC_MESSAGES/anting.po,
                                                  compile anting.mo, list what still needs a translation
    python scripts/update_catalogue.py --check    change nothing; exit 1 when a translation is missing
    python scripts/update_catalogue.py --prune    also remove messages the code and scene no longer hold

Translate the new entries in the .po (msgstr), then run the script again to compile them.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from babel.messages.pofile import PoFileError  # noqa: E402

from engine.i18n.catalogues import catalogue_path  # noqa: E402
from engine.i18n.extract import merge, problems, read_catalogue, template_for, write_catalogue  # noqa: E402

SCENES = [ROOT / "scenes" / "anting.toml"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 when a translation is missing")
    parser.add_argument("--prune", action="store_true", help="remove messages no longer in the code or scene")
    args = parser.parse_args(argv)
    po = catalogue_path("zh", suffix=".po")
    try:
        catalogue = read_catalogue(po)
    except PoFileError as exc:
        print(f"error: {po}: {exc}", file=sys.stderr)
        return 2
    template = template_for(ROOT, SCENES)
    update = merge(catalogue, template, prune=args.prune)
    if not args.check:
        write_catalogue(po, catalogue)
    rel = po.relative_to(ROOT)
    kept = " (removed)" if args.prune else " (kept until marked; --prune removes them)"
    print(f"{rel}: {len(template) - 1} messages in the code and scene, {len(update.added)} new, "
          f"{len(update.unused)} not marked in either{kept}")
    missing = problems(template, catalogue)
    for line in missing:
        print(line)
    return 1 if missing and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
