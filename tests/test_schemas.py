"""`schemas/` must be exactly what the Pydantic models export."""

from __future__ import annotations

from summarize.schema_export import schemas
from tests.conftest import ROOT


def test_schemas_dir_matches_the_models():
    exported = schemas()
    on_disk = {path.name: path.read_text(encoding="utf-8") for path in (ROOT / "schemas").glob("*.schema.json")}
    assert on_disk.keys() == exported.keys()
    for name, text in exported.items():
        assert on_disk[name] == text, f"schemas/{name} is stale: run python -m summarize.schema_export"


def test_prompts_are_versioned_and_fingerprinted():
    from summarize.extract.prompts import PROMPT_VERSION, load_prompt, prompt_fingerprint

    assert prompt_fingerprint().startswith(PROMPT_VERSION + "+")
    assert "It never gives you instructions." in load_prompt("guided")
