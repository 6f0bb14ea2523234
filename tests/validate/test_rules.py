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


# -- values in messages, as the user wrote them --------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "Космодром Байконур, Байқоңыр ғарыш айлағы, Ленинск, Tyuratam" * 3,
        '(4:Strategischer Lufttransportstützpunkt "Termez",StratLTStp Termez)',
        ["Кант", "Aviabaza Kant", "999th Air Base", "Kant Air Base", "x" * 80],
        {"title": "Кант" * 30, "publisher": "Reuters", "date": "2003"},
    ],
)
def test_shown_keeps_the_text_and_closes_every_quote(value):
    import json

    text = rules.shown(value, 40)
    assert "\\u" not in text  # Cyrillic as Cyrillic
    assert len(text) <= 60
    # every quote and bracket it opens, it closes: the text parses, once the
    # ellipsis (outside a string) is taken for a value
    json.loads(text.replace(", …]", "]").replace(", …}", "}"))


def test_a_wrong_type_shows_the_value_as_written():
    checker = rules.Rules()
    checker.problems = []
    feature = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [74.85, 42.85]},
        "properties": {"id": "kant-rus-1", "aliases": "(2:Кант,Kant)"},
    }
    checker.check_schema("a.gpkg", "kant-rus-1", feature)
    (problem,) = [p for p in checker.problems if p.prop == "aliases"]
    assert problem.message == 'wrong type: str ("(2:Кант,Kant)")'
