"""Stance reports: content built from the seed's gold labels, self-containment, browser rendering."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from discourse.ingest import read_path
from discourse.model import Thread
from discourse.report import tables as rt
from discourse.report import write_thread_maps, write_thread_report
from discourse.stages import TABLE_COLUMNS

from ..conftest import SEED, SEED_ENTITIES

FRAMES = ("demand_reduction", "militarization", "arms_control", "legalization")


def gold_tables(seed_gold: list[dict], thread: Thread) -> dict[str, pd.DataFrame]:
    """Stage tables of the seed thread from its gold annotation (segments, stances, mentions)."""
    segs, stances = [], []
    for no, row in enumerate(seed_gold):
        utt = row["id"].rsplit("/", 1)[0]
        segs.append(
            {
                "id": row["id"],
                "thread_id": thread.id,
                "utterance_id": utt,
                "kind": row["unit"],
                "speaker": row["speaker"],
                "index": no,
                "start": 0,
                "end": len(row["text"]),
                "text": row["text"],
                "paragraph": 0,
            }
        )
        for f in FRAMES:
            stances.append([row["id"], thread.id, f, row[f], 1.0, "", row["speaker"]])
    mentions = []
    for line in SEED_ENTITIES.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        for m in rec["mentions"]:
            ent = m["entity"]
            mentions.append(
                [
                    rec["id"],
                    thread.id,
                    m["start"],
                    m["end"],
                    m["text"],
                    m["label"],
                    "gold",
                    ent,
                    ent,
                ]
            )
    return {
        "segments": pd.DataFrame(segs),
        "stances": pd.DataFrame(stances, columns=TABLE_COLUMNS["stances"]),
        "mentions": pd.DataFrame(mentions, columns=TABLE_COLUMNS["mentions"]),
    }


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory: pytest.TempPathFactory, seed_gold: list[dict]) -> Path:
    """The seed thread's report written from gold labels; returns the reports folder."""
    out = tmp_path_factory.mktemp("reports")
    thread = read_path(SEED)[0]
    tables = gold_tables(seed_gold, thread)
    write_thread_maps(thread, tables, out, ["svg", "aif"])
    write_thread_report(thread, tables, out)
    return out


def test_positions_table_shows_who_argued_what(seed_report: Path) -> None:
    pos = pd.read_csv(seed_report / "tables" / "guatemala-post" / "positions.csv").set_index(
        "speaker"
    )
    # Derrick argues for demand reduction; Distiller against militarization
    assert pos.loc["Derrick", "demand_reduction_favor"] >= 1
    assert pos.loc["Distiller", "militarization_against"] >= 1
    assert pos.loc["Distiller", "militarization_favor"] == 0
    assert pos.loc["Karen Hooper", "role"] == "author"
    # Aaron B argues both ways on militarization (support with limits)
    assert pos.loc["Aaron B", "militarization_favor"] >= 1
    assert pos.loc["Aaron B", "militarization_against"] >= 1


def test_distribution_separates_article_and_comments(
    seed_report: Path, seed_gold: list[dict]
) -> None:
    dist = pd.read_csv(seed_report / "tables" / "guatemala-post" / "distribution.csv").set_index(
        "frame"
    )
    gold = pd.DataFrame(seed_gold)
    for frame in FRAMES:
        for unit, col in (("article", "article"), ("comment", "comments")):
            for label in ("favor", "against"):
                expected = int(((gold["unit"] == unit) & (gold[frame] == label)).sum())
                assert dist.loc[frame, f"{col}_{label}"] == expected, (frame, unit, label)


