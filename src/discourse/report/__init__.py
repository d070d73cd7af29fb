"""Stance reports and argument-map files: per thread and for the whole corpus.

Layout under the reports folder ``out``::

    index.html, report.md          the corpus report
    threads/<thread>.html | .md    one report per thread
    maps/<thread>.*, maps/corpus.* argument maps in the configured formats
                                   (AIF, Argdown, GraphML, DOT, SVG)
    tables/*.csv                   the corpus report's tables
    tables/<thread>/*.csv          each thread report's tables
    charts/*.svg                   the charts, for the Markdown reports
    data/<table>.csv | .parquet    the store's tables

HTML pages are self-contained: CSS and the SVG charts (written as text) are
inlined, nothing is fetched from the network, so a report opens offline and
can be mailed as one file. The Markdown twin carries the same tables and
links the chart files.

Per-thread outputs are pure functions of the thread and its tables
(:func:`write_thread_report`, :func:`write_thread_maps`), so ``discourse run``
writes them as each thread is analysed — in worker processes when there are
several. The corpus report aggregates in SQL over the store
(:func:`write_corpus_report`) and is rebuilt only when the store changed
(:func:`build_outputs`); with it each thread page's links to the previous
and next thread of its list are set again (:func:`link_thread_pages`), as
the pages themselves are not redrawn when another thread arrives — on the
pages whose neighbours changed since the last build (:class:`PageLinks`)
and those written since.
:func:`build_reports` is ``discourse report``: every map and report rebuilt
from the store alone.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..config import PipelineConfig
from ..errors import Warnings
from ..io import file_stem, spreadsheet_text
from ..model import HOLDER_SQL, THREAD_DATE_SQL, Thread, is_missing
from . import tables as rt

if TYPE_CHECKING:
    from ..argmap.claims import Claim
    from ..argmap.export import PendingMaps
    from ..store import Store

log = logging.getLogger(__name__)

#: Bumped when templates or report tables change, so stale reports get rebuilt.
REPORT_VERSION = "29"  # 9: Markdown pages escape user text; 10: CSV text safe in spreadsheets; 11: only http(s) sources linked; 12: a model's own frames keep their propositions; 13: long tables whole in their CSV, pages say what they cut, dates and findings say what they count; 14: thread maps and pages redrawn for the fixes of MAP_CACHE_VERSION 7; 15: thread pages link the previous and next thread; 16: a crowded speaker row written upright in a map 1000 wide; 17: a thread map's how-to-read says which side of the speakers each kind of arc runs; 18: map files rewritten: GraphML edge ids unique, Argdown's title quoted and its titles never starting with - or _, DOT with & as &amp; and no control characters; 19: positions credited to their holders (who stands where per holder with role "reported" and reported_by, quotes "— holder (reported by speaker)", key points' holders, findings count reported positions); 20: maps and claim counts for the fix of MAP_CACHE_VERSION 8 (claims of different holders not joined); 21: maps for MAP_CACHE_VERSION 9, the thread list's claim counts cut claims at a change of holder as the maps do; 22: threads.csv titles an untitled thread as the pages do; 23: a thread without a published date is dated by its article's timestamp (thread list, threads.csv, order, page header, maps); and maps for MAP_CACHE_VERSION 10 (a reported claim credited "Holder (reported by Speaker)" in every map format, key points' holders in the corpus map), the map how-to-reads say so; speaker arcs count distinct claims ("2 claims by Smith"); Argdown writes a sentence that is a premise in one frame and a claim in another once; DOT in the SVG's palette, attacks and disagreements dashed with a bar; Argdown drops control characters as the other formats do; 24: pages for the merged 23s of two branches and the review mends (a quoted line counted once, AIF reported speech, agreement cues); 25: pages for ANALYSIS_VERSION 11 and MAP_CACHE_VERSION 12 (entities, holders, mocked praise, evidence never a figure); 26: unnamed groups ('critics', 'many Mexicans') are counted per thread and citing speaker, not pooled as one actor (positions.csv role 'unnamed group', thread_id); pages for ANALYSIS_VERSION 12 and MAP_CACHE_VERSION 13; 27: pages for ANALYSIS_VERSION 13 and MAP_CACHE_VERSION 14; an untitled thread's name skips its article's byline; 'Mexicans' and other lone demonyms are unnamed groups, 'A New PATH' a name; 28: 'unnamed holders' (role 'unnamed'), not 'unnamed groups': an office-holder no one names ('the health minister') is one person; a time with an offset shown on the source's clock ('2026-02-20 18:20 UTC−08:00', key-point cards its local day); the definitions under the key findings say the positions are a model's first reading, with the reviews' figures; pages for ANALYSIS_VERSION 14; 29: the thread list shows days and each thread's favor/against per frame (threads.csv <frame>_favor, <frame>_against); speaker-arc labels short, spaced and on their own arcs, the full text in their tooltip; pages for ANALYSIS_VERSION 15
STATE_FILE = ".report-state.json"
#: Bumped whenever what :func:`discourse.argmap.build_thread_map` draws changes,
#: so that thread maps cached by an older version are rebuilt.
MAP_CACHE_VERSION = "14"  # 4: one speaker node per name; 5: non-Latin names keep their letters; 6: a model's own frames' propositions as issues; 7: a cue under one's own threaded comment answers the nearest other ancestor, a cue naming a speaker answers them, inner spaces of speaker names collapsed, a reply to a deleted comment's cue answers nobody; 8: consecutive sentences with different holders are separate claims; 9: a blank holder and the speaker's own name are one holder (position_holder): such sentences join into one claim, whose holder names the speaker; 10: a thread without a published date takes its article's timestamp (Thread.date; AIF's default timestamp); and a claim a speaker reports is credited to its holder (label "Holder (reported by Speaker): …", premises carry the holder, key points their holders); 11: maps for the merged 10s of two branches and the review mends (one quote locator for holders and quotes edges, a quoted line takes no side, AIF reported speech, agreement cues about the OP and titled speakers); 12: mocked praise disagrees ("Great post, if you like fairy tales", "Great article. NOT."), "Sam, nonsense." answers Sam, an AIF cue links the claim the comment's next sentence answers, and holders of ANALYSIS_VERSION 11; 13: agreement by stance between positions, not every pair of claims (ANALYSIS_VERSION 12); 14: a reply quoting one of a position's claims answers that claim (a quote across sentences the strongest); cues 'Exactly this.', 'Disagree.', 'With all respect, …' and scorn after a quotation; a quotation of another comment with at most a short reaction takes no side; commenters named in comments are their speaker nodes
#: Thread map graphs cached for the corpus map, under ``out/maps/``.
GRAPH_CACHE_DIR = ".graphs"
#: The charts a page may have (``charts/<stem>-<name>.svg``).
CHART_NAMES: tuple[str, ...] = ("distribution", "timeline")


@dataclass
class ReportData:
    """Everything one report page shows; rendered to HTML and Markdown by the templates."""

    kind: str  # "thread" or "corpus"
    title: str
    subtitle: str
    stats: dict[str, int]
    frames: list[rt.FrameInfo]
    tables: dict[str, pd.DataFrame]
    charts: dict[str, str] = field(default_factory=dict)
    map_svg: str | None = None
    map_links: list[tuple[str, str]] = field(default_factory=list)
    threads: pd.DataFrame | None = None
    generated: str = ""
    period: str = "day"  # unit of the timeline
    tables_dir: str = ""  # where this page's CSV tables are, under out/tables/
    map_stem: str = "corpus"
    findings: list[str] = field(default_factory=list)  # key findings (rt.findings)
    dates: str | None = None  # "Posts dated … to …", when the posts carry dates
    undated: rt.Undated = field(default_factory=lambda: rt.Undated(0, 0, 0))  # not on the timeline
    url: str | None = None  # a thread's source page
    #: the page's positions (segment, thread, speaker, holder, text, date): whose
    #: position a key point's quote is, who said it, where and when
    claims: pd.DataFrame | None = None


def _inline_svg(path: Path) -> str | None:
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    start = text.find("<svg")
    if start < 0:
        return None
    text = text[start:]
    return re.sub(r'(<svg[^>]*?) width="[^"]*" height="[^"]*"', r'\1 class="map"', text, count=1)


#: How a page names each map format (:data:`discourse.argmap.export.FORMATS`), in page order.
MAP_LABELS: dict[str, str] = {
    "aif": "AIF (OVA, AIFdb)",
    "argdown": "Argdown",
    "graphml": "GraphML (Gephi)",
    "dot": "DOT (Graphviz)",
    "svg": "SVG picture",
}


def _map_links(
    out: Path, stem: str, rel: str, formats: Iterable[str] | None = None
) -> list[tuple[str, str]]:
    """Links to the map files of ``stem`` a page offers: the configured ``formats`` that are there.

    Only configured formats: a file of another format is left from an older
    configuration and describes older data (:func:`_clear_maps` removes
    those whenever the maps are written). ``None`` means every format whose
    file is there — right only where the maps were written by
    :func:`write_thread_maps` or :func:`write_corpus_map`, which leave
    nothing else.
    """
    from ..argmap.export import SUFFIXES

    wanted = set(MAP_LABELS if formats is None else formats)
    return [
        (label, f"{rel}maps/{stem}{SUFFIXES[fmt]}")
        for fmt, label in MAP_LABELS.items()
        if fmt in wanted and (out / "maps" / f"{stem}{SUFFIXES[fmt]}").is_file()
    ]


def _clear_maps(maps_dir: Path, stem: str) -> None:
    """Remove every map file of ``stem`` (all formats) before its maps are written again.

    A format no longer configured would otherwise keep a file describing
    older data — possibly another thread that had the same file name — next
    to fresh ones, and a format that fails to write would keep its old
    file. The cached graphs under ``maps/.graphs`` are not touched: they
    are keyed by the analysis and checked on reading.
    """
    from ..argmap.export import FORMATS, map_path

    for fmt in FORMATS:
        path = map_path(maps_dir, stem, fmt)
        if path.is_file():
            log.debug("removing %s before the maps of %s are written", path, stem)
            path.unlink()


def _clear_exports(data_dir: Path, tables: Iterable[str], formats: Iterable[str]) -> list[Path]:
    """Remove ``data/<table>.<fmt>`` of every export format not in ``formats``.

    The rule of the maps (:func:`_clear_maps`) for the table exports: a
    format dropped from ``[outputs] tables`` would otherwise keep a copy of
    an older store beside the fresh ones, read as current by whoever opens
    it. Only the store's own tables in the formats the store exports are
    touched, nothing else a user keeps in ``data/``. Returns the files removed.
    """
    from ..store import EXPORT_FORMATS

    keep = set(formats)
    removed = [
        data_dir / f"{name}.{fmt}"
        for name in tables
        for fmt in EXPORT_FORMATS
        if fmt not in keep and (data_dir / f"{name}.{fmt}").is_file()
    ]
    for path in removed:
        log.debug("removing %s: [outputs] tables no longer has %s", path, path.suffix[1:])
        path.unlink()
    return removed


def _build(
    kind: str,
    title: str,
    subtitle: str,
    stats: dict[str, int],
    claims: pd.DataFrame,
    segments: pd.DataFrame,
    stances: pd.DataFrame,
    mentions: pd.DataFrame,
    clusters: Sequence[tuple[list[Claim], Claim]] | None = None,
    tagged: pd.DataFrame | None = None,
    roles: dict[str, str] | None = None,
) -> ReportData:
    """The tables and charts of one page from its claims and stage tables.

    ``roles``: every speaker of the page as author or commenter
    (:func:`~discourse.report.tables.speaker_roles`), so that "Who stands
    where" tells a speaker holding a position from an actor only reported.

    ``tagged`` holds the frames the page shows (a ``frame`` column: every
    frame the model tags, ``none`` rows included) where ``stances`` is only
    the favor/against rows, as the corpus's are: frames taken from those
    would drop every frame nobody argued, while the thread pages show it
    with zeros (:func:`~discourse.report.tables.frames_for`).
    """
    frames = rt.frames_for(claims, stances if tagged is None else tagged)
    dist = rt.distribution(claims, frames)
    if roles is None:
        roles = rt.speaker_roles(claims["speaker"].tolist(), claims["kind"].tolist())
    # the entities a holder written in lower case may name (rt.is_named)
    names = rt.holder_names(mentions)
    tl = rt.timeline(claims, frames)
    tables = {
        "distribution": dist,
        "positions": rt.positions(claims, frames, roles, names),
        "key_points": rt.key_points(segments, stances, clusters=clusters),
        "entities": rt.entity_frames(mentions, claims, frames),
        "timeline": tl,
    }
    from . import charts

    drawn = {"distribution": charts.distribution_chart(dist)}
    # what the page says one bar of the timeline counts: the table's period …
    period = "day" if tl.empty or len(str(tl["period"].iloc[0])) == 10 else "month"
    # a timeline needs more than one period to say anything (a thread's
    # comments usually come within a day); it is also the costliest chart
    if tl["period"].nunique() > 1 and (tl["favor"].sum() + tl["against"].sum()) > 0:
        titles = {f.name: f.title for f in frames}
        drawn["timeline"] = charts.timeline_chart(tl, titles)
        # … or the longer one a long span is drawn in (weeks, quarters …)
        period = charts.timeline_unit(tl, titles) or period
    # the words of tables.py: a position is a sentence's stance on one frame
    # (a row of ``claims``), a claim what the map and the key points count —
    # every claim is in exactly one key point, so their prevalences add up to it
    key_points = tables["key_points"]
    stats = {
        **stats,
        "positions": len(claims),
        "claims": int(key_points["prevalence"].sum()) if len(key_points) else 0,
    }
    return ReportData(
        kind=kind,
        title=title,
        subtitle=subtitle,
        stats=stats,
        frames=frames,
        tables=tables,
        charts=drawn,
        period=period,
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        findings=rt.findings(
            dist, threads=stats.get("threads", 1), others=rt.reported(claims, roles, names)
        ),
        undated=rt.undated(claims),
        claims=claims,
    )


def first_words(text: object, words: int = 8) -> str | None:
    """The first ``words`` words of ``text`` ("Pérez Molina is right …"), to name an
    untitled thread; a byline opening it ("By Laura Mendez", a line of its own) is
    left out when text follows, as it names the writer, not the thread."""
    if _is_missing(text):
        return None
    from ..ingest.pagedump import is_byline

    body = str(text).lstrip("*_#>-– \t\n")
    first, _, rest = body.partition("\n")
    if rest.strip() and is_byline(first):
        body = rest.lstrip("*_#>-– \t\n")
    parts = body.split()
    if not parts:
        return None
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def thread_report_data(thread: Thread, tables: dict[str, pd.DataFrame]) -> ReportData:
    """The report content for one analysed thread (stage tables as in :mod:`discourse.stages`)."""
    from ..stages import empty_table

    segments = tables["segments"]
    stances = tables["stances"] if "stances" in tables else empty_table("stances")
    mentions = tables["mentions"] if "mentions" in tables else empty_table("mentions")
    # the claims need only the utterances' ids and dates: the full utterance
    # frame (every field, meta deep-copied) cost more than the claims join
    utterances = pd.DataFrame(
        {
            "id": [u.id for u in thread.utterances],
            "timestamp": [u.timestamp for u in thread.utterances],
        }
    )
    claims = rt.claims_from_tables(utterances, segments, stances, thread.published)
    article = thread.article
    published = (
        rt.display_dates(pd.Series([thread.date], dtype=object)).iloc[0] if thread.date else None
    )
    subtitle = " · ".join(
        x
        for x in (
            f"by {article.speaker}" if article else None,
            published,
            f"{len(thread.comments)} comments",
        )
        if x
    )
    stats = {
        "utterances": len(thread.utterances),
        "segments": len(segments),
        "speakers": len({u.speaker for u in thread.utterances}),
    }
    data = _build(
        "thread",
        thread.title or first_words(article.text if article else None) or thread.id,
        subtitle,
        stats,
        claims,
        segments,
        stances,
        mentions,
        roles=rt.speaker_roles(
            [u.speaker for u in thread.utterances], [u.kind for u in thread.utterances]
        ),
    )
    data.dates = rt.date_span(
        pd.Series([*(u.timestamp for u in thread.utterances), thread.published], dtype=object)
    )
    data.url = thread.url or None
    return data


#: The corpus's positions, as :func:`~.tables.claims_from_tables` joins a
#: thread's (the holder: :data:`~discourse.model.HOLDER_SQL`).
_CLAIMS_SQL = f"""
SELECT st.segment_id, st.thread_id, st.frame, st.label, st.score,
       s.utterance_id, s.kind, s.speaker,
       {HOLDER_SQL} AS holder, s.text,
       coalesce(u."timestamp", CASE WHEN s.kind = 'article' THEN t.published END) AS date
