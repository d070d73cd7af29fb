"""A picture of an argument map, written directly as SVG text (no plotting library).

Layout, chosen so a five-comment thread reads at a glance: the issues (one
per frame, grey) stand in the middle column; claims in favour are on the
left in blue, claims against on the right in red, each labelled with its
speaker — or, for a position the speaker reports, "Holder (reported by
Speaker)" — and joined to its issue by a blue solid (supports) or red dashed
(attacks) arrow — the dash, not only the colour, tells them apart. Speakers
form a row at the bottom, joined by arcs where one agrees (blue, above the
row) or disagrees (red, dashed, below) with another, labelled briefly with
the cue ("Great post", "Second all that") and the number of the speaker's
claims that take the same (or the opposite) side as the other's ("2
claims"; the tooltip says it in full: who agrees with whom, every cue, and
how many of the other's claims). A corpus map shows its
key points — with their prevalence and holders — instead of single claims.

The colours are the reports' colour-blind-safe palette (:data:`FAVOR`,
:data:`AGAINST`, :data:`NEUTRAL`). Everything is placed by its measured
width (:func:`_text_w`, DejaVu Sans advance widths: the widest of the
fonts in :data:`FONT`), so boxes never overlap and no text leaves the
picture whatever the names: long names are cut at :data:`SPEAKER_CHARS`
characters with "…" (fewer in a crowded speaker row, whose names are
written upright when even that does not fit), long texts wrapped
and cut, and whatever is cut is in full in a ``<title>`` (the tooltip). The picture is
:data:`WIDTH` units wide — legible at the ~1000 px the reports show it at —
and only a thread with more speakers than fit upright in a row (about 30) widens it.

The picture is built as a string: a thread map takes a few milliseconds
(matplotlib took about half a second), text stays text (searchable,
selectable, escaped), and the file is self-contained — system fonts, no
scripts, no external links.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape
from itertools import count
from pathlib import Path

import networkx as nx

from ..io import printable_text
from ..model import position_holder
from .graph import credit, speaker_node

# the reports' colour-blind-safe palette: favor blue, against red, neutral grey
FAVOR, FAVOR_FILL = "#2166ac", "#dbe9f6"
AGAINST, AGAINST_FILL = "#b2182b", "#fbe3dc"
NEUTRAL, NEUTRAL_FILL = "#6b6b6b", "#eeeeee"
SPEAKER_FILL, SPEAKER_EDGE = "#fff2cc", "#8a6d00"
INK, MUTED, RULE = "#222222", "#444444", "#cccccc"
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
#: Dash pattern of attack arrows and disagreement arcs (the legend draws the same).
DASH = "6 4"

#: Most key points drawn per frame and side in a corpus picture.
MAX_KEY_POINTS = 6
#: Longest speaker name drawn in full; longer ones are cut with "…" (full name in the tooltip).
SPEAKER_CHARS = 24
#: Shortest cut of speaker names, when many speakers share the row.
SPEAKER_CHARS_CROWDED = 12

# geometry (SVG units; the reports show the picture ~1000 px wide, so about 1:1)
WIDTH = 1000  # the picture's width, unless the speaker row needs more
MARGIN = 20
SIDE_W = 320  # claim / key point box width
ISSUE_W = 200
PAD = 10  # inner padding of a box
BOX_GAP = 10  # least room between two boxes of a column
BLOCK_GAP = 28  # between frames
# font sizes and line heights
TEXT, LINE = 13, 16  # box text
ISSUE_TEXT, ISSUE_LINE = 14, 17
SPEAKER_TEXT = 13
LEGEND_TEXT = 12
ARC_TEXT, ARC_LABEL_H = 12, 16  # arc labels and their white backing
#: The widest an arc label is drawn (its backing included): a longer one is cut
#: with "…", its tooltip in full. Labels of neighbouring arcs then fit side by side.
ARC_LABEL_W = 220
#: The least room between two arc labels (and between a label and a speaker box):
#: labels touching one another read as one line of text.
ARC_LABEL_GAP = 4
#: How much higher (or lower) a pair's second arc of one kind runs than its first:
#: room for the first's label between their apexes, so each label sits on its own arc.
ARC_TWIN_STEP = ARC_LABEL_H + 2 * ARC_LABEL_GAP + 4
SPEAKER_H = 28
SPEAKER_GAP = 16  # least room between two speaker boxes
# a crowded row writes its names upright (bottom to top) in boxes this wide, this far apart:
# 30 speakers fit WIDTH at 13-unit text, where 20 side by side had widened the picture to
# about 2400 units, which the page shrank back to 1000 px (5-pixel names)
UPRIGHT_W = 24
UPRIGHT_GAP = 8

# Advance widths of DejaVu Sans (Book, Bold) for " " … "~", in hundredths of an em.
# DejaVu is the widest of the fonts in FONT, so a box sized by it holds its text in any.
_REGULAR = (
    32, 40, 46, 84, 64, 95, 78, 27, 39, 39, 50, 84, 32, 36, 32, 34, 64, 64, 64, 64, 64, 64, 64, 64,
    64, 64, 34, 34, 84, 84, 84, 53, 100, 68, 69, 70, 77, 63, 58, 77, 75, 29, 29, 66, 56, 86, 75, 79,
    60, 79, 69, 63, 61, 73, 68, 99, 69, 61, 69, 39, 34, 39, 84, 50, 50, 61, 63, 55, 63, 62, 35, 63,
    63, 28, 28, 58, 28, 97, 63, 61, 63, 63, 41, 52, 39, 63, 59, 82, 59, 59, 52, 64, 34, 64, 84,
)  # fmt: skip
_BOLD = (
    35, 46, 52, 84, 70, 100, 87, 31, 46, 46, 52, 84, 38, 42, 38, 37, 70, 70, 70, 70, 70, 70, 70, 70,
    70, 70, 40, 40, 84, 84, 84, 58, 100, 77, 76, 73, 83, 68, 68, 82, 84, 37, 37, 77, 64, 100, 84,
    85, 73, 85, 77, 72, 68, 81, 77, 110, 77, 72, 73, 46, 37, 46, 84, 50, 50, 67, 72, 59, 72, 68, 44,
    72, 71, 34, 34, 67, 34, 104, 71, 69, 72, 72, 49, 60, 48, 71, 65, 92, 65, 65, 58, 71, 37, 71, 84,
)  # fmt: skip
_SPECIAL = {"…": 100, "—": 100, "–": 50, "“": 66, "”": 66, "‘": 35, "’": 35, "×": 84, "·": 35}


def _char_w(ch: str, table: tuple[int, ...]) -> int:
    code = ord(ch)
    if 32 <= code < 127:
        return table[code - 32]
    if ch in _SPECIAL:
        return _SPECIAL[ch]
    base = unicodedata.normalize("NFD", ch)[:1]  # é → e
    if base and 32 <= ord(base) < 127:
        return table[ord(base) - 32]
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 100
    return 0 if unicodedata.combining(ch) else 90


class _Widths(dict[str, int]):
    """:func:`_char_w` of each character of one table, worked out on first sight."""

    def __init__(self, table: tuple[int, ...]) -> None:
        super().__init__()
        self.table = table

    def __missing__(self, ch: str) -> int:
        width = self[ch] = _char_w(ch, self.table)
        return width


_REGULAR_W = _Widths(_REGULAR)
_BOLD_W = _Widths(_BOLD)


def _text_w(text: str, size: float, bold: bool = False) -> float:
    """Rendered width of ``text`` at font ``size`` (DejaVu Sans metrics; others are narrower)."""
    # a dict lookup per character (map over a C-level __getitem__) instead of a
    # call of _char_w: the maps measure each candidate line of every box
    return sum(map((_BOLD_W if bold else _REGULAR_W).__getitem__, text)) * size / 100


def svg_escape(text: object) -> str:
    """``text`` safe inside an SVG element or attribute (XML-invalid characters dropped,
    :func:`~discourse.io.printable_text`, as in every map format).

    The one escape of every SVG this package writes: the argument maps here
    and the report's charts (:mod:`discourse.report.charts`), so a character
    one of them drops is dropped by the other too.
    """
    return escape(printable_text(text), quote=True)


def _clean(text: object) -> str:
    return " ".join(str(text).split())


def _cap(name: object, chars: int = SPEAKER_CHARS) -> str:
    """``name`` cut to ``chars`` characters with "…" (the tooltip keeps it in full)."""
    name = _clean(name)
    return name if len(name) <= chars else name[: chars - 1].rstrip() + "…"


def _units(text: str, bold: bool = False) -> int:
    """:func:`_text_w` of ``text`` before scaling: the sum of its advance widths."""
    return sum(map((_BOLD_W if bold else _REGULAR_W).__getitem__, text))


def _ellipsize(text: str, max_w: float, size: float, bold: bool = False) -> str:
    """``text`` if it fits in ``max_w``, else its longest start (whole words if it can) + "…"."""
    widths = _BOLD_W if bold else _REGULAR_W
    if _text_w(text, size, bold) <= max_w:
        return text
    # Dropping the last word never widens the start (what is left, trailing " ,;:"
    # stripped, begins the longer start), so the longest start that fits is found
    # from the widths of the text's prefixes, in one pass rather than one
    # measurement of the whole start per dropped word.
    prefix = [0]
    for w in map(widths.__getitem__, text):
        prefix.append(prefix[-1] + w)
    dots = widths["…"]
    words = text.split(" ")
    end = len(text)
    for k in range(len(words) - 1, 0, -1):
        end -= len(words[k]) + 1  # " ".join(words[:k]) is text[:end]
        cut = text[:end].rstrip(" ,;:")
        if (prefix[len(cut)] + dots) * size / 100 <= max_w:
            return cut + "…"
    word = words[0] if words else ""
    while word and _text_w(word + "…", size, bold) > max_w:
        word = word[:-1]
    return word + "…"


def _wrap(text: object, max_w: float, size: float, lines: int, bold: bool = False) -> list[str]:
    """``text`` in at most ``lines`` lines no wider than ``max_w``; the last cut with "…"."""
    widths = _BOLD_W if bold else _REGULAR_W
    space = widths[" "]
    words = _clean(text).split(" ")
    out: list[str] = []
    cur = ""
    cur_w = 0  # _units(cur): a candidate line is measured from its parts
    for word in words:
        word_w = _units(word, bold)
        candidate_w = cur_w + space + word_w if cur else word_w
        if candidate_w * size / 100 <= max_w:
            cur = f"{cur} {word}" if cur else word
            cur_w = candidate_w
            continue
        if cur:
            out.append(cur)
        while _text_w(word, size, bold) > max_w:  # a word wider than the line: break it
            k = len(word) - 1
            while k > 1 and _text_w(word[:k], size, bold) > max_w:
                k -= 1
            out.append(word[:k])
            word = word[k:]
        cur = word
        cur_w = _units(word, bold)
    out.append(cur)
    if len(out) > lines:
        out = [*out[: lines - 1], _ellipsize(" ".join(out[lines - 1 :]), max_w, size, bold)]
    return out


def _cut(rows: Iterable[str], full: str) -> bool:
    """Whether ``rows`` (a wrapped text) lost part of ``full``."""
    return " ".join(rows) != _clean(full)


def _items(graph: nx.MultiDiGraph) -> tuple[list[tuple[str, dict]], bool, int]:
    """Nodes for the side columns (key points for a corpus map, else claims), and how many
    key points were left out (beyond :data:`MAX_KEY_POINTS` per frame and side)."""
    kps = [(n, d) for n, d in graph.nodes(data=True) if d.get("type") == "key_point"]
    if kps:
        kept: list[tuple[str, dict]] = []
        counts: dict[tuple[str, str], int] = {}
        for n, d in sorted(kps, key=lambda x: -int(x[1].get("prevalence", 1))):
            key = (str(d.get("frame")), str(d.get("direction")))
            counts[key] = counts.get(key, 0) + 1
            if counts[key] <= MAX_KEY_POINTS:
                kept.append((n, d))
        return kept, True, len(kps) - len(kept)
    claims = [(n, d) for n, d in graph.nodes(data=True) if d.get("type") == "claim"]
    return claims, False, 0


@dataclass
class _Link:
    """One arc of the speaker row: the explicit cues ("Great post") and, for agreement
    by stance, the distinct claims of each side — ``mine`` the arguing speaker's,
    ``theirs`` the other's. A claim agreeing with two claims is one claim, not two."""

    cues: list[str] = field(default_factory=list)
    mine: set[str] = field(default_factory=set)
    theirs: set[str] = field(default_factory=set)