def test_html_is_self_contained_with_charts_tables_and_map(seed_report: Path) -> None:
    html = (seed_report / "threads" / "guatemala-post.html").read_text(encoding="utf-8")
    assert html.count("<svg") >= 2  # the distribution chart and the argument map, inline
    assert 'class="map"' in html and 'class="chart"' in html
    for section in ("distribution", "positions", "key-points", "entities", "map", "timeline"):
        assert f'id="{section}"' in html
    assert "How to read this" in html
    assert "Distiller" in html and "Matt Yankee" in html
    # nothing the browser would fetch: no scripts, no remote src/href/url()
    assert "<script" not in html.lower()
    remote = re.findall(
        r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?(?:https?:)?//""", html
    )
    assert remote == []


def test_markdown_has_the_same_tables(seed_report: Path) -> None:
    md = (seed_report / "threads" / "guatemala-post.md").read_text(encoding="utf-8")
    assert "## Who stands where" in md and "| Distiller |" in md
    assert "## Key points" in md and "## Entities and frames" in md
    assert "](../charts/guatemala-post-distribution.svg)" in md
    assert (seed_report / "charts" / "guatemala-post-distribution.svg").is_file()
    assert "](../maps/guatemala-post.svg)" in md


def test_entity_frame_table_counts_stance_bearing_sentences_only() -> None:
    claims = pd.DataFrame(
        [
            ["s1", "t", "militarization", "favor", 1.0, "u1", "comment", "A", "x", None],
            ["s2", "t", "militarization", "against", 1.0, "u1", "comment", "A", "y", None],
        ],
        columns=rt.CLAIM_COLUMNS,
    )
    mentions = pd.DataFrame(
        [
            ["s1", "t", 0, 6, "Mexico", "GPE", "place", "Q96", "Mexico"],
            ["s2", "t", 0, 6, "México", "GPE", "place", "Q96", "Mexico"],
            ["s3", "t", 0, 6, "Mexico", "GPE", "place", "Q96", "Mexico"],  # no stance: ignored
        ],
        columns=TABLE_COLUMNS["mentions"],
    )
    frames = rt.frames_for(claims)
    table = rt.entity_frames(mentions, claims, frames)
    row = table.iloc[0]
    assert (row["entity"], row["sentences"]) == ("Mexico", 2)
    assert (row["militarization_favor"], row["militarization_against"]) == (1, 1)
    assert rt.position_of(1, 1) == "mixed" and rt.position_of(3, 1) == "favor"


def test_timeline_uses_days_for_short_spans_and_parses_page_dates() -> None:
    claims = pd.DataFrame(
        [
            [
                "s1",
                "t",
                "legalization",
                "favor",
                1.0,
                "u1",
                "comment",
                "A",
                "x",
                "November 18, 2011 at 3:04 pm",
            ],
            [
                "s2",
                "t",
                "legalization",
                "against",
                1.0,
                "u2",
                "comment",
                "B",
                "y",
                "November 19, 2011 at 9:12 am",
            ],
            ["s3", "t", "legalization", "against", 1.0, "u3", "comment", "C", "z", None],
        ],
        columns=rt.CLAIM_COLUMNS,
    )
    tl = rt.timeline(claims, rt.frames_for(claims))
    leg = tl[tl["frame"] == "legalization"].set_index("period")
    assert list(leg.index) == ["2011-11-18", "2011-11-19"]
    assert (leg.loc["2011-11-18", "favor"], leg.loc["2011-11-19", "against"]) == (1, 1)


CHROMIUM = (
    shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
)


def _chromium(profile: Path) -> list[str]:
    return [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        "--window-size=1200,3000",
    ]


