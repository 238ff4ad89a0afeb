"""Every write that leaves an audit row runs inside transaction.atomic, so the change
and its row commit together. audit_log refuses to run outside a transaction, but a
TestCase wraps every test in one, so only a reading of the code can catch a missing
`@transaction.atomic`.

The rule, per function of application code that calls audit_log:
- it is decorated with `@transaction.atomic` (or `@atomic`), or
- the call sits inside a `with transaction.atomic():` block, or
- it is private to its module (`_name`), called there at least once, never used there
  other than by calling it, and every call is itself covered (inside an atomic
  function, an atomic block, or another covered private function).
A public function must be atomic itself: it may be called from anywhere.
"""

import ast
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parents[2]  # the tongxin package
SKIPPED_DIRS = {"tests", "migrations"}


def _is_atomic(node: ast.expr) -> bool:
    if isinstance(node, ast.Call):
        node = node.func
    return (isinstance(node, ast.Attribute) and node.attr == "atomic") or (
        isinstance(node, ast.Name) and node.id == "atomic"
    )


def _called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


class _Module(ast.NodeVisitor):
    """Per function: decorated atomic? Its audit_log calls and calls to module
    functions, each with whether it sits in an atomic block."""

    def __init__(self):
        self.functions: dict[str, bool] = {}  # top-level and nested defs by name
        self.audit_calls: list[tuple[str | None, int, bool]] = []  # (function, line, in block)
        self.calls: list[tuple[str | None, str, bool]] = []  # (caller, callee, in block)
        self.bare_names: set[str] = set()  # names used other than by calling them
        self._stack: list[str] = []
        self._blocks = 0

    def visit_FunctionDef(self, node):
        self.functions[node.name] = any(_is_atomic(d) for d in node.decorator_list)
        self._stack.append(node.name)
        saved, self._blocks = self._blocks, 0  # a nested def runs later, not in the block
        self.generic_visit(node)
        self._blocks = saved
        self._stack.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_With(self, node):
        atomic = any(_is_atomic(item.context_expr) for item in node.items)
        self._blocks += atomic
        self.generic_visit(node)
        self._blocks -= atomic

    def visit_Call(self, node):
        name = _called_name(node)
        caller = self._stack[-1] if self._stack else None
        if name == "audit_log":
            self.audit_calls.append((caller, node.lineno, self._blocks > 0))
        elif name is not None:
            self.calls.append((caller, name, self._blocks > 0))
        for child in [*node.args, *node.keywords]:
            self.visit(child)
        if not isinstance(node.func, ast.Name):
            self.visit(node.func)

    def visit_Name(self, node):
        self.bare_names.add(node.id)


def unguarded_audit_calls(source: str, path: str = "<source>") -> list[str]:
    """`path:line function` of each audit_log call the rule does not cover."""
    module = _Module()
    module.visit(ast.parse(source))

    def covered(function: str | None, seen: frozenset = frozenset()) -> bool:
        if function is None or function in seen:
            return False
        if module.functions.get(function):
            return True
        if not function.startswith("_") or function in module.bare_names:
            return False
        callers = [(caller, block) for caller, callee, block in module.calls if callee == function]
        return bool(callers) and all(
            block or covered(caller, seen | {function}) for caller, block in callers
        )

    return [
        f"{path}:{line} {function or '<module>'}"
        for function, line, block in module.audit_calls
        if not block and not covered(function)
    ]


def application_modules():
    for path in sorted(ROOT.rglob("*.py")):
        if SKIPPED_DIRS.isdisjoint(path.relative_to(ROOT).parts):
            yield path


class ServicesAtomicTests(SimpleTestCase):
    def test_every_audited_write_runs_in_a_transaction(self):
        found = 0
        unguarded = []
        for path in application_modules():
            source = path.read_text(encoding="utf-8")
            if "audit_log" not in source:
                continue
            found += source.count("audit_log(")
            unguarded += unguarded_audit_calls(source, str(path.relative_to(ROOT.parent)))
        self.assertGreater(found, 50)  # the scan does see the services
        self.assertEqual(unguarded, [])

    def test_the_rule_catches_a_missing_transaction(self):
        source = """
from django.db import transaction

def thing_create(*, actor):
    audit_log(actor=actor, action="thing.create")

def _helper(actor):
    audit_log(actor=actor, action="thing.help")

def thing_help(*, actor):
    _helper(actor)

@transaction.atomic
def thing_fine(*, actor):
    audit_log(actor=actor, action="thing.fine")
    _inner(actor)

def _inner(actor):
    audit_log(actor=actor, action="thing.inner")

def thing_block(*, actor):
    with transaction.atomic():
        audit_log(actor=actor, action="thing.block")

def _passed_around(actor):
    audit_log(actor=actor, action="thing.passed")

STEPS = [_passed_around]
"""
        self.assertEqual(
            unguarded_audit_calls(source),
            ["<source>:5 thing_create", "<source>:8 _helper", "<source>:26 _passed_around"],
        )