def _speaker_links(graph: nx.MultiDiGraph) -> dict[tuple[str, str, str], _Link]:
    """``(speaker, speaker, relation)`` → its :class:`_Link`, folding claim-level
    agreement onto speakers.

    A stance edge goes from a speaker to the other's claim and names the
    speaker's own (``source_claim``); one without it (a graph built by hand)
    counts as a claim of its own.
    """
    links: dict[tuple[str, str, str], _Link] = {}
    for n, (u, v, d) in enumerate(graph.edges(data=True)):
        rel = d.get("relation")
        if rel not in ("agrees", "disagrees"):
            continue
        claim = graph.nodes[v].get("type") == "claim"
        target = speaker_node(str(graph.nodes[v].get("speaker", ""))) if claim else v
        if target == u or target not in graph:
            continue
        link = links.setdefault((u, target, str(rel)), _Link())
        if claim:
            link.mine.add(str(d.get("source_claim") or f"edge {n}"))
            link.theirs.add(v)
        else:
            link.cues.append(str(d.get("cue", "")))
    return links


class _Canvas:
    """Collects SVG elements; coordinates are rounded to one decimal to keep files small."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def add(self, element: str) -> None:
        self.parts.append(element)

    def box(
        self, x: float, y: float, w: float, h: float, fill: str, stroke: str, sw: float
    ) -> None:
        self.add(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="6" '
            f'fill="{fill}" stroke="{stroke}" stroke-width="{sw}"/>'
        )

    def lines(
        self,
        x: float,
        y: float,
        rows: list[tuple[str, bool]],
        size: float = TEXT,
        colour: str = INK,
        anchor: str = "middle",
        line: float = LINE,
    ) -> None:
        """Text lines centred vertically on ``y``: ``rows`` are ``(text, bold)``.

        One ``<text>`` element per line (rather than ``<tspan>``s) keeps every line
        findable by a plain XML reader.
        """
        top = y - (len(rows) - 1) * line / 2
        for k, (text, bold) in enumerate(rows):
            weight = ' font-weight="bold"' if bold else ""
            self.add(
                f'<text x="{x:.1f}" y="{top + k * line + size * 0.35:.1f}" font-size="{size}" '
                f'fill="{colour}" text-anchor="{anchor}"{weight}>{svg_escape(text)}</text>'
            )


def _legend(c: _Canvas, corpus: bool, speakers: bool, width: float) -> float:
    """Draw the legend below the heading, in as many rows as it needs; return its bottom."""
    entries: list[tuple[str, str, str, bool, str]] = [  # kind, colour, fill, dashed, label
        ("box", NEUTRAL, NEUTRAL_FILL, False, "issue (policy proposition)"),
        ("box", FAVOR, FAVOR_FILL, False, "key point in favour" if corpus else "claim in favour"),
        ("box", AGAINST, AGAINST_FILL, False, "key point against" if corpus else "claim against"),
        ("line", FAVOR, "", False, "supports" if corpus else "supports / agrees (arc above)"),
        ("line", AGAINST, "", True, "attacks" if corpus else "attacks / disagrees (arc below)"),
    ]
    if speakers:
        entries.append(("box", SPEAKER_EDGE, SPEAKER_FILL, False, "speaker"))
    x: float = MARGIN
    y = 62.0
    for kind, colour, fill, dashed, label in entries:
        w = 30 + _text_w(label, LEGEND_TEXT)
        if x > MARGIN and x + w > width - MARGIN:
            x, y = MARGIN, y + 20
        if kind == "box":
            c.add(
                f'<rect x="{x:.1f}" y="{y - 6:.1f}" width="22" height="12" rx="3" fill="{fill}" '
                f'stroke="{colour}" stroke-width="1.4"/>'
            )
        else:
            dash = f' stroke-dasharray="{DASH}"' if dashed else ""
            c.add(
                f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{x + 24:.1f}" y2="{y:.1f}" '
                f'stroke="{colour}" stroke-width="1.8"{dash}/>'
            )
        c.add(
            f'<text x="{x + 30:.1f}" y="{y + 4:.1f}" font-size="{LEGEND_TEXT}" fill="{INK}">'
            f"{svg_escape(label)}</text>"
        )
        x += w + 24
    return y + 8


@dataclass
class _Box:
    """A claim or key point box of a side column: its text rows and tooltip."""

    rows: list[tuple[str, bool]]
    title: str  # full text when some of it was cut, else ""

    @property
    def height(self) -> float:
        return 2 * PAD + LINE * len(self.rows)


def _claim_box(d: dict, corpus: bool) -> _Box:
    """The rows of a claim's (thread map) or key point's (corpus map) box."""
    inner = SIDE_W - 2 * PAD
    text = _clean(d.get("text", ""))
    if corpus:
        n = int(d.get("prevalence", 1) or 1)
        shown = f"×{n} {text}" if n > 1 else text  # ×N only when the point recurs
        body = _wrap(shown, inner, TEXT, 3)
        # whose positions, as the report's key points credit them ("Otto Perez Molina
        # (reported by Karen Hooper)"); a graph without holders names the speakers
        credited = d.get("holders") or d.get("speakers", "")
        names = [_clean(s) for s in str(credited).split(";") if s.strip()]
        who = _speaker_list(names, inner) if names else ""
        rows = [(t, False) for t in body] + ([(who, True)] if who else [])
        cut = _cut(body, shown) or (bool(names) and who != "— " + "; ".join(names))
        title = f"{shown}\n— {'; '.join(names)}" if cut else ""
        return _Box(rows, title)
    raw = str(d.get("speaker", ""))
    speaker = _clean(raw)
    holder = _clean(position_holder(d.get("holder"), raw))
    # a reported position is credited to its holder, as the report pages do
    full = _clean(credit(d.get("holder"), raw))
    who = (
        f"{_cap(speaker)}:"
        if holder == speaker
        else f"{_cap(holder)} (reported by {_cap(speaker)}):"
    )
    head = _wrap(who, inner, TEXT, 2, bold=True)
    body = _wrap(text, inner, TEXT, 3)
    cut = _cut(body, text) or " ".join(head) != f"{full}:"
    rows = [*((h, True) for h in head), *((t, False) for t in body)]
    return _Box(rows, f"{full}: {text}" if cut else "")


def _speaker_list(names: list[str], max_w: float) -> str:
    """ "— A; B; C" with names cut to :data:`SPEAKER_CHARS`, or "— A; B + 4 more" to fit."""
    shown = [_cap(n) for n in names]
    for k in range(len(shown), 0, -1):
        rest = len(shown) - k
        line = "— " + "; ".join(shown[:k]) + (f" + {rest} more" if rest else "")
        if _text_w(line, TEXT, bold=True) <= max_w:
            return line
    return _ellipsize(f"— {shown[0]}" if shown else "—", max_w, TEXT, bold=True)


def _titled(c: _Canvas, title: str, draw: list[str]) -> None:
    """Add the elements ``draw`` (a group with a tooltip when ``title`` is given)."""
    if title:
        c.add(f"<g><title>{svg_escape(title)}</title>" + "".join(draw) + "</g>")
    else:
        c.parts.extend(draw)


def _box_elements(
    x: float, y: float, w: float, h: float, fill: str, stroke: str, sw: float
) -> list[str]:
    sub = _Canvas()
    sub.box(x, y, w, h, fill, stroke, sw)
    return sub.parts


def _text_elements(
    x: float,
    y: float,
    rows: list[tuple[str, bool]],
    size: float = TEXT,
    colour: str = INK,
    line: float = LINE,
) -> list[str]:
    sub = _Canvas()
    sub.lines(x, y, rows, size=size, colour=colour, line=line)
    return sub.parts


@dataclass(frozen=True)
class _SpeakerBox:
    """A speaker of the bottom row: the name drawn, the full name (its tooltip), the box size."""

    node: str
    name: str
    full: str
    w: float
    h: float
    upright: bool  # the name is written bottom to top (a crowded row)


def _speaker_boxes(speakers: list[tuple[str, dict]]) -> list[_SpeakerBox]:
    """The boxes of the bottom row's speakers, in order.

    Names are cut at :data:`SPEAKER_CHARS` characters — fewer (down to
    :data:`SPEAKER_CHARS_CROWDED`) when the row would not fit :data:`WIDTH`
    otherwise. When even that does not fit (some 8 long names, or 20 short
    ones) the names are written upright, cut at :data:`SPEAKER_CHARS`, in
    boxes :data:`UPRIGHT_W` wide and as tall as the longest: text at full
    size for up to 30 speakers, where widening the picture had the page
    shrink all of it. Only a row that does not fit upright widens the picture.
    """

    def named(chars: int) -> list[tuple[str, str, str]]:
        out = []
        for node, d in speakers:
            role = " (author)" if d.get("role") == "author" else ""
            full = _clean(d.get("label", ""))
            out.append((node, f"{_cap(full, chars)}{role}", f"{full}{role}"))
        return out

    row: list[_SpeakerBox] = []
    for chars in range(SPEAKER_CHARS, SPEAKER_CHARS_CROWDED - 1, -2):
        row = [
            _SpeakerBox(
                node, name, full, _text_w(name, SPEAKER_TEXT, bold=True) + 20, SPEAKER_H, False
            )
            for node, name, full in named(chars)
        ]
        if _row_width(row) <= WIDTH:
            return row
    upright = named(SPEAKER_CHARS)
    h = max(_text_w(name, SPEAKER_TEXT, bold=True) for _, name, _ in upright) + 20
    return [_SpeakerBox(node, name, full, UPRIGHT_W, h, True) for node, name, full in upright]


def _row_width(boxes: list[_SpeakerBox]) -> float:
    """The least picture width that holds the speaker row ``boxes``."""
    gap = UPRIGHT_GAP if boxes and boxes[0].upright else SPEAKER_GAP
    return sum(b.w for b in boxes) + gap * len(boxes) + 2 * MARGIN


def svg_text(graph: nx.MultiDiGraph) -> str:
    """The SVG document (a string) picturing ``graph``, a thread or corpus map."""
    issues = [(n, d) for n, d in graph.nodes(data=True) if d.get("type") == "issue"]
    items, corpus, hidden = _items(graph)
    speakers = (
        [] if corpus else [(n, d) for n, d in graph.nodes(data=True) if d.get("type") == "speaker"]
    )
    boxes = _speaker_boxes(speakers)
    # the speaker row sets the width when it needs more than WIDTH
    width = float(round(max(WIDTH, _row_width(boxes))))
    by_side: dict[tuple[str, str], list[dict]] = {}
    for _, d in items:
        by_side.setdefault((str(d.get("frame")), str(d.get("direction"))), []).append(d)

    c = _Canvas()
    c.add(
        "<defs>"
        + "".join(
            f'<marker id="dm-arrow-{name}" viewBox="0 0 10 10" refX="9" refY="5" '
            f'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
            f'<path d="M0,1 L10,5 L0,9 z" fill="{colour}"/></marker>'
            for name, colour in (("f", FAVOR), ("a", AGAINST))
        )
        + "</defs>"
    )
    title = str(graph.graph.get("title") or "")
    if graph.graph.get("kind") == "corpus":  # its title is just "Corpus": say how many threads
        n = int(
            graph.graph.get("thread_count") or len(str(graph.graph.get("threads") or "").split())
        )
        heading = (
            f"Corpus key points ({n} thread{'s' if n != 1 else ''})" if n else "Corpus key points"
        )
    else:
        heading = f"Argument map: {_clean(title)}" if title else "Argument map"
    c.add(
        f'<text x="{MARGIN}" y="38" font-size="20" font-weight="bold" fill="{INK}">'
        f"{svg_escape(_ellipsize(heading, width - 2 * MARGIN, 20, bold=True))}</text>"
    )
    top = _legend(c, corpus, bool(speakers), width) + 26

    left_x, right_x = float(MARGIN), width - MARGIN - SIDE_W
    ix = width / 2 - ISSUE_W / 2
    for _, d in issues:
        frame = str(d.get("frame"))
        issue_text = _clean(d.get("text", ""))
        head = _wrap(issue_text, ISSUE_W - 2 * PAD, ISSUE_TEXT, 3, bold=True)
        label = _ellipsize(_clean(d.get("label", "")), ISSUE_W - 2 * PAD, ISSUE_TEXT, bold=True)
        issue_rows = [(label, True), *((t, True) for t in head)]
        ih = 2 * PAD + 4 + ISSUE_LINE * len(issue_rows)
        columns = []
        for direction, left in (("favor", True), ("against", False)):
            column = [_claim_box(cd, corpus) for cd in by_side.get((frame, direction), [])]
            columns.append((column, left))
        height = max(
            ih + BOX_GAP,
            *(sum(b.height + BOX_GAP for b in column) for column, _ in columns),
        )
        centre = top + height / 2
        for column, left in columns:
            colour, fill, mark = (FAVOR, FAVOR_FILL, "f") if left else (AGAINST, AGAINST_FILL, "a")
            bx = left_x if left else right_x
            extra = (height - sum(b.height for b in column)) / max(len(column), 1)
            y_slot = top
            for k, box in enumerate(column):
                slot = box.height + extra
                y = y_slot + slot / 2
                y_slot += slot
                # arrow from the box edge to the issue's edge, spread along that edge
                spread = (k - (len(column) - 1) / 2) * min(7.0, (ih - 16) / max(len(column), 1))
                x0 = bx + SIDE_W if left else bx
                x1 = ix - 2 if left else ix + ISSUE_W + 2
                dash = "" if left else f' stroke-dasharray="{DASH}"'
                c.add(
                    f'<line x1="{x0:.1f}" y1="{y:.1f}" x2="{x1:.1f}" y2="{centre + spread:.1f}" '
                    f'stroke="{colour}" stroke-width="1.5" stroke-opacity="0.9"{dash} '
                    f'marker-end="url(#dm-arrow-{mark})"/>'
                )
                _titled(
                    c,
                    box.title,
                    _box_elements(bx, y - box.height / 2, SIDE_W, box.height, fill, colour, 1.4)
                    + _text_elements(bx + SIDE_W / 2, y, box.rows),
                )
        _titled(
            c,
            f"{d.get('label', '')}: {issue_text}" if _cut(head, issue_text) else "",
            _box_elements(ix, centre - ih / 2, ISSUE_W, ih, NEUTRAL_FILL, NEUTRAL, 2)
            + _text_elements(
                width / 2, centre, issue_rows, size=ISSUE_TEXT, colour=INK, line=ISSUE_LINE
            ),
        )
        top += height + BLOCK_GAP

    if speakers:
        top = _speaker_band(c, graph, boxes, top, width)
    if hidden:
        note = (
            f"{hidden} less prevalent key point{'s are' if hidden != 1 else ' is'} not drawn; "
            "all are in the map files and the key points table."
        )
        rows = _wrap(note, width - 2 * MARGIN, TEXT, 3)
        c.lines(
            MARGIN,
            top + 8 + (len(rows) - 1) * LINE / 2,
            [(t, False) for t in rows],
            colour=MUTED,
            anchor="start",
        )
        top += 16 + LINE * len(rows)
    height_px = round(top + 10)
    w = round(width)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{height_px}" '
        f'viewBox="0 0 {w} {height_px}" font-family="{FONT}" role="img">\n'
        f"<title>{svg_escape(title)}</title>\n"
        f'<rect width="{w}" height="{height_px}" fill="#ffffff"/>\n'
        + "\n".join(c.parts)
        + "\n</svg>\n"
    )


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    """Whether rectangles ``(x0, y0, x1, y1)`` overlap (touching edges do not)."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _speaker_band(
    c: _Canvas,
    graph: nx.MultiDiGraph,
    boxes: list[_SpeakerBox],
    top: float,
    width: float,
) -> float:
    """Draw the speaker row with agreement arcs from ``top``; return the bottom of the band.

    Boxes are laid out by their measured widths (never overlapping; names
    upright in a crowded row, :func:`_speaker_boxes`); agreement arcs run
    above the row and disagreement arcs below it, so two speakers who both
    agree and disagree get two arcs that never cover each other. Each arc's
    label sits at the arc's apex, or — when that spot is taken by another label
    or a box — further along the arc, or else stacked outwards from it, always
    :data:`ARC_LABEL_GAP` clear of the others. A label is short (the cues and
    the claim count, at most :data:`ARC_LABEL_W` wide: the speakers are the
    arc's ends, the relation its colour and side); its tooltip says it all.
    Geometry is worked out relative to the row's centre line, then drawn.
    """
    c.add(
        f'<line x1="{MARGIN}" y1="{top:.1f}" x2="{width - MARGIN:.1f}" y2="{top:.1f}" '
        f'stroke="{RULE}" stroke-width="1"/>'
    )
    c.add(
        f'<text x="{MARGIN}" y="{top + 22:.1f}" font-size="13" font-weight="bold" '
        f'fill="{MUTED}">Speakers</text>'
    )
    # every box gets its width plus an equal share of the room left
    extra = (width - 2 * MARGIN - sum(b.w for b in boxes)) / max(len(boxes), 1)
    pos: dict[str, float] = {}
    x = float(MARGIN)
    for b in boxes:
        pos[b.node] = x + (b.w + extra) / 2
        x += b.w + extra
    names = {b.node: b.full for b in boxes}
    half = max(b.h for b in boxes) / 2  # every box of a row is as tall
    # arcs leave a box this far from its middle, towards the other end
    offset = min(10.0, boxes[0].w / 2 - 4)
    obstacles = [(pos[b.node] - b.w / 2, -half - 4, pos[b.node] + b.w / 2, half + 4) for b in boxes]

    links = _speaker_links(graph)
    drawn = [(u, v, rel, link) for (u, v, rel), link in links.items() if u in pos and v in pos]
    drawn.sort(key=lambda a: (a[2] != "agrees", abs(pos[a[1]] - pos[a[0]])))  # short arcs first
    twins: dict[tuple[str, str, str], int] = {}
    arcs: list[tuple[float, float, float, float, float, float, str, str]] = []
    labels: list[tuple[tuple[float, float, float, float], str, str, str]] = []
    reach = {True: half, False: half}  # how far arcs and labels go (above?)
    for u, v, rel, link in drawn:
        explicit = list(dict.fromkeys(x for x in link.cues if x))
        told = [f"“{x}”" for x in explicit]  # the tooltip's parts: whose claims too
        # distinct claims: 2 of Smith's claims agreeing with 2 of Sylvia's were
        # "4 claims", one per pair of claims
        n_mine = _count(len(link.mine), "claim") if link.mine else ""
        if link.mine:
            told.append(
                f"{n_mine} by {_clean(graph.nodes[u].get('label', ''))}, "
                f"with {len(link.theirs)} by {_clean(graph.nodes[v].get('label', ''))}"
            )
        agrees = rel == "agrees"
        sign = -1 if agrees else 1
        # a pair's second arc (B→A after A→B) rises higher, not on top of the first
        pair = (min(u, v), max(u, v), rel)
        level = twins.get(pair, 0)
        twins[pair] = level + 1
        rise = min(120.0, 28 + 0.16 * abs(pos[v] - pos[u])) + ARC_TWIN_STEP * level
        ys, h = sign * (half + 2), sign * rise
        x0 = pos[u] + (offset if pos[v] > pos[u] else -offset)
        x1 = pos[v]
        weight = len(explicit) + len(link.mine)
        stroke = min(3.2, 1.1 + 0.4 * (weight - 1) + (0.7 if explicit else 0.0))
        full = f"{names[u]} {rel} with {names[v]}" + (": " + "; ".join(told) if told else "")
        arcs.append((x0, ys, (x0 + x1) / 2, ys + 2 * h, x1, stroke, "f" if agrees else "a", full))
        # an edge with neither cue nor claim (a relations table without cues) says its relation
        label = _arc_label(told[: len(explicit)], n_mine) or rel
        lw = _text_w(label, ARC_TEXT) + 10
        spot = _label_spot(x0, x1, ys, h, lw, [s for s, *_ in labels] + obstacles, width)
        labels.append((spot, label, rel, full))
        reach[agrees] = max(reach[agrees], abs(ys + h), abs(spot[1]), abs(spot[3]))
    y_row = top + 40 + reach[True]

    for x0, ys, xm, yc, x1, stroke, mark, full in arcs:
        colour = FAVOR if mark == "f" else AGAINST
        dash = "" if mark == "f" else f' stroke-dasharray="{DASH}"'
        c.add(
            f'<path d="M{x0:.1f},{y_row + ys:.1f} Q{xm:.1f},{y_row + yc:.1f} '
            f'{x1:.1f},{y_row + ys:.1f}" fill="none" stroke="{colour}" '
            f'stroke-width="{stroke:.1f}"{dash} marker-end="url(#dm-arrow-{mark})">'
            f"<title>{svg_escape(full)}</title></path>"
        )
    for b in boxes:  # boxes over the arcs' ends, labels over everything
        cx = pos[b.node]
        if b.upright:  # turned a quarter left about the box's centre: reads bottom to top
            name = [
                f'<text x="{cx:.1f}" y="{y_row + SPEAKER_TEXT * 0.35:.1f}" font-size="{SPEAKER_TEXT}" '
                f'fill="{INK}" text-anchor="middle" font-weight="bold" '
                f'transform="rotate(-90 {cx:.1f} {y_row:.1f})">{svg_escape(b.name)}</text>'
            ]
        else:
            name = _text_elements(cx, y_row, [(b.name, True)], size=SPEAKER_TEXT)
        _titled(
            c,
            b.full,
            _box_elements(cx - b.w / 2, y_row - b.h / 2, b.w, b.h, SPEAKER_FILL, SPEAKER_EDGE, 1.2)
            + name,
        )
    for (lx0, ly0, lx1, ly1), label, rel, full in labels:
        colour = FAVOR if rel == "agrees" else AGAINST
        c.add(
            f'<g class="arc-label"><title>{svg_escape(full)}</title>'
            f'<rect x="{lx0:.1f}" y="{y_row + ly0:.1f}" width="{lx1 - lx0:.1f}" '
            f'height="{ly1 - ly0:.1f}" rx="4" fill="#ffffff" fill-opacity="0.92"/>'
            f'<text x="{(lx0 + lx1) / 2:.1f}" y="{y_row + (ly0 + ly1) / 2 + ARC_TEXT * 0.35:.1f}" '
            f'font-size="{ARC_TEXT}" fill="{colour}" text-anchor="middle">{svg_escape(label)}</text></g>'
        )
    return y_row + reach[False] + 22


