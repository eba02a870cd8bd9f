#!/usr/bin/env python3
"""Generate server/src/knowledge/categories_data.rs from the Revit API stubs on PyPI.

The table is the union of every `NAME = <int>` member of `class BuiltInCategory` in
`Autodesk/Revit/DB/__init__.pyi` of the pinned wheels below, without `INVALID` (the runtime
rejects it), sorted by (lower-cased name, name). Categories removed in newer Revit versions are
kept: an extension may still target the older version.

    tools/gen_categories.py            rewrite the Rust file
    tools/gen_categories.py --check    exit 1 when the Rust file differs from what would be written

The wheels are fetched once with `pip download` into `.cache/categories/` and checked against
the SHA-256 digests pinned here, so a changed upload on PyPI is noticed instead of silently
changing the table. Needs only the Python standard library and pip.
"""

import argparse
import hashlib
import re
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "server/src/knowledge/categories_data.rs"
CACHE = ROOT / ".cache/categories"
STUB = "Autodesk/Revit/DB/__init__.pyi"

# (distribution, version, wheel file name, sha256)
WHEELS = [
    (
        "pyrevit-stubs-20",
        "1.0",
        "pyrevit_stubs_20-1.0-py3-none-any.whl",
        "cfd170918f6b9670ee23859459fd6c9a9efaaee26cecf7cf3c3488d1388cf63c",
    ),
    (
        "pyrevit-stubs-23",
        "1.0",
        "pyrevit_stubs_23-1.0-py3-none-any.whl",
        "f215ade64ec4c3e88f0268be49cbf606f8acac480fa846ff297ee01b5bf31f9a",
    ),
    (
        "pyrevit-stubs-26",
        "1.0",
        "pyrevit_stubs_26-1.0-py3-none-any.whl",
        "648f17052a75fb96552bc371f87dcdb7b7dcb6ff9590cd4708bc3d71e39a7221",
    ),
]

HEADER = """\
// @generated from the `BuiltInCategory` classes of the PyPI wheels pyrevit-stubs-20 1.0,
// pyrevit-stubs-23 1.0 and pyrevit-stubs-26 1.0 (file Autodesk/Revit/DB/__init__.pyi): the union of
// every `NAME = <int>` member except `INVALID`, sorted by lower-cased name. See categories.rs.
"""

CLASS_START = re.compile(r"^class BuiltInCategory\b")
MEMBER = re.compile(r"^\s+([A-Za-z_][A-Za-z0-9_]*)\s*=\s*-?[0-9]+\s*$")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fetch(dist: str, version: str, name: str, digest: str) -> Path:
    """The wheel from the cache, downloaded first when missing or not the pinned file."""
    path = CACHE / name
    if not path.is_file() or sha256(path) != digest:
        CACHE.mkdir(parents=True, exist_ok=True)
        cmd = [
            sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
            "--only-binary=:all:", "--dest", str(CACHE), f"{dist}=={version}",
        ]
        subprocess.run(cmd, check=True)
    if not path.is_file():
        sys.exit(f"gen_categories: pip did not produce {path}")
    actual = sha256(path)
    if actual != digest:
        sys.exit(f"gen_categories: {name} has sha256 {actual}, pinned {digest}")
    return path


def members(wheel: Path) -> set:
    """Member names of `class BuiltInCategory` in the wheel's DB stub."""
    with zipfile.ZipFile(wheel) as archive:
        text = archive.read(STUB).decode("utf-8")
    names = set()
    inside = False
    for line in text.splitlines():
        if CLASS_START.match(line):
            inside = True
            continue
        if inside:
            if line and not line[0].isspace():
                break  # next top-level statement: the class body ended
            m = MEMBER.match(line)
            if m:
                names.add(m.group(1))
    if not names:
        sys.exit(f"gen_categories: no BuiltInCategory members in {wheel.name}")
    return names


def render(names: set) -> str:
    rows = sorted(names - {"INVALID"}, key=lambda n: (n.lower(), n))
    body = "".join(f'    "{n}",\n' for n in rows)
    return f"{HEADER}pub(super) const BUILTIN_CATEGORIES: &[&str] = &[\n{body}];\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the Rust file is stale")
    args = parser.parse_args()

    names = set()
    for dist, version, name, digest in WHEELS:
        names |= members(fetch(dist, version, name, digest))
    expected = render(names)

    current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.is_file() else ""
    if args.check:
        if current != expected:
            print(
                f"{OUTPUT.relative_to(ROOT)} is stale; run tools/gen_categories.py",
                file=sys.stderr,
            )
            return 1
        print(f"{OUTPUT.relative_to(ROOT)} is up to date ({expected.count(chr(10)) - 5} names)")
        return 0
    if current != expected:
        OUTPUT.write_text(expected, encoding="utf-8", newline="\n")
        print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
