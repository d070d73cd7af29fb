"""Segmentation: utterances → paragraphs → sentences, with exact offsets.

Every paragraph of every utterance is parsed once with ``nlp.pipe`` (spaCy's
``as_tuples`` carries the context along), and the parsed sentences become
:class:`~discourse.model.Segment` rows. The same parsed spans are handed to
the stance and entity stages, so a batch parses each word exactly once.

Offsets are into ``utterance.text`` and are exact:
``utterance.text[seg.start:seg.end] == seg.text``. When the reader recorded
where the utterance text stands in its file (page dumps and HTML pages: a
:class:`~discourse.model.SourceMap`), ``source_start``/``source_end`` locate
the sentence in the file's text too (:func:`source_span`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from .model import Segment, SourceMap, Thread, Utterance
from .nlp import ABBREVIATIONS

DEFAULT_MAX_CHARS = 50000


@dataclass(frozen=True, repr=False)
class ParsedThread:
    """A thread with its segments and the spaCy sentence span of each segment.

    Its repr is a summary (``ParsedThread(thread='guatemala-post',
    segments=68)``), not every segment and span.
    """

    thread: Thread
    segments: list[Segment]
    spans: list[Span]

    def __repr__(self) -> str:
        return f"{type(self).__name__}(thread={self.thread.id!r}, segments={len(self.segments)})"


#: A sentence end inside a window: ``.!?`` and closing quotes or brackets before
#: whitespace, or CJK full-width ``。！？`` (no space follows them).
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*(?=\s)|[。！？][」』）”’]*")
#: What follows a sentence end the splitter also makes: whitespace, any opening
#: quotes or brackets, then a letter (:func:`_clear_ends` wants a capital).
_NEXT_WORD = re.compile(r"\s+[\"'“‘«(\[]*([^\W\d_])")
#: A blank line: the end of a paragraph (a text given whole, not paragraph by paragraph).
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
#: A word ending in a period that is an abbreviation by its shape: an initial or
#: letters with periods between them ("C.", "U.S.", "i.e.").
_DOTTED = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]?")
_WHITESPACE = re.compile(r"\s")
#: Characters a cut must not come before: they belong to the previous character
#: (combining marks, zero-width joiner, variation selectors, emoji modifiers).
_GLUE = re.compile(
    r"[\u0300-\u036f\u200c\u200d\ufe00-\ufe0f\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f]"
)


def _abbreviated(text: str, dot: int, abbreviations: frozenset[str]) -> bool:
    """Whether the period at ``text[dot]`` ends an abbreviation ("Dept.", "U.S.",
    "C.", "i.e."), after which the sentence splitter does not always end a sentence."""
    before = text[max(0, dot - 40) : dot + 1].split()
    word = before[-1].lstrip("\"'“‘«([") if before else ""
    return word.lower() in abbreviations or bool(_DOTTED.fullmatch(word))


def _clear_end(text: str, start: int, stop: int, abbreviations: frozenset[str]) -> int | None:
    """The last offset in ``text[start:stop]`` after which a piece may end without
    cutting a sentence: a blank line, a CJK ``。！？``, or ``.!?`` followed by a
    capital letter where the period does not end an abbreviation ("the U.S. Army")."""
    window = text[start:stop]
    breaks = [m.start() for m in _PARAGRAPH_BREAK.finditer(window) if m.start() > 0]
    for m in reversed(list(_SENTENCE_END.finditer(window))):
        if breaks and m.end() <= breaks[-1]:
            break
        if window[m.start()] in "。！？":
            return start + m.end()
        nxt = _NEXT_WORD.match(text, start + m.end())
        if not nxt or not nxt[1].isupper():
            continue
        if window[m.start()] == "." and _abbreviated(text, start + m.start(), abbreviations):
            continue
        return start + m.end()
    return start + breaks[-1] if breaks else None


def split_long(
    text: str,
    start: int,
    end: int,
    max_chars: int,
    abbreviations: frozenset[str] = ABBREVIATIONS,
) -> list[tuple[int, int]]:
    """Cut ``text[start:end]`` into pieces of at most ``max_chars`` at whitespace.

    Pieces end where the sentence splitter would end a sentence anyway, so
    that no sentence is parsed in two halves: at the last paragraph break or
    sentence end followed by a capital letter — not after an abbreviation
    (``abbreviations``, lower-case with their period, or initials: "the U.S.
    Army", "Dept. of Justice"), nor before a lower-case word — or CJK
    ``。！？``. Without one, a piece ends after the last other sentence
    punctuation ("… wrote. x"; an abbreviation's period is none), else at the
    last whitespace of any kind
    (a paragraph wrapped with single line breaks or tabs is not cut inside a
    word), else — a run with no space at all — at the limit, but never inside
    a character sequence such as an emoji with a skin tone or a letter with a
    combining accent. So a 5 MB comment is parsed in manageable pieces
    instead of failing or exhausting memory.
    """
    if max_chars < 1:  # no piece could ever be cut: the loop would never end
        raise ValueError(f"max_chars must be at least 1, got {max_chars}")
    pieces = []
    while end - start > max_chars:
        clear = _clear_end(text, start, start + max_chars, abbreviations)
        if clear is not None:
            cut = clear - start  # length of the piece
        else:
            window = text[start : start + max_chars]
            ends = [
                m.end()
                for m in _SENTENCE_END.finditer(window)
                if window[m.start()] != "." or not _abbreviated(window, m.start(), abbreviations)
            ]
            cut = ends[-1] if ends else 0
            if cut <= 0:
                spaces = [m.start() for m in _WHITESPACE.finditer(window)]
                cut = spaces[-1] + 1 if spaces and spaces[-1] > 0 else 0
        if cut <= 0:
            cut = max_chars
            while cut > 1 and (_GLUE.match(text, start + cut) or text[start + cut - 1] == "\u200d"):
                cut -= 1
        pieces.append((start, start + cut))
        start += cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        pieces.append((start, end))
    return pieces


def _paragraph_tasks(
    thread_no: int, thread: Thread, max_chars: int, abbreviations: frozenset[str]
) -> Iterator[tuple[str, tuple[int, int, int, int]]]:
    for u_no, utt in enumerate(thread.utterances):
        for p_no, (start, end) in enumerate(utt.paragraphs):
            pieces = split_long(utt.text, start, end, max_chars, abbreviations)
            for piece_start, piece_end in pieces:
                yield utt.text[piece_start:piece_end], (thread_no, u_no, p_no, piece_start)


def _sentence_bounds(doc: Doc) -> Iterator[tuple[Span, int, int]]:
    """Sentences of ``doc`` with whitespace trimmed from their char offsets."""
    text = doc.text
    for sent in doc.sents:
        s, e = sent.start_char, sent.end_char
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            yield sent, s, e


def source_span(
    source_map: SourceMap | None, start: int, end: int
) -> tuple[int | None, int | None]:
    """``(source_start, source_end)`` of ``utterance.text[start:end]`` in the file it was
    read from, ``(None, None)`` without a map or where the text could not be aligned."""
    if source_map is None:
        return None, None
    span = source_map.span(start, end)
    return (None, None) if span is None else span


def _build(thread: Thread, parsed: list[tuple[Doc, tuple[int, int, int, int]]]) -> ParsedThread:
    segments: list[Segment] = []
    spans: list[Span] = []
    counters: dict[int, int] = {}
    for doc, (_, u_no, p_no, offset) in parsed:
        utt: Utterance = thread.utterances[u_no]
        source_map = utt.source_map
        for sent, s, e in _sentence_bounds(doc):
            counters[u_no] = counters.get(u_no, 0) + 1
            index = counters[u_no]
            src_start, src_end = source_span(source_map, offset + s, offset + e)
            segments.append(
                Segment(
                    id=f"{utt.id}/s{index:02d}",
                    thread_id=thread.id,
                    utterance_id=utt.id,
                    kind=utt.kind,
                    speaker=utt.speaker,
                    index=index,
                    start=offset + s,
                    end=offset + e,
                    text=utt.text[offset + s : offset + e],
                    paragraph=p_no,
                    source_start=src_start,
                    source_end=src_end,
                )
            )
            spans.append(sent)
    return ParsedThread(thread, segments, spans)


def _abbreviations(nlp: Language) -> frozenset[str]:
    """The abbreviations ``nlp``'s sentence guard knows (those of ``[segment]
    abbreviations`` too), so that long texts are not cut into pieces after one."""
    if "discourse_sentence_guard" in nlp.pipe_names:
        guard = nlp.get_pipe("discourse_sentence_guard")
        return frozenset(getattr(guard, "abbreviations", ABBREVIATIONS))
    return ABBREVIATIONS


def parse_threads(
    threads: Iterable[Thread],
    nlp: Language,
    *,
    batch_size: int = 64,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Iterator[ParsedThread]:
    """Parse threads lazily, in input order, batching paragraphs across threads.

    Threads are consumed from ``threads`` only as fast as results are taken,
    so a corpus of any size streams through in constant memory.
    """
    pending: dict[int, Thread] = {}
    abbreviations = _abbreviations(nlp)

    def tasks() -> Iterator[tuple[str, tuple[int, int, int, int]]]:
        for thread_no, thread in enumerate(threads):
            pending[thread_no] = thread
            yield from _paragraph_tasks(thread_no, thread, max_chars, abbreviations)

    current: int | None = None
    bucket: list[tuple[Doc, tuple[int, int, int, int]]] = []
    for doc, ctx in nlp.pipe(tasks(), as_tuples=True, batch_size=batch_size):
        thread_no = ctx[0]
        if current is not None and thread_no != current:
            # every thread between the last finished one and this one is done
            for done in sorted(k for k in pending if k < thread_no):
                yield _build(pending.pop(done), bucket if done == current else [])
            bucket = []
        current = thread_no
        bucket.append((doc, ctx))
    for done in sorted(pending):
        yield _build(pending.pop(done), bucket if done == current else [])


def segment_threads(threads: Iterable[Thread], nlp: Language, **kwargs: int) -> Iterator[Segment]:
    """All segments of ``threads``, in reading order."""
    for parsed in parse_threads(threads, nlp, **kwargs):
        yield from parsed.segments


_WS = re.compile(r"\s+")


def normalise_space(text: str) -> str:
    """Collapse runs of whitespace (for comparing sentences across sources)."""
    return _WS.sub(" ", text).strip()


#: A line quoting another text: ``>`` first (after any indentation), as mail and
#: forum replies quote ("> Legalization would be a disaster."). The segmenter starts
#: a sentence at such a line and at the line after it (:mod:`discourse.nlp`).
_QUOTED_LINE = re.compile(r"^[^\S\n]*>")
#: The ``>`` marks opening the lines of a quoted passage, with their indentation.
_QUOTE_MARKS = re.compile(r"(?:^|(?<=\n))[^\S\n]*>+")


@dataclass(frozen=True)
class QuoteSource:
    """Whom a sentence on a quoted line (``> …``) quotes: the earlier utterance
    whose own words hold it, its speaker, and the position (in
    :attr:`ParsedThread.segments`) of that utterance's sentence holding it
    (``None`` when no one sentence does)."""

    utterance_id: str
    speaker: str
    segment: int | None


def _line_spans(text: str) -> list[tuple[int, int, bool]]:
    """``(start, end, quoted)`` of every line of ``text`` (a line break ends a line)."""
    spans = []
    start = 0
    for line in text.split("\n"):
        spans.append((start, start + len(line), bool(_QUOTED_LINE.match(line))))
        start += len(line) + 1
    return spans


def _own_words(text: str) -> str:
    """``text`` without its quoted lines, normalised and lower-cased: what its writer says."""
    kept = [text[a:b] for a, b, quoted in _line_spans(text) if not quoted]
    return normalise_space("\n".join(kept)).lower()


def _quote_text(text: str) -> str:
    """A quoted sentence's words, its ``>`` marks left out, normalised and lower-cased."""
    return normalise_space(_QUOTE_MARKS.sub(" ", text)).lower()


def _holds(hay: str, needle: str) -> bool:
    """Whether ``needle`` stands in ``hay`` as whole words."""
    at = hay.find(needle)
    while at >= 0:
        before = hay[at - 1 : at]
        after = hay[at + len(needle) : at + len(needle) + 1]
        if not (before.isalnum() or after.isalnum()):
            return True
        at = hay.find(needle, at + 1)
    return False


def quoted_segments(parsed: ParsedThread) -> dict[int, QuoteSource | None]:
    """The sentences of ``parsed`` standing on quoted lines (``> …``), by position in
    ``parsed.segments``, each with whom it quotes.

    A quoted line is not its writer's own word, so the stance stage does not
    credit it to them (:meth:`~discourse.stance.tagger.StanceTagger.tag_parsed`).
    The source is the nearest earlier utterance whose own words (its quoted
    lines left out, so a quote of a quote goes back to who said it first)
    hold the sentence, as whole words, case and spacing aside; ``None`` when
    no earlier utterance does (a quote from elsewhere, or a deleted comment).
    """
    lines: dict[str, list[tuple[int, int, bool]]] = {}
    for utt in parsed.thread.utterances:
        if ">" in utt.text:
            lines[utt.id] = _line_spans(utt.text)
    if not lines:
        return {}
    order = {u.id: k for k, u in enumerate(parsed.thread.utterances)}
    by_utt: dict[str, list[int]] = {}
    for k, seg in enumerate(parsed.segments):
        by_utt.setdefault(seg.utterance_id, []).append(k)
    own: dict[str, str] = {}  # utterance id -> its own words, made when first searched

    def own_words(utt: Utterance) -> str:
        if utt.id not in own:
            own[utt.id] = _own_words(utt.text)
        return own[utt.id]

    found: dict[int, QuoteSource | None] = {}
    for k, seg in enumerate(parsed.segments):
        spans = lines.get(seg.utterance_id)
        touched = [q for a, b, q in spans or () if a < seg.end and b > seg.start]
        if not touched or not all(touched):
            continue
        needle = _quote_text(seg.text)
        if not re.search(r"\w", needle):
            continue
        source = None
        for utt in reversed(parsed.thread.utterances[: order[seg.utterance_id]]):
            if _holds(own_words(utt), needle):
                at = next(
                    (
                        j
                        for j in by_utt.get(utt.id, [])
                        if _holds(normalise_space(parsed.segments[j].text).lower(), needle)
                        or _holds(needle, normalise_space(parsed.segments[j].text).lower())
                    ),
                    None,
                )
                source = QuoteSource(utt.id, utt.speaker, at)
                break
        found[k] = source
    return found
