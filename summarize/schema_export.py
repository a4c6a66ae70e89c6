"""Export the JSON Schemas of the output contract to `schemas/` (kept in sync by a test).

Run: python -m summarize.schema_export [DIR]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from summarize.digest.models import Digest
from summarize.models import SummaryResult

CONTRACTS = {"summary_result": SummaryResult, "digest": Digest}


def schemas() -> dict[str, str]:
    """File name -> schema text, exactly as written to `schemas/`."""
    return {
        f"{name}.schema.json": json.dumps(model.model_json_schema(mode="serialization"), indent=2, sort_keys=True) + "\n"
        for name, model in CONTRACTS.items()
    }


def write(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for filename, text in schemas().items():
        path = directory / filename
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "schemas"
    for path in write(target):
        print(path)
