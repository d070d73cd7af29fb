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
        "holder"
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
            ["s1", "t", "militarization", "favor", 1.0, "u1", "comment", "A", "A", "x", None],
            ["s2", "t", "militarization", "against", 1.0, "u1", "comment", "A", "A", "y", None],
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


def test_entity_frame_table_leaves_out_the_speakers_named() -> None:
    """A commenter named ("I agree with Ernesto": a mention with the speaker's
    id) is who argues, not an entity the debate is about."""
    claims = pd.DataFrame(
        [["s1", "t", "militarization", "favor", 1.0, "u1", "comment", "A", "A", "x", None]],
        columns=rt.CLAIM_COLUMNS,
    )
    mentions = pd.DataFrame(
        [
            ["s1", "t", 13, 20, "Ernesto", "PERSON", "person", "speaker:ernesto", "Ernesto"],
            ["s1", "t", 30, 36, "Mexico", "GPE", "country", "mexico", "Mexico"],
        ],
        columns=TABLE_COLUMNS["mentions"],
    )
    table = rt.entity_frames(mentions, claims, rt.frames_for(claims))
    assert table.entity_id.tolist() == ["mexico"]


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
                "B",
                "y",
                "November 19, 2011 at 9:12 am",
            ],
            ["s3", "t", "legalization", "against", 1.0, "u3", "comment", "C", "C", "z", None],
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
    # favor blue (#2166ac) and against red (#b2182b): the colour-blind-safe pair
    bluish = (pixels[..., 2] > pixels[..., 0] + 0.3) & (pixels[..., 2] > pixels[..., 1] + 0.1)
    reddish = (pixels[..., 0] > pixels[..., 1] + 0.3) & (pixels[..., 0] > pixels[..., 2] + 0.2)
    assert bluish.sum() > 500 and reddish.sum() > 500  # favor and against bars were painted


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


# ---------------------------------------------------------------------------
# dates, key points, missing values and the words for what is counted


def small_thread(tmp_path: Path, thread: dict) -> Thread:
    """A thread read from JSON as a user's file would be (``thread`` as in the README)."""
    path = tmp_path / f"{thread['id']}.json"
    path.write_text(json.dumps(thread), encoding="utf-8")
    return read_path(path)[0]


def one_sentence_tables(
    thread: Thread, labels: dict[str, dict[str, str]]
) -> dict[str, pd.DataFrame]:
    """Stage tables with each utterance one sentence.

    ``labels``: utterance id as in the file (``c1``) → frame → label.
    """
    segs, stances = [], []
    for no, utt in enumerate(thread.utterances):
        sid = f"{utt.id}/s01"
        segs.append(
            {
                "id": sid,
                "thread_id": thread.id,
                "utterance_id": utt.id,
                "kind": utt.kind,
                "speaker": utt.speaker,
                "index": no,
                "start": 0,
                "end": len(utt.text),
                "text": utt.text,
                "paragraph": 0,
            }
        )
        given = labels.get(utt.id.rsplit("/", 1)[-1], {})
        # the stance stage tags every frame of its model, none included
        for frame in dict.fromkeys([*FRAMES, *given]):
            stances.append([sid, thread.id, frame, given.get(frame, "none"), 1.0, "", utt.speaker])
    return {
        "segments": pd.DataFrame(segs),
        "stances": pd.DataFrame(stances, columns=TABLE_COLUMNS["stances"]),
        "mentions": pd.DataFrame(columns=TABLE_COLUMNS["mentions"]),
    }


def dated_thread(tid: str, published: str | None, stamps: list[str | None]) -> dict:
    """The README's JSON example with the article's and the comments' dates given."""
    texts = [
        "The army is the only institution the cartels cannot buy.",
        "Whole units have defected to Los Zetas.",
        "Send the army home and legalise marijuana.",
    ]
    thread: dict = {
        "id": tid,
        "title": "Should Mexico send the army home?",
        "utterances": [
            {"kind": "article", "speaker": "Editorial Board", "text": "It is time to ask."},
            *(
                {"id": f"c{n}", "kind": "comment", "speaker": f"S{n}", "text": text}
                | ({"timestamp": stamp} if stamp is not None else {})
                for n, (text, stamp) in enumerate(zip(texts, stamps, strict=False), 1)
            ),
        ],
    }
    if published is not None:
        thread["published"] = published
    return thread


DATED_LABELS = {
    "c1": {"militarization": "favor"},
    "c2": {"militarization": "against"},
    "c3": {"militarization": "against", "legalization": "favor"},
}


@pytest.mark.filterwarnings("error")  # no pandas warning may leak to stderr either
@pytest.mark.parametrize(
    ("published", "stamps", "periods"),
    [
        # the README's JSON example: a day without zone, comments in UTC (Z);
        # undated comments are not given the thread's day
        ("2011-12-01", ["2011-12-01T10:00:00Z", None, None], {"2011-12-01": 1}),
        # WordPress: the article with an offset, the comments without a zone
        (
            "2011-12-01T09:00:00+00:00",
            ["November 18, 2011 at 3:04 pm", "2011-12-02 08:00", None],
            {"2011-11-18": 1, "2011-12-02": 1},
        ),
        # two offsets: 23:30 at −05:00 is the next day in UTC, 01:00 at +02:00 the day before
        (
            None,
            ["2011-12-01T23:30:00-05:00", "2011-12-02T01:00:00+02:00", "2011-12-02T12:00:00Z"],
            {"2011-12-01": 1, "2011-12-02": 3},
        ),
        # one zone throughout: no pandas warning about dropping it on stderr
        (
            None,
            ["2011-12-01T10:00:00Z", "2011-12-02T10:00:00Z", None],
            {"2011-12-01": 1, "2011-12-02": 1},
        ),
        # a date that is no date is left out of the timeline, not fatal
        (
            None,
            ["2011-12-01T10:00:00Z", "the day after", "2011-12-03T10:00:00+01:00"],
            {"2011-12-01": 1, "2011-12-03": 2},
        ),
    ],
)
def test_reports_are_written_whatever_zone_the_dates_are_in(
    tmp_path: Path, published: str | None, stamps: list[str | None], periods: dict[str, int]
) -> None:
    """Dates with and without zones, and with different offsets, are all read as UTC."""
    thread = small_thread(tmp_path, dated_thread("mexico-army", published, stamps))
    out = tmp_path / "reports"
    write_thread_report(thread, one_sentence_tables(thread, DATED_LABELS), out)
    assert (out / "threads" / "mexico-army.html").is_file()
    tl = pd.read_csv(out / "tables" / "mexico-army" / "timeline.csv")
    counts = tl.assign(n=tl["favor"] + tl["against"]).groupby("period")["n"].sum()
    assert {p: int(n) for p, n in counts.items() if n} == periods


def test_a_timeline_over_years_is_drawn_in_quarters_and_the_page_says_so(tmp_path: Path) -> None:
    """Three years of months would make bars a sliver wide: the chart counts quarters
    (the CSV table keeps the months) and the page's how-to-read names them."""
    import xml.etree.ElementTree as ET

    stamps = ["2012-06-01T10:00:00Z", "2013-03-01T10:00:00Z", "2014-11-20T10:00:00Z"]
    thread = small_thread(tmp_path, dated_thread("mexico-army", "2011-12-01", stamps))
    out = tmp_path / "reports"
    write_thread_report(thread, one_sentence_tables(thread, DATED_LABELS), out)
    html = (out / "threads" / "mexico-army.html").read_text(encoding="utf-8")
    section = html.split('<section id="timeline">')[1].split("</section>")[0]
    assert "per quarter of posting" in section and "quarters without posts" in section
    svg = section[section.index("<svg") : section.index("</svg>") + len("</svg>")]
    ns = "{http://www.w3.org/2000/svg}"
    bars = [r for r in ET.fromstring(svg).iter(f"{ns}rect") if r.find(f"{ns}title") is not None]
    assert bars and min(float(r.get("width")) for r in bars) >= 3.0
    assert {r.find(f"{ns}title").text.split(":")[0] for r in bars} == {"2012Q2", "2013Q1", "2014Q4"}
    tl = pd.read_csv(out / "tables" / "mexico-army" / "timeline.csv")
    assert set(tl["period"]) == {"2012-06", "2013-03", "2014-11"}  # months


def test_dates_with_mixed_zones_give_the_utc_day() -> None:
    """A naive date is taken as UTC; dates with a zone or offset are converted to UTC."""
    values = pd.Series(
        ["2011-12-01", "2011-12-01T23:30:00-05:00", "2011-12-01T01:00:00+02:00", "no date", None]
    )
    got = rt.parse_dates(values)
    assert got.dt.tz is None
    assert got.tolist()[:3] == [
        pd.Timestamp("2011-12-01 00:00"),
        pd.Timestamp("2011-12-02 04:30"),
        pd.Timestamp("2011-11-30 23:00"),
    ]
    assert got.iloc[3:].isna().all()


def test_a_date_pandas_cannot_read_in_a_batch_costs_only_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """If pandas raises on the batch of distinct dates, each is read alone; the bad one is NaT."""
    original = pd.to_datetime

    def strict(arg, *args, **kwargs):
        texts = list(arg) if isinstance(arg, pd.Series) else [arg]
        if "boom" in texts:
            raise OverflowError("boom")
        return original(arg, *args, **kwargs)

    monkeypatch.setattr(pd, "to_datetime", strict)
    claims = pd.DataFrame(
        [
            ["s1", "t", "legalization", "favor", 1.0, "u1", "comment", "A", "A", "x", "2011-11-18"],
            ["s2", "t", "legalization", "against", 1.0, "u2", "comment", "B", "B", "y", "boom"],
            [
                "s3",
                "t",
                "legalization",
                "against",
                1.0,
                "u3",
                "comment",
                "C",
                "C",
                "z",
                "2011-11-19T10:00:00Z",
            ],
        ],
        columns=rt.CLAIM_COLUMNS,
    )
    tl = rt.timeline(claims, rt.frames_for(claims))
    leg = tl[tl["frame"] == "legalization"].set_index("period")
    assert list(leg.index) == ["2011-11-18", "2011-11-19"]
    assert (leg.loc["2011-11-18", "favor"], leg.loc["2011-11-19", "against"]) == (1, 1)