FROM stances st
JOIN segments s ON s.id = st.segment_id
LEFT JOIN utterances u ON u.id = s.utterance_id
LEFT JOIN threads t ON t.id = st.thread_id
WHERE st.label IN ('favor', 'against')
ORDER BY st.thread_id, st.segment_id, st.frame
"""
_BEARING = "SELECT DISTINCT segment_id FROM stances WHERE label IN ('favor', 'against')"
#: The corpus report's thread list. ``published``: the thread's date
#: (:attr:`~discourse.model.Thread.date`: its article's timestamp when the
#: source gave no ``published``). ``positions``: favor/against stances
#: (sentence × frame); ``claims``: positions that open a claim as
#: :func:`discourse.argmap.extract_claims` cuts them — those whose sentence
#: does not follow one of the same utterance taking the same position, held
#: by the same holder (:data:`~discourse.model.HOLDER_SQL`).
_THREADS_SQL = f"""
WITH bearing AS (
    SELECT st.thread_id, st.frame, st.label, s.utterance_id, s."index",
           {HOLDER_SQL} AS holder
    FROM stances st JOIN segments s ON s.id = st.segment_id
    WHERE st.label IN ('favor', 'against')
),
per_thread AS (
    SELECT b.thread_id, count(*) AS positions,
           count(*) FILTER (WHERE NOT EXISTS (
               SELECT 1 FROM bearing p
               WHERE p.utterance_id = b.utterance_id AND p.frame = b.frame
                 AND p.label = b.label AND p."index" = b."index" - 1
                 AND p.holder IS NOT DISTINCT FROM b.holder
           )) AS claims
    FROM bearing b GROUP BY b.thread_id
)
SELECT t.id, coalesce(t.title, t.id) AS title, {THREAD_DATE_SQL} AS published,
       (SELECT substr(u.text, 1, 300) FROM utterances u
        WHERE u.thread_id = t.id AND u.kind = 'article' AND t.title IS NULL
        ORDER BY u.position LIMIT 1) AS lead,
       (SELECT count(*) FROM utterances u WHERE u.thread_id = t.id) AS utterances,
       (SELECT count(*) FROM segments s WHERE s.thread_id = t.id) AS segments,
       coalesce(pt.positions, 0) AS positions, coalesce(pt.claims, 0) AS claims
