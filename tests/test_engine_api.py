"""The engine through its front door only (issue 26): nothing in src/ imports a private name of
MkDocs or ProperDocs (or of Material, the theme), or assigns to an attribute of one of their
modules or classes.

Such a patch breaks on the engine's next release and locks out the other engines (ENGINES.md).
The code is read with `ast`, not searched as text: a name counts as the engine's when an import
binds it (`import mkdocs.utils`, `from properdocs.structure.pages import Page`), or an
`importlib.import_module` / `__import__` call whose module starts with the engine's name or
with a value chosen at run time (`f"{engine}.config"`, as publish/pages.py loads either
engine), or a relative name whose package is given at run time. Refused:
- a private module or name: any part of it starting with one underscore (`mkdocs._x`,
  `from mkdocs.x import _y`, `mkdocs.x._y`, `getattr(mkdocs.x, "_y")`); dunders such as
  `__version__` are public;
- a write to the engine: an assignment, augmented assignment or `del` whose target is an
  attribute or item reached from an engine name (`mkdocs.utils.x = ...`, `Page.render = ...`,
  `vars(mkdocs.utils)["x"] = ...`), `setattr`/`delattr` on one, and `mock.patch("mkdocs...")`.
An engine object the code made (a `Page`, a configuration) is the code's own: setting its
attributes is how MkDocs' own build uses them, and is allowed.
"""

from __future__ import annotations

import ast
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "factsite"
ENGINES = ("mkdocs", "properdocs", "material")  # Material's internals: the same rule
_IMPORTERS = ("import_module", "__import__")
_WRITERS = ("setattr", "delattr")
_PATCHERS = ("patch", "object")  # unittest.mock.patch("mkdocs.x.y"), patch.object(...)


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _engine_module(name: str) -> bool:
    return name.split(".")[0] in ENGINES


