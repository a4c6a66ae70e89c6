"""`python -m summarize ...` is the `summarize` command."""

from summarize.cli import app

app(prog_name="summarize")