FROM threads t LEFT JOIN per_thread pt ON pt.thread_id = t.id
ORDER BY t.id
"""


def _bearing_tables(store: Store) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The stance-bearing segments and their favor/against stances, corpus-wide."""
    from ..store import SCHEMA

    seg_cols = ", ".join(f'"{c}"' for c in SCHEMA["segments"])
    segments = store.sql(f"SELECT {seg_cols} FROM segments WHERE id IN ({_BEARING}) ORDER BY id")
    stances = store.sql(
        "SELECT segment_id, thread_id, frame, label, score, cue, holder FROM stances "
        "WHERE label IN ('favor', 'against') ORDER BY segment_id, frame"
    )
    return segments, stances


def corpus_key_point_clusters(store: Store) -> list[tuple[list[Claim], Claim]]:
    """The corpus's claims clustered into key points (:func:`discourse.argmap.cluster_claims`).

    Computed once per rebuild and shared by the corpus map and the corpus
    report: clustering every claim of the corpus is the costliest part of both.
    """
    from ..argmap import cluster_claims, extract_claims

    segments, stances = _bearing_tables(store)
    return cluster_claims(extract_claims(segments, stances))


def corpus_report_data(
    store: Store, clusters: Sequence[tuple[list[Claim], Claim]] | None = None
) -> ReportData:
    """The corpus report content, aggregated in SQL so the corpus never sits in memory whole.

    ``clusters`` (from :func:`corpus_key_point_clusters`) reuses a clustering
    of the corpus's claims already done for the corpus map.
    """
    claims = store.sql(_CLAIMS_SQL)
    segments, stances = _bearing_tables(store)
    # the frames the model tags, as a thread page takes them from its stances'
    # none rows: the same fixed layout of tables, zeros for frames nobody argued
    tagged = store.sql("SELECT DISTINCT frame FROM stances ORDER BY frame")
    mentions = store.sql(
        f"SELECT * FROM mentions WHERE segment_id IN ({_BEARING}) ORDER BY segment_id, start"
    )
    threads = store.sql(_THREADS_SQL)
    said = store.sql("SELECT DISTINCT speaker, kind FROM utterances")
    threads["stem"] = threads["id"].map(file_stem)
    # the page shows every date as a day (a date column); threads.csv keeps the sources' texts
    threads["published_shown"] = rt.display_days(threads["published"])
    # an untitled thread is named by its article's first words, not its raw id
    threads["title_shown"] = [
        first_words(lead) or title
        for title, lead in zip(threads["title"].tolist(), threads["lead"].tolist(), strict=True)
    ]
    n_threads, n_utts, n_segs, n_speakers = store.one(
        "SELECT (SELECT count(*) FROM threads), (SELECT count(*) FROM utterances), "
        "(SELECT count(*) FROM segments), (SELECT count(DISTINCT speaker) FROM utterances)"
    )
    stats = {
        "threads": n_threads,
        "utterances": n_utts,
        "segments": n_segs,
        "speakers": n_speakers,
    }
    data = _build(
        "corpus",
        "Drug-policy debate: stance report",
        f"{n_threads} thread{'s' if n_threads != 1 else ''}, {n_utts} articles and comments",
        stats,
        claims,
        segments,
        stances,
        mentions,
        clusters,
        tagged=tagged,
        roles=rt.speaker_roles(said["speaker"].tolist(), said["kind"].tolist()),
    )
    data.threads = rt.thread_frames(threads, claims, data.frames)
    dates = store.sql(
        'SELECT DISTINCT coalesce(u."timestamp", t.published) AS date '
        "FROM utterances u JOIN threads t ON t.id = u.thread_id"
    )
    data.dates = rt.date_span(dates["date"].astype(object))
    return data


# ---------------------------------------------------------------------------
# rendering