def test_key_points_table_is_complete_and_the_page_says_what_it_leaves_out(
    seed_report: Path, seed_gold: list[dict]
) -> None:
    from discourse.argmap import key_points

    thread = read_path(SEED)[0]
    tables = gold_tables(seed_gold, thread)
    every = key_points(tables["segments"], tables["stances"])
    kp = pd.read_csv(seed_report / "tables" / "guatemala-post" / "key_points.csv")
    assert len(kp) == len(every) > 3 * 4  # not cut to 3 per frame and side
    assert set(kp["key_point"]) == set(every["key_point"])
    # the author argues for militarization: her side is on the page, not only the
    # first three commenters' points
    md = (seed_report / "threads" / "guatemala-post.md").read_text(encoding="utf-8")
    militarization = md.split("### Militarization")[1].split("\n### ")[0]
    favor_part = militarization.split("#### Favor")[1].split("#### Against")[0]
    favor_lines = [line for line in favor_part.splitlines() if line.startswith("- “")]
    for speaker in kp.query("frame == 'militarization' and direction == 'favor'")["speakers"]:
        assert any(speaker in line for line in favor_lines), speaker
    left_out = len(kp.query("frame == 'militarization' and direction == 'favor'")) - len(
        favor_lines
    )
    assert left_out > 0
    assert (
        f"Not shown here: {left_out} more favor key point{'s' if left_out != 1 else ''}"
        in militarization
    )
    assert "(../tables/guatemala-post/key_points.csv)" in militarization
    html = (seed_report / "threads" / "guatemala-post.html").read_text(encoding="utf-8")
    # the HTML folds the points left out away under "N more" (no script needed)
    assert f"<summary>{left_out} more favor key point" in html
    folded = html.split(f"<summary>{left_out} more favor key point")[1].split("</details>")[0]
    assert folded.count("<li>") == left_out
    assert 'href="../tables/guatemala-post/key_points.csv"' in html


def test_pick_key_points_shows_one_point_per_holder_up_to_a_limit() -> None:
    def row(n: int, prevalence: int, holders: str, direction: str = "favor") -> dict:
        return {
            "frame": "militarization",
            "direction": direction,
            "key_point": f"point {n}",
            "prevalence": prevalence,
            "holders": holders,
        }

    rows = [
        row(1, 5, "A; B"),
        row(2, 4, "A"),
        row(3, 3, "B"),
        row(4, 2, "A"),
        row(5, 1, "C"),  # C's only point: shown although least prevalent
        row(6, 1, "D"),
        row(7, 1, "D"),
        row(8, 2, "E", "against"),
    ]
    shown, left_out = rt.pick_key_points(rows, shown=3, most=10)
    assert [r["key_point"] for r in shown] == [
        "point 1",
        "point 2",
        "point 3",
        "point 5",
        "point 6",
        "point 8",
    ]
    assert left_out == {("militarization", "favor"): rt.LeftOut(points=2, holders=0)}
    # with room for four: the most prevalent three, then the speaker on more points
    shown, left_out = rt.pick_key_points(rows, shown=3, most=4)
    assert [r["key_point"] for r in shown if r["direction"] == "favor"] == [
        "point 1",
        "point 2",
        "point 3",
        "point 6",
    ]
    # … and the page can say that C is left without a point
    assert left_out == {("militarization", "favor"): rt.LeftOut(points=3, holders=1)}


def corpus_of(tmp_path: Path, threads: list[tuple[Thread, dict[str, pd.DataFrame]]]) -> Path:
    """Corpus outputs (report and maps) of ``threads`` stored in a fresh store; the reports folder."""
    from discourse.config import PipelineConfig
    from discourse.report import build_outputs
    from discourse.store import Store

    out = tmp_path / "reports"
    with Store(tmp_path / "store.duckdb") as db:
        for thread, tables in threads:
            db.write_thread(thread, tables)
            write_thread_report(thread, tables, out)
        build_outputs(db, out, PipelineConfig(), rebuild=True)
    return out


_MISSING_SHOWN = re.compile(r"(?:>|\|\s*|\b)(?:nan|NaN|None|NaT|<NA>)(?:<|\s*\||\b)")


@pytest.mark.filterwarnings("error")
def test_corpus_report_of_threads_with_mixed_zones_and_no_date(
    tmp_path: Path, seed_gold: list[dict]
) -> None:
    """One thread in the README's date forms and one without dates: the corpus report
    is written, and the missing date shows as "–", never as "nan"."""
    seed = read_path(SEED)[0]
    dated = small_thread(
        tmp_path, dated_thread("mexico-army", "2011-12-01", ["2011-12-01T10:00:00Z"] * 3)
    )
    out = corpus_of(
        tmp_path,
        [
            (seed, gold_tables(seed_gold, seed)),
            (dated, one_sentence_tables(dated, DATED_LABELS)),
        ],
    )
    md = (out / "report.md").read_text(encoding="utf-8")
    html = (out / "index.html").read_text(encoding="utf-8")
    # the untitled thread is named by its article's first words, not by its id, nor
    # by the guest-post byline that opens it
    assert (
        "| [Commander of US Southern Command General Douglas Fraser …]"
        "(threads/guatemala-post.md) | – |" in md
    )
    assert "| 2011-12-01 |" in md
    assert '<td class="text">–</td>' in html
    for page in [out / "report.md", out / "index.html", *(out / "threads").iterdir()]:
        text = page.read_text(encoding="utf-8")
        assert _MISSING_SHOWN.search(text) is None, (page.name, _MISSING_SHOWN.search(text))
    threads = pd.read_csv(out / "tables" / "threads.csv").set_index("id")
    assert pd.isna(threads.loc["guatemala-post", "published"])  # the CSV stays empty
    # the table behind the page names the thread as the page does
    assert threads.loc["guatemala-post", "title"].startswith("Commander of US Southern Command")


def test_the_thread_list_shows_dates_only_and_each_thread_s_favor_and_against_per_frame(
    tmp_path: Path,
) -> None:
    """A review found one thread dated "2024-01-15 08:00 UTC−05:00" among dates, and
    asked which way each thread's posts lean: a +favor −against cell per frame."""
    zoned = small_thread(
        tmp_path,
        dated_thread("zoned", "2024-01-15T08:00:00-05:00", ["2024-01-15T09:00:00-05:00"] * 3),
    )
    plain = small_thread(
        tmp_path, dated_thread("plain", "2024-05-08", ["2024-05-08T10:00:00Z"] * 3)
    )
    other = {"c1": {"legalization": "against"}, "c2": {"legalization": "against"}}
    pairs = [
        (zoned, one_sentence_tables(zoned, DATED_LABELS)),
        (plain, one_sentence_tables(plain, other)),
    ]
    out = corpus_of(tmp_path, pairs)
    html = (out / "index.html").read_text(encoding="utf-8")
    md = (out / "report.md").read_text(encoding="utf-8")
    section = html.split('<section id="threads">')[1].split("</section>")[0]
    md_section = md.split("## Threads")[1]
    # the date column: days, the zoned thread's on its own clock; no time, no zone
    shown = re.findall(r'<td class="text">([^<]*)</td>', section)
    assert shown == ["2024-05-08", "2024-01-15"]
    assert "UTC" not in section and "UTC" not in md_section.split("---")[0]
    assert "| 2024-01-15 |" in md_section
    # threads.csv keeps the source's text, and has the counts per frame and side
    threads = pd.read_csv(out / "tables" / "threads.csv").set_index("id")
    assert threads.loc["zoned", "published"] == "2024-01-15T08:00:00-05:00"
    for thread, tables in pairs:
        bearing = tables["stances"][tables["stances"]["label"].isin(rt.DIRECTIONS)]
        for frame in tables["stances"]["frame"].unique():
            for side in rt.DIRECTIONS:
                want = int(((bearing["frame"] == frame) & (bearing["label"] == side)).sum())
                assert threads.loc[thread.id, f"{frame}_{side}"] == want, (thread.id, frame, side)
        per_frame = threads.filter(regex="_(favor|against)$").loc[thread.id].sum()
        assert per_frame == threads.loc[thread.id, "positions"]
    assert threads.loc["zoned", "militarization_favor"] == 1
    assert threads.loc["zoned", "militarization_against"] == 2
    assert threads.loc["plain", "legalization_against"] == 2
    # the page shows them as "Who stands where" does, coloured by the side
    assert "<th>Militarization</th>" in section and "<th>Legalization</th>" in section
    zoned_row = section.split('href="threads/zoned.html"')[1].split("</tr>")[0]
    assert '<td class="cell against">+1 −2</td>' in zoned_row  # twice as many against
    assert '<td class="cell favor">+1</td>' in zoned_row  # legalization
    plain_row = section.split('href="threads/plain.html"')[1].split("</tr>")[0]
    assert '<td class="cell against">−2</td>' in plain_row
    assert "| Militarization |" in md_section
    assert "−2 (against) |" in md_section.split("(threads/plain.md)")[1].split("\n")[0]


