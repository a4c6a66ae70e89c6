"""How many generated cases a fuzz or aligner property runs: a small sample in `make test`,
`STRESS_EXAMPLES` each under `make stress` (issue 10)."""

from __future__ import annotations

import os


def examples(sample: int) -> int:
    stress = os.environ.get("STRESS_EXAMPLES")
    return int(stress) if stress else sample
