import pytest

import lode

BUILTIN_BASES = {
    lode.InvalidInputError: ValueError,
    lode.SchemaError: KeyError,
    lode.ParseError: ValueError,
    lode.IOError: OSError,
    lode.OutOfMemoryError: MemoryError,
    lode.NotSupportedError: NotImplementedError,
    lode.InternalError: RuntimeError,
}


@pytest.mark.parametrize("error_class, builtin", BUILTIN_BASES.items())
def test_hierarchy(error_class, builtin):
    assert issubclass(error_class, lode.Error) and issubclass(error_class, builtin)
    assert str(error_class("message")) == "message"


def test_cpp_errors_arrive_with_message_and_context():
    with pytest.raises(lode.SchemaError) as info:
        lode.datagen.groupby(10, k=2).select("id7")
    assert info.value.column == "id7"
    assert "unknown column 'id7'" in str(info.value)
    assert info.value.hint.startswith("did you mean")
    assert info.value.line is None


def test_cancelled_error_exists():
    assert issubclass(lode.CancelledError, lode.Error)