def test_claims_and_positions_mean_one_thing_on_every_page(
    tmp_path: Path, seed_gold: list[dict]
) -> None:
    """A position is a sentence's stance on one frame; a claim is what the map and the
    key points count. Every count of either agrees, in HTML, Markdown and CSV."""
    import networkx as nx

    from discourse.argmap import extract_claims

    seed = read_path(SEED)[0]
    dated = small_thread(tmp_path, dated_thread("mexico-army", None, [None] * 3))
    pairs = [
        (seed, gold_tables(seed_gold, seed)),
        (dated, one_sentence_tables(dated, DATED_LABELS)),
    ]
    out = corpus_of(tmp_path, pairs)
    claims = sum(len(extract_claims(t["segments"], t["stances"])) for _, t in pairs)
    positions = sum(int(t["stances"]["label"].isin(rt.DIRECTIONS).sum()) for _, t in pairs)
    assert claims != positions  # the seed has claims of several sentences

    graph = nx.read_graphml(out / "maps" / "corpus.graphml")
    assert sum(1 for _, d in graph.nodes(data=True) if d.get("type") == "claim") == claims
    kp = pd.read_csv(out / "tables" / "key_points.csv")
    assert kp["prevalence"].sum() == claims
    threads = pd.read_csv(out / "tables" / "threads.csv")
    assert (threads["claims"].sum(), threads["positions"].sum()) == (claims, positions)
    assert pd.read_csv(out / "tables" / "positions.csv")["positions"].sum() == positions
    assert pd.read_csv(out / "tables" / "distribution.csv")["total"].sum() == positions

    md = (out / "report.md").read_text(encoding="utf-8")
    assert f"**positions**: {positions}" in md and f"**claims**: {claims}" in md
    assert "| Holder | Role | Positions |" in md
    html = (out / "index.html").read_text(encoding="utf-8")
    assert f"<dt>positions</dt><dd>{positions}</dd>" in html
    assert f"<dt>claims</dt><dd>{claims}</dd>" in html
    assert '<th>Holder</th><th class="text role">Role</th><th>Positions</th>' in html
    # and every page says whose reading the positions are before anyone quotes a count
    caveat = "Positions are read by a statistical model: a first reading to check"
    assert caveat in md and caveat in html
    # a thread's own page counts the same way
    page = (out / "threads" / "guatemala-post.md").read_text(encoding="utf-8")
    seed_claims = len(extract_claims(pairs[0][1]["segments"], pairs[0][1]["stances"]))
    assert f"**claims**: {seed_claims}" in page and caveat in page


def test_page_says_when_holders_are_left_without_a_key_point(tmp_path: Path) -> None:
    """More speakers on a side than the page has room for: the note says how many miss out."""
    words = "army navy police border ports customs courts prisons banks radar drones troops"
    texts = [f"Send the {w} after the cartels, {w} {w} now." for w in words.split()]
    thread = small_thread(
        tmp_path,
        {
            "id": "crowd",
            "utterances": [
                {"kind": "article", "speaker": "Desk", "text": "What should be done?"},
                *(
                    {"id": f"c{n}", "kind": "comment", "speaker": f"S{n}", "text": text}
                    for n, text in enumerate(texts, 1)
                ),
            ],
        },
    )
    labels = {f"c{n}": {"militarization": "favor"} for n in range(1, len(texts) + 1)}
    out = tmp_path / "reports"
    write_thread_report(thread, one_sentence_tables(thread, labels), out)
    kp = pd.read_csv(out / "tables" / "crowd" / "key_points.csv")
    assert len(kp) == len(texts) == 12
    md = (out / "threads" / "crowd.md").read_text(encoding="utf-8")
    favor = md.split("#### Favor")[1].split("#### Against")[0]
    assert favor.count("\n- “") == rt.KEY_POINTS_MOST
    hidden = 12 - rt.KEY_POINTS_MOST
    assert (
        f"Not shown here: {hidden} more favor key points ({hidden} holders on that side "
        "without a point above). Every key point is in [key_points.csv]"
        "(../tables/crowd/key_points.csv)." in md
    )


# ---------------------------------------------------------------------------
# map files and links follow the configured formats; dates shown in one form

_MAP_LINK = re.compile(r"maps/([\w.-]+?)\.(aif\.json|argdown|graphml|dot|svg)\b")


def _linked_maps(page: Path) -> set[str]:
    """The map files a page links or shows, as ``stem.suffix``."""
    return {f"{m[0]}.{m[1]}" for m in _MAP_LINK.findall(page.read_text(encoding="utf-8"))}


def test_pages_link_only_configured_map_formats_and_no_older_map_stays(tmp_path: Path) -> None:
    """The reviewer's week 4: maps = ["svg", "aif"] after weeks of every format. A thread
    (and the corpus) written again keeps no Argdown, DOT or GraphML file of older data,
    and no page offers one; a thread not written again keeps its consistent set."""
    from discourse.config import PipelineConfig
    from discourse.report import build_outputs
    from discourse.store import Store

    every, week4 = PipelineConfig(), PipelineConfig.from_dict({"outputs": {"maps": ["svg", "aif"]}})
    kingpin = small_thread(tmp_path, dated_thread("kingpin", "2026-10-05", [None] * 3))
    merida = small_thread(tmp_path, dated_thread("merida", "2026-10-12", [None] * 3))
    tables = {t.id: one_sentence_tables(t, DATED_LABELS) for t in (kingpin, merida)}
    out, maps = tmp_path / "reports", tmp_path / "reports" / "maps"
    cached = maps / ".graphs" / "kingpin.json"
    with Store(tmp_path / "store.duckdb") as db:
        for thread in (kingpin, merida):
            db.write_thread(thread, tables[thread.id])
            write_thread_maps(thread, tables[thread.id], out, every["outputs"]["maps"])
            write_thread_report(thread, tables[thread.id], out)
        build_outputs(db, out, every, rebuild=True)
        assert {p.name for p in maps.glob("kingpin.*")} == {
            "kingpin.aif.json",
            "kingpin.argdown",
            "kingpin.dot",
            "kingpin.graphml",
            "kingpin.svg",
        }
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_text("{}", encoding="utf-8")  # the graph cache is checked on its own

        # week 4: kingpin analysed again, the corpus rebuilt, both with svg and aif only
        write_thread_maps(kingpin, tables["kingpin"], out, week4["outputs"]["maps"])
        write_thread_report(kingpin, tables["kingpin"], out, week4["outputs"]["maps"])
        build_outputs(db, out, week4)

    fresh = {"aif.json", "svg"}
    assert {p.name for p in maps.glob("kingpin.*")} == {f"kingpin.{s}" for s in fresh}
    assert {p.name for p in maps.glob("corpus.*")} == {f"corpus.{s}" for s in fresh}
    for page, stem in (
        (out / "index.html", "corpus"),
        (out / "report.md", "corpus"),
        (out / "threads" / "kingpin.html", "kingpin"),
        (out / "threads" / "kingpin.md", "kingpin"),
    ):
        assert _linked_maps(page) == {f"{stem}.{s}" for s in fresh}, page.name
        assert all((out / "maps" / name).is_file() for name in _linked_maps(page))
    # merida was not analysed again, but the formats changed: its page and maps are
    # drawn again from the store, so nothing of the dropped formats stays or is linked
    assert _linked_maps(out / "threads" / "merida.html") == {f"merida.{s}" for s in fresh}
    assert {p.name for p in maps.glob("merida.*")} == {f"merida.{s}" for s in fresh}

    # as `discourse run` writes a thread (maps first, then the page, no formats given)
    write_thread_maps(kingpin, tables["kingpin"], out, ["aif"])
    write_thread_report(kingpin, tables["kingpin"], out)
    assert _linked_maps(out / "threads" / "kingpin.html") == {"kingpin.aif.json"}
    assert "No map picture was drawn." in (out / "threads" / "kingpin.html").read_text("utf-8")

    # no map formats at all: the thread's map files go, the page offers none
    write_thread_maps(kingpin, tables["kingpin"], out, [])
    write_thread_report(kingpin, tables["kingpin"], out, [])
    assert not list(maps.glob("kingpin.*"))
    assert _linked_maps(out / "threads" / "kingpin.md") == set()
    assert cached.is_file()  # clearing a thread's maps never removes its cached graph


def test_an_unknown_map_format_removes_nothing(tmp_path: Path) -> None:
    kingpin = small_thread(tmp_path, dated_thread("kingpin", None, [None] * 3))
    tables = one_sentence_tables(kingpin, DATED_LABELS)
    out = tmp_path / "reports"
    write_thread_maps(kingpin, tables, out, ["svg"])
    with pytest.raises(ValueError, match="E400"):
        write_thread_maps(kingpin, tables, out, ["svg", "pdf"])
    assert (out / "maps" / "kingpin.svg").is_file()


def _shown_published(out: Path) -> tuple[dict[str, str], dict[str, str]]:
    """The Published cell of each thread row, by thread file stem: (HTML, Markdown)."""
    html = (out / "index.html").read_text(encoding="utf-8")
    md = (out / "report.md").read_text(encoding="utf-8")
    in_html = dict(
        re.findall(
            r'<a href="threads/([\w-]+)\.html">[^<]*</a></th><td class="text">([^<]*)<', html
        )
    )
    in_md = dict(re.findall(r"^\| \[[^]]*\]\(threads/([\w-]+)\.md\) \| ([^|]*?) \|", md, re.M))
    return in_html, in_md


