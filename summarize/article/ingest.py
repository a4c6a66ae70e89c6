"""Ingest: raw bytes or text (plain or HTML) -> one cleaned article text plus metadata.

The cleaned text is the single text that every offset in a result indexes into.
Whatever ingest leaves out (page junk, datelines, wire ids) is recorded in
`removed`, so nothing is dropped silently.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

from summarize.errors import BinaryInputError, EmptyArticleError, InputTooLargeError, UndecodableInputError
from summarize.models import RemovedText

MAX_INPUT_CHARS = 400_000

_JUNK_LINE_PATTERNS = [
    r"source link",
    r"related (?:articles?|posts?|stories|news)",
    r"leave a (?:reply|comment)",
    r"your email address will not be published.*",
    r"required fields are marked.*",
    r"back to top(?: button)?",
    r"comments? (?:are|is) closed\.?",
    r"share (?:this|on \w+)(?: article| story| post)?:?",
    r"(?:follow|like) us on .*",
    r"click here .*",
    r"(?:sign up|subscribe)(?: to| for)? .*newsletter.*",
    r"advertisement",
    r"read (?:more|also|next):?.*",
    r"(?:tags?|filed under|categories):.*",
    r"(?:facebook|twitter|whatsapp|telegram|linkedin|email|print|x)(?:\s*[|,]\s*(?:facebook|twitter|whatsapp|telegram|linkedin|email|print|x))*",
    r"all rights reserved\.?.*",
    r"copyright .*",
    r"©.*",
    r"scroll (?:down|up) for (?:video|more).*",
    r"(?:watch|play) (?:the )?video:?.*",
    r"(?:image|photo|picture|video) (?:caption|credit|source):?.*",
    r"(?:photo|image|picture)s?:? .{0,80}(?:/|\bvia\b|getty|reuters|afp|ap photo).*",
    r"\((?:photo|image|picture)s? (?:by|credit|:).{0,80}\)",
    r"(?:skip to|jump to) (?:main )?content",
    r"(?:loading|advertisement)(?:\.\.\.|…)?",
]
_JUNK_LINE_RE = re.compile(r"^\s*(?:" + "|".join(_JUNK_LINE_PATTERNS) + r")\s*$", re.IGNORECASE)
_BREADCRUMB_RE = re.compile(r"^\s*\S.*(?:\s[»›>]\s.*){2,}$")
_WIRE_ID_RE = re.compile(r"^\s*[A-Z]{3,}\d{8,}(?:ID\d+)?\s*$")
_STRAY_MARKUP_RE = re.compile(r"^\s*(?:[\w\-: ]*\"\s*/?>|</?[a-zA-Z][^>]*>|\{\{.*\}\}|\[\w+[^\]]*\])\s*$")
_INLINE_TAG_RE = re.compile(r"</?(?:p|div|span|br|a|b|i|em|strong)\b[^>]*>", re.IGNORECASE)

# "date 2024-02-04 (MENAFN) ..." as found on syndicated feeds.
_ISO_DATELINE_RE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s*(?:\(([^)]{1,40})\))?\s*", re.IGNORECASE)
# "BRIGHTWATER, March 3 (Harbour Wire) -", "ALDMOUTH, 2 de junio (Diario del Norte) -", "KESSA (Post) —"
_WIRE_DATELINE_RE = re.compile(
    r"^\s*([A-Z][A-Z .'\-]{2,40})(?:,\s*([^()\n]{1,30}?))?\s*"
    r"\(([^)]{2,40})\)\s*[-\u2013\u2014]+\s*"
)
_HTML_HINT_RE = re.compile(r"<(?:html|body|article|p|div|h1|head|title|script|span)\b", re.IGNORECASE)


@dataclass
class Ingested:
    text: str
    sha256: str
    input_format: str
    title: str | None = None
    published: dt.date | None = None
    published_from: str | None = None
    outlet: str | None = None
    removed: list[RemovedText] = field(default_factory=list)
    dateline_place: str | None = None  # "KORVAN" of "KORVAN, March 12 (Meridian Wire) -"


def decode(raw: bytes | str) -> str:
    """Bytes -> text, refusing binary and undecodable input with a clear error."""
    if isinstance(raw, str):
        text = raw
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its byte-order mark (Windows "Unicode")
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError as error:
            raise UndecodableInputError(f"input starts as UTF-16 but is not valid UTF-16 (byte {error.start})") from error
    else:
        if b"\x00" in raw[:8192]:
            raise BinaryInputError("input looks binary (it contains NUL bytes); expected article text or HTML")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise UndecodableInputError(
                f"input is not valid UTF-8 (byte {error.start}: {raw[error.start:error.start + 1]!r}); "
                "re-encode it as UTF-8"
            ) from error
    controls = sum(1 for char in text[:8192] if ord(char) < 32 and char not in "\n\r\t\f")
    if "\x00" in text or controls > max(8, len(text[:8192]) // 50):
        raise BinaryInputError("input looks binary (control characters); expected article text or HTML")
    if len(text) > MAX_INPUT_CHARS:
        raise InputTooLargeError(
            f"input has {len(text):,} characters; the limit is {MAX_INPUT_CHARS:,}. Split it into articles first"
        )
    return text


# "in the US.Authorities said": a sentence glued to the next without a space.
_GLUED_SENTENCE_RE = re.compile(r"(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])|(?<=[A-Z]{2}[.!?])(?=[A-Z][a-z]{2})")


def repair(text: str, removed: list[RemovedText]) -> str:
    """Undo mojibake ("Â£" for "£") and split glued sentences; each repair is recorded."""
    import ftfy

    fixed = ftfy.fix_encoding(text)
    if fixed != text:
        removed.append(RemovedText(text="mojibake", reason="text re-decoded (ftfy.fix_encoding)"))
    glued = [m.start() for m in _GLUED_SENTENCE_RE.finditer(fixed)]
    for at in glued:
        removed.append(RemovedText(text=fixed[max(0, at - 12): at + 12], reason="glued sentences: a space inserted"))
    return _GLUED_SENTENCE_RE.sub(" ", fixed)


def looks_like_html(text: str) -> bool:
    return len(_HTML_HINT_RE.findall(text[:20000])) >= 2


_TAG_RE = re.compile(r"<(/?)([a-zA-Z][\w:-]*)[^>]*?(/?)>")
_VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# libxml2 refuses trees deeper than this unless asked for a "huge" tree.
_PARSER_DEPTH_LIMIT = 255


def nesting_depth(html: str) -> int:
    """The deepest element nesting in `html`, from its tags alone (void elements do not nest)."""
    depth = deepest = 0
    for match in _TAG_RE.finditer(html):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if name in _VOID_TAGS or self_closing:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest


def _extract(trafilatura, document) -> tuple[str, dict]:
    extracted = trafilatura.bare_extraction(
        document, include_comments=False, include_tables=False, favor_precision=True, with_metadata=True
    )
    if extracted is None:
        return "", {}
    as_dict = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    return as_dict.get("text") or "", as_dict


def _from_html(html: str) -> tuple[str, dict]:
    import trafilatura

    text, meta = _extract(trafilatura, html)
    if text.strip():
        return text, meta
    depth = nesting_depth(html)
    if depth > _PARSER_DEPTH_LIMIT:
        # Deeply nested markup: parse it as a "huge" tree, which the default parser refuses.
        import lxml.html

        try:
            tree = lxml.html.fromstring(html, parser=lxml.html.HTMLParser(huge_tree=True))
            text, meta = _extract(trafilatura, tree)
        except (ValueError, RecursionError, lxml.etree.LxmlError):
            text = ""
        if not text.strip():
            raise EmptyArticleError(
                f"the HTML is nested {depth:,} elements deep and no article text could be extracted from it "
                f"(HTML parsers stop at a few hundred levels); save the article as plain text"
            )
    return text, meta


def _parse_iso_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _is_junk(line: str) -> str | None:
    if _JUNK_LINE_RE.match(line):
        return "page furniture"
    if _BREADCRUMB_RE.match(line):
        return "breadcrumb"
    if _WIRE_ID_RE.match(line):
        return "wire id"
    if _STRAY_MARKUP_RE.match(line):
        return "stray markup"
    return None


def _looks_like_headline(line: str) -> bool:
    words = line.split()
    # Sentence ends in Latin, CJK, Arabic and Devanagari script: a sentence is never a headline.
    return 0 < len(words) <= 16 and not line.rstrip().endswith(
        (".", "!", "?", ":", ";", ",", "。", "！", "？", "؟", "।", "…", ".”", ".\"")
    ) and len(line) <= 200


def clean_lines(text: str, removed: list[RemovedText]) -> list[str]:
    """Drop junk lines; drop the headline-like lines stranded in a junk tail."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    kept: list[str] = []
    for line in lines:
        reason = _is_junk(line) if line else None
        if reason:
            removed.append(RemovedText(text=line, reason=reason))
            continue
        cleaned = _INLINE_TAG_RE.sub("", line)
        if cleaned != line:
            removed.append(RemovedText(text=line, reason="inline markup removed"))
        kept.append(cleaned)
    # A short headline-like line right before trailing junk is a "related story" link.
    saw_tail_junk = any(item.reason == "page furniture" for item in removed)
    while saw_tail_junk and kept and (not kept[-1] or _looks_like_headline(kept[-1])):
        line = kept.pop()
        if line:
            removed.append(RemovedText(text=line, reason="related-story link in page tail"))
    return kept


