"""A picture of an argument map, written directly as SVG text (no plotting library).

Layout, chosen so a five-comment thread reads at a glance: the issues (one
per frame, blue) stand in the middle column; claims in favour are on the
left in green, claims against on the right in red, each labelled with its
speaker and joined to its issue by a green (supports) or red (attacks)
arrow. Speakers form a row at the bottom, joined by arcs where one agrees
(green, above the row) or disagrees (red, dashed, below) with another,
labelled with the cue ("Great post", "Second all that") or the number of
shared positions. A corpus map shows its key points — with their prevalence
and speakers — instead of single claims.

The picture is built as a string: a thread map takes a few milliseconds
(matplotlib took about half a second), text stays text (searchable,
selectable, escaped), and the file is self-contained — system fonts, no
scripts, no external links.
"""

from __future__ import annotations

import re
import textwrap
from html import escape
from pathlib import Path

import networkx as nx

from .graph import speaker_node

GREEN, GREEN_FILL = "#1a7f37", "#e3f4e1"
RED, RED_FILL = "#c62828", "#fde4e1"
BLUE, BLUE_FILL = "#1f4e79", "#dbe8f6"
SPEAKER_FILL, SPEAKER_EDGE = "#fff2cc", "#8a6d00"
INK, MUTED, RULE = "#222222", "#555555", "#cccccc"
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"

#: Most key points drawn per frame and side in a corpus picture.
MAX_KEY_POINTS = 6

# geometry (pixels)
WIDTH = 1400
MARGIN = 24
SIDE_W = 400  # claim / key point box width
ISSUE_W = 250
LEFT_X = MARGIN + 16  # left edge of the favour column
RIGHT_X = WIDTH - MARGIN - 16 - SIDE_W  # left edge of the against column
MID_X = WIDTH / 2
ROW_H = 66  # vertical room per claim
BLOCK_GAP = 30  # between frames
LINE = 14  # line height of 11.5 px text
TOP = 96  # first row of the map, below title and legend

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _esc(text: object) -> str:
    """``text`` safe inside an SVG element or attribute (XML-invalid characters dropped)."""
    return escape(_CONTROL.sub("", str(text)), quote=True)


def _wrap(text: str, width: int, lines: int) -> list[str]:
    parts = textwrap.wrap(" ".join(str(text).split()), width) or [""]
    if len(parts) > lines:
        parts = [*parts[: lines - 1], parts[lines - 1][: width - 1].rstrip() + "…"]
    return parts


def _text_w(text: str, size: float, bold: bool = False) -> float:
    """Rough rendered width of ``text`` (sans-serif); enough to size boxes and labels."""
    return len(text) * size * (0.62 if bold else 0.56)


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


def _speaker_links(graph: nx.MultiDiGraph) -> dict[tuple[str, str, str], list[str]]:
    """``(speaker, speaker, relation)`` → cues, folding claim-level agreement onto speakers."""
    links: dict[tuple[str, str, str], list[str]] = {}
    for u, v, d in graph.edges(data=True):
        rel = d.get("relation")
        if rel not in ("agrees", "disagrees"):
            continue
        target = v
        if graph.nodes[v].get("type") == "claim":
            target = speaker_node(str(graph.nodes[v].get("speaker", "")))
            cue = ""
        else:
            cue = str(d.get("cue", ""))
        if target == u or target not in graph:
            continue
        links.setdefault((u, target, str(rel)), []).append(cue)
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
        size: float = 11.5,
        colour: str = INK,
        anchor: str = "middle",
    ) -> None:
        """Text lines centred vertically on ``y``: ``rows`` are ``(text, bold)``.

        One ``<text>`` element per line (rather than ``<tspan>``s) keeps every line
        findable by a plain XML reader.
        """
        top = y - (len(rows) - 1) * LINE / 2
        for k, (text, bold) in enumerate(rows):
            weight = ' font-weight="bold"' if bold else ""
            self.add(
                f'<text x="{x:.1f}" y="{top + k * LINE + size * 0.35:.1f}" font-size="{size}" '
                f'fill="{colour}" text-anchor="{anchor}"{weight}>{_esc(text)}</text>'
            )