def test_published_dates_show_in_one_form_and_the_csv_keeps_the_sources_text(
    tmp_path: Path,
) -> None:
    """Dates as the sources wrote them are shown in one form on the pages: the thread
    list, a column of dates, as days (on the source's clock where it gave an offset:
    the day its readers saw), a thread page's header with the time where the source
    gave one; threads.csv keeps what the sources wrote."""
    published = {
        "a-words": "October 5, 2026",
        "b-iso-day": "2026-10-12",
        "c-utc": "2026-10-14T10:00:00Z",
        "d-offset": "2026-10-14T23:30:00-05:00",  # the next day in UTC, not for its readers
        "e-wordpress": "November 18, 2011 at 3:04 pm",
        "f-no-date": "the week after",  # shown as written: the page cannot say better
        "g-none": None,
    }
    pairs = []
    for tid, value in published.items():
        thread = small_thread(tmp_path, dated_thread(tid, value, [None] * 3))
        pairs.append((thread, one_sentence_tables(thread, DATED_LABELS)))
    out = corpus_of(tmp_path, pairs)
    expected = {
        "a-words": "2026-10-05",
        "b-iso-day": "2026-10-12",
        "c-utc": "2026-10-14",
        "d-offset": "2026-10-14",  # UTC's 15th
        "e-wordpress": "2011-11-18",
        "f-no-date": "the week after",
        "g-none": "–",
    }
    in_html, in_md = _shown_published(out)
    assert in_html == expected and in_md == expected
    threads = pd.read_csv(out / "tables" / "threads.csv", keep_default_na=False).set_index("id")
    assert list(threads.columns) == [
        "title",
        "published",
        "utterances",
        "segments",
        "positions",
        "claims",
        *(f"{f}_{d}" for f in FRAMES for d in rt.DIRECTIONS),
    ]
    assert {tid: v or None for tid, v in threads["published"].items()} == published
    # a thread's own page gives its date in the same form
    page = (out / "threads" / "c-utc.md").read_text(encoding="utf-8")
    assert "by Editorial Board · 2026-10-14 10:00 UTC · 3 comments" in page
    page = (out / "threads" / "d-offset.md").read_text(encoding="utf-8")
    assert "by Editorial Board · 2026-10-14 23:30 UTC\u221205:00 · 3 comments" in page
    page = (out / "threads" / "a-words.html").read_text(encoding="utf-8")
    assert "by Editorial Board · 2026-10-05 · 3 comments" in page


def test_file_stems_are_distinct_and_never_the_corpus_outputs() -> None:
    from discourse.report import file_stem

    assert file_stem("guatemala-post") == "guatemala-post"  # slugs as they are
    stems = {file_stem(i) for i in ("a/b", "a b", "a_b", "corpus")}
    assert len(stems) == 4 and "corpus" not in stems and "a_b" in stems
    assert file_stem("a/b") == file_stem("a/b")  # stable run after run


def test_dates_without_a_year_are_not_put_on_today() -> None:
    parsed = rt.parse_dates(pd.Series(["now", "12:30", "Nov 3", "November 3, 2011 at 9:15 pm"]))
    assert parsed.isna().tolist() == [True, True, True, False]
    assert parsed.iloc[3] == pd.Timestamp("2011-11-03 21:15")


def test_build_outputs_says_why_it_rebuilt_and_ignores_the_settings_hash(tmp_path: Path) -> None:
    """Reasons, not a bare "rebuilt": the run summary shows them. A state file of an
    older version, which also kept the configuration hash, is still up to date."""
    from discourse.config import PipelineConfig
    from discourse.report import STATE_FILE, build_outputs
    from discourse.store import Store

    config = PipelineConfig.from_dict({"outputs": {"maps": ["svg"], "tables": []}})
    thread = small_thread(tmp_path, dated_thread("kingpin", "2026-10-05", [None] * 3))
    out = tmp_path / "reports"
    with Store(tmp_path / "store.duckdb") as db:
        db.write_thread(thread, one_sentence_tables(thread, DATED_LABELS))
        assert build_outputs(db, out, config)[1] == ["none built before"]
        assert build_outputs(db, out, config) == ([], [])
        state = out / STATE_FILE
        older = {**json.loads(state.read_text(encoding="utf-8")), "config": "0123456789abcdef"}
        state.write_text(json.dumps(older), encoding="utf-8")
        assert build_outputs(db, out, config) == ([], [])
        (out / "index.html").unlink()
        files, reasons = build_outputs(db, out, config)
        assert reasons == ["corpus page missing"] and out / "index.html" in files
        assert build_outputs(db, out, config, rebuild=True)[1] == ["rebuild requested"]


def test_a_users_own_frame_gets_a_heading_without_a_dangling_dash(tmp_path: Path) -> None:
    """A frame the shipped frames file does not know (a notebook's fifth frame) has no
    proposition in the report: its heading is the title alone, not "Title — "."""
    thread = small_thread(
        tmp_path,
        {
            "id": "fifth",
            "utterances": [
                {"kind": "article", "speaker": "Desk", "text": "What should farmers grow?"},
                {
                    "id": "c1",
                    "kind": "comment",
                    "speaker": "Ana",
                    "text": "Pay them to grow coffee.",
                },
            ],
        },
    )
    labels = {"c1": {"alternative_development": "favor", "militarization": "favor"}}
    out = tmp_path / "reports"
    write_thread_report(thread, one_sentence_tables(thread, labels), out)
    md = (out / "threads" / "fifth.md").read_text(encoding="utf-8")
    assert "### Alternative development\n" in md
    assert "### Militarization — Fight drug trafficking with military force" in md
    assert not re.search(r"^###.* — *$", md, flags=re.M)
    html = (out / "threads" / "fifth.html").read_text(encoding="utf-8")
    assert "<small></small>" not in html


def test_a_new_report_version_redraws_the_pages_and_maps_of_unchanged_threads(
    tmp_path: Path,
) -> None:
    """Templates, charts or maps changed with the version: a weekly run analyses only new
    threads, so without a redraw the old threads' pages kept the old look and maps."""
    from discourse.config import PipelineConfig
    from discourse.report import STATE_FILE, build_outputs
    from discourse.store import Store

    config = PipelineConfig.from_dict({"outputs": {"maps": ["svg"], "tables": []}})
    thread = small_thread(tmp_path, dated_thread("kingpin", "2026-10-05", [None] * 3))
    out = tmp_path / "reports"
    page = out / "threads" / "kingpin.html"
    with Store(tmp_path / "store.duckdb") as db:
        db.write_thread(thread, one_sentence_tables(thread, DATED_LABELS))
        build_outputs(db, out, config, complete_pages=True)
        assert page.is_file()
        page.write_text("drawn by an older version", encoding="utf-8")
        assert build_outputs(db, out, config, complete_pages=True) == ([], [])
        state = out / STATE_FILE
        older = {**json.loads(state.read_text(encoding="utf-8")), "version": "0"}
        state.write_text(json.dumps(older), encoding="utf-8")
        files, reasons = build_outputs(db, out, config, complete_pages=True)
    assert reasons == ["new report version"]
    assert page in files and "drawn by an older version" not in page.read_text(encoding="utf-8")


def test_a_frame_the_model_does_not_tag_is_left_out_of_the_report(
    tmp_path: Path, seed_gold: list[dict]
) -> None:
    """A three-frame model's report has no arms-control column of zeros.

    Zeros would read as "nobody argued for or against arms control"; the
    model simply does not tag it (W232 says so when the model is loaded).
    """
    from discourse.report import thread_report_data

    thread = read_path(SEED)[0]
    tables = gold_tables(seed_gold, thread)
    tables["stances"] = tables["stances"][tables["stances"]["frame"] != "arms_control"]
    data = thread_report_data(thread, tables)
    assert [f.name for f in data.frames] == ["demand_reduction", "militarization", "legalization"]
    assert "arms_control" not in set(data.tables["distribution"]["frame"])
    write_thread_report(thread, tables, tmp_path)
    page = (tmp_path / "threads" / "guatemala-post.md").read_text(encoding="utf-8")
    assert "Arms control" not in page and "Militarization" in page
    # a frame tagged but never argued keeps its row: there zeros are information
    tables["stances"] = tables["stances"].assign(label="none")
    assert [f.name for f in thread_report_data(thread, tables).frames] == [
        "demand_reduction",
        "militarization",
        "legalization",
    ]


NAMES_THREAD = {
    "id": "names",
    "utterances": [
        {"kind": "article", "speaker": "Ed", "text": "We should legalize cannabis and tax it."},
        {"kind": "comment", "speaker": "Ana", "text": "Legalization would be a disaster for kids."},
        {"kind": "comment", "speaker": "Bo", "text": "Send the army after the cartels."},
    ],
}
NAMES_LABELS = {
    "article": {"legalization": "favor"},
    "ana": {"legalization": "against"},
    "bo": {"militarization": "favor"},
}


@pytest.mark.parametrize("untagged", [None, "arms_control"])
def test_the_corpus_report_shows_the_frames_the_thread_report_shows(
    tmp_path: Path, untagged: str | None
) -> None:
    """Frames nobody argued keep their zeros at corpus level too: one fixed layout.

    The corpus took its frames from the favor/against rows alone, so a corpus
    arguing two frames had tables (and CSV columns) of two; a frame the model
    does not tag stays out of both.
    """
    thread = small_thread(tmp_path, NAMES_THREAD)
    tables = one_sentence_tables(thread, NAMES_LABELS)
    tables["stances"] = tables["stances"][tables["stances"]["frame"] != untagged]
    out = corpus_of(tmp_path, [(thread, tables)])
    frames = [f for f in FRAMES if f != untagged]
    for name in ("distribution", "positions", "entities", "timeline"):
        corpus = pd.read_csv(out / "tables" / f"{name}.csv")
        page = pd.read_csv(out / "tables" / "names" / f"{name}.csv")
        assert list(corpus.columns) == list(page.columns), name
    assert list(pd.read_csv(out / "tables" / "distribution.csv")["frame"]) == frames
    columns = list(pd.read_csv(out / "tables" / "positions.csv").columns)
    assert columns[4:-1] == [f"{f}_{d}" for f in frames for d in rt.DIRECTIONS]
    columns = list(pd.read_csv(out / "tables" / "threads.csv").columns)
    assert columns[7:] == [f"{f}_{d}" for f in frames for d in rt.DIRECTIONS]
    md = (out / "report.md").read_text(encoding="utf-8")
    html = (out / "index.html").read_text(encoding="utf-8")
    for title in ("Demand reduction", "Arms control"):
        shown = title != "Arms control" or untagged is None
        assert (f"| {title} | 0 | 0 | 0 | 0 | 0 |" in md) == shown, title
        # the corpus page has one table more naming the frames: its thread list
        in_thread = (out / "threads" / "names.md").read_text().count(title)
        assert md.count(title) == in_thread + shown, title
        assert (f'<th scope="row">{title}<small>' in html) == shown, title  # Stance by frame
        assert (f"<th>{title}</th>" in html) == shown, title  # Who stands where