def _arc_label(cues: list[str], claims: str) -> str:
    """An arc's short label: its quoted ``cues`` then its ``claims`` count
    ("“Nonsense” · 1 claim"), at most :data:`ARC_LABEL_W` wide with its backing.

    The cues are cut first ("“With all due…” · 1 claim"), so the count always
    shows. The review found two reciprocal arcs' labels, each over 300 units
    ("disagrees: “With all due respect”; 1 claim by…"), drawn over one another.
    """
    room = ARC_LABEL_W - 10
    tail = f" · {claims}" if claims and cues else claims
    said = _ellipsize(", ".join(cues), room - _text_w(tail, ARC_TEXT), ARC_TEXT) if cues else ""
    return said + tail


def _label_spot(
    x0: float,
    x1: float,
    ys: float,
    h: float,
    lw: float,
    taken: list[tuple[float, float, float, float]],
    width: float,
) -> tuple[float, float, float, float]:
    """Where an arc's label goes: the first free spot on the arc, from its apex outwards
    along it, then the same stacked away from the row — ``(x0, y0, x1, y1)``, row-relative.

    The arc is the quadratic from ``(x0, ys)`` to ``(x1, ys)`` with apex ``ys + h``.
    The stack grows until a spot is free (beyond every label taken one is):
    a crowded row's labels go further out rather than on top of one another.
    A spot is free when it is :data:`ARC_LABEL_GAP` clear of every one taken.
    """
    sign = 1 if h > 0 else -1
    gap = ARC_LABEL_GAP
    for lift in count():
        for t in (0.5, 0.4, 0.6, 0.32, 0.68):
            cx = x0 + t * (x1 - x0)
            cy = ys + 4 * t * (1 - t) * h + sign * lift * (ARC_LABEL_H + gap)
            left = min(max(cx - lw / 2, MARGIN), width - MARGIN - lw)
            spot = (left, cy - ARC_LABEL_H / 2, left + lw, cy + ARC_LABEL_H / 2)
            clear = (spot[0] - gap, spot[1] - gap, spot[2] + gap, spot[3] + gap)
            if not any(_overlaps(clear, other) for other in taken):
                return spot
    raise AssertionError("unreachable: count() never ends")


def render_svg(graph: nx.MultiDiGraph, path: str | Path) -> Path:
    """Draw ``graph`` (thread or corpus map) as SVG text to ``path``; returns the path.

    The file is SVG whatever its name, as every other format is written to
    whatever name it is given (``-f dot -o x.png`` writes DOT): the format is
    chosen by the caller, never guessed from the suffix. For slides convert the
    SVG, e.g. ``rsvg-convert -w 1600 map.svg -o map.png``.
    """
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(svg_text(graph), encoding="utf-8")
    return p