def _call_name(node: ast.Call) -> str:
    func = node.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def _text(node: ast.expr) -> str:
    """A string expression's text, with `{}` for each part known only at run time."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(_text(v) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _text(node.left) + _text(node.right)
    return "{}"


def _imported_module(node: ast.Call) -> str | None:
    """The module an import_module/__import__ call names, with `{}` for a run-time value; None
    when it is not the engine's (a literal head that is not an engine's name). A head chosen at
    run time (`f"{engine}.config"`) or a relative name (`package=engine`) may be either."""
    if _call_name(node) not in _IMPORTERS or not node.args:
        return None
    text = _text(node.args[0])
    return text if text.startswith(("{}", ".")) or _engine_module(text) else None


@dataclass
class _Scope:
    bound: set[str] = field(default_factory=set)  # every name the scope binds
    engine: set[str] = field(default_factory=set)  # those an import of the engine binds


def _bindings(body: list[ast.stmt], params: ast.arguments | None) -> _Scope:
    """What a module or function body binds, not looking into nested functions or classes."""
    scope = _Scope()
    if params is not None:
        every = [*params.posonlyargs, *params.args, *params.kwonlyargs]
        every += [a for a in (params.vararg, params.kwarg) if a is not None]
        scope.bound |= {a.arg for a in every}
    todo: list[ast.AST] = list(body)
    while todo:
        node = todo.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            scope.bound.add(node.name)
            continue
        if isinstance(node, ast.Lambda):
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            module = (node.module or "") if isinstance(node, ast.ImportFrom) else ""
            for alias in node.names:
                name = alias.asname or alias.name.split(".")[0]
                scope.bound.add(name)
                if _engine_module(module or alias.name):
                    scope.engine.add(name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            scope.bound.add(node.id)
        elif (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Call)
            and _imported_module(node.value) is not None
        ):
            scope.engine |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        todo.extend(ast.iter_child_nodes(node))
    return scope


def _root(node: ast.expr) -> ast.expr:
    """The expression an attribute or item chain starts from: `mkdocs` of `mkdocs.a.b[c]`;
    `vars(x)` and `x.__dict__` lead to `x`."""
    while True:
        if isinstance(node, ast.Attribute | ast.Subscript):
            node = node.value
        elif isinstance(node, ast.Call) and _call_name(node) == "vars" and node.args:
            node = node.args[0]
        else:
            return node


class _Finder(ast.NodeVisitor):
    def __init__(self, where: str) -> None:
        self.where = where
        self.found: list[str] = []
        self.engine_names = 0  # names bound by an import of the engine, in every scope read
        self.scopes: list[_Scope] = []

    def _is_engine(self, node: ast.expr) -> bool:
        root = _root(node)
        if isinstance(root, ast.Call):  # importlib.import_module("mkdocs.utils").x
            return _imported_module(root) is not None
        if not isinstance(root, ast.Name):
            return False
        for scope in reversed(self.scopes):
            if root.id in scope.bound:
                return root.id in scope.engine
        return False

    def _say(self, node: ast.AST, what: str) -> None:
        self.found.append(f"{self.where}:{getattr(node, 'lineno', 0)}: {what}")

    def _enter(self, node: ast.AST, body: list[ast.stmt], params: ast.arguments | None) -> None:
        scope = _bindings(body, params)
        self.engine_names += len(scope.engine)
        self.scopes.append(scope)
        self.generic_visit(node)
        self.scopes.pop()

    def visit_Module(self, node: ast.Module) -> None:
        self._enter(node, node.body, None)

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self._enter(node, node.body, node.args)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if _engine_module(alias.name) and any(map(_private, alias.name.split("."))):
                self._say(node, f"imports a private module: {alias.name}")

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        if not _engine_module(module):
            return
        for alias in node.names:
            if any(map(_private, [*module.split("."), alias.name])):
                self._say(node, f"imports a private name: {module}.{alias.name}")

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if _private(node.attr) and self._is_engine(node.value):
            self._say(node, f"uses a private name of the engine: .{node.attr}")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        name, args = _call_name(node), node.args
        module = _imported_module(node)
        if module is not None and any(map(_private, module.split("."))):
            self._say(node, f"imports a private module: {module}")
        if name in (*_WRITERS, "getattr") and args and self._is_engine(args[0]):
            key = args[1] if len(args) > 1 else None
            literal = isinstance(key, ast.Constant) and isinstance(key.value, str)
            if name in _WRITERS:
                self._say(node, f"{name} on the engine")
            elif not literal or _private(key.value):  # type: ignore[union-attr]
                self._say(node, "getattr of a private or computed name of the engine")
        if name in _PATCHERS and args:
            first = args[0]
            text = first.value if isinstance(first, ast.Constant) else None
            if (isinstance(text, str) and _engine_module(text)) or self._is_engine(first):
                self._say(node, "patches the engine")
        self.generic_visit(node)

    def _targets(self, node: ast.AST, targets: list[ast.expr]) -> None:
        for target in targets:
            for part in ast.walk(target):  # a, mkdocs.x = ... and (a, b) unpacking alike
                if isinstance(part, ast.Attribute | ast.Subscript) and self._is_engine(part):
                    self._say(node, f"writes to the engine: {ast.unparse(part)}")
                    break

    def visit_Assign(self, node: ast.Assign) -> None:
        self._targets(node, node.targets)
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self._targets(node, [node.target])
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._targets(node, [node.target])
        self.generic_visit(node)

    def visit_Delete(self, node: ast.Delete) -> None:
        self._targets(node, node.targets)
        self.generic_visit(node)


def engine_misuse(source: str, where: str = "<string>") -> tuple[list[str], int]:
    """Each private use of or write to the engine in `source`, and how many names the engine's
    imports bind there."""
    finder = _Finder(where)
    finder.visit(ast.parse(source, where))
    return finder.found, finder.engine_names


def test_src_uses_the_engines_by_their_public_names_only() -> None:
    found, names = [], 0
    for path in sorted(SRC.rglob("*.py")):
        misuse, bound = engine_misuse(path.read_text(encoding="utf-8"), str(path.relative_to(SRC)))
        found += misuse
        names += bound
    assert found == []
    # The rule reads real uses: publish/pages.py loads six modules of the engine by name.
    assert names >= 6


PLANTED = [
    "from mkdocs.structure.pages import _RelativePathTreeprocessor",
    "import mkdocs._internal.thing",
    "from properdocs._vendor import x",
    "import mkdocs.utils\nmkdocs.utils._cache = {}",
    "import mkdocs.utils\nprint(mkdocs.utils._warn)",
    "from mkdocs import utils\nutils.get_build_timestamp = lambda **kw: 0",
    "from mkdocs.structure.pages import Page\nPage.render = None",
    "from mkdocs.structure.pages import Page as P\nP.render += 1",
    "import mkdocs.commands.build as b\ndel b.get_context",
    "import mkdocs\nsetattr(mkdocs.utils, 'x', 1)",
    "from properdocs import utils\ndelattr(utils, 'x')",
    "import mkdocs\nvars(mkdocs.utils)['x'] = 1",
    "import mkdocs\nmkdocs.utils.__dict__['x'] = 1",
    "import mkdocs\ngetattr(mkdocs.utils, '_x')",
    "import importlib\nimportlib.import_module('mkdocs._internal')",
    "import importlib\ndef f(engine):\n    importlib.import_module(f'{engine}.structure._x')",
    "import importlib\ndef f(engine):\n    u = importlib.import_module(f'{engine}.utils')\n"
    "    u.get_build_timestamp = None",
    "__import__('properdocs.utils').utils.x = 1",
    "from unittest import mock\nmock.patch('mkdocs.utils.get_build_timestamp')",
    "def f():\n    from mkdocs.config import defaults\n    defaults.MkDocsConfig.x = 1",
    "import mkdocs.plugins\na, mkdocs.plugins.x = 1, 2",
    "import importlib\ndef f(engine):\n    importlib.import_module(engine + '.utils._x')",
    "import importlib\nimportlib.import_module('.structure._x', package=engine)",
    "from material.plugins.search import plugin\nplugin.SearchPlugin.on_config = None",
    "from mkdocs import utils\nutils.write_file = guarded",
]


@pytest.mark.parametrize("source", PLANTED)
def test_a_planted_misuse_is_found(source: str) -> None:
    found, _ = engine_misuse(textwrap.dedent(source))
    assert found, source


CLEAN = [
    "from mkdocs.config import load_config\nconfig = load_config('x')\nconfig.site_dir = 's'",
    "from mkdocs.structure.pages import Page\npage = Page(None, f, c)\npage.content = '<p>'",
    "import mkdocs\nprint(mkdocs.__version__)",
    "from mkdocs.commands.build import get_context\nget_context(nav, files, config, page)",
    "import importlib\ndef f(engine):\n    return importlib.import_module(f'{engine}.utils')",
    "import importlib\nm = importlib.import_module(f'factsite.commands.{name}')\nm._x = 1",
    "import other\nother._private = 1\nother.utils.x = 2",
    # a local of the same name hides the engine's module: not the engine
    "from mkdocs.structure import files\ndef f(files):\n    files.x = 1",
    "class A:\n    _x = 1\nA._x = 2",
    "from mkdocs.plugins import BasePlugin\nclass P(BasePlugin):\n    def on_page(self, page):"
    "\n        page.title = 'x'",
]


@pytest.mark.parametrize("source", CLEAN)
def test_a_public_use_is_not_refused(source: str) -> None:
    found, _ = engine_misuse(textwrap.dedent(source))
    assert found == [], found