def test_a_chart_the_page_no_longer_has_is_removed(tmp_path: Path) -> None:
    """The dated thread leaves the store (``--prune``): the corpus page says there are no
    dates, and its timeline chart goes too; so does a thread page's when its dates go."""
    from discourse.config import PipelineConfig
    from discourse.report import build_outputs
    from discourse.store import Store

    config = PipelineConfig.from_dict({"outputs": {"maps": [], "tables": []}})
    stamps = ["2011-12-01T10:00:00Z", "2011-12-03T10:00:00Z", "2011-12-05T10:00:00Z"]
    dated = small_thread(tmp_path, dated_thread("dated", None, stamps))
    names = small_thread(tmp_path, NAMES_THREAD)
    out, charts = tmp_path / "reports", tmp_path / "reports" / "charts"
    with Store(tmp_path / "store.duckdb") as db:
        for thread, labels in ((dated, DATED_LABELS), (names, NAMES_LABELS)):
            db.write_thread(thread, one_sentence_tables(thread, labels))
        build_outputs(db, out, config, complete_pages=True)
        assert (charts / "corpus-timeline.svg").is_file()
        assert (charts / "dated-timeline.svg").is_file()
        db.remove_thread("dated")
        build_outputs(db, out, config)
    assert "The posts that take positions carry no dates" in (out / "report.md").read_text()
    assert sorted(p.name for p in charts.glob("corpus-*")) == ["corpus-distribution.svg"]
    undated = small_thread(tmp_path, dated_thread("dated", None, [None] * 3))
    write_thread_report(undated, one_sentence_tables(undated, DATED_LABELS), out)
    assert sorted(p.name for p in charts.glob("dated-*")) == ["dated-distribution.svg"]


def _sections(markdown: str) -> dict[str, str]:
    """Each ``## `` heading of a Markdown page and the first non-empty line below it."""
    lines = markdown.splitlines()
    return {
        line[3:]: next((x for x in lines[no + 1 :] if x.strip()), "")
        for no, line in enumerate(lines)
        if line.startswith("## ")
    }


@pytest.mark.parametrize("dated", [True, False])
def test_every_markdown_section_opens_with_how_to_read_it_as_the_html_does(
    tmp_path: Path, dated: bool
) -> None:
    """The Markdown twin has the HTML page's sections, each opening with its "How to read
    this" line: also "Threads", and "Stance over time" when there is no timeline."""
    stamps = ["2011-12-01T10:00:00Z", "2011-12-03T10:00:00Z", "2011-12-05T10:00:00Z"]
    thread = small_thread(
        tmp_path, dated_thread("mexico-army", None, stamps if dated else [None] * 3)
    )
    names = small_thread(tmp_path, NAMES_THREAD)
    out = corpus_of(
        tmp_path,
        [
            (thread, one_sentence_tables(thread, DATED_LABELS)),
            (names, one_sentence_tables(names, NAMES_LABELS)),
        ],
    )
    assert (out / "charts" / "corpus-timeline.svg").is_file() == dated
    for md in (out / "report.md", out / "threads" / "mexico-army.md"):
        sections = _sections(md.read_text(encoding="utf-8"))
        html = md.with_name("index.html" if md.name == "report.md" else "mexico-army.html")
        headings = re.findall(r"<h2>([^<]+)</h2>", html.read_text(encoding="utf-8"))
        assert list(sections) == [h for h in headings if h != "Data"], md.name
        for heading, first in sections.items():
            if heading == "Stance over time" and not dated:
                # no chart to read: the section says in one muted line why, as the HTML does
                assert first == "_The posts that take positions carry no dates._", md.name
                continue
            assert first.startswith("*How to read this: "), (md.name, heading, first)


@pytest.mark.parametrize(
    ("stamps", "labels", "says"),
    [
        # dated posts, but no position: the dates are there, the positions are not
        (
            ["2011-12-01T10:00:00Z", "2011-12-02T10:00:00Z", None],
            {},
            "No sentence takes a position",
        ),
        # positions, but their posts carry no date
        ([None, None, None], DATED_LABELS, "The posts that take positions carry no dates"),
    ],
)
def test_an_empty_timeline_says_why(
    tmp_path: Path, stamps: list[str | None], labels: dict, says: str
) -> None:
    thread = small_thread(tmp_path, dated_thread("mexico-army", None, stamps))
    out = tmp_path / "reports"
    write_thread_report(thread, one_sentence_tables(thread, labels), out)
    for page in ("mexico-army.html", "mexico-army.md"):
        text = (out / "threads" / page).read_text(encoding="utf-8")
        assert says in text, page
        assert "The posts carry no dates" not in text


def test_two_positions_of_one_sentence_count_once_in_the_report(seed_gold: list[dict]) -> None:
    """Two models' stances concatenated in a notebook: a sentence tagged favor by one
    and against by the other counts once, on the higher-scoring side, as in the map."""
    from discourse.model import utterances_to_frame

    thread = read_path(SEED)[0]
    tables = gold_tables(seed_gold, thread)
    utts = utterances_to_frame([thread])
    stances = tables["stances"]
    one = rt.claims_from_tables(utts, tables["segments"], stances, thread.published)
    row = stances[stances["label"] == "favor"].head(1)
    flipped = row.assign(label="against", score=row["score"] + 0.1)
    weaker = row.assign(label="against", score=row["score"] - 0.1)
    for other, side in ((flipped, "against"), (weaker, "favor")):
        both = pd.concat([stances, other])  # index labels repeat, as in a notebook
        claims = rt.claims_from_tables(utts, tables["segments"], both, thread.published)
        assert len(claims) == len(one)
        mine = claims[
            (claims["segment_id"] == row["segment_id"].iloc[0])
            & (claims["frame"] == row["frame"].iloc[0])
        ]
        assert mine["label"].tolist() == [side]
    assert rt.one_position_per_frame(stances) is stances  # nothing to drop: the same table


# ---------------------------------------------------------------------------
# what a page says up top, and how it reads at a glance


def test_pages_open_with_key_findings_dates_and_a_section_nav(
    seed_report: Path, tmp_path: Path
) -> None:
    """The findings box sits under the title, each sentence from the distribution
    table; the HTML and the Markdown say the same; the nav links every section."""
    dist = pd.read_csv(seed_report / "tables" / "guatemala-post" / "distribution.csv")
    said = rt.findings(dist)
    assert 2 <= len(said) <= 4
    html = (seed_report / "threads" / "guatemala-post.html").read_text(encoding="utf-8")
    head = html.split("<main>")[0]
    box = head.split('<aside id="findings"')[1].split("</aside>")[0]
    assert head.index("<h1>") < head.index('<aside id="findings"')
    for line in said:
        assert f"<li>{line}</li>" in box.replace("&#39;", "'")
    md = (seed_report / "threads" / "guatemala-post.md").read_text(encoding="utf-8")
    top = md.split("\n## ")[0]
    assert "**Key findings**" in top
    for line in said:
        assert f"- {line}\n" in top
    nav = head.split('<nav class="toc"')[1].split("</nav>")[0]
    for section in re.findall(r'<section id="([\w-]+)"', html):
        assert f'href="#{section}"' in nav, section
    # the browser title says "stance report" once
    assert "<title>" in html and html.count("stance report</title>") == 1

    # dated posts: the subtitle gives their span; the source page is linked
    stamps = ["2011-12-01T10:00:00Z", "2011-12-03T10:00:00Z", None]
    thread = small_thread(
        tmp_path,
        dated_thread("mexico-army", "2011-11-30", stamps) | {"url": "https://example.com/a"},
    )
    out = tmp_path / "reports"
    write_thread_report(thread, one_sentence_tables(thread, DATED_LABELS), out)
    page = (out / "threads" / "mexico-army.html").read_text(encoding="utf-8")
    assert "Posts dated 2011-11-30 to 2011-12-03" in page
    assert 'Source: <a href="https://example.com/a">' in page
    assert "Posts dated 2011-11-30 to 2011-12-03" in (out / "threads" / "mexico-army.md").read_text(
        encoding="utf-8"
    )


def test_the_corpus_page_titles_once_sorts_threads_newest_first_and_counts_undated(
    tmp_path: Path,
) -> None:
    old = small_thread(
        tmp_path, dated_thread("old", "2011-11-01", ["2011-11-01T10:00:00Z"] * 2 + [None])
    )
    new = small_thread(
        tmp_path, dated_thread("new", "2012-02-01", ["2012-02-01T10:00:00Z"] * 2 + [None])
    )
    names = small_thread(tmp_path, NAMES_THREAD)  # no dates at all, no title
    out = corpus_of(
        tmp_path,
        [
            (old, one_sentence_tables(old, DATED_LABELS)),
            (names, one_sentence_tables(names, NAMES_LABELS)),
            (new, one_sentence_tables(new, DATED_LABELS)),
        ],
    )
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "<title>Drug-policy debate: stance report</title>" in html
    threads = html.split('<section id="threads">')[1]
    order = [threads.index(f'href="threads/{t}.html"') for t in ("new", "old", "names")]
    assert order == sorted(order)  # newest first, undated last
    assert ">We should legalize cannabis and tax it.</a>" in threads  # not its id
    # the three positions of "names" and the two of each dated thread's undated
    # comment carry no date: the timeline says it leaves them out
    timeline = html.split('<section id="timeline">')[1].split("</section>")[0]
    assert "7 of 11 positions (3 threads) carry no date and are not shown." in timeline
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "7 of 11 positions (3 threads) carry no date and are not shown." in md
    # the corpus map has its own how-to-read, without the speakers it does not draw
    corpus_map = html.split('<section id="map">')[1].split("</section>")[0]
    assert "Speakers are not drawn here" in corpus_map
    # key points name the thread their quote comes from, linked
    key_points = html.split('<section id="key-points">')[1].split("</section>")[0]
    assert '<a href="threads/new.html">Should Mexico send the army home?</a>' in key_points