def _legend(c: _Canvas, corpus: bool, speakers: bool) -> None:
    entries: list[tuple[str, str, str, bool]] = [  # (kind, colour, fill, dashed) + label
        ("box", BLUE, BLUE_FILL, False),
        ("box", GREEN, GREEN_FILL, False),
        ("box", RED, RED_FILL, False),
        ("line", GREEN, "", False),
        ("line", RED, "", True),
    ]
    labels = [
        "issue (policy proposition)",
        "key point in favour" if corpus else "claim in favour",
        "key point against" if corpus else "claim against",
        "supports" if corpus else "supports / agrees (arc above)",
        "attacks" if corpus else "attacks / disagrees (arc below)",
    ]
    if speakers:
        entries.append(("box", SPEAKER_EDGE, SPEAKER_FILL, False))
        labels.append("speaker")
    x: float = MARGIN
    y = 62
    for (kind, colour, fill, dashed), label in zip(entries, labels, strict=True):
        if kind == "box":
            c.add(
                f'<rect x="{x}" y="{y - 6}" width="22" height="12" rx="3" fill="{fill}" '
                f'stroke="{colour}" stroke-width="1.4"/>'
            )
        else:
            dash = ' stroke-dasharray="5 3"' if dashed else ""
            c.add(
                f'<line x1="{x}" y1="{y}" x2="{x + 22}" y2="{y}" stroke="{colour}" '
                f'stroke-width="1.6"{dash}/>'
            )
        c.add(f'<text x="{x + 28}" y="{y + 4}" font-size="11" fill="{INK}">{_esc(label)}</text>')
        x += 28 + _text_w(label, 11) + 26


