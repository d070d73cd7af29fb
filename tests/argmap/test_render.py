"""The argument-map picture: valid, self-contained SVG with the layout a reader expects."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET

from discourse.argmap import build_corpus_map, nodes_of, render_svg
from discourse.argmap.render import AGAINST, AGAINST_FILL, FAVOR, FAVOR_FILL, svg_text

NS = "{http://www.w3.org/2000/svg}"


def _texts(root: ET.Element) -> list[tuple[float, str, ET.Element]]:
    return [(float(t.get("x", 0)), t.text or "", t) for t in root.iter(f"{NS}text")]


def test_thread_picture_puts_favor_left_against_right_and_speakers_below(seed_map, tmp_path):
    root = ET.parse(render_svg(seed_map, tmp_path / "seed.svg")).getroot()
    width = float(root.get("width"))
    texts = _texts(root)
    # the claim boxes are filled blue (left of the middle) or red (right of it)
    boxes = [  # below the title and legend
        (float(r.get("x", 0)), r.get("fill"))
        for r in root.iter(f"{NS}rect")
        if float(r.get("y", 0)) > 80
    ]
    favor = [x for x, fill in boxes if fill == FAVOR_FILL]
    against = [x for x, fill in boxes if fill == AGAINST_FILL]
    claims = nodes_of(seed_map, "claim")
    n_favor = sum(1 for n in claims if seed_map.nodes[n]["direction"] == "favor")
    assert len(favor) == n_favor and len(against) == len(claims) - n_favor
    assert max(favor) < width / 2 < min(against)
    # issues in the middle column, speakers in a row below every claim
    issue_titles = {t for x, t, _ in texts if abs(x - width / 2) < 1}
    assert {"Demand reduction", "Militarization"} <= issue_titles
    speaker_y = [float(e.get("y")) for _, t, e in texts if t == "Karen Hooper (author)"]
    claim_y = [float(e.get("y")) for _, t, e in texts if t == "Distiller:"]
    assert speaker_y and claim_y and min(speaker_y) > max(claim_y)
    # agreement arcs: solid blue paths above, dashed red below, labelled with the cue
    arcs = list(root.iter(f"{NS}path"))
    assert any(p.get("stroke") == FAVOR and not p.get("stroke-dasharray") for p in arcs)
    assert any(p.get("stroke") == AGAINST and p.get("stroke-dasharray") for p in arcs)
    assert any("Second all that" in t for _, t, _ in texts)


def test_picture_is_self_contained_and_escapes_text(seed_map, tmp_path):
    g = seed_map.copy()
    claim = nodes_of(g, "claim")[0]
    g.nodes[claim]["text"] = 'Prices <b>rise</b> & "fall" \x07 again'
    g.graph["title"] = "A <script>alert(1)</script> thread"
    path = render_svg(g, tmp_path / "odd.svg")
    text = path.read_text(encoding="utf-8")
    root = ET.fromstring(text.encode("utf-8"))  # parses: everything escaped, no control chars
    assert root.find(f"{NS}script") is None and "<script>" not in text
    assert any('Prices <b>rise</b> & "fall"' in (t.text or "") for t in root.iter(f"{NS}text"))
    assert "http://" not in text.replace("http://www.w3.org/2000/svg", "")
    assert "href" not in text and "@font-face" not in text


def test_corpus_picture_shows_key_points_with_prevalence(seed_thread, seed_tables, tmp_path):
    corpus = build_corpus_map([(seed_thread, seed_tables)])
    root = ET.fromstring(svg_text(corpus).encode("utf-8"))
    words = [t.text or "" for t in root.iter(f"{NS}text")]
    assert words[0] == "Corpus key points (1 thread)"  # not "Corpus key points: Corpus"
    # ×N only for a key point more than one claim makes
    shown = [w for w in words if w.startswith("×")]
    recurring = [d for _, d in corpus.nodes(data=True) if int(d.get("prevalence", 1)) > 1]
    assert len(shown) == len(recurring) and not any(w.startswith("×1 ") for w in words)
    assert "Speakers" not in words  # speakers are listed under each key point instead
    assert any(w.startswith("— ") and "Aaron B" in w for w in words)


def test_picture_takes_milliseconds(seed_map):
    svg_text(seed_map)  # warm up
    started = time.perf_counter()
    for _ in range(10):
        svg_text(seed_map)
    assert (time.perf_counter() - started) / 10 < 0.05


def test_svg_is_written_to_any_file_name(seed_map, tmp_path):
    # the format is the caller's choice, as for the other formats: the suffix is just a name
    for name in ("map.png", "seed.svg.out", "picture"):
        path = render_svg(seed_map, tmp_path / "sub" / name)
        assert path == tmp_path / "sub" / name
        root = ET.parse(path).getroot()
        assert root.tag == f"{NS}svg"
        assert any(t.text == "Karen Hooper (author)" for t in root.iter(f"{NS}text"))
