"""The nightly digest: the day's articles grouped into stories across sources, merged, disagreements shown.

`build_digest` (summarize.digest.build) is imported on first use, so that the contract in
`summarize.digest.models` loads without scikit-learn and datasketch.
"""

from summarize.digest.lock import LockedError
from summarize.digest.models import Digest

__all__ = ["Digest", "DigestRun", "LockedError", "build_digest"]


def __getattr__(name: str):
    if name in ("build_digest", "DigestRun"):
        from summarize.digest import build

        return getattr(build, name)
    raise AttributeError(f"module 'summarize.digest' has no attribute {name!r}")
