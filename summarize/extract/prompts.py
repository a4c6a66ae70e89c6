"""Versioned prompt files (`prompts/<version>/*.txt`), shipped in the wheel.

Prompt files hold only our own static text (instructions and few-shot examples).
Article text is never rendered through a template: `extract` appends it, one
line per item, after the static part.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources
from pathlib import Path

PROMPT_VERSION = "v2"


def prompt_dir(version: str = PROMPT_VERSION) -> Path:
    packaged = Path(str(resources.files("summarize"))) / "_data" / "prompts" / version
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "prompts" / version  # source checkout


@lru_cache(maxsize=None)
def load_prompt(name: str, version: str = PROMPT_VERSION) -> str:
    return (prompt_dir(version) / f"{name}.txt").read_text(encoding="utf-8").strip()


@lru_cache(maxsize=None)
def prompt_fingerprint(version: str = PROMPT_VERSION) -> str:
    """`v2+<sha256 prefix of all prompt files>`: changes whenever any prompt text changes."""
    digest = hashlib.sha256()
    for path in sorted(prompt_dir(version).glob("*.txt")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return f"{version}+{digest.hexdigest()[:10]}"


@lru_cache(maxsize=1)
def rules_fingerprint() -> str:
    """A sha256 prefix of the code that decides what a result holds (language layer, engines,
    checks, taxonomy, models): a cached result computed by other rules is never reused."""
    import summarize

    package = Path(summarize.__file__).parent
    digest = hashlib.sha256()
    for path in sorted([*package.glob("article/*.py"), *package.glob("extract/*.py"), *package.glob("verify/*.py"),
                        package / "taxonomy.py", package / "models.py", package / "pipeline.py"]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:10]