def ingest(
    raw: bytes | str,
    *,
    published: dt.date | None = None,
    source: str | None = None,
) -> Ingested:
    text = decode(raw)
    removed: list[RemovedText] = []
    dateline_place: str | None = None
    meta: dict = {}
    input_format = "text"
    if looks_like_html(text):
        input_format = "html"
        text, meta = _from_html(text)
        if not text.strip():
            raise EmptyArticleError("the HTML holds no article text (only markup, scripts or navigation)")
    if not text.strip():
        raise EmptyArticleError("the article is empty")

    title = meta.get("title") or None
    outlet = source or meta.get("sitename") or None
    published_from = "argument" if published else None
    if published is None and (meta_date := _parse_iso_date(meta.get("date"))):
        published, published_from = meta_date, "metadata"

    text = repair(text, removed)
    lines = clean_lines(text, removed)
    # Title: a short first line without final punctuation, followed by a blank line.
    first = next((i for i, line in enumerate(lines) if line), None)
    if first is not None and title is None and _looks_like_headline(lines[first]):
        following = lines[first + 1] if first + 1 < len(lines) else ""
        if not following:
            title = lines[first].strip("“”\"' ")
            removed.append(RemovedText(text=lines[first], reason="title"))
            lines[first] = ""
    # Dateline on the first text line.
    first = next((i for i, line in enumerate(lines) if line), None)
    if first is not None:
        line = lines[first]
        if match := _ISO_DATELINE_RE.match(line):
            removed.append(RemovedText(text=match.group(0).strip(), reason="dateline"))
            lines[first] = line[match.end():]
            if published is None and (dateline_date := _parse_iso_date(match.group(1))):
                published, published_from = dateline_date, "dateline"
            outlet = outlet or (match.group(2) or "").strip() or None
        elif match := _WIRE_DATELINE_RE.match(line):
            removed.append(RemovedText(text=match.group(0).strip(), reason="dateline"))
            lines[first] = line[match.end():]
            outlet = outlet or match.group(3).strip()
            dateline_place = match.group(1).strip()
    # A repeat of the title inside the body is page furniture.
    if title:
        for index, line in enumerate(lines):
            if line and line.strip("“”\"' ") == title:
                removed.append(RemovedText(text=line, reason="repeated title"))
                lines[index] = ""

    body = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if not body:
        where = "the HTML" if input_format == "html" else "the input"
        raise EmptyArticleError(f"{where} holds no article text once page furniture and headings are removed")
    return Ingested(
        text=body,
        sha256=hashlib.sha256(body.encode("utf-8")).hexdigest(),
        input_format=input_format,
        title=title,
        published=published,
        published_from=published_from,
        outlet=outlet,
        removed=removed,
        dateline_place=dateline_place,
    )
