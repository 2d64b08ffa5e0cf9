"""The tests carry their own data: every file of tests/data is accounted for, and no test reads outside."""
from __future__ import annotations

import re
from pathlib import Path

from helpers import DATA

TESTS = Path(__file__).resolve().parent


def test_every_data_file_has_its_source_and_licence_in_the_readme():
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    licences = {p.name for p in DATA.iterdir() if p.name.startswith(("LICENSE", "LICENCE"))}
    data = {p.name for p in DATA.iterdir()} - licences - {"README.md"}
    assert data and licences
    for name in data | licences:
        assert f"`{name}`" in readme, f"tests/data/README.md does not mention {name}"
    # Every licence the README names is there.
    named = set(re.findall(r"`(LICEN[CS]E[^`]*)`", readme))
    assert named == licences


def test_no_test_reads_the_workspace_beside_the_repository():
    # The reference data beside the checkout (../shared) is absent in a clone: tests use tests/data.
    pattern = re.compile(r"""["']shared["']|\.\./shared|parents\[2\]""")
    offenders = [f"{p.name}:{n}" for p in sorted(TESTS.glob("*.py")) if p.name != Path(__file__).name
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if pattern.search(line)]
    assert offenders == []
