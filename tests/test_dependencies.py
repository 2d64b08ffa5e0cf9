"""Every package the code and the tests import is declared in pyproject.toml, so the README's two
commands install it on a fresh machine (a package that happens to be installed must not hide one)."""
import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions

from engine import PROJECT_ROOT


def declared() -> set[str]:
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    reqs = project["dependencies"] + [r for extra in project["optional-dependencies"].values() for r in extra]
    return {normal(re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0]) for r in reqs}


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def imported() -> set[str]:
    local = {p.stem for p in (PROJECT_ROOT / "tests").glob("*.py")} | {"engine", "main"}
    found = set()
    for folder in ("engine", "tests"):
        for path in (PROJECT_ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    found |= {a.name.split(".")[0] for a in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    found.add(node.module.split(".")[0])
    return {m for m in found if m not in sys.stdlib_module_names and m not in local and not m.startswith("_")}


def test_every_imported_package_is_declared():
    dists = packages_distributions()
    wanted = declared()
    missing = []
    for module in sorted(imported()):
        # An extra that is not installed here (video) is declared under its own name.
        owners = {normal(d) for d in dists.get(module, [])} or {normal(module)}
        if not owners & wanted:
            missing.append(f"{module} (from {', '.join(sorted(owners)) or 'no installed package'})")
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"


def test_trimesh_features_the_project_uses_have_their_dependencies():
    """trimesh hides a missing optional dependency until it is used: scipy is one of them."""
    import trimesh
    box = trimesh.creation.box()
    assert box.vertex_normals.shape == (8, 3)
    assert len(trimesh.graph.connected_components(box.face_adjacency)) == 1