def svg_text(graph: nx.MultiDiGraph) -> str:
    """The SVG document (a string) picturing ``graph``, a thread or corpus map."""
    issues = [(n, d) for n, d in graph.nodes(data=True) if d.get("type") == "issue"]
    items, corpus, hidden = _items(graph)
    speakers = (
        [] if corpus else [(n, d) for n, d in graph.nodes(data=True) if d.get("type") == "speaker"]
    )
    by_side: dict[tuple[str, str], list[dict]] = {}
    for _, d in items:
        by_side.setdefault((str(d.get("frame")), str(d.get("direction"))), []).append(d)
    blocks = []
    for _, d in issues:
        frame = str(d.get("frame"))
        fav, ag = by_side.get((frame, "favor"), []), by_side.get((frame, "against"), [])
        blocks.append((d, fav, ag, max(len(fav), len(ag), 1)))

    c = _Canvas()
    c.add(
        "<defs>"
        + "".join(
            f'<marker id="dm-arrow-{name}" viewBox="0 0 10 10" refX="9" refY="5" '
            f'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
            f'<path d="M0,1 L10,5 L0,9 z" fill="{colour}"/></marker>'
            for name, colour in (("g", GREEN), ("r", RED))
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
        heading = f"Argument map: {title}" if title else "Argument map"
    c.add(
        f'<text x="{MARGIN}" y="38" font-size="20" font-weight="bold" fill="{INK}">'
        f"{_esc(heading)}</text>"
    )
    _legend(c, corpus, bool(speakers))

    top = float(TOP)
    for d, fav, ag, n in blocks:
        height = n * ROW_H
        centre = top + height / 2
        head = _wrap(str(d.get("text", "")), 30, 2)
        ih = 22 + LINE * (1 + len(head))
        ix = MID_X - ISSUE_W / 2
        for column, left, colour, fill, mark in (
            (fav, True, GREEN, GREEN_FILL, "g"),
            (ag, False, RED, RED_FILL, "r"),
        ):
            bx = LEFT_X if left else RIGHT_X
            for k, cd in enumerate(column):
                y = top + (k + 0.5) * height / len(column)
                if corpus:
                    body = _wrap(f"×{cd.get('prevalence', 1)}  {cd.get('text', '')}", 58, 2)
                    rows = [(t, False) for t in body]
                    rows.append(("— " + _wrap(str(cd.get("speakers", "")), 60, 1)[0], True))
                else:
                    rows = [(f"{cd.get('speaker', '')}:", True)]
                    rows += [(t, False) for t in _wrap(str(cd.get("text", "")), 58, 2)]
                bh = 12 + LINE * len(rows)
                # arrow from the box edge to the issue's edge, spread along that edge
                spread = (k - (len(column) - 1) / 2) * min(7.0, (ih - 16) / max(len(column), 1))
                x0 = bx + SIDE_W if left else bx
                x1 = ix - 2 if left else ix + ISSUE_W + 2
                c.add(
                    f'<line x1="{x0:.1f}" y1="{y:.1f}" x2="{x1:.1f}" y2="{centre + spread:.1f}" '
                    f'stroke="{colour}" stroke-width="1.4" stroke-opacity="0.85" '
                    f'marker-end="url(#dm-arrow-{mark})"/>'
                )
                c.box(bx, y - bh / 2, SIDE_W, bh, fill, colour, 1.4)
                c.lines(bx + SIDE_W / 2, y, rows)
        c.box(ix, centre - ih / 2, ISSUE_W, ih, BLUE_FILL, BLUE, 2)
        c.lines(
            MID_X,
            centre,
            [(str(d.get("label", "")), True), *((t, True) for t in head)],
            size=12.5,
            colour=BLUE,
        )
        top += height + BLOCK_GAP

    if speakers:
        top = _speaker_band(c, graph, speakers, top)
    if hidden:
        c.add(
            f'<text x="{MARGIN}" y="{top + 6:.1f}" font-size="11" fill="{MUTED}">'
            f"{hidden} less prevalent key point(s) not drawn; all are in the map files and "
            "the key points table.</text>"
        )
        top += 16
    height = round(top + 10)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="{FONT}" role="img">\n'
        f"<title>{_esc(title)}</title>\n"
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>\n'
        + "\n".join(c.parts)
        + "\n</svg>\n"
    )


def _speaker_band(
    c: _Canvas, graph: nx.MultiDiGraph, speakers: list[tuple[str, dict]], top: float
) -> float:
    """Draw the speaker row with agreement arcs from ``top``; return the bottom of the band."""
    c.add(
        f'<line x1="{MARGIN}" y1="{top:.1f}" x2="{WIDTH - MARGIN}" y2="{top:.1f}" '
        f'stroke="{RULE}" stroke-width="1"/>'
    )
    c.add(
        f'<text x="{MARGIN}" y="{top + 22:.1f}" font-size="13" font-weight="bold" '
        f'fill="{MUTED}">Speakers</text>'
    )
    links = _speaker_links(graph)
    span = WIDTH - 2 * MARGIN
    pos = {node: MARGIN + (k + 0.5) * span / len(speakers) for k, (node, _) in enumerate(speakers)}
    drawn = [(u, v, rel, cues) for (u, v, rel), cues in links.items() if u in pos and v in pos]

    def rise(u: str, v: str) -> float:
        return min(120.0, 28 + 0.16 * abs(pos[v] - pos[u]))

    above = max([rise(u, v) for u, v, rel, _ in drawn if rel == "agrees"] or [0.0])
    below = max([rise(u, v) for u, v, rel, _ in drawn if rel != "agrees"] or [0.0])
    y_row = top + 40 + above + 18
    labels: list[str] = []
    for u, v, rel, cues in drawn:
        explicit = list(dict.fromkeys(x for x in cues if x))
        shared = sum(1 for x in cues if not x)
        parts = [f"“{x}”" for x in explicit] + ([f"{shared} claim(s)"] if shared else [])
        agrees = rel == "agrees"
        colour, mark = (GREEN, "g") if agrees else (RED, "r")
        sign = -1 if agrees else 1
        y = y_row + sign * 16
        x0 = pos[u] + (10 if pos[v] > pos[u] else -10)
        x1 = pos[v]
        h = rise(u, v) * sign
        xm = (x0 + x1) / 2
        dash = "" if agrees else ' stroke-dasharray="6 4"'
        c.add(
            f'<path d="M{x0:.1f},{y:.1f} Q{xm:.1f},{y + 2 * h:.1f} {x1:.1f},{y:.1f}" fill="none" '
            f'stroke="{colour}" stroke-width="{1.8 if explicit else 1.1}"{dash} '
            f'marker-end="url(#dm-arrow-{mark})"/>'
        )
        label = f"{rel}: " + _wrap("; ".join(parts), 40, 1)[0]
        lw = _text_w(label, 10) + 10
        labels.append(
            f'<rect x="{xm - lw / 2:.1f}" y="{y + h - 8:.1f}" width="{lw:.1f}" height="16" '
            f'rx="4" fill="#ffffff" fill-opacity="0.92"/>'
            f'<text x="{xm:.1f}" y="{y + h + 3.5:.1f}" font-size="10" fill="{colour}" '
            f'text-anchor="middle">{_esc(label)}</text>'
        )
    for node, d in speakers:  # boxes over the arcs' ends, labels over everything
        role = " (author)" if d.get("role") == "author" else ""
        name = f"{d.get('label', '')}{role}"
        w = _text_w(name, 12, bold=True) + 22
        c.box(pos[node] - w / 2, y_row - 14, w, 28, SPEAKER_FILL, SPEAKER_EDGE, 1.2)
        c.lines(pos[node], y_row, [(name, True)], size=12)
    c.parts.extend(labels)
    return y_row + 16 + below + 22


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