@lru_cache(maxsize=1)
def _env() -> Any:
    """The Jinja2 environment, built once per process (compiling templates is not free)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).resolve().parents[1] / "templates"),
        autoescape=jinja2.select_autoescape(["html", "html.j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["position_of"] = rt.position_of
    env.filters["md"] = _md_cell
    env.filters["md_url"] = _md_url
    env.tests["web_url"] = is_web_url
    env.filters["text"] = _text
    env.filters["few"] = _few
    return env


@lru_cache(maxsize=8)
def _template(name: str) -> Any:
    """A page template of :func:`_env`, looked up once per process.

    ``get_template`` checks the template file on every call (to reload an
    edited one), twice per thread page; a run does not edit its templates.
    """
    return _env().get_template(name)


#: What a page shows for a missing value (no date, no name).
MISSING = "–"


def _is_missing(value: object) -> bool:
    """None, NaN, NaT or ``pd.NA``: what a table holds where it has no value."""
    return value is None or value is pd.NaT or value is pd.NA or is_missing(value)


def _text(value: object) -> str:
    """A table value as a page shows it: :data:`MISSING` where there is none.

    Stored tables hold NaN (or NaT, ``pd.NA``) where a thread has no date or
    a field is empty; printed as it is, that is "nan" on the page.
    """
    return MISSING if _is_missing(value) else str(value)


def _few(value: object, limit: int = 6) -> str:
    """A "; "-joined list cut to ``limit`` names: "A; B; C +4 more"."""
    names = [] if _is_missing(value) else [n for n in str(value).split("; ") if n]
    if len(names) <= limit:
        return "; ".join(names) or MISSING
    return "; ".join(names[:limit]) + f" +{len(names) - limit} more"


#: Markdown punctuation that opens a construct inline: code, emphasis, links
#: and images, headings' closing ``#``, table cells, strikethrough; and the
#: backslash itself. (Line-start constructs — lists, quotes, headings — need
#: a line break, which :func:`_md_cell` turns into a space.)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|~])")
#: What ends a line in Markdown (CommonMark's line endings).
_LINE_BREAK = re.compile(r"\r\n?|\n")


def _md_cell(value: object) -> str:
    """User text (a comment, speaker, title) as literal text in Markdown: the ``md`` filter.

    Comment text, speakers and titles come from scraped pages and files
    anyone writes. Put into a ``.md`` page as they are, a speaker
    ``Ed <script>…</script>`` is a live tag where a renderer passes HTML
    through, and a title ``T [l](http://evil.example)`` turns the link to
    the thread page into that link. So ``&``, ``<`` and ``>`` become HTML
    entities, Markdown punctuation (:data:`_MD_SPECIAL`) gets a backslash,
    and line breaks become spaces; every renderer shows the text as written.
    Also safe in a table cell (``|`` escaped); :data:`MISSING` for no value.
    """
    text = _MD_SPECIAL.sub(r"\\\1", _text(value))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _LINE_BREAK.sub(" ", text)


#: A URL a Markdown page links as ``<url>``: http(s) only, nothing that ends an autolink.
_MD_AUTOLINK = re.compile(r"https?://[^\s<>\x00-\x1f\x7f]+", re.IGNORECASE)


def _md_url(value: object) -> str:
    """A thread's source URL for the Markdown page: the ``md_url`` filter.

    An http(s) URL without spaces or angle brackets is an autolink
    (``<https://…>``); anything else is shown as text (:func:`_md_cell`), so a
    "URL" such as ``script`` or ``x> <img …>`` cannot become HTML in the page,
    nor ``javascript:…`` a link.
    """
    url = _text(value)
    return f"<{url}>" if is_web_url(url) else _md_cell(url)


def is_web_url(value: object) -> bool:
    """Whether ``value`` is an http(s) URL a page may link: the ``web_url`` test.

    A thread's ``url`` comes from its input file; a ``javascript:`` or
    ``data:`` "URL" made a link would run in the reader's browser, so the
    HTML page shows anything else as text, as the Markdown page does
    (:func:`_md_url`).
    """
    return bool(_MD_AUTOLINK.fullmatch(_text(value)))


#: The rows of a long table a page shows, the first in table order (the most
#: active speakers, the most named entities); the CSV table has them all.
ROWS_SHOWN: dict[str, int] = {"positions": rt.POSITIONS_SHOWN, "entities": rt.ENTITIES_SHOWN}


def _rows(data: ReportData) -> dict[str, Any]:
    """The rows the templates loop over, converted once for both pages.

    ``rows``: the distribution, positions, entities (and corpus threads —
    newest first, undated last) tables as lists of dicts,
    the positions and entities cut to the rows a page shows (:data:`ROWS_SHOWN`);
    ``rows_more``: per table, the rows its CSV has beyond those (the page
    says so, rather than pass the cut table off as whole) — of positions the
    named holders only: ``unnamed_line`` (:func:`~discourse.report.tables.unnamed_line`)
    sums up the groups no one names, which are no actors to rank, and
    ``positions_in_csv`` counts the CSV's ``named`` holders and unnamed-holder
    rows (``groups``) apart, as the page's "all M are in positions.csv" says
    them; ``key_points_of``:
    per frame, per direction (favor, against), the key points the page shows
    (:func:`~discourse.report.tables.pick_key_points`), in table order, each
    with ``source`` — who said its quote, in which thread, when;
    ``key_points_more``: per frame and direction, the points left out (shown
    folded away) and ``key_points_left_out`` the note saying so, as text (it
    is all in the CSV table); ``key_points_count``: per frame and direction,
    the key points and claims in all. Filtering a DataFrame per frame and
    converting it per page cost more than the rest of rendering.
    """
    from ..model import records

    rows = {name: records(data.tables[name]) for name in ("distribution",)}
    rows_more: dict[str, int] = {}
    positions = data.tables["positions"]
    # the table ranks the named holders; the unnamed holders are one line under it
    groups = positions["role"] == rt.UNNAMED if len(positions) else None
    for name, limit in ROWS_SHOWN.items():
        table = data.tables[name]
        if name == "positions" and groups is not None:
            table = table[~groups]
        rows[name] = records(table.head(limit))
        rows_more[name] = max(len(table) - limit, 0)
    # what "N more holders not shown: all M …" counts: the named holders of the ranking,
    # and apart from them the CSV's unnamed-group rows, which no ranking shows or hides
    in_csv = {"named": len(positions), "groups": 0}
    if groups is not None:
        in_csv["groups"] = int(groups.sum())
        in_csv["named"] -= in_csv["groups"]
    threads_of: dict[str, tuple[str, str]] = {}
    if data.threads is not None:
        listed = records(data.threads)
        rows["threads"] = [listed[i] for i in newest_first(data.threads)]
        threads_of = {str(t["id"]): (str(t["title_shown"]), str(t["stem"])) for t in listed}
    unnamed = rt.unnamed_groups(
        positions,
        {k: title for k, (title, _) in threads_of.items()} if data.kind == "corpus" else None,
    )
    every = records(data.tables["key_points"])
    shown, left_out = rt.pick_key_points(every)
    sources = _quote_sources(data, every, threads_of)
    on_page = {id(row) for row in shown}
    key_points_of: dict[str, dict[str, list[dict[str, Any]]]] = {}
    more_of: dict[str, dict[str, list[dict[str, Any]]]] = {}
    count_of: dict[str, dict[str, tuple[int, int]]] = {}
    for row in every:
        frame, direction = str(row["frame"]), str(row["direction"])
        kept = key_points_of if id(row) in on_page else more_of
        row = {**row, "source": sources.get(id(row))}
        kept.setdefault(frame, {}).setdefault(direction, []).append(row)
        points, claims = count_of.setdefault(frame, {}).get(direction, (0, 0))
        count_of[frame][direction] = (points + 1, claims + int(row["prevalence"]))
    left_out_of: dict[str, list[str]] = {}
    left_out_side: dict[str, dict[str, str]] = {}
    for (at_frame, side), gone in left_out.items():
        note = f"{gone.points} more {side} key point{'s' if gone.points != 1 else ''}"
        if gone.holders:
            note += (
                f" ({gone.holders} holder{'s' if gone.holders != 1 else ''} on that side"
                " without a point above)"
            )
        left_out_of.setdefault(str(at_frame), []).append(note)
        left_out_side.setdefault(str(at_frame), {})[str(side)] = note
    return {
        "rows": rows,
        "rows_more": rows_more,
        "positions_in_csv": in_csv,
        "unnamed_line": rt.unnamed_line(unnamed, ranked=bool(rows["positions"])),
        "key_points_of": key_points_of,
        "key_points_more": more_of,
        "key_points_count": count_of,
        "key_points_left_out": left_out_of,
        "key_points_left_out_side": left_out_side,
        "key_points_csv": f"tables/{data.tables_dir}key_points.csv",
        "shown_per_side": rt.KEY_POINTS_SHOWN,
        "most_per_side": rt.KEY_POINTS_MOST,
    }


def newest_first(threads: pd.DataFrame) -> list[int]:
    """Row positions of the corpus thread list (:data:`_THREADS_SQL`) in the corpus page's
    order: newest ``published`` first, undated threads last, equals in table (id) order.

    The thread pages' previous/next links (:func:`link_thread_pages`) follow
    the same order, so paging through the threads is reading down that list.
    """
    when = rt.parse_dates(threads["published"]).tolist()
    return sorted(
        range(len(when)),
        key=lambda i: (when[i] is pd.NaT, -(when[i].value if when[i] is not pd.NaT else 0)),
    )


#: Longest thread title a previous/next link shows; the link's tooltip has it whole.
NAV_TITLE_CHARS = 60


@dataclass(frozen=True)
class ThreadLink:
    """A neighbouring thread as a thread page's previous/next link names it."""

    stem: str  # its page is ``threads/<stem>.html`` (or ``.md``)
    title: str  # as the corpus page lists it

    @property
    def shown(self) -> str:
        """The title cut to :data:`NAV_TITLE_CHARS` characters with "…"."""
        if len(self.title) <= NAV_TITLE_CHARS:
            return self.title
        return self.title[: NAV_TITLE_CHARS - 1].rstrip() + "…"


@dataclass(frozen=True)
class ThreadNav:
    """A thread page's neighbours in the corpus page's list (``None``: it is first or last,
    or the corpus page has not been written since the thread page was)."""

    prev: ThreadLink | None = None
    next: ThreadLink | None = None


#: The block of a thread page that :file:`thread-nav.html.j2` / ``.md.j2`` write (every
#: occurrence: top and bottom). User text cannot hold the markers: both pages escape ``<``.
_NAV_BLOCK = re.compile(r"<!-- thread-nav -->.*?<!-- /thread-nav -->", re.DOTALL)


@dataclass(frozen=True)
class PageLinks:
    """The previous/next links the last corpus build gave the thread pages.

    ``listed``: the corpus page's threads in its order then (kept in
    :data:`STATE_FILE` as ``threads``); ``at_ns``: when that build ended (the
    state file's modification time, ns). A page not written since has the
    links its neighbours in ``listed`` give it; a page written since (its
    thread analysed again, every page redrawn, a build that failed before
    its state was kept) may have none, or old ones.
    """

    listed: tuple[ThreadLink, ...]
    at_ns: int

    @staticmethod
    def read(before: dict[str, Any], state_path: Path) -> PageLinks | None:
        """The links recorded in ``before`` (the state file at ``state_path``), if it has them.

        ``None`` (every page is linked again) for a state file without them
        (an older version, reports not configured last time) or with an
        entry someone edited into another shape.
        """
        entry = before.get("threads")
        if not isinstance(entry, list) or not all(
            isinstance(item, list) and len(item) == 2 and all(isinstance(v, str) for v in item)
            for item in entry
        ):
            return None
        try:
            at_ns = state_path.stat().st_mtime_ns
        except OSError:
            return None
        return PageLinks(tuple(ThreadLink(stem, title) for stem, title in entry), at_ns)

    @staticmethod
    def state(listed: Sequence[ThreadLink]) -> list[list[str]]:
        """``listed`` as :data:`STATE_FILE` keeps it (``threads``): ``[stem, title]`` pairs."""
        return [[link.stem, link.title] for link in listed]


def _navs(listed: Sequence[ThreadLink]) -> dict[str, ThreadNav]:
    """Each listed thread's (by stem) neighbours in ``listed``."""
    return {
        link.stem: ThreadNav(
            listed[k - 1] if k > 0 else None, listed[k + 1] if k + 1 < len(listed) else None
        )
        for k, link in enumerate(listed)
    }


def thread_list(threads: pd.DataFrame) -> tuple[ThreadLink, ...]:
    """The corpus thread list (``stem`` and ``title_shown`` columns; :func:`corpus_report_data`)
    as the thread pages link it, in the corpus page's order (:func:`newest_first`)."""
    links = [
        ThreadLink(str(stem), str(title))
        for stem, title in zip(
            threads["stem"].tolist(), threads["title_shown"].tolist(), strict=True
        )
    ]
    return tuple(links[i] for i in newest_first(threads))


def link_thread_pages(
    out: Path, listed: Sequence[ThreadLink], before: PageLinks | None = None
) -> list[Path]:
    """Set the thread pages' previous/next links to their neighbours in ``listed`` (:func:`thread_list`).

    A thread page is written when its thread is analysed, often in a worker
    that knows no other thread, and is not drawn again when a thread before
    or after it arrives or goes; so the corpus report, written whenever the
    store changed, rewrites the marked link block of the pages, HTML and
    Markdown, whose links are not those of ``listed``. With ``before`` (the
    links of the last build) only the pages whose neighbours changed since,
    and those written since, are read: a new thread moves the links of two
    pages, and a large corpus's other pages are left alone. Without it
    every page is read. A page that is not there (reports written
    elsewhere), or was written without the block, is left alone. Returns the
    files rewritten.
    """
    linked = _navs(before.listed) if before is not None else {}
    written: list[Path] = []
    for stem, nav in _navs(listed).items():
        for suffix in ("html", "md"):
            page = out / "threads" / f"{stem}.{suffix}"
            try:
                if before is not None and linked.get(stem) == nav:
                    if page.stat().st_mtime_ns < before.at_ns:
                        continue  # linked by the last build to the same neighbours
                text = page.read_text(encoding="utf-8")
            except OSError:  # no page (or a name the file system refuses): nothing to link
                continue
            block = _template(f"thread-nav.{suffix}.j2").render(nav=nav, rel="../").rstrip("\n")
            # backslashes doubled: a title's (Markdown escapes) stay as written
            new = _NAV_BLOCK.sub(block.replace("\\", "\\\\"), text)
            if new != text:
                page.write_text(new, encoding="utf-8")
                written.append(page)
    return written


def _quote_sources(
    data: ReportData, every: list[dict[str, Any]], threads_of: dict[str, tuple[str, str]]
) -> dict[int, dict[str, Any]]:
    """Whose position each key point's quote is, who said it, where and when, by ``id()`` of its row.

    The quote is the text of the first sentence of one member claim: of the
    row's ``segment_ids`` the one whose sentence it is (else the first).
    ``holder``: whose position the quote states; ``reported_by``: the
    speaker who wrote it when that is someone else (the page shows
    "Vicente Fox (reported by Maria Lopez)"), else ``None``; ``thread`` and
    ``href`` (corpus pages: the thread's title and page); ``date`` as the
    pages show dates (``None`` when unknown); ``others``: the point's other
    holders.
    """
    if data.claims is None or data.claims.empty or not every:
        return {}
    wanted = {sid for row in every for sid in str(row["segment_ids"]).split()}
    claims = data.claims
    pick = claims["segment_id"].isin(wanted).to_numpy()
    # by sentence and frame: the holder is the stance's, and may differ between frames
    seen = claims[pick].drop_duplicates(["segment_id", "frame"])
    # the day only (on the source's clock): a card's footer has no room for the time
    shown_dates = [rt.display_day(value) for value in seen["date"].tolist()]
    said = {
        (sid, frame): (text, speaker, holder, thread, date)
        for sid, frame, text, speaker, holder, thread, date in zip(
            seen["segment_id"].tolist(),
            seen["frame"].tolist(),
            seen["text"].tolist(),
            seen["speaker"].tolist(),
            seen["holder"].tolist(),
            seen["thread_id"].tolist(),
            shown_dates,
            strict=True,
        )
    }
    sources: dict[int, dict[str, Any]] = {}
    for row in every:
        keys = [(sid, row["frame"]) for sid in str(row["segment_ids"]).split()]
        keys = [key for key in keys if key in said]
        if not keys:
            continue
        key = next((k for k in keys if said[k][0] == row["key_point"]), keys[0])
        _, speaker, holder, thread, date = said[key]
        title, stem = threads_of.get(str(thread), (None, None))
        others = [n for n in rt.listed_names(row["holders"]) if n != holder]
        reporter = None if _is_missing(speaker) or speaker == holder else str(speaker)
        sources[id(row)] = {
            "holder": None if _is_missing(holder) else str(holder),
            "reported_by": reporter,
            "thread": title,
            "href": f"threads/{stem}.html" if stem else None,
            "md_href": f"threads/{stem}.md" if stem else None,
            "date": date,
            "others": "; ".join(others),
        }
    return sources


def _render(
    data: ReportData, html_path: Path, md_path: Path, rel: str, chart_prefix: str
) -> list[Path]:
    """Write the HTML and Markdown page of ``data``; ``rel`` leads from the page to ``out``."""
    out = html_path.parent if rel == "" else html_path.parent.parent
    chart_dir = out / "charts"
    chart_dir.mkdir(parents=True, exist_ok=True)
    chart_files = {}
    for name, svg in data.charts.items():
        target = chart_dir / f"{chart_prefix}{name}.svg"
        target.write_text(svg, encoding="utf-8")
        chart_files[name] = f"{rel}charts/{target.name}"
    # a chart this page no longer has (a timeline whose dated thread left the
    # store) must not stay beside one the page says is not there: exactly its
    # names, as a glob would also catch thread "<stem>-2"'s
    for name in set(CHART_NAMES) - set(data.charts):
        (chart_dir / f"{chart_prefix}{name}.svg").unlink(missing_ok=True)
    # a thread page's neighbours are set by the corpus report (link_thread_pages)
    ctx = {"r": data, "rel": rel, "chart_files": chart_files, "nav": ThreadNav(), **_rows(data)}
    html_path.parent.mkdir(parents=True, exist_ok=True)
    html_path.write_text(_template("report.html.j2").render(**ctx), encoding="utf-8")
    md_path.write_text(_template("report.md.j2").render(**ctx), encoding="utf-8")
    return [html_path, md_path, *(chart_dir / Path(p).name for p in chart_files.values())]


def _csv_cells(column: pd.Series) -> list[Any] | None:
    """A text or integer column's CSV cells as pandas writes them (missing text: empty).

    Text goes through :func:`~discourse.io.spreadsheet_text`. ``None`` for
    any other column: only pandas knows how it writes those.
    """
    if column.dtype.kind in "iu":
        return column.tolist()
    if column.dtype.kind == "O":  # object and pandas string columns
        values = column.tolist()
        if all(isinstance(v, str) or is_missing(v) for v in values):
            return [spreadsheet_text(v) if isinstance(v, str) else "" for v in values]
    return None


def _spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every text value through :func:`~discourse.io.spreadsheet_text`.

    Only strings change: numbers, in numeric columns or mixed into object
    ones, stay numbers.
    """
    safe = {
        name: column.map(lambda v: spreadsheet_text(v) if isinstance(v, str) else v)
        for name, column in frame.items()
        if column.dtype.kind == "O"
    }
    return frame.assign(**safe) if safe else frame


def _write_csv(frame: pd.DataFrame, target: Path) -> None:
    """``frame.to_csv(target, index=False)``, byte for byte, but text that a
    spreadsheet would run as a formula gets a leading apostrophe
    (:func:`~discourse.io.spreadsheet_text`).

    Tables of text and integers — every report table — go straight to the
    :mod:`csv` writer pandas itself uses, with its settings: pandas' set-up
    per call cost more than writing a thread's five small tables.
    """
    cells = [_csv_cells(column) for _, column in frame.items()]
    if not cells or any(c is None for c in cells):
        _spreadsheet_safe(frame).to_csv(target, index=False)
        return
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator=os.linesep)
        writer.writerow([str(c) for c in frame.columns])
        writer.writerows(zip(*cells, strict=True))


#: Columns of the corpus thread list that only the pages use (links, dates as shown).
PAGE_ONLY_COLUMNS = ("stem", "published_shown", "lead", "title_shown")


def _write_tables(data: ReportData, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in data.tables.items():
        target = folder / f"{name}.csv"
        _write_csv(frame, target)
        written.append(target)
    if data.threads is not None:
        target = folder / "threads.csv"
        # the title the pages show: an untitled thread's article's first words
        shown = data.threads.assign(title=data.threads["title_shown"])
        _write_csv(shown.drop(columns=list(PAGE_ONLY_COLUMNS)), target)
        written.append(target)
    return written


def map_key(content_hash: object, config_hash: object, model_version: object) -> str:
    """The key a cached thread map is valid under: the thread's content, the
    configuration and models that analysed it, and :data:`MAP_CACHE_VERSION`."""
    return f"{MAP_CACHE_VERSION}:{content_hash}:{config_hash}:{model_version}"


def map_keys(store: Store) -> dict[str, str]:
    """:func:`map_key` of every stored thread's analysis (see :meth:`discourse.store.Store.analyses`)."""
    return {tid: map_key(*made_from) for tid, made_from in store.analyses().items()}


def _graph_cache_path(out: Path, thread_id: str) -> Path:
    return Path(out) / "maps" / GRAPH_CACHE_DIR / f"{file_stem(thread_id)}.json"


def remove_thread_outputs(out: str | Path, thread_id: str) -> list[Path]:
    """Delete what the per-thread writers made for ``thread_id`` under ``out``: its
    page (HTML, Markdown), charts, tables folder, maps and cached map graph.

    Used when a thread leaves the store (``discourse run --prune``), so its
    pages and maps do not outlive it. Returns the files removed.
    """
    out, stem = Path(out), file_stem(thread_id)
    _clear_maps(out / "maps", stem)
    files = [out / "threads" / f"{stem}.html", out / "threads" / f"{stem}.md"]
    files.append(_graph_cache_path(out, thread_id))
    # exactly its charts: a glob would also catch thread "<stem>-2"'s
    files += [out / "charts" / f"{stem}-{name}.svg" for name in CHART_NAMES]
    files += sorted((out / "tables" / stem).glob("*")) if (out / "tables" / stem).is_dir() else []
    removed = [f for f in files if f.is_file()]
    for f in removed:
        f.unlink()
    if (out / "tables" / stem).is_dir() and not any((out / "tables" / stem).iterdir()):
        (out / "tables" / stem).rmdir()
    return removed


def _write_graph_cache(graph: Any, out: Path, thread_id: str, key: str) -> None:
    """Keep ``graph`` (a thread map) as node-link JSON for the next corpus map."""
    import networkx as nx

    path = _graph_cache_path(out, thread_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"thread": thread_id, "key": key, "graph": nx.node_link_data(graph, edges="edges")}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _read_graph_cache(out: Path, thread_id: str, key: str) -> Any | None:
    """The cached map of ``thread_id`` if it was made under ``key``, else ``None``."""
    import networkx as nx

    path = _graph_cache_path(out, thread_id)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("thread") != thread_id or data.get("key") != key:
        return None
    return nx.node_link_graph(data["graph"], directed=True, multigraph=True, edges="edges")


def write_thread_maps(
    thread: Thread,
    tables: dict[str, pd.DataFrame],
    out: Path,
    formats: Iterable[str],
    key: str | None = None,
) -> list[Path]:
    """Argument map of one thread in ``formats`` under ``out/maps/<thread>.*`` (via discourse.argmap).

    With ``key`` (:func:`map_key` of the analysis the tables come from) the
    map is also cached, so the corpus map merges it instead of loading the
    thread from the store and drawing it again.
    """
    from ..argmap import build_thread_map, write_maps
    from ..argmap.export import map_path

    formats = tuple(formats)
    maps_dir, stem = Path(out) / "maps", file_stem(thread.id)
    for fmt in formats:  # an unknown format fails before anything is removed
        map_path(maps_dir, stem, fmt)
    # files of this thread's earlier maps go first: formats no longer
    # configured would keep describing older data beside the fresh ones
    _clear_maps(maps_dir, stem)
    if not formats:
        return []
    graph = build_thread_map(thread, tables)
    # without a relations table the map computes relations itself, while the
    # store hands the corpus map an empty one: such a map is not the one the
    # corpus map would draw, so it is not cached
    if key is not None and "relations" in tables:
        _write_graph_cache(graph, out, thread.id, key)
    return write_maps(graph, maps_dir, stem, formats=formats)


def write_thread_report(
    thread: Thread,
    tables: dict[str, pd.DataFrame],
    out: Path,
    formats: Iterable[str] | None = None,
) -> list[Path]:
    """``out/threads/<thread>.html`` and ``.md`` (+ tables and charts) for one analysed thread.

    ``formats``: the configured map formats, the only ones the page links
    (and shows the picture of, if ``svg`` is one); ``None``: those whose
    files :func:`write_thread_maps` left, which are the configured ones.
    """
    out = Path(out)
    stem = file_stem(thread.id)
    formats = None if formats is None else tuple(formats)
    data = thread_report_data(thread, tables)
    if formats is None or "svg" in formats:
        data.map_svg = _inline_svg(out / "maps" / f"{stem}.svg")
    data.map_links = _map_links(out, stem, "../", formats)
    data.tables_dir = f"{stem}/"
    data.map_stem = stem
    written = _render(
        data, out / "threads" / f"{stem}.html", out / "threads" / f"{stem}.md", "../", f"{stem}-"
    )
    return written + _write_tables(data, out / "tables" / stem)


def write_corpus_report(
    store: Store,
    out: Path,
    clusters: Sequence[tuple[list[Claim], Claim]] | None = None,
    formats: Iterable[str] | None = None,
    linked: PageLinks | None = None,
) -> tuple[list[Path], tuple[ThreadLink, ...]]:
    """``out/index.html`` and ``out/report.md`` (+ tables and charts) from the store,
    and the thread pages' previous/next links (:func:`link_thread_pages`).

    ``clusters``: the corpus's key-point clustering, when already computed.
    ``formats``: the configured map formats, the only ones the page links
    (``None``: those whose files :func:`write_corpus_map` left). ``linked``:
    the links the last build set, so that only pages whose links changed
    are read. Returns the files written and the thread list the pages now
    link (:func:`build_outputs` keeps it for the next build).
    """
    out = Path(out)
    formats = None if formats is None else tuple(formats)
    data = corpus_report_data(store, clusters)
    if formats is None or "svg" in formats:
        data.map_svg = _inline_svg(out / "maps" / "corpus.svg")
    data.map_links = _map_links(out, "corpus", "", formats)
    written = _render(data, out / "index.html", out / "report.md", "", "corpus-")
    assert data.threads is not None  # a corpus page lists its threads
    listed = thread_list(data.threads)
    written += link_thread_pages(out, listed, linked)
    return written + _write_tables(data, out / "tables"), listed


def write_corpus_map(
    store: Store,
    out: Path,
    formats: Iterable[str],
    clusters: Sequence[tuple[list[Claim], Claim]] | None = None,
) -> list[Path]:
    """The corpus argument map (threads merged by frame and entity) under ``out/maps/corpus.*``.

    ``clusters``: the corpus's key-point clustering, when already computed.
    """
    paths, pending = start_corpus_map(store, out, formats, clusters)
    assert pending is None, "one process writes every file"
    return paths


def start_corpus_map(
    store: Store,
    out: Path,
    formats: Iterable[str],
    clusters: Sequence[tuple[list[Claim], Claim]] | None = None,
    processes: int = 1,
) -> tuple[list[Path], PendingMaps | None]:
    """:func:`write_corpus_map`, its slowest formats written by a forked process
    when ``processes`` > 1 (see :func:`discourse.argmap.export.start_maps`):
    wait for the pending files before the run ends."""
    from ..argmap import add_key_points, merge_thread_maps
    from ..argmap.export import map_path, start_maps

    formats = tuple(formats)
    maps_dir = Path(out) / "maps"
    for fmt in formats:  # an unknown format fails before anything is removed
        map_path(maps_dir, "corpus", fmt)
    # as for a thread: no file of an earlier corpus map stays beside the new one
    _clear_maps(maps_dir, "corpus")
    if not formats:
        return [], None
    if clusters is None:
        clusters = corpus_key_point_clusters(store)
    graph = add_key_points(merge_thread_maps(_thread_maps(store, Path(out))), clusters)
    return start_maps(graph, maps_dir, "corpus", formats, processes)


def _thread_maps(store: Store, out: Path) -> Iterator[tuple[str, Any]]:
    """Every stored thread's map, in thread-id order: cached where the cache
    matches the stored analysis, else drawn from the thread's stored tables."""
    from ..argmap import build_thread_map
    from ..store import LOAD_CHUNK

    keys = map_keys(store)
    ids = store.thread_ids()
    for start in range(0, len(ids), LOAD_CHUNK):
        chunk = ids[start : start + LOAD_CHUNK]
        graphs = {tid: _read_graph_cache(out, tid, keys[tid]) for tid in chunk}
        missing = [tid for tid, g in graphs.items() if g is None]
        for thread, tables in store.iter_threads(missing):
            graphs[thread.id] = build_thread_map(thread, tables)
        for tid in chunk:
            yield tid, graphs[tid]


def _state(store: Store, config: PipelineConfig) -> dict[str, str]:
    """What the corpus outputs are drawn from, kept in :data:`STATE_FILE` after each build
    (with, once the corpus page is written, the thread list its pages link: :class:`PageLinks`).

    Not the configuration hash: the outputs are drawn from the store, and of
    the settings only ``[outputs]`` changes them (the others — stages, models,
    workers, batch sizes — change how threads are analysed, and a stored
    thread keeps its analysis until it is analysed again, which changes the
    store). A run whose settings changed otherwise would redraw the same
    pages and say "reports rebuilt" although nothing had changed.
    """
    return {
        "store": store.fingerprint(),
        "outputs": json.dumps(config["outputs"], sort_keys=True),
        "version": REPORT_VERSION,
    }


#: Why the corpus outputs are stale, by the :func:`_state` entry that differs.
STALE_REASONS: dict[str, str] = {
    "store": "threads stored or removed",
    "outputs": "[outputs] settings changed",
    "version": "new report version",
}


def stale_reasons(
    before: dict[str, str], state: dict[str, str], out: Path, config: PipelineConfig
) -> list[str]:
    """Why the corpus outputs described by ``before`` must be rebuilt for ``state`` (none: up to date).

    ``before`` is the :data:`STATE_FILE` of the last build (empty if there is
    none); entries it has that :func:`_state` no longer writes (the
    configuration hash of older versions) are ignored. The corpus page is
    only looked for when reports are configured: with ``reports = false``
    there is none, and every run would otherwise rebuild the maps and tables.
    """
    if not before:
        return ["none built before"]
    reasons = [why for key, why in STALE_REASONS.items() if before.get(key) != state[key]]
    if config["outputs"]["reports"] and not (out / "index.html").is_file():
        reasons.append("corpus page missing")
    return reasons


#: Where the coded warnings of outputs that could not be written go:
#: ``warn(path, message)``, as :meth:`discourse.run.RunSummary.warn` takes them.
WarnFn = Callable[[str, str], None]
#: The codes of outputs that could not be written: a thread's map or page
#: (W500), the corpus report, map or exports (W502).
OUTPUT_FAILURES = ("W500", "W502")


def _log_warning(path: str, message: str) -> None:
    """The default :data:`WarnFn`: a logged warning, which the command line prints."""
    log.warning("%s", message)


def draw_thread_outputs(
    thread: Thread,
    tables: dict[str, pd.DataFrame],
    out: Path,
    config: PipelineConfig,
    key: str | None = None,
) -> tuple[list[Path], list[str]]:
    """One thread's argument maps and report page (as configured in ``[outputs]``).

    Returns the files written and a W500 message for each of the two that
    could not be written. A map or page that cannot be drawn (a full disk, a
    bug) must cost neither the thread its stored analysis nor the other
    threads and the corpus page theirs, so the failure is a message, not an
    exception; its traceback is logged at DEBUG. ``key``: see
    :func:`write_thread_maps`.
    """
    maps = config["outputs"]["maps"]
    steps = [lambda: write_thread_maps(thread, tables, out, maps, key)]
    if config["outputs"]["reports"]:  # after the map: the page embeds its picture
        steps.append(lambda: write_thread_report(thread, tables, out, maps))
    written: list[Path] = []
    problems: list[str] = []
    for step in steps:
        try:
            written += step()
        except Exception as err:
            log.debug("outputs of thread %r failed", thread.id, exc_info=True)
            detail = f"{type(err).__name__}: {err}"
            where = thread.source or thread.id
            problems.append(Warnings.W500.format(path=where, thread=thread.id, detail=detail))
    return written, problems


def _thread_outputs(
    store: Store,
    out: Path,
    config: PipelineConfig,
    thread_ids: Iterable[str] | None = None,
    warn: WarnFn = _log_warning,
) -> list[Path]:
    """Stored threads' maps and report pages (default: all), drawn again from the store.

    A thread whose outputs cannot be written is handed to ``warn`` (W500)
    and the others are drawn all the same.
    """
    written: list[Path] = []
    keys = map_keys(store)
    for thread, tables in store.iter_threads(thread_ids):
        files, problems = draw_thread_outputs(thread, tables, out, config, keys[thread.id])
        written += files
        for message in problems:
            warn(thread.source or thread.id, message)
    return written


def _has_page(out: Path, thread_id: str) -> bool:
    """Whether ``out`` holds the page of ``thread_id``.

    A name the file system refuses to look up (too long, say) is no page:
    it is drawn again, and if it cannot be written that is that thread's
    W500, not a failure of the corpus page.
    """
    try:
        return (out / "threads" / f"{file_stem(thread_id)}.html").is_file()
    except OSError:
        return False


def _use_model_frames(config: PipelineConfig) -> None:
    """Draw issues with the propositions of the frames the configured stance model carries.

    A run analysing nothing new, and ``discourse report``, never load the
    model (whose stage would do this): without it a user's fifth frame
    had its title for proposition in the maps and no proposition in the
    reports. Only with a stance stage: without one the stored stances come
    from no model this configuration names.
    """
    from ..argmap.claims import use_propositions

    if "stance" not in config["pipeline"]["stages"]:
        return
    from ..stance.tagger import frame_propositions

    use_propositions(frame_propositions(config))


def build_outputs(
    store: Store,
    out: Path,
    config: PipelineConfig,
    *,
    rebuild: bool = False,
    rebuild_reason: str = "rebuild requested",
    threads_written: bool = False,
    complete_pages: bool = False,
    tried_pages: Iterable[str] = (),
    processes: int = 1,
    warn: WarnFn = _log_warning,
    model_frames_used: bool = False,
) -> tuple[list[Path], list[str]]:
    """Corpus map, corpus report and table exports — only if the store changed since last time.

    Returns the files written and why they were rebuilt (empty: they were up
    to date and nothing was written; see :func:`stale_reasons`), so the run
    summary can say why rather than leave it to be read as "threads changed".
    ``rebuild`` rebuilds in any case, giving ``rebuild_reason``. The state of
    the last build is kept in ``out/.report-state.json``. When the configured
    outputs or :data:`REPORT_VERSION` changed since then, every thread's maps
    and page are drawn again
    (unless ``threads_written``: the caller just did); ``complete_pages``
    draws the page of any stored thread that has none in ``out`` (a store
    shared by runs over several corpus folders into several reports folders),
    except the threads of ``tried_pages``, whose outputs the caller has just
    failed to write and reported (W500): trying again would say so twice.
    ``processes`` > 1 lets a second process write the slowest corpus map
    formats while this one draws the corpus report (a run's ``--workers``).
    A thread whose map or page cannot be drawn again is handed to ``warn``
    (W500; default: logged) and the corpus outputs are built all the same.
    Before drawing, the stance model's frame propositions are taken
    (:func:`_use_model_frames`) unless ``model_frames_used``: the caller took
    them to draw the thread pages first (``discourse report``), and reading
    the model's file again would change nothing.
    """
    out = Path(out)
    state_path = out / STATE_FILE
    state = _state(store, config)
    before: dict[str, Any] = {}
    try:
        before = json.loads(state_path.read_text(encoding="utf-8")) if state_path.is_file() else {}
    except (OSError, json.JSONDecodeError):
        pass
    if not isinstance(before, dict):  # a state file someone edited into a list
        before = {}
    reasons = ([rebuild_reason] if rebuild else []) + stale_reasons(before, state, out, config)
    if not reasons:
        return [], []
    if not model_frames_used:  # only now: up to date, nothing is drawn (nor imported)
        _use_model_frames(config)
    linked = PageLinks.read(before, state_path)  # the thread pages as the last build linked them
    written: list[Path] = []
    redraw = any(before.get(key, state[key]) != state[key] for key in ("outputs", "version"))
    if not threads_written and redraw:
        # the configured outputs or the report version changed: unchanged
        # threads' pages and maps are not written by the run, so they would
        # keep the old formats, links and look
        written += _thread_outputs(store, out, config, warn=warn)
    elif complete_pages and config["outputs"]["reports"]:
        # threads analysed into another reports folder (a store shared by two
        # corpus folders) get their pages here too: the corpus page links them
        tried = set(tried_pages)
        missing = [t for t in store.thread_ids() if t not in tried and not _has_page(out, t)]
        if missing:
            written += _thread_outputs(store, out, config, missing, warn=warn)
    # as for the maps: no export of a format no longer configured stays beside fresh ones
    _clear_exports(out / "data", store.tables, config["outputs"]["tables"])
    if config["outputs"]["tables"]:
        written += store.export(out / "data", config["outputs"]["tables"])
    maps, reports = config["outputs"]["maps"], config["outputs"]["reports"]
    # the corpus is clustered into key points once, for the map and the report
    clusters = corpus_key_point_clusters(store) if maps or reports else None
    paths, pending = start_corpus_map(store, out, maps, clusters, processes)
    written += paths
    kept: dict[str, Any] = dict(state)
    try:
        if reports:
            pages, listed = write_corpus_report(store, out, clusters, maps, linked)
            written += pages
            # the links the thread pages now have; without reports there are no
            # pages, and the next build with them links every page
            kept["threads"] = PageLinks.state(listed)
    finally:
        if pending is not None:
            pending.wait()
    state_path.write_text(json.dumps(kept), encoding="utf-8")
    return written, reasons


def build_reports(
    store: str | Path | None = None,
    out: str | Path = "reports",
    config: PipelineConfig | None = None,
    warn: WarnFn = _log_warning,
) -> list[Path]:
    """``discourse report``: rebuild every map and report from the store alone.

    Nothing is re-analysed; the store (default ``<out>/discourse.duckdb``)
    is opened read-only, so this is safe while nothing else writes to it.
    An ``out`` that cannot be a folder of outputs (an existing file, a path
    under a file) is ``OSError`` ``[E016]`` before the store is read.
    As in a run, a thread whose map or page cannot be written (W500) does
    not stop the others or the corpus outputs, and corpus outputs that
    cannot be written (W502) do not raise: both go to ``warn`` (default:
    logged), which lets the command line say so and exit 1.
    """
    from ..errors import Errors, StoreError
    from ..io import check_output_folder
    from ..store import Store

    config = config or PipelineConfig()
    out = Path(out)
    check_output_folder(out)
    store_path = Path(store) if store else out / "discourse.duckdb"
    written: list[Path] = []
    with Store(store_path, read_only=True) as db:
        if not db.thread_ids():
            raise StoreError(Errors.E508.format(path=store_path))
        out.mkdir(parents=True, exist_ok=True)
        _use_model_frames(config)  # once, for the thread pages and the corpus outputs
        written += _thread_outputs(db, out, config, warn=warn)
        try:
            files, _ = build_outputs(
                db,
                out,
                config,
                rebuild=True,
                threads_written=True,
                warn=warn,
                model_frames_used=True,
            )
        except Exception as err:
            log.debug("corpus outputs failed", exc_info=True)
            warn(str(out), Warnings.W502.format(path=out, detail=f"{type(err).__name__}: {err}"))
        else:
            written += files
    return written