def page_requests(page: Path, tmp: Path) -> tuple[str, set[str]]:
    """Load ``page`` in headless Chromium; return its DOM and the URLs the *page* requested.

    Chromium's network log records every request; those the page made carry
    the page's site (``file://``) in their network isolation key, which
    separates them from the browser's own background traffic.
    """
    netlog = tmp / f"{page.stem}.netlog.json"
    run = subprocess.run(
        [*_chromium(tmp / "profile"), f"--log-net-log={netlog}", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    text = netlog.read_text(encoding="utf-8").rstrip()
    try:
        log = json.loads(text)
    except json.JSONDecodeError:  # Chromium may leave the event list unterminated
        log = json.loads(text.rstrip(",") + "]}")
    names = {v: k for k, v in log["constants"]["logEventTypes"].items()}
    urls = set()
    for e in log.get("events", []):
        params = e.get("params")
        if names.get(e.get("type")) == "URL_REQUEST_START_JOB" and isinstance(params, dict):
            if str(params.get("network_isolation_key", "")).startswith("file://"):
                urls.add(params["url"])
    return run.stdout, urls


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.skipif(
    CHROMIUM is None, reason="no headless Chromium installed (apt-get install chromium)"
)
def test_report_renders_offline_in_a_real_browser(seed_report: Path, tmp_path: Path) -> None:
    # control: a page with a remote image is caught, so the check below can fail
    control = tmp_path / "control.html"
    control.write_text('<html><body><img src="https://example.com/x.png"></body></html>')
    _, control_urls = page_requests(control, tmp_path)
    assert "https://example.com/x.png" in control_urls

    page = seed_report / "threads" / "guatemala-post.html"
    rendered, urls = page_requests(page, tmp_path)
    assert rendered.count("<svg") >= 2 and rendered.count("<table") >= 3
    assert "Who stands where" in rendered and "Distiller" in rendered
    assert {u for u in urls if not u.startswith("file:")} == set()

    shot = tmp_path / "report.png"
    grab = subprocess.run(
        [*_chromium(tmp_path / "profile"), f"--screenshot={shot}", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert grab.returncode == 0 and shot.stat().st_size > 20_000, grab.stderr[-2000:]
    from matplotlib.image import imread

    pixels = imread(shot)
    greenish = (pixels[..., 1] > pixels[..., 0] + 0.15) & (pixels[..., 1] > pixels[..., 2] + 0.1)
    assert greenish.sum() > 500  # favor-green bars and cells were painted


def test_corpus_outputs_cluster_the_corpus_once(
    tmp_path: Path, seed_gold: list[dict], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The corpus map and the corpus report share one key-point clustering of the corpus."""
    import discourse.argmap as argmap
    import discourse.argmap.graph as graph
    import discourse.argmap.keypoints as keypoints
    from discourse.config import PipelineConfig
    from discourse.report import build_outputs
    from discourse.store import Store

    calls = []
    original = keypoints.cluster_claims

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    for module in (argmap, graph, keypoints):
        monkeypatch.setattr(module, "cluster_claims", counting)
    thread = read_path(SEED)[0]
    out = tmp_path / "reports"
    with Store(tmp_path / "store.duckdb") as db:
        db.write_thread(thread, gold_tables(seed_gold, thread))
        build_outputs(db, out, PipelineConfig(), rebuild=True)
    assert len(calls) == 1
    kp = pd.read_csv(out / "tables" / "key_points.csv")
    map_text = (out / "maps" / "corpus.argdown").read_text(encoding="utf-8")
    assert len(kp) > 0
    # every key point of the report is a key point of the map
    for text in kp["key_point"]:
        assert text[:40] in map_text


def test_report_tables_are_written_as_pandas_writes_them(
    tmp_path: Path, seed_gold: list[dict]
) -> None:
    """The CSV tables keep ``DataFrame.to_csv``'s bytes, whatever the column types."""
    from discourse.report import _write_csv, thread_report_data

    thread = read_path(SEED)[0]
    data = thread_report_data(thread, gold_tables(seed_gold, thread))
    odd = [
        pd.DataFrame({"a": ["x,y", 'q"u', "l\nb", "", None, "é"], "b": [1, 2, 3, 4, 5, -6]}),
        pd.DataFrame({"a": [""]}),
        pd.DataFrame({"a": [None, float("nan")], "b": pd.array(["x", None], dtype="string")}),
        pd.DataFrame(columns=["a", "b"]),
        pd.DataFrame({"f": [1.5, float("nan")], "t": [True, False], "o": [[1], "x"]}),
        pd.DataFrame(),
    ]
    for n, frame in enumerate([*data.tables.values(), *odd]):
        frame.to_csv(tmp_path / f"{n}-pandas.csv", index=False)
        _write_csv(frame, tmp_path / f"{n}.csv")
        assert (tmp_path / f"{n}.csv").read_bytes() == (tmp_path / f"{n}-pandas.csv").read_bytes()


def test_claims_table_lookups_match_the_pandas_joins(seed_gold: list[dict]) -> None:
    """The positional joins of claims_from_tables give the frame the merges give."""
    from discourse.model import utterances_to_frame

    thread = read_path(SEED)[0]
    tables = gold_tables(seed_gold, thread)
    utts = utterances_to_frame([thread])
    stances = tables["stances"]
    bearing = stances[stances["label"].isin(rt.DIRECTIONS)].reset_index(drop=True)
    fast = rt.claims_from_tables(utts, tables["segments"], stances, thread.published)
    assert not fast.empty
    pd.testing.assert_frame_equal(
        fast, rt._claims_by_merge(utts, tables["segments"], bearing, thread.published)
    )
    # an unknown segment id drops its stance row, as the inner join does
    odd = pd.concat([stances, stances.head(1).assign(segment_id="nowhere", label="favor")])
    pd.testing.assert_frame_equal(
        rt.claims_from_tables(utts, tables["segments"], odd, thread.published), fast
    )


def test_corpus_map_reuses_thread_maps_cached_under_the_stored_analysis(
    tmp_path: Path, seed_gold: list[dict], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A thread map cached when the thread was analysed is merged as it is, but only
    while the store still holds that analysis; the corpus map is the same either way."""
    import discourse.argmap as argmap
    from discourse.argmap.relations import compute_relations
    from discourse.config import PipelineConfig
    from discourse.report import build_outputs, map_key, map_keys
    from discourse.store import Store

    config = PipelineConfig()
    thread = read_path(SEED)[0]
    tables = gold_tables(seed_gold, thread)
    out = tmp_path / "reports"
    formats = config["outputs"]["maps"]
    # without the relations stage's table nothing is cached: the map would
    # compute relations the store does not hold
    write_thread_maps(thread, tables, out, formats, "any key")
    assert not (out / "maps" / ".graphs").exists()
    tables["relations"] = compute_relations(thread, tables["segments"], tables["stances"])
    drawn = []
    original = argmap.build_thread_map

    def counting(*args, **kwargs):
        drawn.append(1)
        return original(*args, **kwargs)

    with Store(tmp_path / "store.duckdb") as db:
        db.start_run("r1", config_hash=config.hash, model_version="m1", stages=[])
        db.write_thread(thread, tables, run_id="r1")
        key = map_key(thread.content_hash(), config.hash, "m1")
        assert map_keys(db) == {thread.id: key}
        write_thread_maps(thread, tables, out, formats, key)
        assert (out / "maps" / ".graphs").is_dir()

        monkeypatch.setattr(argmap, "build_thread_map", counting)
        build_outputs(db, out, config, rebuild=True)
        assert drawn == []  # merged from the cache
        cached = (out / "maps" / "corpus.graphml").read_bytes()

        # a cache made under another analysis (other model, config or text) is not used
        write_thread_maps(thread, tables, out, formats, map_key("other", config.hash, "m1"))
        drawn.clear()
        build_outputs(db, out, config, rebuild=True)
        assert drawn == [1]
        assert (out / "maps" / "corpus.graphml").read_bytes() == cached
        # nor is an unreadable one
        next((out / "maps" / ".graphs").iterdir()).write_text("{not json", encoding="utf-8")
        build_outputs(db, out, config, rebuild=True)
        assert drawn == [1, 1]
        assert (out / "maps" / "corpus.graphml").read_bytes() == cached
