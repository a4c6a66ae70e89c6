"""Profile one article on the embedded default with pyinstrument (issue 10, item 7).

The model runs in-process; the embedded backend takes a machine-wide file lock, so this waits
for anyone else's model run to end. The model is loaded and warmed on another article first,
so the profile is of one article as a batch sees it. Prints the share of time inside the model
(llama.cpp) and outside it, and pyinstrument's tree; --html writes the interactive profile.

Usage: .venv/bin/python bench/profile_article.py [ARTICLE] [--html FILE]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from pyinstrument import Profiler

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarize import Settings, summarize_article  # noqa: E402
from summarize.backends.client import ModelClient  # noqa: E402


def short(path: str | None) -> str:
    """A file path from its package: 'spacy/language.py', 'summarize/extract/guided.py'."""
    if not path:
        return "?"
    for marker in ("site-packages/", "python3.11/", str(ROOT) + "/"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("article", nargs="?", type=Path, default=ROOT / "examples" / "port_verin_strikes.txt")
    parser.add_argument("--warmup", type=Path, default=ROOT / "examples" / "kessa_rocket_attack.txt")
    parser.add_argument("--html", type=Path)
    parser.add_argument("--scripted", action="store_true",
                        help="the guided engine's work without the model (scripted answers): what is outside the model")
    args = parser.parse_args()
    if args.scripted:
        from tests.scripted import ScriptedServer, first_options

        settings = Settings(base_url="http://scripted.test/v1", mode="json_schema", engine="guided")
        client = ModelClient(settings, http_client=ScriptedServer(first_options).client())
    else:
        settings = Settings(api_key=None, base_url=None)
        client = ModelClient(settings)
        assert client.backend == "embedded", client.backend
    summarize_article(args.warmup.read_bytes(), settings=settings, client=client)

    profiler = Profiler(interval=0.001)
    started = time.perf_counter()
    profiler.start()
    result = summarize_article(args.article.read_bytes(), settings=settings, client=client)
    profiler.stop()
    seconds = time.perf_counter() - started
    session = profiler.last_session

    def seconds_in(frame, wanted) -> float:
        """Seconds spent in frames that `wanted` picks, summed over the call tree."""
        if wanted(frame):
            return frame.time
        return sum(seconds_in(child, wanted) for child in frame.children)

    root = session.root_frame()
    model = seconds_in(root, lambda f: "llama_cpp" in (f.file_path or ""))
    waiting = seconds_in(root, lambda f: f.function == "machine_lock")
    outside = root.time - model - waiting
    print(f"{args.article.name}: {seconds:.2f}s wall, {result.usage.calls} model calls, engine {result.usage.engine}; "
          f"in llama.cpp {model:.2f}s ({model / root.time:.0%}), waiting for another process's model "
          f"{waiting:.2f}s, outside the model {outside:.2f}s ({outside / root.time:.0%})")
    print("Outside the model, the 15 functions with the most self time:")
    self_times: dict[str, float] = {}

    def collect(frame) -> None:
        if "llama_cpp" in (frame.file_path or "") or frame.function == "machine_lock":
            return
        key = f"{frame.function}  {short(frame.file_path)}:{frame.line_no}"
        for child in frame.children:
            if child.is_synthetic or (child.function or "").startswith("["):  # pyinstrument's "[self]" time
                self_times[key] = self_times.get(key, 0.0) + child.time
            else:
                collect(child)

    collect(root)
    by_package: dict[str, float] = {}
    for key, own in self_times.items():
        where = key.rsplit("  ", 1)[-1]
        package = where.split("/", 1)[0] if "/" in where else ("idle or interpreter" if where.startswith("<") else where)
        by_package[package] = by_package.get(package, 0.0) + own
    print("Outside the model, by package: " + ", ".join(
        f"{name} {own * 1000:.0f} ms" for name, own in sorted(by_package.items(), key=lambda kv: -kv[1])))
    for key, own in sorted(self_times.items(), key=lambda kv: -kv[1])[:15]:
        print(f"  {own * 1000:7.1f} ms  {key}")
    print(profiler.output_text(unicode=False, color=False, show_all=False))
    if args.html:
        args.html.write_text(profiler.output_html(), encoding="utf-8")


if __name__ == "__main__":
    main()
