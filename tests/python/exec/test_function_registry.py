"""The function catalogue against the Python API: every function name that
python/lode passes to the engine is registered, with the right kind, and
every registered function is reachable from Python or marked internal."""

import ast
import pathlib

import pytest

import lode
from lode import _lode

PACKAGE = pathlib.Path(lode.__file__).parent
SCALAR_CALLERS = {"_call", "_rcall", "expr_call"}
AGGREGATE_CALLERS = {"_aggregate", "expr_aggregate"}


def _names_in(node):
    """The function names an argument can evaluate to: "a", or "a" if x else "b"."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _names_in(node.body) + _names_in(node.orelse)
    return []


def _used_functions():
    """Returns {(name, "scalar" | "aggregate")} for every call into the engine in python/lode."""
    used = set()
    for path in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args):
                continue
            kind = ("scalar" if node.func.attr in SCALAR_CALLERS
                    else "aggregate" if node.func.attr in AGGREGATE_CALLERS else None)
            if kind is None:
                continue
            names = _names_in(node.args[0])
            # The helpers themselves forward a parameter called `name`.
            assert names or (isinstance(node.args[0], ast.Name) and node.args[0].id == "name"), \
                f"{path.name}:{node.lineno}: pass the function name as a string literal"
            used.update((name, kind) for name in names)
    return used


@pytest.fixture(scope="module")
def registry():
    return {entry["name"]: entry for entry in _lode.functions()}


def test_python_calls_only_registered_functions(registry):
    for name, kind in sorted(_used_functions()):
        assert name in registry, f"python/lode calls {name!r}, which the function catalogue lacks"
        registered = "scalar" if registry[name]["kind"] == "scalar" else "aggregate"
        assert registered == kind, f"{name!r} is registered as {registry[name]['kind']}, called as {kind}"


def test_every_registered_function_is_reachable_or_internal(registry):
    used = {name for name, _ in _used_functions()}
    unreachable = sorted(name for name, entry in registry.items() if not entry["internal"] and name not in used)
    assert not unreachable, f"registered but not reachable from python/lode: {unreachable}"
    internal_but_used = sorted(name for name, entry in registry.items() if entry["internal"] and name in used)
    assert not internal_but_used, f"marked internal yet called from python/lode: {internal_but_used}"


def test_every_function_has_a_doc_and_an_arity(registry):
    assert len(registry) > 60
    for name, entry in registry.items():
        assert entry["doc"].endswith("."), name
        assert entry["kind"] in ("scalar", "aggregate", "ranking"), name
        assert entry["max_args"] is None or entry["max_args"] >= entry["min_args"], name


def test_unknown_names_raise_with_a_suggestion():
    with pytest.raises(lode.InvalidInputError, match="unknown function 'sqr'") as error:
        _lode.expr_call("sqr", [])
    assert "did you mean 'sqrt'" in str(error.value)
    with pytest.raises(lode.InvalidInputError, match="unknown aggregate 'meen'"):
        _lode.expr_aggregate("meen", [])
