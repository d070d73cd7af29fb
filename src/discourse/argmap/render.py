"""A picture of an argument map, drawn with matplotlib (no Graphviz needed).

Layout, chosen so a five-comment thread reads at a glance: the issues (one
per frame, blue) stand in the middle column; claims in favour are on the
left in green, claims against on the right in red, each labelled with its
speaker and joined to its issue by a green (supports) or red (attacks)
arrow. Speakers form a row at the bottom, joined by arcs where one agrees
(green) or disagrees (red, dashed) with another, labelled with the cue
("Great post", "Second all that") or the number of shared positions. A
corpus map shows its key points — sized by prevalence — instead of single
claims.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import networkx as nx
from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .graph import speaker_node

GREEN, GREEN_FILL = "#1a7f37", "#e3f4e1"
RED, RED_FILL = "#c62828", "#fde4e1"
BLUE, BLUE_FILL = "#1f4e79", "#dbe8f6"
SPEAKER_FILL = "#fff2cc"

#: Most key points drawn per frame and side in a corpus picture.
MAX_KEY_POINTS = 6


def _wrap(text: str, width: int, lines: int) -> str:
    parts = textwrap.wrap(" ".join(str(text).split()), width) or [""]
    if len(parts) > lines:
        parts = [*parts[: lines - 1], parts[lines - 1][: width - 1].rstrip() + "…"]
    return "\n".join(parts)


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


def _arc(
    ax: object,
    x0: float,
    x1: float,
    y: float,
    up: bool,
    colour: str,
    dashed: bool,
    lw: float,
    label: str,
    depth: float,
) -> None:
    """A quadratic arc from ``(x0, y)`` to ``(x1, y)`` bulging up or down, labelled at its apex."""
    from matplotlib.patches import FancyArrowPatch
    from matplotlib.path import Path as MplPath

    h = depth * (0.35 + min(1.0, abs(x1 - x0) * 1.6)) * (1 if up else -1)
    xm = (x0 + x1) / 2
    path = MplPath(
        [(x0, y), (xm, y + 2 * h), (x1, y)], [MplPath.MOVETO, MplPath.CURVE3, MplPath.CURVE3]
    )
    ax.add_patch(
        FancyArrowPatch(
            path=path,
            arrowstyle="-|>,head_length=6,head_width=3",
            color=colour,
            lw=lw,
            ls="--" if dashed else "-",
            zorder=2,
        )
    )
    ax.text(
        xm,
        y + h,
        label,
        ha="center",
        va="center",
        fontsize=7,
        color=colour,
        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.9},
        zorder=5,
    )


def render_svg(graph: nx.MultiDiGraph, path: str | Path) -> Path:
    """Draw ``graph`` (thread or corpus map) to an SVG file at ``path`` (PNG for ``.png``)."""
    issues = [(n, d) for n, d in graph.nodes(data=True) if d.get("type") == "issue"]
    items, corpus, hidden = _items(graph)
    speakers = (
        [] if corpus else [(n, d) for n, d in graph.nodes(data=True) if d.get("type") == "speaker"]
    )
    # one horizontal block per frame: favour on the left, against on the right, issue between
    blocks = []
    for node, d in issues:
        fav = [
            x
            for x in items
            if x[1].get("frame") == d.get("frame") and x[1].get("direction") == "favor"
        ]
        ag = [
            x
            for x in items
            if x[1].get("frame") == d.get("frame") and x[1].get("direction") == "against"
        ]
        blocks.append((node, d, fav, ag, max(len(fav), len(ag), 1)))
    gap = 0.5
    rows = sum(b[4] for b in blocks) + gap * max(0, len(blocks) - 1)
    band = 4.0 if speakers else 0.0
    fig = Figure(figsize=(16, max(6.0, 0.72 * (rows + band + 1.5))))
    ax = fig.add_axes((0.01, 0.01, 0.98, 0.93))
    ax.set_xlim(0, 1)
    ax.set_ylim(-band - 0.2, rows + 0.2)
    ax.axis("off")
    title = str(graph.graph.get("title") or "Argument map")
    fig.suptitle(
        f"{'Corpus key points' if corpus else 'Argument map'}: {title}",
        fontsize=14,
        fontweight="bold",
        x=0.01,
        ha="left",
    )
    if hidden:
        fig.text(
            0.01,
            0.005,
            f"{hidden} less prevalent key point(s) not drawn; all are in the map files and "
            "the key points table.",
            fontsize=8,
            color="#555555",
        )
    top = rows
    for _issue, d, fav, ag, n in blocks:
        centre = top - n / 2
        ax.text(
            0.5,
            centre,
            f"{d.get('label', '')}\n" + _wrap(str(d.get("text", "")), 30, 2),
            ha="center",
            va="center",
            fontsize=10,
            fontweight="bold",
            color=BLUE,
            bbox={"boxstyle": "round,pad=0.6", "fc": BLUE_FILL, "ec": BLUE, "lw": 2},
            zorder=4,
        )
        for column, x, colour, fill in ((fav, 0.19, GREEN, GREEN_FILL), (ag, 0.81, RED, RED_FILL)):
            for k, (_, cd) in enumerate(column):
                y = top - (k + 0.5) * n / len(column)
                if corpus:
                    text = f"×{cd.get('prevalence', 1)}  {cd.get('text', '')}"
                    label = _wrap(text, 54, 2) + f"\n— {_wrap(str(cd.get('speakers', '')), 60, 1)}"
                else:
                    label = f"{cd.get('speaker', '')}:\n" + _wrap(str(cd.get("text", "")), 54, 2)
                ax.text(
                    x,
                    y,
                    label,
                    ha="center",
                    va="center",
                    fontsize=8,
                    bbox={"boxstyle": "round,pad=0.4", "fc": fill, "ec": colour, "lw": 1.4},
                    zorder=3,
                )
                x0 = x + (0.135 if x < 0.5 else -0.135)
                x1 = 0.5 + (-0.075 if x < 0.5 else 0.075)
                ax.annotate(
                    "",
                    xy=(x1, centre),
                    xytext=(x0, y),
                    arrowprops={
                        "arrowstyle": "-|>",
                        "color": colour,
                        "lw": 1.3,
                        "alpha": 0.85,
                        "shrinkA": 0,
                        "shrinkB": 4,
                    },
                    zorder=2,
                )
        top -= n + gap

    if speakers:
        y_row = -band / 2 - 0.1
        ax.axhline(-0.15, color="#cccccc", lw=0.8)
        ax.text(0.0, -0.45, "Speakers", fontsize=10, fontweight="bold", color="#444444")
        pos: dict[str, float] = {}
        for k, (node, d) in enumerate(speakers):
            x = (k + 0.5) / len(speakers)
            pos[node] = x
            role = " (author)" if d.get("role") == "author" else ""
            ax.text(
                x,
                y_row,
                f"{d.get('label', '')}{role}",
                ha="center",
                va="center",
                fontsize=9,
                fontweight="bold",
                bbox={"boxstyle": "round,pad=0.5", "fc": SPEAKER_FILL, "ec": "#8a6d00"},
                zorder=4,
            )
        for (u, v, rel), cues in _speaker_links(graph).items():
            if u not in pos or v not in pos:
                continue
            explicit = list(dict.fromkeys(c for c in cues if c))
            shared = sum(1 for c in cues if not c)
            parts = [f"“{c}”" for c in explicit] + ([f"{shared} claim(s)"] if shared else [])
            agrees = rel == "agrees"
            _arc(
                ax,
                pos[u] + (0.012 if pos[v] > pos[u] else -0.012),
                pos[v],
                y_row + (0.35 if agrees else -0.35),
                agrees,
                GREEN if agrees else RED,
                not agrees,
                1.5 if explicit else 0.9,
                f"{rel}: " + _wrap("; ".join(parts), 34, 1),
                band / 6,
            )

    handles = [
        Patch(fc=BLUE_FILL, ec=BLUE, label="issue (policy proposition)"),
        Patch(
            fc=GREEN_FILL, ec=GREEN, label="key point in favour" if corpus else "claim in favour"
        ),
        Patch(fc=RED_FILL, ec=RED, label="key point against" if corpus else "claim against"),
        Line2D([], [], color=GREEN, label="supports / agrees (arc above)"),
        Line2D([], [], color=RED, ls="--", label="attacks / disagrees (arc below)"),
    ]
    if speakers:
        handles.append(Patch(fc=SPEAKER_FILL, ec="#8a6d00", label="speaker"))
    fig.legend(handles=handles, loc="upper right", ncol=3, fontsize=8, frameon=False)
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    if p.suffix.lower() == ".png":  # handy for slides; the map formats use SVG
        fig.savefig(p, format="png", dpi=110)
    else:
        # text stays text: searchable, selectable, and a fraction of the size of glyph paths
        with rc_context({"svg.fonttype": "none", "svg.hashsalt": "discourse"}):
            fig.savefig(p, format="svg", metadata={"Date": None})
    return p
