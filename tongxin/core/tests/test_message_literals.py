"""Every user-facing message goes through gettext (issue 16, item 8).

Read statically (AST): a str constant holding Chinese that is a message -- passed to
messages.*, to an exception (ValidationError, CommandError, anything raised), to an HTTP
response, a module-level constant, a field's label, a label/help text, or a sentence -- must
sit inside a gettext call (and never as an f-string). Tests, migrations, the text kit's
vocabulary (tongxin/text/), demo and bench data and docstrings are not messages. Data that
is Chinese on purpose (column names an import must match, seed vocabulary stored in the
database, patterns that parse Chinese, text stored in a record) is exempted visibly: the
module in DATA_MODULES with its reason, or `# i18n: data` on the literal's line, on the
statement's first line, or alone on the line above it.
"""

import ast
import re
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parents[2]  # the tongxin package

# Han ideographs, CJK punctuation and full-width forms.
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
SENTENCE = re.compile(r"[。！？；，：]")

GETTEXT = {
    "_",
    "gettext",
    "gettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
    "format_lazy",
}
MESSAGE_LEVELS = {"success", "error", "info", "warning", "debug", "add_message"}
MESSAGE_CALLS = {
    "ValidationError",
    "CommandError",
    "PermissionDenied",
    "Http404",
    "SuspiciousOperation",
    "HttpResponse",
    "HttpResponseBadRequest",
    "HttpResponseForbidden",
    "HttpResponseNotFound",
    "JsonResponse",
}
LABEL_KEYWORDS = {
    "verbose_name",
    "verbose_name_plural",
    "help_text",
    "label",
    "help",
    "description",
}

# Modules whose Chinese strings are data, not messages: each with its reason.
DATA_MODULES = {
    "ledger/catalogue.py": "seed vocabulary: the standard work areas and record types (stored)",
    "reports/figure_check.py": "the words that read figures out of Chinese prose (clause marks)",
}

MARKER = "# i18n: data"


def _excluded(rel: str) -> bool:
    parts = rel.split("/")
    name = parts[-1]
    return (
        "tests" in parts
        or "migrations" in parts
        or parts[0] == "text"
        or rel.startswith(("ops/demo/", "ops/bench/"))
        or name.startswith(("demo", "bench"))
        or name in {"testing.py", "browser_testing.py"}
        or rel in DATA_MODULES
    )


def _call_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _docstrings(tree: ast.AST) -> set[ast.AST]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(body[0].value)
    return found


def _offences(path: Path, rel: str) -> list[str]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    parents: dict[ast.AST, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[child] = node
    docstrings = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        if node in docstrings or not CJK.search(node.value):
            continue
        why = _why(node, parents)
        if why is None:
            continue
        if _marked(node, parents, lines):
            continue
        found.append(f"tongxin/{rel}:{node.lineno}: {why}: {node.value[:50]!r}")
    return found


def _marked(node: ast.Constant, parents, lines: list[str]) -> bool:
    """`# i18n: data` on the literal's line, the statement's first line or the line above it."""
    statement = node
    while not isinstance(statement, ast.stmt):
        statement = parents[statement]
    marked = {node.lineno, node.end_lineno, statement.lineno, statement.lineno - 1}
    return any(MARKER in lines[n - 1] for n in marked if n > 0)


def _why(node: ast.Constant, parents) -> str | None:
    """Why this constant is a message, or None when it is not one (or is translated)."""
    reason = "sentence" if HAN.search(node.value) and SENTENCE.search(node.value) else None
    child, current = node, parents.get(node)
    if isinstance(current, ast.JoinedStr):
        child, current = current, parents.get(current)
    while current is not None:
        if isinstance(current, ast.Call):
            name = _call_name(current)
            if name in GETTEXT:
                # Never translate an f-string: its msgid would change with every value.
                return "f-string in gettext" if isinstance(child, ast.JoinedStr) else None
            if reason is None and child in current.args[:1] and _is_field(name):
                reason = "field label"
            if reason is None:
                if name in MESSAGE_LEVELS and isinstance(current.func, ast.Attribute):
                    reason = "message"
                elif name in MESSAGE_CALLS:
                    reason = name
        elif isinstance(current, ast.keyword) and current.arg in LABEL_KEYWORDS and reason is None:
            reason = current.arg
        elif isinstance(current, ast.Raise) and reason is None:
            reason = "raised"
        elif isinstance(current, (ast.Assign, ast.AnnAssign)) and reason is None:
            scope = parents.get(current)
            targets = current.targets if isinstance(current, ast.Assign) else [current.target]
            names = {t.id for t in targets if isinstance(t, ast.Name)}
            if isinstance(scope, ast.Module):
                reason = "module constant"
            elif isinstance(scope, ast.ClassDef) and names & LABEL_KEYWORDS:
                reason = "class " + "/".join(sorted(names & LABEL_KEYWORDS))
        child, current = current, parents.get(current)
    return reason


def _is_field(name: str) -> bool:
    return name.endswith("Field") or name in {"ForeignKey", "OneToOneField", "ManyToManyField"}


class MessageLiteralTests(SimpleTestCase):
    def test_every_chinese_message_goes_through_gettext(self):
        offences = []
        for path in sorted(ROOT.rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if not _excluded(rel):
                offences += _offences(path, rel)
        self.assertEqual(
            offences,
            [],
            f"{len(offences)} Chinese message literals outside gettext (wrap them in _() or "
            "gettext_lazy, or mark data with `# i18n: data`):\n" + "\n".join(offences),
        )

    def test_the_data_exemptions_name_existing_modules(self):
        for rel in DATA_MODULES:
            self.assertTrue((ROOT / rel).exists(), rel)
