"""The argument-map picture's geometry: nothing overlaps, nothing leaves the picture.

A visual review found a long speaker name ("Dr. Maria-Fernanda Gutiérrez de la
Concepción (Universidad Nacional Autónoma de México)") drawn as a box that hid
another speaker, claim headers cut off at the picture's left edge, arc labels
written on top of each other, undashed attack arrows under a legend that says
dashed, and 8 px text. These tests measure the SVG as drawn.
"""

from __future__ import annotations

import math
import random
import re
import xml.etree.ElementTree as ET
from itertools import combinations
from pathlib import Path

import networkx as nx
import pytest

from discourse.argmap import build_corpus_map
from discourse.argmap.graph import speaker_node
from discourse.argmap.render import (
    AGAINST,
    AGAINST_FILL,
    ARC_LABEL_GAP,
    ARC_LABEL_W,
    FAVOR,
    FAVOR_FILL,
    MAX_KEY_POINTS,
    NEUTRAL,
    NEUTRAL_FILL,
    SPEAKER_CHARS,
    SPEAKER_FILL,
    SPEAKER_TEXT,
    _ellipsize,
    _text_w,
    _wrap,
    svg_text,
)

NS = "{http://www.w3.org/2000/svg}"
LONG = "Dr. Maria-Fernanda Gutiérrez de la Concepción (Universidad Nacional Autónoma de México)"
Rect = tuple[float, float, float, float]


# ---------------------------------------------------------------- helpers


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg.encode("utf-8"))


def _view(root: ET.Element) -> Rect:
    x, y, w, h = map(float, root.get("viewBox", "").split())
    return x, y, x + w, y + h


def _rect(r: ET.Element) -> Rect:
    x, y = float(r.get("x", 0)), float(r.get("y", 0))
    return x, y, x + float(r.get("width", 0)), y + float(r.get("height", 0))


_ROTATE = re.compile(r"rotate\(\s*(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s*\)")


def _text_box(t: ET.Element) -> Rect:
    """The extent of a ``<text>``: its measured width placed by its anchor, ascent/descent,
    turned as its ``transform="rotate(a cx cy)"`` says (the bounding box of the turned text)."""
    size = float(t.get("font-size", 16))
    w = _text_w(t.text or "", size, bold=t.get("font-weight") == "bold")
    x, y = float(t.get("x", 0)), float(t.get("y", 0))
    left = {"middle": x - w / 2, "end": x - w}.get(t.get("text-anchor", "start"), x)
    box = (left, y - 0.8 * size, left + w, y + 0.25 * size)
    turn = _ROTATE.fullmatch(t.get("transform", ""))
    if turn is None:
        assert not t.get("transform"), t.get("transform")  # no other transform is measured
        return box
    a, cx, cy = (float(v) for v in turn.groups())
    cos, sin = math.cos(math.radians(a)), math.sin(math.radians(a))
    corners = [
        (cx + (px - cx) * cos - (py - cy) * sin, cy + (px - cx) * sin + (py - cy) * cos)
        for px in (box[0], box[2])
        for py in (box[1], box[3])
    ]
    xs, ys = [p[0] for p in corners], [p[1] for p in corners]
    return min(xs), min(ys), max(xs), max(ys)


def _inside(inner: Rect, outer: Rect, slack: float = 0.5) -> bool:
    return (
        inner[0] >= outer[0] - slack
        and inner[1] >= outer[1] - slack
        and inner[2] <= outer[2] + slack
        and inner[3] <= outer[3] + slack
    )


