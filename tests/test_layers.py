"""Import direction, read from the source with `ast` (function-level imports included):

reference <- rules <- audit, course <- widgets, commands, classroom, cli. `rules` is pure
(standard library only); no import cycles among toolkit modules (module-level imports)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TOOLKIT = ROOT / "toolkit"
THIRD_PARTY_VIEWS = ("ipywidgets", "IPython", "traitlets")
FACES = ("toolkit.widgets", "toolkit.commands", "toolkit.classroom", "toolkit.cli")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(TOOLKIT.rglob("*.py"))}


def _imports(path: Path, *, module_level_only: bool = False) -> set[str]:
    """Every module `path` imports; `from a import b` counts a.b when that is a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    nodes = tree.body if module_level_only else ast.walk(tree)
    found = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.add(full if full in MODULES else base)
    return found


def _under(name: str, prefixes) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _violations(package: str, forbidden) -> list[str]:
    return sorted(
        f"{name} imports {imported}"
        for name, path in MODULES.items()
        if _under(name, [package])
        for imported in _imports(path)
        if _under(imported, forbidden)
    )


def test_rules_use_the_standard_library_and_the_reference_only():
    forbidden = (
        "pandas",
        "numpy",
        "pyarrow",
        *THIRD_PARTY_VIEWS,
        "toolkit.audit",
        "toolkit.course",
        *FACES,
    )
    assert _violations("toolkit.rules", forbidden) == []


@pytest.mark.parametrize(
    "module, may_import",
    [
        ("toolkit.errors", ()),
        ("toolkit.markup", ()),
        ("toolkit.settings", ("toolkit.errors",)),
        ("toolkit.files", ("toolkit.errors", "toolkit.files")),
    ],
)
def test_the_ground_floor_imports_only_the_ground_floor(module, may_import):
    """errors, markup, settings and files are used by every layer, so they import none."""
    toolkit_imports = {
        imported
        for name, path in MODULES.items()
        if _under(name, [module])
        for imported in _imports(path)
        if _under(imported, ["toolkit"]) and imported != "toolkit"  # the package's own root
    }
    assert {i for i in toolkit_imports if not _under(i, may_import)} == set()


def test_the_reference_imports_no_rules_and_nothing_above_them():
    above = ("toolkit.rules", "toolkit.audit", "toolkit.course", *FACES)
    assert _violations("toolkit.reference", above) == []


def test_the_audit_imports_no_faces_and_no_course():
    assert _violations("toolkit.audit", (*FACES, *THIRD_PARTY_VIEWS, "toolkit.course")) == []


def test_the_course_imports_no_faces_no_widget_library_and_no_audit():
    # ARCHITECTURE.md: the course is content and learner records, no ipywidgets; the audit and
    # the course sit side by side on the rules.
    assert _violations("toolkit.course", (*FACES, *THIRD_PARTY_VIEWS, "toolkit.audit")) == []


def _module_graph() -> dict[str, list[str]]:
    return {
        name: sorted(i for i in _imports(path, module_level_only=True) if i in MODULES)
        for name, path in MODULES.items()
    }


def _cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 or node in graph[node]:
                groups.append(sorted(group))

    for node in graph:
        if node not in index:
            visit(node)
    return groups


def test_no_import_cycles_among_toolkit_modules():
    assert _cycles(_module_graph()) == []


def test_a_cycle_is_found():
    graph = {"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"], "e": ["e"]}
    assert sorted(_cycles(graph)) == [["a", "b", "c"], ["e"]]


def test_the_checker_sees_imports_inside_functions_and_relative_ones():
    # the audit's old lazy import of its checks sat inside a function: it must count
    found = _imports(MODULES["toolkit.audit.report"])
    assert "toolkit.reference" in found  # imported inside findings_chart_svg
    assert "pyarrow" in _imports(MODULES["toolkit.files.spreadsheet_csv"])  # inside write_csv
    assert "toolkit.rules.code_pairs" in _imports(MODULES["toolkit.rules.registry"])


# --- no re-export shims: a name is imported from the module that defines it -----------------


def _defined(path: Path) -> set[str]:
    """Names a module defines at its top level (functions, classes, assignments)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
    return names


def _borrowed_names(path: Path) -> list[str]:
    """`from toolkit.x import name` where toolkit.x only passes on a name defined elsewhere."""
    found, shown = [], path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and not node.level and node.module in MODULES:
            defined = _defined(MODULES[node.module])
            found += [
                f"{shown}:{node.lineno}: {a.name} from {node.module}"
                for a in node.names
                if a.name not in defined and f"{node.module}.{a.name}" not in MODULES
            ]
    return found


def test_names_are_imported_from_the_module_that_defines_them():
    sources = [ROOT / d for d in ("toolkit", "tests", "scripts", "deploy")]
    assert [b for d in sources for p in sorted(d.rglob("*.py")) for b in _borrowed_names(p)] == []


def test_a_borrowed_name_is_found(tmp_path):
    sample = tmp_path / "sample.py"  # claims imports whole_number from rules.parsing
    sample.write_text("from toolkit.rules.claims import check_claim, whole_number\n")
    assert _borrowed_names(sample) == ["sample.py:1: whole_number from toolkit.rules.claims"]
