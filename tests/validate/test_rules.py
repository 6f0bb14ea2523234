"""basemap.rules: the compiled validators shipped with the package."""

import importlib

import pytest

from basemap.validate import rules


@pytest.mark.parametrize("kind", rules.SCHEMA_KINDS)
def test_the_shipped_validator_is_made_from_this_schema(kind):
    # stale after an edit of geodata/layer.schema.json: run
    # `python scripts/make_validators.py`
    import fastjsonschema

    module = importlib.import_module(f"basemap.validate._validators.{kind}")
    assert rules.schema_digest(kind) == module.SCHEMA_DIGEST
    if module.VERSION == fastjsonschema.VERSION:  # else another release's code
        with open(module.__file__, encoding="utf-8") as fh:
            assert fh.read() == rules.validator_code(kind)
    rules._fast_validator.cache_clear()
    assert rules._fast_validator(kind) is module.validate


def test_a_stale_validator_is_not_used(monkeypatch):
    import fastjsonschema

    module = importlib.import_module("basemap.validate._validators.feature")
    monkeypatch.setattr(module, "SCHEMA_DIGEST", "0" * 64)
    rules._fast_validator.cache_clear()
    try:
        check = rules._fast_validator("feature")
        assert check is not module.validate
        with pytest.raises(fastjsonschema.JsonSchemaException):
            check({"type": "Feature"})  # compiled from the schema: still a check
    finally:
        rules._fast_validator.cache_clear()
