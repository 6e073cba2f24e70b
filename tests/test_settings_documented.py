"""README's "Configuration" table names exactly the environment variables liaison/settings.py reads, and no
code hides a policy value behind getattr(settings, NAME, default) (README, Configuration)."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = ROOT / "liaison" / "settings.py"
APPS = ["liaison", "deputies", "voters", "suggestions", "assessments"]


def _is_os_environ(node):
    return (
        isinstance(node, ast.Attribute) and node.attr == "environ" and getattr(node.value, "id", "") == "os"
    )


def _environment_readers(tree):
    """The module's helpers that read a variable named by their first parameter (env_bool, env_int...)."""
    readers = set()
    for function in tree.body:
        if isinstance(function, ast.FunctionDef) and any(_is_os_environ(node) for node in ast.walk(function)):
            readers.add(function.name)
    return readers


def variables_read_by_settings():
    tree = ast.parse(SETTINGS.read_text(encoding="utf-8"))
    readers = _environment_readers(tree)
    helpers = {
        node
        for function in tree.body
        if getattr(function, "name", None) in readers
        for node in ast.walk(function)
    }
    names, unnamed = set(), []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            reads = (
                isinstance(func, ast.Attribute)
                and (
                    (func.attr in {"get", "pop", "setdefault"} and _is_os_environ(func.value))
                    or (func.attr == "getenv" and getattr(func.value, "id", "") == "os")
                )
            ) or (isinstance(func, ast.Name) and func.id in readers)
            key = node.args[0] if node.args else None
        elif isinstance(node, ast.Subscript) and _is_os_environ(node.value):
            reads, key = True, node.slice
        else:
            continue
        if not reads:
            continue
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            names.add(key.value)
        elif node not in helpers:
            unnamed.append(ast.unparse(node))
    return names, unnamed


def variables_in_readme():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    assert rows[0].split("|")[1].strip() == "variable", "the section's first table is the variables' table"
    names = set()
    for row in rows[2:]:  # after the header and its |---| line
        first_column = row.split("|")[1]
        found = re.findall(r"`([A-Z][A-Z0-9_]*)`", first_column)
        assert found, f"a row of the table names no variable: {row}"
        names.update(found)
    return names


def test_readme_lists_exactly_the_environment_variables_settings_reads():
    in_settings, unnamed = variables_read_by_settings()
    assert not unnamed, f"settings.py reads the environment with a name this test cannot see: {unnamed}"
    in_readme = variables_in_readme()
    assert in_settings - in_readme == set(), "read by settings.py, missing from README's Configuration table"
    assert in_readme - in_settings == set(), "in README's Configuration table, never read by settings.py"


def test_the_parser_sees_every_kind_of_read():
    """The two sets above are only worth comparing if both parsers find something of each kind."""
    in_settings, _unnamed = variables_read_by_settings()
    assert {"SECRET_KEY", "DJANGO_DEBUG", "SESSION_IDLE_MINUTES", "ALLOWED_HOSTS"} <= in_settings
    assert {"EMAIL_HOST", "EMAIL_USE_TLS", "LOG_LEVEL"} <= variables_in_readme()


def test_no_setting_is_read_with_a_hidden_default():
    """A policy value has one default, in settings.py; getattr(settings, NAME, default) would be a second."""
    hidden = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Call)
                    and getattr(node.func, "id", "") == "getattr"
                    and len(node.args) == 3
                    and getattr(node.args[0], "id", "") == "settings"
                ):
                    hidden.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)}")
    assert not hidden, "\n".join(hidden)