def _overlap(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _speaker_groups(root: ET.Element) -> list[tuple[Rect, str, str]]:
    """``(box, name drawn, tooltip)`` of every speaker of the bottom row."""
    out = []
    for g in root.iter(f"{NS}g"):
        rect = g.find(f"{NS}rect")
        if rect is None or rect.get("fill") != SPEAKER_FILL:
            continue
        text, title = g.find(f"{NS}text"), g.find(f"{NS}title")
        assert text is not None and title is not None
        out.append((_rect(rect), text.text or "", title.text or ""))
    return out


def _arc_labels(root: ET.Element) -> list[tuple[Rect, str]]:
    return [(rect, text) for rect, text, _, _ in _arc_label_groups(root)]


def _arc_label_groups(root: ET.Element) -> list[tuple[Rect, str, str, str]]:
    """``(backing, text, colour, tooltip)`` of every arc label."""
    out = []
    for g in root.iter(f"{NS}g"):
        if g.get("class") == "arc-label":
            rect, text = g.find(f"{NS}rect"), g.find(f"{NS}text")
            assert rect is not None and text is not None
            out.append(
                (_rect(rect), text.text or "", text.get("fill", ""), g.findtext(f"{NS}title", ""))
            )
    return out


def _assert_nothing_leaves(root: ET.Element) -> None:
    """Every text and box lies inside the viewBox, and every text inside the box it is in."""
    view = _view(root)
    rects = [_rect(r) for r in root.iter(f"{NS}rect") if r.get("x") is not None]
    for box in rects:
        assert _inside(box, view), box
    for t in root.iter(f"{NS}text"):
        extent = _text_box(t)
        assert _inside(extent, view), (t.text, extent, view)
        anchor = ((extent[0] + extent[2]) / 2, (extent[1] + extent[3]) / 2)
        holders = [r for r in rects if r[0] < anchor[0] < r[2] and r[1] < anchor[1] < r[3]]
        if holders:  # a box's own text stays in the box
            smallest = min(holders, key=lambda r: (r[2] - r[0]) * (r[3] - r[1]))
            assert _inside(extent, smallest), (t.text, extent, smallest)


# ---------------------------------------------------------------- synthetic maps


def _thread_graph(speakers: list[str], links: list[tuple[int, int, str, str]]) -> nx.MultiDiGraph:
    """A thread map as :func:`build_thread_map` makes it: speaker 0 is the author; each
    speaker makes a claim in favour of and one against legalization; ``links`` are
    ``(from, to, relation, cue)`` — an empty cue links to the other's claim (shared position)."""
    g = nx.MultiDiGraph(title="Should Mexico send the army home? " * 3, kind="thread")
    g.add_node(
        "issue:legalization",
        type="issue",
        frame="legalization",
        label="Legalization",
        text="Legalise or decriminalise illicit drugs",
    )
    for k, name in enumerate(speakers):
        node = speaker_node(name)
        g.add_node(node, type="speaker", label=name, name=name, role="author" if k == 0 else "")
        for direction in ("favor", "against"):
            claim = f"claim:{k}{direction}"
            text = f"Claim {k} {direction}: " + "legal markets take the trade from cartels " * 3
            g.add_node(
                claim,
                type="claim",
                text=text,
                frame="legalization",
                direction=direction,
                speaker=name,
            )
            g.add_edge(claim, "issue:legalization", relation="supports", cue="")
            g.add_edge(node, claim, relation="asserts", cue="")
    for n, (u, v, rel, cue) in enumerate(links):
        if cue:
            g.add_edge(speaker_node(speakers[u]), speaker_node(speakers[v]), relation=rel, cue=cue)
        else:  # each link from a claim of its own, as build_thread_map names it
            g.add_edge(
                speaker_node(speakers[u]),
                f"claim:{v}favor",
                relation=rel,
                cue="",
                source_claim=f"claim:{u}-{n}",
            )
    return g


MEXICO = ["Editorial Board", "Luis", LONG, "GunOwner77", "Jen W.", "Carlos R.", "Pat"]
#: the review's speaker strip: many arcs of equal span, reciprocal pairs, repeats
MEXICO_LINKS = [
    (1, 0, "agrees", ""),
    (2, 0, "agrees", ""),
    (3, 0, "agrees", ""),
    (4, 0, "agrees", ""),
    (1, 0, "disagrees", ""),
    (0, 1, "disagrees", ""),
    (2, 1, "disagrees", ""),
    (1, 2, "disagrees", ""),
    (3, 2, "disagrees", ""),
    (4, 3, "disagrees", ""),
    (5, 6, "agrees", ""),
    (6, 5, "disagrees", ""),
    (5, 6, "disagrees", ""),
    (4, 3, "agrees", "Second all that"),
    (3, 4, "agrees", "Great post"),
    (2, 4, "agrees", ""),
    (5, 0, "disagrees", ""),
    (5, 0, "disagrees", ""),
]


def _corpus_graph(per_side: int, long_text: bool = True) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(title="Corpus", kind="corpus", thread_count=4)
    g.add_node(
        "issue:militarization",
        type="issue",
        frame="militarization",
        label="Militarization",
        text="Fight drug trafficking with military force",
    )
    for direction in ("favor", "against"):
        for k in range(per_side):
            text = f"Point {k}: soldiers " + (
                "in the streets of every city " * 6 if long_text else ""
            )
            g.add_node(
                f"key_point:{direction}{k}",
                type="key_point",
                frame="militarization",
                direction=direction,
                text=text.strip(),
                prevalence=per_side - k,
                speakers="; ".join([LONG, "Luis", "Miguel", "Sgt. Ray", "Ana Souza"][: k + 1]),
            )
            g.add_edge(
                f"key_point:{direction}{k}",
                "issue:militarization",
                relation="supports" if direction == "favor" else "attacks",
            )
    return g


# ---------------------------------------------------------------- speaker row


@pytest.mark.parametrize(
    "speakers",
    [
        MEXICO,
        [LONG, "Jen W.", "GunOwner77"],
        [LONG + f" {k}" for k in range(4)],  # every name long
        [f"Commenter number {k} of the thread" for k in range(14)],  # more than fit in a row
    ],
)
def test_speaker_boxes_never_overlap_and_keep_the_full_name_in_a_tooltip(speakers):
    links = MEXICO_LINKS if speakers is MEXICO else [(1, 0, "agrees", ""), (2, 1, "disagrees", "")]
    root = _parse(svg_text(_thread_graph(speakers, links)))
    drawn = _speaker_groups(root)
    assert len(drawn) == len(speakers)  # every speaker is drawn (Jen W. was hidden)
    for (a, *_), (b, *_) in combinations(drawn, 2):
        assert not _overlap(a, b), (a, b)
    for (_, name, title), full in zip(drawn, speakers, strict=True):
        role = " (author)" if full == speakers[0] else ""
        assert title == full + role  # the tooltip has the whole name
        shown = name.removesuffix(role)
        assert len(shown) <= SPEAKER_CHARS
        assert shown == full or (shown.endswith("…") and full.startswith(shown[:-1]))
    _assert_nothing_leaves(root)


def test_long_name_is_cut_to_24_characters():
    root = _parse(svg_text(_thread_graph(MEXICO, MEXICO_LINKS)))
    names = [name for _, name, _ in _speaker_groups(root)]
    assert "Dr. Maria-Fernanda Guti…" in names and "Jen W." in names
    assert all(LONG not in (t.text or "") for t in root.iter(f"{NS}text"))


def test_a_crowded_speaker_row_cuts_names_shorter_before_it_writes_them_upright():
    six = [f"Commenter {k} of this thread" for k in range(6)]
    root = _parse(svg_text(_thread_graph(six, [(1, 0, "agrees", "")])))
    assert _view(root)[2] == 1000  # fits, with names cut shorter than 24 characters
    names = [name.removesuffix(" (author)") for _, name, _ in _speaker_groups(root)]
    assert all(name.endswith("…") and 12 <= len(name) < SPEAKER_CHARS for name in names)
    assert not any(t.get("transform") for t in root.iter(f"{NS}text"))  # side by side
    # 60 speakers do not fit even upright (30 do): only then the picture widens
    many = [f"Commenter {k} of this thread" for k in range(60)]
    root = _parse(svg_text(_thread_graph(many, [(1, 0, "agrees", "")])))
    assert _view(root)[2] > 1000
    _assert_nothing_leaves(root)


def _speaker_names(root: ET.Element) -> list[tuple[Rect, Rect, ET.Element]]:
    """``(box, extent of the name as drawn, the <text>)`` of every speaker of the bottom row."""
    out = []
    for g in root.iter(f"{NS}g"):
        rect, text = g.find(f"{NS}rect"), g.find(f"{NS}text")
        if rect is not None and text is not None and rect.get("fill") == SPEAKER_FILL:
            out.append((_rect(rect), _text_box(text), text))
    return out


#: a debate of 20 readers, as in a busy comment section: names of every length
CROWD = [
    "Editorial Board",
    "María José Fernández",
    "GunOwner77",
    "Jen W.",
    "Carlos Rodríguez",
    "Pat",
    "Dr. Helen Okafor-Lindqvist",
    "anon_reader",
    "Sgt. Ray Delgado",
    "Ana Souza",
    "Tom",
    "Marcus Whitfield III",
    "lucia.m",
    "Professor Wen Zhang",
    "Bob K",
    "Free Market Fan",
    "Liz",
    "Guadalupe Hernández Ortiz",
    "Mike from Tucson",
    "R. Kaplan",
]


def _crowd_links(seed: int = 4, replies: int = 60) -> list[tuple[int, int, str, str]]:
    """``replies`` agreements and disagreements among :data:`CROWD`, some pairs both ways."""
    rng = random.Random(seed)
    links = []
    for k in range(replies):
        u = 1 + k % (len(CROWD) - 1)
        v = rng.choice([x for x in range(len(CROWD)) if x != u])
        rel = rng.choice(["agrees", "disagrees"])
        links.append((u, v, rel, rng.choice(["", "I agree", "+1", "you're wrong"])))
    return links


@pytest.mark.parametrize("replies", [60, 120])
def test_twenty_speakers_keep_full_size_names_that_never_overlap(replies):
    """With 20 speakers the row widened the picture to about 2400 units, which the
    page showed 1000 px wide: names, arcs and labels at 5 px, unreadable. The names
    now stand upright in a picture 1000 wide, at full size, none on another; and
    the arcs' labels, more crowded in 1000 units, stack further out rather than
    on top of each other (after 12 tries they had been put down anywhere)."""
    links = _crowd_links(replies=replies)
    root = _parse(svg_text(_thread_graph(CROWD, links)))
    assert _view(root)[2] == 1000
    drawn = _speaker_names(root)
    assert len(drawn) == len(CROWD)
    for box, extent, text in drawn:
        assert float(text.get("font-size", 0)) == SPEAKER_TEXT >= 13
        assert text.get("transform", "").startswith("rotate(-90 ")  # reads bottom to top
        assert _inside(extent, box), (text.text, extent, box)
    for (a, ea, ta), (b, eb, tb) in combinations(drawn, 2):
        assert not _overlap(a, b), (ta.text, tb.text)
        assert not _overlap(ea, eb), (ta.text, tb.text)
    # cut at 24 characters as side by side, never shorter; the tooltip has the whole name
    for (_, name, title), full in zip(_speaker_groups(root), CROWD, strict=True):
        role = " (author)" if full == CROWD[0] else ""
        assert title == full + role
        shown = name.removesuffix(role)
        assert shown == full or (len(shown) == SPEAKER_CHARS and shown.endswith("…"))
    assert "Dr. Helen Okafor-Lindqvist"[: SPEAKER_CHARS - 1] + "…" in [
        n for _, n, _ in _speaker_groups(root)
    ]
    # the arcs' labels stay apart from each other and from the names
    labels = _arc_labels(root)
    assert len(labels) == len({(u, v, rel) for u, v, rel, _ in links})
    for (a, ta), (b, tb) in combinations(labels, 2):
        assert not _overlap(a, b), (ta, tb)
    for rect, text in labels:
        assert not any(_overlap(rect, box) for box, _, _ in drawn), text
    _assert_nothing_leaves(root)


def _arc(path: ET.Element) -> tuple[float, float]:
    """The vertical extent of an arc ``M x0,y0 Q xm,yc x1,y1`` (ends at one height)."""
    numbers = [float(v) for v in re.findall(r"-?[\d.]+", path.get("d", ""))]
    y0, yc, y1 = numbers[1], numbers[3], numbers[5]
    assert y0 == y1
    apex = y0 + (yc - y0) / 2  # the highest (lowest) point of the quadratic
    return min(y0, apex), max(y0, apex)


@pytest.mark.parametrize("speakers", [MEXICO, CROWD], ids=["side by side", "upright"])
def test_agreeing_and_disagreeing_arcs_of_one_pair_are_both_seen(speakers):
    """Two speakers who agree on one point and disagree on another (each way) get four
    arcs: the agreements blue and solid above the row, the disagreements red and
    dashed below it, so none covers another; their labels stay on their side, and the
    legend says which side is which."""
    links = [
        (1, 3, "agrees", "I agree"),
        (1, 3, "disagrees", ""),
        (3, 1, "disagrees", "you're wrong"),
        (3, 1, "agrees", ""),
    ]
    root = _parse(svg_text(_thread_graph(speakers, links)))
    boxes = [box for box, *_ in _speaker_groups(root)]
    top, bottom = boxes[0][1], boxes[0][3]
    assert all(b[1] == top and b[3] == bottom for b in boxes)
    arcs = {
        p.findtext(f"{NS}title", "").split(":")[0]: p
        for p in root.iter(f"{NS}path")
        if p.findtext(f"{NS}title")
    }
    a, b = speakers[1], speakers[3]
    pairs = {(a, b), (b, a)}
    agree = [arcs[f"{u} agrees with {v}"] for u, v in pairs]
    disagree = [arcs[f"{u} disagrees with {v}"] for u, v in pairs]
    for path in agree:
        assert path.get("stroke") == FAVOR and path.get("stroke-dasharray") is None
        assert _arc(path)[1] <= top  # wholly above the row
    for path in disagree:
        assert path.get("stroke") == AGAINST and path.get("stroke-dasharray")
        assert _arc(path)[0] >= bottom  # wholly below it
    # the two arcs of one kind between the pair are not drawn on each other either
    for one, other in (agree, disagree):
        assert _arc(one) != _arc(other)
    for rect, text, colour, _ in _arc_label_groups(root):
        assert rect[3] <= top if colour == FAVOR else rect[1] >= bottom, text
    legend = [t.text or "" for t in root.iter(f"{NS}text")]
    assert "supports / agrees (arc above)" in legend
    assert "attacks / disagrees (arc below)" in legend


def test_arc_labels_never_overlap_and_count_claims_in_words():
    root = _parse(svg_text(_thread_graph(MEXICO, MEXICO_LINKS)))
    labels = _arc_labels(root)
    assert len(labels) == len({(u, v, rel) for u, v, rel, _ in MEXICO_LINKS})
    spots = [(r[0], r[1]) for r, _ in labels]
    assert len(set(spots)) == len(spots)  # no two at the same position
    for (a, ta), (b, tb) in combinations(labels, 2):
        assert not _overlap(a, b), (ta, tb)
    boxes = [box for box, *_ in _speaker_groups(root)]
    for rect, text in labels:
        assert not any(_overlap(rect, box) for box in boxes), text
    texts = [t for _, t in labels]
    assert "1 claim" in texts and "2 claims" in texts
    assert not any("claim(s)" in t for t in texts)
    assert "“Second all that”" in texts
    # each arc says in full what it stands for
    titles = [p.findtext(f"{NS}title") or "" for p in root.iter(f"{NS}path") if p.get("d")]
    assert f"{LONG} disagrees with Luis: 1 claim by {LONG}, with 1 by Luis" in titles
    assert (
        "Carlos R. disagrees with Editorial Board (author): "
        "2 claims by Carlos R., with 1 by Editorial Board"
    ) in titles


def test_an_arc_counts_distinct_claims_not_pairs_of_claims():
    # "agrees: “Great post”; 4 claims" where Smith's 2 claims agreed with 2 of Sylvia's
    from discourse.argmap import build_thread_map

    from .conftest import make_thread, simple_tables

    thread = make_thread(
        "pairs",
        [
            ("Sylvia", "We should legalize cannabis. It rained. Prohibition failed.", None),
            ("Smith", "Great post. Legal cannabis works. I like tea. Regulate all drugs.", None),
        ],
    )
    favor = {"legalization": "favor"}
    graph = build_thread_map(
        thread, simple_tables(thread, {(0, 1): favor, (0, 3): favor, (1, 2): favor, (1, 4): favor})
    )
    stance = [(u, v, d) for u, v, d in graph.edges(data=True) if d.get("source_claim")]
    # each of Smith's claims agrees with Sylvia's position, at its strongest claim
    assert len(stance) == 2 and len({d["source_claim"] for _, _, d in stance}) == 2
    assert {v for _, v, _ in stance} == {"claim:pairs/article/s01#legalization"}
    labels_drawn = [t for _, t in _arc_labels(_parse(svg_text(graph)))]
    assert labels_drawn == ["“Great post” · 2 claims"]


def test_reciprocal_arcs_are_drawn_apart():
    root = _parse(svg_text(_thread_graph(MEXICO, MEXICO_LINKS)))
    # Carlos R. ⇄ Pat disagree both ways: two arcs, not one drawn twice
    arcs = [
        p.get("d")
        for p in root.iter(f"{NS}path")
        if "Carlos R. disagrees with Pat" in (p.findtext(f"{NS}title") or "")
        or "Pat disagrees with Carlos R." in (p.findtext(f"{NS}title") or "")
    ]
    assert len(arcs) == 2
    apex = [float(d.split("Q")[1].split()[0].split(",")[1]) for d in arcs if d]
    assert abs(apex[0] - apex[1]) >= 16


#: The review's thread (fentanyl-border): the author and Mike disagree both ways,
#: one with a long cue and a claim, the other with a short cue, beside a long arc
#: with a cue and a claim and two agreements above the row.
REVIEW = ["Laura Mendez", "Mike Davidson", "Grace Okafor", "Tom Reilly", "Dana Whitfield"]
REVIEW_LINKS = [
    (0, 1, "disagrees", "With all due respect"),
    (0, 1, "disagrees", ""),
    (1, 0, "disagrees", "Nonsense"),
    (1, 4, "disagrees", "I disagree"),
    (1, 4, "disagrees", ""),
    (2, 0, "agrees", "Great post"),
    (3, 2, "agrees", "I agree"),
]


def test_arc_labels_are_short_apart_on_their_own_arcs_and_say_it_all_in_tooltips():
    """The review found "disagrees: “With all due respect”; 1 claim by…" drawn over
    "disagrees: “Nonsense”": two reciprocal arcs' labels, each cut, touching."""
    root = _parse(svg_text(_thread_graph(REVIEW, REVIEW_LINKS)))
    groups = _arc_label_groups(root)
    assert len(groups) == 5
    texts = {text: title for _, text, _, title in groups}
    # short, the cue before the count, never a count cut off
    assert "“With all due respect” · 1 claim" in texts
    assert "“Nonsense”" in texts and "“I disagree” · 1 claim" in texts
    for rect, text, _, _ in groups:
        assert rect[2] - rect[0] <= ARC_LABEL_W, text
        assert _text_w(text, 12) + 10 <= ARC_LABEL_W
    # the tooltip has what the label leaves out: who, with whom, whose claims
    assert texts["“With all due respect” · 1 claim"] == (
        "Laura Mendez (author) disagrees with Mike Davidson: "
        "“With all due respect”; 1 claim by Laura Mendez, with 1 by Mike Davidson"
    )
    assert texts["“Nonsense”"] == "Mike Davidson disagrees with Laura Mendez (author): “Nonsense”"
    # no two labels overlap, nor even touch: each stands clear of the others
    for (a, ta, _, _), (b, tb, _, _) in combinations(groups, 2):
        grown = (
            a[0] - ARC_LABEL_GAP,
            a[1] - ARC_LABEL_GAP,
            a[2] + ARC_LABEL_GAP,
            a[3] + ARC_LABEL_GAP,
        )
        assert not _overlap(grown, b), (ta, tb)
    # each of the reciprocal pair's labels sits at its own arc's apex
    arcs = {p.findtext(f"{NS}title", ""): p for p in root.iter(f"{NS}path") if p.get("d")}
    for rect, _, _, title in groups:
        if (
            "Laura Mendez (author) disagrees" in title
            or "Mike Davidson disagrees with Laura" in title
        ):
            bottom = _arc(arcs[title])[1]
            assert rect[1] <= bottom <= rect[3], title  # the lowest point of a lower arc
    _assert_nothing_leaves(root)


def test_a_long_cue_is_cut_and_the_claim_count_still_shows():
    cue = "I could not disagree more with every single word of this post"
    root = _parse(
        svg_text(_thread_graph(REVIEW, [(0, 1, "disagrees", cue), (0, 1, "disagrees", "")]))
    )
    ((rect, text, _, title),) = _arc_label_groups(root)
    assert text.startswith("“I could not") and text.endswith("… · 1 claim"), text
    assert rect[2] - rect[0] <= ARC_LABEL_W
    assert f"“{cue}”" in title


# ---------------------------------------------------------------- claim boxes


def test_claim_headers_and_texts_stay_inside_their_boxes_and_the_picture():
    root = _parse(svg_text(_thread_graph(MEXICO, MEXICO_LINKS)))
    _assert_nothing_leaves(root)
    heads = [t.text or "" for t in root.iter(f"{NS}text") if (t.text or "").endswith(":")]
    assert "Dr. Maria-Fernanda Guti…:" in heads
    # a cut box has the whole claim, with the whole name, in its tooltip
    titles = [g.findtext(f"{NS}title") or "" for g in root.iter(f"{NS}g")]
    assert any(t.startswith(f"{LONG}: Claim 2 favor: legal markets") for t in titles)


def test_seed_pictures_hold_their_geometry(seed_map, seed_thread, seed_tables):
    root = _parse(svg_text(seed_map))
    _assert_nothing_leaves(root)
    labels = _arc_labels(root)
    assert labels
    for (a, _), (b, _) in combinations(labels, 2):
        assert not _overlap(a, b)
    _assert_nothing_leaves(_parse(svg_text(build_corpus_map([(seed_thread, seed_tables)]))))


def test_text_is_legible_when_the_page_shows_the_picture_1000_px_wide(seed_map):
    for graph in (seed_map, _corpus_graph(MAX_KEY_POINTS + 2)):
        root = _parse(svg_text(graph))
        assert _view(root)[2] <= 1000
        sizes = [float(t.get("font-size", 0)) for t in root.iter(f"{NS}text")]
        assert min(sizes) >= 12
        box_text = [
            float(t.get("font-size", 0))
            for t in root.iter(f"{NS}text")
            if t.get("text-anchor") == "middle" and t.get("fill") == "#222222"
        ]
        assert box_text and min(box_text) >= 13


# ---------------------------------------------------------------- corpus map


def test_corpus_attacks_are_dashed_as_the_legend_says_and_supports_solid():
    root = _parse(svg_text(_corpus_graph(3)))
    lines = [ln for ln in root.iter(f"{NS}line") if float(ln.get("y1", 0)) > 90]
    attacks = [ln for ln in lines if ln.get("stroke") == AGAINST]
    supports = [ln for ln in lines if ln.get("stroke") == FAVOR]
    assert len(attacks) == len(supports) == 3
    assert all(ln.get("stroke-dasharray") for ln in attacks)
    assert not any(ln.get("stroke-dasharray") for ln in supports)
    legend = [ln for ln in root.iter(f"{NS}line") if float(ln.get("y1", 0)) <= 90]
    dashed = [ln.get("stroke") for ln in legend if ln.get("stroke-dasharray")]
    assert dashed == [AGAINST]


def test_corpus_boxes_show_prevalence_only_above_one_and_tooltips_when_cut():
    root = _parse(svg_text(_corpus_graph(3)))
    texts = [t.text or "" for t in root.iter(f"{NS}text")]
    assert not any(t.startswith("×1") for t in texts)
    assert any(t.startswith("×3 Point 0") for t in texts)
    assert any(t.startswith("Point 2") for t in texts)  # prevalence 1: no prefix
    # every box whose text or speakers were cut carries the full text
    for g in root.iter(f"{NS}g"):
        rect = g.find(f"{NS}rect")
        if rect is None or rect.get("fill") not in (FAVOR_FILL, AGAINST_FILL):
            continue
        shown = [t.text or "" for t in g.iter(f"{NS}text")]
        title = g.findtext(f"{NS}title") or ""
        assert any(s.endswith("…") for s in shown)
        assert ("in the streets of every city " * 6).strip() in title
    boxes = [  # below the legend
        r
        for r in root.iter(f"{NS}rect")
        if r.get("fill") in (FAVOR_FILL, AGAINST_FILL) and float(r.get("y", 0)) > 90
    ]
    titled = {
        id(g.find(f"{NS}rect")) for g in root.iter(f"{NS}g") if g.find(f"{NS}title") is not None
    }
    assert len(boxes) == 6 and all(id(r) in titled for r in boxes)
    _assert_nothing_leaves(root)


def test_short_key_points_get_no_tooltip_and_long_speaker_lists_say_how_many_more():
    g = _corpus_graph(2, long_text=False)
    g.nodes["key_point:favor1"]["speakers"] = "; ".join(f"Speaker {k}" for k in range(40))
    root = _parse(svg_text(g))
    texts = [t.text or "" for t in root.iter(f"{NS}text")]
    assert "Point 1: soldiers" in texts  # prevalence 1: no "×1"
    assert any(t.startswith("— Speaker 0; Speaker 1") and t.endswith(" more") for t in texts)
    _assert_nothing_leaves(root)


def test_footnote_on_key_points_left_out_is_legible():
    root = _parse(svg_text(_corpus_graph(MAX_KEY_POINTS + 2)))
    notes = [t for t in root.iter(f"{NS}text") if "less prevalent key points" in (t.text or "")]
    assert len(notes) == 1
    assert notes[0].text.startswith("4 less prevalent key points are not drawn")
    assert float(notes[0].get("font-size", 0)) >= 13
    assert notes[0].get("fill") in ("#222222", "#444444")
    _assert_nothing_leaves(root)


# ---------------------------------------------------------------- palette


def test_colour_blind_safe_palette():
    assert (FAVOR, FAVOR_FILL) == ("#2166ac", "#dbe9f6")
    assert (AGAINST, AGAINST_FILL) == ("#b2182b", "#fbe3dc")
    assert (NEUTRAL, NEUTRAL_FILL) == ("#6b6b6b", "#eeeeee")
    root = _parse(svg_text(_thread_graph(MEXICO, MEXICO_LINKS)))
    fills = {r.get("fill") for r in root.iter(f"{NS}rect")}
    assert {FAVOR_FILL, AGAINST_FILL, NEUTRAL_FILL} <= fills
    strokes = {e.get("stroke") for e in root.iter() if e.get("stroke")}
    assert not strokes & {"#1a7f37", "#c62828", "#1f4e79"}  # the old green / red / blue
    markers = {p.get("fill") for m in root.iter(f"{NS}marker") for p in m}
    assert markers == {FAVOR, AGAINST}


# ---------------------------------------------------------------- measuring and wrapping


def test_wrap_and_ellipsize_keep_to_the_width():
    assert _wrap("", 100, 13, 2) == [""]
    url = "https://example.org/" + "a" * 200
    rows = _wrap(f"See {url} for more", 150, 13, 3)
    assert len(rows) == 3 and rows[-1].endswith("…")
    assert all(_text_w(r, 13) <= 150 for r in rows)
    assert _ellipsize("short", 200, 13) == "short"
    cut = _ellipsize("a few words that will not fit here", 120, 13)
    assert cut.endswith("…") and _text_w(cut, 13) <= 120 and " " in cut


def test_widths_are_dejavu_sans_advances():
    """The boxes are sized by DejaVu Sans, the widest of the fonts the picture names."""
    ttlib = pytest.importorskip("fontTools.ttLib")
    fonts = Path("/usr/share/fonts/truetype/dejavu")
    if not (fonts / "DejaVuSans.ttf").exists():
        pytest.skip("DejaVu Sans is not installed")
    sample = "Dr. Maria-Fernanda Gutiérrez (UNAM) agrees: 2 claims — “Second all that”…"
    for name, bold in (("DejaVuSans.ttf", False), ("DejaVuSans-Bold.ttf", True)):
        font = ttlib.TTFont(fonts / name)
        cmap, metrics = font.getBestCmap(), font["hmtx"]
        units = sum(metrics[cmap[ord(ch)]][0] for ch in sample) / font["head"].unitsPerEm
        assert _text_w(sample, 100, bold) == pytest.approx(units * 100, rel=0.03)


def test_an_arc_with_neither_cue_nor_claim_still_says_its_relation():
    """A speaker-to-speaker edge without a cue (a relations table with no cue
    column) was drawn with an empty white label and the tooltip "… agrees with
    Bob Ray: " once labels lost their "agrees:" prefix."""
    graph = _thread_graph(["Ann Lee", "Bob Ray"], [])
    graph.add_edge(speaker_node("Ann Lee"), speaker_node("Bob Ray"), relation="agrees", cue="")
    [(_, text, _, title)] = _arc_label_groups(_parse(svg_text(graph)))
    assert text == "agrees"
    assert title == "Ann Lee (author) agrees with Bob Ray"