def test_a_thread_dated_only_by_its_posts_is_listed_by_its_article_s_date(
    tmp_path: Path,
) -> None:
    """A CSV with the article's timestamp and no ``published`` column was "–" in the
    thread list and threads.csv, sorted with the undated, while its page was dated."""
    from discourse.ingest import load

    csv_file = tmp_path / "kingpin.csv"
    csv_file.write_text(
        "thread_id,id,kind,speaker,timestamp,text\n"
        "kingpin,a,article,Sylvia Longmire,2012-02-10,The army is the only institution "
        "the cartels cannot buy.\n"
        "kingpin,k1,comment,Aaron B,2012-02-11,Whole units have defected to Los Zetas.\n",
        encoding="utf-8",
    )
    (kingpin,) = load(csv_file).threads
    assert kingpin.published is None and kingpin.date == "2012-02-10"
    old = small_thread(tmp_path, dated_thread("old", "2011-11-01", ["2011-11-01T10:00:00Z"]))
    names = small_thread(tmp_path, NAMES_THREAD)  # no dates at all
    out = corpus_of(
        tmp_path,
        [
            (t, one_sentence_tables(t, labels))
            for t, labels in ((old, DATED_LABELS), (names, NAMES_LABELS), (kingpin, {}))
        ],
    )
    in_html, in_md = _shown_published(out)
    assert in_html["kingpin"] == in_md["kingpin"] == "2012-02-10"
    threads = pd.read_csv(out / "tables" / "threads.csv", keep_default_na=False)
    assert threads.set_index("id").loc["kingpin", "published"] == "2012-02-10"
    html = (out / "index.html").read_text(encoding="utf-8").split('<section id="threads">')[1]
    order = [html.index(f'href="threads/{t}.html"') for t in ("kingpin", "old", "names")]
    assert order == sorted(order)  # newest first, no longer among the undated
    page = (out / "threads" / "kingpin.md").read_text(encoding="utf-8")
    assert "by Sylvia Longmire · 2012-02-10 · 1 comments" in page


def _thread_nav(page: Path) -> list[dict[str, str]]:
    """Each previous/next link block of a thread page (top and bottom): link → href.

    Markdown pages are rendered first, as a reader sees them; the keys are
    ``corpus``, ``prev`` and ``next``, by the link's words.
    """
    text = page.read_text(encoding="utf-8")
    if page.suffix == ".md":
        text = _markdown_html(text)
    blocks = re.findall(r"<!-- thread-nav -->(.*?)<!-- /thread-nav -->", text, re.DOTALL)
    out = []
    for block in blocks:
        links: dict[str, str] = {}
        for href, words in re.findall(r'<a[^>]*href="([^"]+)"[^>]*>([^<]*)</a>', block):
            key = "prev" if "Previous" in words else "next" if "Next" in words else "corpus"
            links[key] = href
        out.append(links)
    return out


def check_thread_links(out: Path, order: list[str]) -> None:
    """The corpus page lists the threads of ``out`` in ``order``, and each thread page
    (HTML and Markdown, top and bottom) links the corpus page and its neighbours there."""
    listed = re.findall(
        r'href="threads/([\w-]+)\.html"',
        (out / "index.html").read_text(encoding="utf-8").split('<section id="threads">')[1],
    )
    assert listed == order  # the corpus page's order is the one the pages follow
    for k, stem in enumerate(order):
        for suffix, corpus in (("html", "index.html"), ("md", "report.md")):
            page = out / "threads" / f"{stem}.{suffix}"
            blocks = _thread_nav(page)
            assert len(blocks) == 2, page  # under the title and at the foot
            want = {"corpus": f"../{corpus}"}
            if k > 0:
                want["prev"] = f"{order[k - 1]}.{suffix}"
            if k + 1 < len(order):
                want["next"] = f"{order[k + 1]}.{suffix}"
            for links in blocks:
                assert links == want, (page, links)
                for href in links.values():  # every link leads to a page that is there
                    assert (page.parent / href).is_file(), (page, href)


def test_thread_pages_link_the_previous_and_next_thread_of_the_corpus_list(
    tmp_path: Path,
) -> None:
    """A thread page led only back to the corpus page: reading the threads in turn
    meant going back each time. Each page (HTML and Markdown, top and bottom) now
    links its neighbours in the corpus page's list, and a new thread arriving
    later moves the links of the pages beside it."""
    from discourse.config import PipelineConfig
    from discourse.report import build_outputs
    from discourse.store import Store

    markup = "Army_out *now* \\ [x](http://evil.example)"  # shown as written in a link
    old = small_thread(
        tmp_path,
        dated_thread("old", "2011-11-01", ["2011-11-01T10:00:00Z"] * 2 + [None])
        | {"title": markup},
    )
    new = small_thread(
        tmp_path, dated_thread("new", "2012-02-01", ["2012-02-01T10:00:00Z"] * 2 + [None])
    )
    names = small_thread(tmp_path, NAMES_THREAD)  # undated: listed last
    out = corpus_of(
        tmp_path,
        [
            (old, one_sentence_tables(old, DATED_LABELS)),
            (names, one_sentence_tables(names, NAMES_LABELS)),
            (new, one_sentence_tables(new, DATED_LABELS)),
        ],
    )

    def check(order: list[str]) -> None:
        check_thread_links(out, order)
        html = (out / "threads" / f"{order[1]}.html").read_text(encoding="utf-8")
        assert 'rel="prev"' in html and 'rel="next"' in html
        md = _markdown_html((out / "threads" / "names.md").read_text(encoding="utf-8"))
        assert f'<a href="old.md">← Previous: {markup}</a>' in md

    check(["new", "old", "names"])
    # a newer thread arrives in a later run: it heads the list, and the page that
    # headed it, not drawn again, now has it as its previous thread
    newest = small_thread(
        tmp_path, dated_thread("newest", "2013-03-01", ["2013-03-01T10:00:00Z"] * 2 + [None])
    )
    tables = one_sentence_tables(newest, DATED_LABELS)
    write_thread_report(newest, tables, out)
    untouched = (out / "threads" / "names.html").read_bytes()
    with Store(tmp_path / "store.duckdb") as db:
        db.write_thread(newest, tables)
        build_outputs(db, out, PipelineConfig())
    check(["newest", "new", "old", "names"])
    assert (out / "threads" / "names.html").read_bytes() == untouched  # its neighbours stayed


def test_a_new_thread_rewrites_only_the_thread_pages_whose_neighbours_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each corpus rebuild read and rewrote every thread page to set its previous/next
    links: on a large corpus, thousands of pages for one new thread. The order the
    pages were linked to is kept with the report's state, so a new thread reads and
    rewrites only its own page and its two neighbours'; the others keep their files."""
    from discourse.config import PipelineConfig
    from discourse.report import STATE_FILE, build_outputs
    from discourse.store import Store

    def dated(stem: str, day: str) -> tuple[Thread, dict[str, pd.DataFrame]]:
        thread = small_thread(tmp_path, dated_thread(stem, day, [f"{day}T10:00:00Z"] * 3))
        return thread, one_sentence_tables(thread, DATED_LABELS)

    old = [dated(stem, day) for stem, day in (("a", "2011-01-01"), ("b", "2011-02-01"))]
    old += [dated(stem, day) for stem, day in (("c", "2011-03-01"), ("d", "2011-04-01"))]
    out = corpus_of(tmp_path, old)
    check_thread_links(out, ["d", "c", "b", "a"])
    pages = {p: p.stat().st_mtime_ns for p in (out / "threads").iterdir()}
    assert len(pages) == 8

    read: list[str] = []
    read_text = Path.read_text

    def reading(path: Path, *args: object, **kwargs: object) -> str:
        if path.parent == out / "threads":
            read.append(path.name)
        return read_text(path, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", reading)
    new, tables = dated("bc", "2011-02-15")  # listed between c and b
    write_thread_report(new, tables, out)  # as a run writes it, without neighbours
    with Store(tmp_path / "store.duckdb") as db:
        db.write_thread(new, tables)
        written, _ = build_outputs(db, out, PipelineConfig())
    rewritten = {p.name for p in written if p.parent == out / "threads"}
    assert rewritten == {
        f"{stem}.{suffix}" for stem in ("c", "bc", "b") for suffix in ("html", "md")
    }
    assert sorted(read) == sorted(rewritten)
    for page, mtime in pages.items():  # d and a: not read, not written
        if page.name not in rewritten:
            assert page.stat().st_mtime_ns == mtime, page
    monkeypatch.undo()
    check_thread_links(out, ["d", "c", "bc", "b", "a"])

    # a rebuild that moves nobody reads no thread page; one without the list (a state
    # file of an older version) links them all again, and finds them right
    read.clear()
    monkeypatch.setattr(Path, "read_text", reading)
    with Store(tmp_path / "store.duckdb") as db:
        build_outputs(db, out, PipelineConfig(), rebuild=True)
        assert read == []
        state = json.loads((out / STATE_FILE).read_text("utf-8"))
        (out / STATE_FILE).write_text(json.dumps({**state, "threads": None}), "utf-8")
        written, _ = build_outputs(db, out, PipelineConfig(), rebuild=True)
    assert len(read) == 10 and not [p for p in written if p.parent == out / "threads"]
    monkeypatch.undo()
    check_thread_links(out, ["d", "c", "bc", "b", "a"])


def test_an_empty_timeline_is_one_muted_line_without_a_chart_caption_or_csv_link(
    tmp_path: Path,
) -> None:
    thread = small_thread(tmp_path, dated_thread("mexico-army", None, [None] * 3))
    out = tmp_path / "reports"
    write_thread_report(thread, one_sentence_tables(thread, DATED_LABELS), out)
    html = (out / "threads" / "mexico-army.html").read_text(encoding="utf-8")
    section = html.split('<section id="timeline">')[1].split("</section>")[0]
    assert "How to read this" not in section and section.count("<p") == 1
    assert "timeline.csv" not in html  # no link to a table without rows
    assert (out / "tables" / "mexico-army" / "timeline.csv").is_file()  # the file is still there


def test_tables_scroll_in_their_box_and_the_colours_are_colour_blind_safe(
    seed_report: Path,
) -> None:
    from discourse.report import charts

    html = (seed_report / "threads" / "guatemala-post.html").read_text(encoding="utf-8")
    assert html.count('<div class="scroll">') == html.count("<table")
    assert "@media (max-width: 600px)" in html and "print-color-adjust: exact" in html
    assert (charts.FAVOR, charts.AGAINST) == ("#2166ac", "#b2182b")
    assert f"--favor: {charts.FAVOR};" in html and f"--against: {charts.AGAINST};" in html
    # key points: a Favor and an Against column per frame; one claim gets no badge
    assert '<div class="side favor">' in html and '<div class="side against">' in html
    key_points = html.split('<section id="key-points">')[1].split("</section>")[0]
    assert ">1 claims<" not in key_points and ">1 claim<" not in key_points


def test_a_thread_with_a_very_long_id_gets_its_page_and_the_corpus_page(tmp_path: Path) -> None:
    """A 300-character id was used as the file name: the file system refused its
    maps and page, and looking for its page then stopped the corpus page too."""
    from discourse.config import PipelineConfig
    from discourse.report import build_outputs, file_stem
    from discourse.store import Store

    config = PipelineConfig.from_dict({"outputs": {"maps": ["svg"], "tables": ["csv"]}})
    long_id = "x" * 300
    (tmp_path / "long.json").write_text(
        json.dumps(dated_thread(long_id, "2026-10-05", [None] * 3)), encoding="utf-8"
    )
    thread = read_path(tmp_path / "long.json")[0]
    out = tmp_path / "reports"
    warned: list[str] = []
    with Store(tmp_path / "store.duckdb") as db:
        db.write_thread(thread, one_sentence_tables(thread, DATED_LABELS))
        build_outputs(db, out, config, complete_pages=True, warn=lambda p, m: warned.append(m))
    assert warned == []
    assert (out / "index.html").is_file()
    assert (out / "threads" / f"{file_stem(long_id)}.html").is_file()
    assert (out / "maps" / f"{file_stem(long_id)}.svg").is_file()


def test_a_thread_page_that_cannot_be_written_does_not_stop_the_others_or_the_corpus_page(
    tmp_path: Path,
) -> None:
    """``discourse report`` stopped at the first thread whose page could not be
    written (with a traceback): the rest, and the corpus page, were never drawn."""
    from discourse.config import PipelineConfig
    from discourse.report import build_reports
    from discourse.store import Store

    config = PipelineConfig.from_dict({"outputs": {"maps": ["svg"], "tables": []}})
    out = tmp_path / "reports"
    with Store(out / "discourse.duckdb") as db:
        for tid in ("a-first", "b-second"):
            thread = small_thread(tmp_path, dated_thread(tid, "2026-10-05", [None] * 3))
            db.write_thread(thread, one_sentence_tables(thread, DATED_LABELS))
    (out / "threads" / "a-first.html").mkdir(parents=True)  # a folder where the page goes
    warned: list[tuple[str, str]] = []
    build_reports(out=out, config=config, warn=lambda p, m: warned.append((p, m)))
    assert [m[:6] for _, m in warned] == ["[W500]"]
    assert "'a-first'" in warned[0][1] and warned[0][0].endswith("a-first.json")
    assert (out / "threads" / "b-second.html").is_file()
    assert (out / "index.html").is_file()


def test_corpus_outputs_that_cannot_be_written_are_a_coded_warning_of_discourse_report(
    tmp_path: Path,
) -> None:
    from discourse.config import PipelineConfig
    from discourse.report import build_reports
    from discourse.store import Store

    config = PipelineConfig.from_dict({"outputs": {"maps": [], "tables": []}})
    out = tmp_path / "reports"
    with Store(out / "discourse.duckdb") as db:
        thread = small_thread(tmp_path, dated_thread("kingpin", "2026-10-05", [None] * 3))
        db.write_thread(thread, one_sentence_tables(thread, DATED_LABELS))
    (out / "index.html").mkdir(parents=True)
    warned: list[str] = []
    build_reports(out=out, config=config, warn=lambda p, m: warned.append(m))
    assert [m[:6] for m in warned] == ["[W502]"]
    assert (out / "threads" / "kingpin.html").is_file()


def _markdown_html(text: str) -> str:
    """A Markdown page as a renderer shows it (CommonMark with tables; raw HTML passes)."""
    markdown_it = pytest.importorskip("markdown_it")  # installed with rich
    return str(markdown_it.MarkdownIt("commonmark").enable("table").render(text))


def test_markdown_pages_show_markup_in_user_text_as_written(tmp_path: Path) -> None:
    """Speakers, titles and comments went into the .md pages as they were: a
    speaker's <script> tag was live HTML and a title's [l](http://evil.example)
    replaced the corpus page's link to the thread page."""
    from discourse.config import PipelineConfig
    from discourse.report import build_outputs
    from discourse.store import Store

    title = "T [l](http://evil.example) *b* `c` #"
    thread_dict = dated_thread("evil", "2026-10-05", [None] * 3)
    thread_dict["title"] = title
    thread_dict["url"] = "x> <img src=x onerror=alert(2)>"
    thread_dict["utterances"][0]["speaker"] = "Ed <script>alert(1)</script>"
    thread_dict["utterances"][1]["speaker"] = "Al_x | *y*"
    thread_dict["utterances"][1]["text"] = "The army <b>wins</b> [click](http://evil.example)."
    thread = small_thread(tmp_path, thread_dict)
    config = PipelineConfig.from_dict({"outputs": {"maps": [], "tables": []}})
    out = tmp_path / "reports"
    with Store(tmp_path / "store.duckdb") as db:
        db.write_thread(thread, one_sentence_tables(thread, DATED_LABELS))
        build_outputs(db, out, config, complete_pages=True)
    for page in (out / "threads" / "evil.md", out / "report.md"):
        html = _markdown_html(page.read_text(encoding="utf-8"))
        assert "<script" not in html and "<img src=x" not in html and "<b>" not in html, page
        assert "evil.example" not in " ".join(re.findall(r'href="([^"]*)"', html)), page
        assert "Al_x | *y*" in html, page  # shown as written
    corpus = _markdown_html((out / "report.md").read_text(encoding="utf-8"))
    # the thread list still links the thread page, with the title as its text
    assert '<a href="threads/evil.md">T [l](http://evil.example) *b* `c` #</a>' in corpus
    page = _markdown_html((out / "threads" / "evil.md").read_text(encoding="utf-8"))
    assert "<h1>T [l](http://evil.example) *b* `c` #</h1>" in page
    assert "by Ed &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "The army &lt;b&gt;wins&lt;/b&gt; [click](http://evil.example)." in page


def test_markdown_pages_link_an_http_source_and_show_any_other_as_text() -> None:
    from discourse.report import _md_url

    assert _md_url("https://news.example.com/a?b=1&c=2") == "<https://news.example.com/a?b=1&c=2>"
    assert _md_url("javascript:alert(1)") == "javascript:alert(1)"  # text, not a link
    assert _md_url("script") == "script"  # not <script>
    assert _md_url("http://a.example/x> <b>") == "http://a.example/x&gt; &lt;b&gt;"


@pytest.mark.parametrize(
    ("url", "linked"),
    [("https://news.example.com/a?b=1&c=2", True), ("javascript:alert(1)", False)],
)
def test_html_pages_link_only_an_http_source(tmp_path: Path, url: str, linked: bool) -> None:
    """A thread's url comes from its file: a javascript: link would run when clicked."""
    thread_dict = dated_thread("src", "2026-10-05", [None] * 3)
    thread_dict["url"] = url
    thread = small_thread(tmp_path, thread_dict)
    out = tmp_path / "reports"
    write_thread_report(thread, one_sentence_tables(thread, DATED_LABELS), out)
    html = (out / "threads" / "src.html").read_text(encoding="utf-8")
    source = html.split('<p class="source">')[1].split("</p>")[0]
    assert ("<a href=" in source) is linked
    assert url.replace("&", "&amp;") in source


def test_report_tables_neutralise_text_a_spreadsheet_would_run(tmp_path: Path) -> None:
    """tables/*.csv wrote a speaker =HYPERLINK(...) as it was: a live formula
    in a spreadsheet. Numbers, negative ones included, stay numbers."""
    import csv

    from discourse.report import _write_csv

    evil = '=HYPERLINK("http://evil.example","x")'
    text_only = pd.DataFrame({"speaker": [evil, "-5", "@Al", None], "positions": [1, -2, 3, 4]})
    mixed = text_only.assign(score=[-0.5, 0.25, 1.0, float("nan")])  # pandas writes floats
    for name, frame in (("text", text_only), ("mixed", mixed)):
        target = tmp_path / f"{name}.csv"
        _write_csv(frame, target)
        with target.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        assert [r["speaker"] for r in rows] == ["'" + evil, "-5", "'@Al", ""], name
        assert [r["positions"] for r in rows] == ["1", "-2", "3", "4"], name
    assert pd.read_csv(tmp_path / "mixed.csv")["score"].tolist()[:3] == [-0.5, 0.25, 1.0]


def test_a_model_s_own_frame_keeps_its_proposition_on_the_page(tmp_path: Path) -> None:
    """The key-points heading of a fifth frame lacked its proposition ("### Harm
    reduction") where a shipped frame's has one: the report read only the package's
    frames file, not the frames of the model in use."""
    from discourse.argmap.claims import use_propositions

    harm = "Reduce the harms of drug use for people who use drugs"
    thread = small_thread(tmp_path, dated_thread("needles", None, [None, None, None]))
    tables = one_sentence_tables(thread, {"c1": {"harm_reduction": "favor"}})
    before = use_propositions({"harm_reduction": harm})
    try:
        infos = {f.name: f for f in rt.frames_for(pd.DataFrame(), tables["stances"])}
        assert infos["harm_reduction"].proposition == harm
        assert infos["legalization"].proposition == "Legalise or decriminalise illicit drugs"
        write_thread_report(thread, tables, tmp_path / "reports")
    finally:
        use_propositions(before)
    page = (tmp_path / "reports" / "threads" / "needles.md").read_text(encoding="utf-8")
    assert f"### Harm reduction — {harm}" in page


# ---------------------------------------------------------------------------
# long tables: the CSV has every row, the page says what it leaves out


def crowded_thread(tmp_path: Path, speakers: int) -> Thread:
    """A thread whose article and ``speakers`` commenters each say one sentence."""
    return small_thread(
        tmp_path,
        {
            "id": "crowd",
            "title": "Who is for legalisation?",
            "utterances": [
                {"kind": "article", "speaker": "Editorial Board", "text": "Legalise it."},
                *(
                    {"id": f"c{n}", "kind": "comment", "speaker": f"S{n:02d}", "text": "Yes."}
                    for n in range(1, speakers + 1)
                ),
            ],
        },
    )


def test_who_stands_where_csv_has_every_holder_and_the_page_says_how_many_more(
    tmp_path: Path,
) -> None:
    """53 speakers take positions: positions.csv has all 53, the page shows the
    first 40 and says the other 13 are in the CSV."""
    thread = crowded_thread(tmp_path, 52)
    labels = {f"c{n}": {"legalization": "favor"} for n in range(1, 53)}
    labels["article"] = {"legalization": "favor"}
    out = tmp_path / "reports"
    write_thread_report(thread, one_sentence_tables(thread, labels), out)
    table = pd.read_csv(out / "tables" / "crowd" / "positions.csv")
    assert len(table) == 53
    assert table["holder"].iloc[0] == "Editorial Board"
    html = (out / "threads" / "crowd.html").read_text(encoding="utf-8")
    md = (out / "threads" / "crowd.md").read_text(encoding="utf-8")
    shown = re.search(r'<section id="positions">.*?</section>', html, re.S)
    assert shown is not None
    assert shown.group(0).count('<th scope="row">') == rt.POSITIONS_SHOWN
    note = "13 more holders not shown: all 53 are in"
    assert note in html and note in md
    assert 'href="../tables/crowd/positions.csv">positions.csv</a>' in html
    assert "(../tables/crowd/positions.csv)" in md
    # a table the page shows whole says nothing of the kind
    (tmp_path / "small").mkdir()
    small = crowded_thread(tmp_path / "small", 3)
    write_thread_report(small, one_sentence_tables(small, labels), tmp_path / "small-out")
    page = (tmp_path / "small-out" / "threads" / "crowd.html").read_text(encoding="utf-8")
    assert "more holder" not in page


def test_entities_csv_has_every_entity_ties_by_name_and_the_page_says_how_many_more(
    tmp_path: Path,
) -> None:
    """18 entities named once each: entities.csv has all 18, ties in the order of
    their names (``x:egypt``, outside the gazetteer, among the others, not after
    them), and the page shows the first 15 and says the other 3 are in the CSV."""
    thread = crowded_thread(tmp_path, 1)
    tables = one_sentence_tables(thread, {"article": {"legalization": "favor"}})
    places = ["Mexico", "Bolivia", "Uruguay", "Peru", "Chile", "Honduras", "Guatemala"]
    places += ["Colombia", "Ecuador", "Panama", "Cuba", "Haiti", "Belize", "Brazil"]
    places += ["Portugal", "Spain", "Canada"]
    mentions = [
        ["crowd/article/s01", "crowd", 0, 5, name, "GPE", "place", name.lower(), name]
        for name in places
    ]
    # an entity outside the gazetteer: its id sorts after every known one's
    mentions.append(["crowd/article/s01", "crowd", 0, 5, "Egypt", "GPE", "place", "x:egypt", ""])
    tables["mentions"] = pd.DataFrame(mentions, columns=TABLE_COLUMNS["mentions"])
    out = tmp_path / "reports"
    write_thread_report(thread, tables, out)
    table = pd.read_csv(out / "tables" / "crowd" / "entities.csv")
    assert table["entity"].tolist() == sorted([*places, "Egypt"])
    html = (out / "threads" / "crowd.html").read_text(encoding="utf-8")
    md = (out / "threads" / "crowd.md").read_text(encoding="utf-8")
    shown = re.search(r'<section id="entities">.*?</section>', html, re.S)
    assert shown is not None
    assert shown.group(0).count('<th scope="row">') == rt.ENTITIES_SHOWN
    assert '<th scope="row">Egypt</th>' in shown.group(0)
    note = "3 more entities not shown: all 18 are in"
    assert note in html and note in md
    assert 'href="../tables/crowd/entities.csv">entities.csv</a>' in html
    assert "(../tables/crowd/entities.csv)" in md


def test_one_day_of_positions_among_posts_of_several_days_says_positions(
    tmp_path: Path,
) -> None:
    """The posts span nine days but the positions one: the timeline's sentence is
    about the dated positions, not the posts the subtitle's span counts."""
    stamps = ["2026-03-25T10:00:00Z", "2026-04-02T10:00:00Z", None]
    thread = small_thread(tmp_path, dated_thread("mexico-army", "2026-03-25", stamps))
    out = tmp_path / "reports"
    labels = {"c1": {"militarization": "favor"}}
    write_thread_report(thread, one_sentence_tables(thread, labels), out)
    for page in ("mexico-army.html", "mexico-army.md"):
        text = (out / "threads" / page).read_text(encoding="utf-8")
        assert "Posts dated 2026-03-25 to 2026-04-02" in text, page
        assert "All dated positions fall on 2026-03-25: nothing to compare over time." in text
        assert "All dated posts" not in text


def test_an_undated_comment_is_not_given_its_threads_date(tmp_path: Path) -> None:
    """A comment without a timestamp is undated, on the thread page and the corpus
    page alike: its key point shows no date, the timeline leaves it out and the
    caption counts it. The article without one has the thread's date, its own."""
    stamps = ["2026-03-01T10:00:00Z", "2026-03-20T10:00:00Z", None]
    thread = small_thread(tmp_path, dated_thread("mexico-army", "2026-02-10", stamps))
    labels = {**DATED_LABELS, "article": {"arms_control": "favor"}}
    tables = one_sentence_tables(thread, labels)
    claims = rt.claims_from_tables(
        pd.DataFrame({"id": [u.id for u in thread.utterances],
                      "timestamp": [u.timestamp for u in thread.utterances]}),
        tables["segments"], tables["stances"], thread.published,
    )  # fmt: skip
    dates = dict(zip(claims["speaker"], claims["date"], strict=False))
    assert dates["Editorial Board"] == "2026-02-10"
    assert pd.isna(dates["S3"])
    out = corpus_of(tmp_path, [(thread, tables)])
    for page in (out / "threads" / "mexico-army.html", out / "index.html"):
        html = page.read_text(encoding="utf-8")
        key_points = html.split('<section id="key-points">')[1].split("</section>")[0]
        cards = re.findall(r"<footer>(.*?)</footer>", key_points)
        said = {card.split(" · ")[0]: card for card in cards}
        assert not said["S3"].endswith("2026-02-10"), page.name
        assert said["Editorial Board"].endswith(" · 2026-02-10"), page.name
        timeline = html.split('<section id="timeline">')[1].split("</section>")[0]
        assert "2 of 5 positions" in timeline and "carry no date" in timeline, page.name
    tl = pd.read_csv(out / "tables" / "mexico-army" / "timeline.csv")
    assert int(tl["favor"].sum() + tl["against"].sum()) == 3


def test_discourse_report_reads_the_models_frames_once_and_every_page_shows_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``discourse report`` read the stance model's frame propositions twice (for the
    thread pages, then again in build_outputs for the corpus outputs): once is enough
    for a fifth frame's proposition to head both the thread page and the corpus page."""
    import discourse.stance.tagger as tagger
    from discourse.argmap.claims import use_propositions
    from discourse.config import PipelineConfig
    from discourse.report import build_reports
    from discourse.store import Store

    harm = "Reduce the harms of drug use for people who use drugs"
    reads: list[object] = []

    def propositions(config: object) -> dict[str, str]:
        reads.append(config)
        return {"harm_reduction": harm}

    monkeypatch.setattr(tagger, "frame_propositions", propositions)
    config = PipelineConfig.from_dict({"outputs": {"maps": [], "tables": []}})
    out = tmp_path / "reports"
    with Store(out / "discourse.duckdb") as db:
        thread = small_thread(tmp_path, dated_thread("needles", None, [None, None, None]))
        db.write_thread(thread, one_sentence_tables(thread, {"c1": {"harm_reduction": "favor"}}))
    before = use_propositions({})
    try:
        build_reports(out=out, config=config)
    finally:
        use_propositions(before)
    assert reads == [config]
    for page in (out / "threads" / "needles.md", out / "report.md"):
        assert f"Harm reduction — {harm}" in page.read_text(encoding="utf-8"), page
