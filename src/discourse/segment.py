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

from .errors import Errors
from .model import Segment, SourceMap, Thread, Utterance
from .nlp import ABBREVIATIONS, QUOTE_MARK, QUOTED_LINE

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


def _sentence_bounds(doc: Doc, text: str | None = None) -> Iterator[tuple[Span, int, int]]:
    """Sentences of ``doc`` with whitespace trimmed from their char offsets.

    ``text``: ``doc.text``, when known (the text the doc was parsed from:
    ``Doc.text`` joins a ``Token`` object of every token).
    """
    if text is None:
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
        # the doc's text is the piece of the utterance it was parsed from
        # (spaCy keeps every character: doc.text == its input)
        last = doc[-1] if len(doc) else None
        length = last.idx + len(last.text_with_ws) if last is not None else 0
        for sent, s, e in _sentence_bounds(doc, utt.text[offset : offset + length]):
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
    threads: Iterable[Thread] | Thread,
    nlp: Language,
    *,
    batch_size: int = 64,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Iterator[ParsedThread]:
    """Parse threads lazily, in input order, batching paragraphs across threads.

    Threads are consumed from ``threads`` only as fast as results are taken,
    so a corpus of any size streams through in constant memory. A single
    :class:`~discourse.model.Thread` is read as a list of one ("'Thread'
    object is not iterable"); anything else than threads (a DataFrame, whose
    items are its column names) is ``[E041]``, not an AttributeError deep inside.
    """
    threads = _thread_items(threads, "parse_threads()")
    pending: dict[int, Thread] = {}
    abbreviations = _abbreviations(nlp)

    def tasks() -> Iterator[tuple[str, tuple[int, int, int, int]]]:
        for thread_no, thread in enumerate(threads):
            if not isinstance(thread, Thread):
                kind = f"{type(thread).__name__} at position {thread_no}"
                raise TypeError(Errors.E041.format(func="parse_threads()", kind=kind))
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


def _thread_items(threads: Iterable[Thread] | Thread, func: str) -> Iterable[Thread]:
    """``threads`` as an iterable of threads: one Thread as a list of one;
    ``[E041]`` for a table or a string, whose items are no threads."""
    if isinstance(threads, Thread):
        return [threads]
    if isinstance(threads, str | bytes) or hasattr(threads, "columns"):  # a DataFrame
        raise TypeError(Errors.E041.format(func=func, kind=type(threads).__name__))
    return threads


def segment_threads(
    threads: Iterable[Thread] | Thread, nlp: Language, **kwargs: int
) -> Iterator[Segment]:
    """All segments of ``threads`` (or of one Thread), in reading order."""
    threads = _thread_items(threads, "segment_threads()")
    for parsed in parse_threads(threads, nlp, **kwargs):
        yield from parsed.segments


_WS = re.compile(r"\s+")


def normalise_space(text: str) -> str:
    """Collapse runs of whitespace (for comparing sentences across sources)."""
    return _WS.sub(" ", text).strip()


#: The fewest words a quotation needs to be looked for in the thread (shorter
#: ones, "Exactly." or "We will see.", are too common to name whom they quote).
MIN_QUOTE_WORDS = 4
#: The ``>`` marks opening the lines of a quoted passage, with their indentation.
QUOTE_MARKS = re.compile(rf"(?:^|(?<=\n))[^\S\n]*{QUOTE_MARK}")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class QuoteSource:
    """Whom a quotation quotes: the earlier utterance whose own words hold it,
    its speaker, and the position (in the sentences searched, e.g.
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
        spans.append((start, start + len(line), bool(QUOTED_LINE.match(line))))
        start += len(line) + 1
    return spans


def _on_quoted_lines(spans: Iterable[tuple[int, int, bool]], start: int, end: int) -> bool:
    """Whether the text ``start``–``end`` stands on quoted lines only (``spans``:
    :func:`_line_spans` of its utterance's text)."""
    touched = [q for a, b, q in spans if a < end and b > start]
    return bool(touched) and all(touched)


def _own_words(text: str) -> str:
    """``text`` without its quoted lines, normalised and lower-cased: what its writer says."""
    kept = [text[a:b] for a, b, quoted in _line_spans(text) if not quoted]
    return normalise_space("\n".join(kept)).lower()


def quote_text(text: str) -> str:
    """A quotation's words, any ``>`` marks left out, normalised and lower-cased."""
    return normalise_space(QUOTE_MARKS.sub(" ", text)).lower()


def _sentence_key(norm: str) -> str:
    """A normalised sentence without its closing punctuation: "> the army must stay"
    is Carla's sentence "The army must stay." exactly."""
    return norm.rstrip(" .!?…")


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


class QuoteLocator:
    """Finds whom a quotation in a thread quotes; the one rule for the holder of a
    quoted line (:func:`quoted_segments`) and the ``quotes`` relation
    (:func:`discourse.argmap.relations.find_quotes`).

    ``sentences`` are ``(utterance id, text, start, end)`` of the thread's
    sentences, in order; :attr:`quoted` says which stand on quoted lines. A quotation of at least :data:`MIN_QUOTE_WORDS` words (case,
    spacing and ``>`` marks aside) quotes an earlier utterance whose own words
    (its quoted lines left out, so a quote of a quote goes back to who said it
    first) hold it as whole words. An earlier sentence equal to it wins over
    one merely holding it; among those, the utterance replied to and its
    ancestors come first (nearest first), then the nearest earlier utterance.
    The thread's text is indexed once (sentences by text, utterances by each
    run of four words), so each look-up costs about the candidates it names.
    """

    def __init__(
        self, utterances: Iterable[Utterance], sentences: Iterable[tuple[str, str, int, int]]
    ) -> None:
        self._utts = list(utterances)
        self._order = {u.id: k for k, u in enumerate(self._utts)}
        lines = {u.id: _line_spans(u.text) for u in self._utts if ">" in u.text}
        self._sentences: list[tuple[str, str]] = []  # (utterance id, normalised text)
        self._of_utterance: dict[str, list[int]] = {}  # utterance id -> its sentences
        self._exact: dict[str, list[int]] = {}
        #: positions of the sentences standing on quoted lines only
        self.quoted: list[int] = []
        for k, (uid, text, start, end) in enumerate(sentences):
            norm = normalise_space(text).lower()
            self._sentences.append((uid, norm))
            self._of_utterance.setdefault(uid, []).append(k)
            if _on_quoted_lines(lines.get(uid, ()), start, end):
                self.quoted.append(k)  # not its writer's words: no source of a quote
            else:
                self._exact.setdefault(_sentence_key(norm), []).append(k)
        self._own: list[str] | None = None  # made when a quotation is first looked for
        self._shingles: dict[tuple[str, ...], list[int]] = {}

    def _index(self) -> list[str]:
        if self._own is None:
            self._own = [_own_words(u.text) for u in self._utts]
            for k, own in enumerate(self._own):
                words = _WORD.findall(own)
                for key in {
                    tuple(words[i : i + MIN_QUOTE_WORDS])
                    for i in range(len(words) - MIN_QUOTE_WORDS + 1)
                }:
                    self._shingles.setdefault(key, []).append(k)
        return self._own

    def _preference(self, utterance_id: str, candidates: Iterable[int]) -> int | None:
        """The candidate utterance (by position) preferred for a quotation in ``utterance_id``."""
        before = self._order[utterance_id]
        earlier = {c for c in candidates if c < before}
        if not earlier:
            return None
        seen: set[str] = set()
        parent = self._utts[before].reply_to
        while parent is not None and parent in self._order and parent not in seen:
            seen.add(parent)
            if self._order[parent] in earlier:
                return self._order[parent]
            parent = self._utts[self._order[parent]].reply_to
        return max(earlier)

    def locate(self, utterance_id: str, text: str) -> QuoteSource | None:
        """Whom the quotation ``text``, written in ``utterance_id``, quotes (``None``:
        no earlier utterance, or too short to tell)."""
        needle = quote_text(text)
        words = _WORD.findall(needle)
        if len(words) < MIN_QUOTE_WORDS or utterance_id not in self._order:
            return None
        exact = self._exact.get(_sentence_key(needle), [])
        by_utt = {self._order[self._sentences[j][0]]: j for j in reversed(exact)}
        at = self._preference(utterance_id, by_utt)
        if at is not None:
            utt = self._utts[at]
            return QuoteSource(utt.id, utt.speaker, by_utt[at])
        own = self._index()
        first = self._shingles.get(tuple(words[:MIN_QUOTE_WORDS]), [])
        last = set(self._shingles.get(tuple(words[-MIN_QUOTE_WORDS:]), []))
        # a quote closing with a full stop of its own: '"The army is the only institution."'
        needle = _sentence_key(needle)
        holding = [k for k in first if k in last and _holds(own[k], needle)]
        at = self._preference(utterance_id, holding)
        if at is None:
            return None
        utt = self._utts[at]
        return QuoteSource(utt.id, utt.speaker, self._sentence_holding(utt.id, needle))

    def _sentence_holding(self, utterance_id: str, needle: str) -> int | None:
        """The sentence of ``utterance_id`` holding ``needle`` (or held by it: a quote
        running over two sentences)."""
        ks = self._of_utterance.get(utterance_id, [])
        return next(
            (k for k in ks if _holds(self._sentences[k][1], needle)),
            next((k for k in ks if _holds(needle, self._sentences[k][1])), None),
        )


def quoted_positions(parsed: ParsedThread) -> list[int]:
    """Positions in ``parsed.segments`` of the sentences standing on quoted lines
    only (``> …``, see :data:`~discourse.nlp.QUOTED_LINE`) and holding a word:
    what the stance stage gives no side, without looking for whom they quote."""
    lines = {u.id: _line_spans(u.text) for u in parsed.thread.utterances if ">" in u.text}
    if not lines:
        return []
    return [
        k
        for k, s in enumerate(parsed.segments)
        if _on_quoted_lines(lines.get(s.utterance_id, ()), s.start, s.end)
        and re.search(r"\w", quote_text(s.text))
    ]


#: A passage in double quotes (of at least 12 characters): a quotation, when an earlier
#: utterance of the thread holds it (:class:`QuoteLocator`; else it may be a title,
#: a slogan or scare quotes).
QUOTATION = re.compile(r"[“\"]([^”\"\n]{12,}?)[”\"]")
#: Scornful reactions to a quotation: "lol", "lmao", "yeah right", "sure", "as if", 🙄 😂 🤣.
SCORN = (
    r"(?:l+o+l+(?:o+l+)*z?|lmf?ao+|rofl+|ya?e+a?h?,?\s+ri+ght|ri+ght,?\s+sure|sure(?:\s+thing)?|"
    r"as\s+if|give\s+me\s+a\s+break|🙄|😂|🤣)"
)
#: Punctuation, spaces and emoji between reactions, taken whole (possessive: never
#: given back), except the "/" of a "/s".
_REACTION_GAP = r"(?:[^\w/]|_|/(?!s(?!\w)))*+"
#: What a sentence that only quotes may add of its own: a short reaction ("lol",
#: "haha", "right.", "sure.", "yeah right", "wow", "smh", an emoji) or punctuation.
#: Each reaction is an atomic group and the gaps are possessive, so matching is
#: linear: an emoji is both a gap and a :data:`SCORN` word, "hah" both ``(?:ha)+h?``
#: and ``hah``, and with backtracking '"…" 😂😂…' took twice as long per emoji
#: (18 s for 24 of them).
_REACTION = re.compile(
    rf"{_REACTION_GAP}(?:(?>(?:{SCORN}|(?:ha)+h?|he(?:h)+|hah|right|yeah|yea|yep|ok(?:ay)?|"
    rf"wow|really|seriously|smh|ugh|sigh|oh|please|/s)(?!\w)){_REACTION_GAP})*+",
    re.IGNORECASE,
)


def quotation_positions(parsed: ParsedThread) -> list[int]:
    """Positions in ``parsed.segments`` of the sentences that are only a quotation in
    double quotes (:data:`QUOTATION`) of an earlier utterance of the thread
    (:class:`QuoteLocator`), with at most a short reaction of the writer's own
    ("lol", "haha", "right.", "yeah right", an emoji: :data:`_REACTION`).

    Sandra's ``"the only institution the cartels cant buy" lol.`` quotes Jorge: it
    is his position, counted where he said it, not hers — as a quoted line
    (:func:`quoted_positions`) is not. A sentence saying more than that
    ('"…" is a fantasy', 'As Ana said, "…"') is the writer's, and so is a quote
    the thread does not hold (a slogan, scare quotes, a source from elsewhere).
    A quotation running over several sentences makes each of them quoted.
    """
    texts = {u.id: u.text for u in parsed.thread.utterances}
    spans = {
        uid: [(m.start(), m.end(), m.group(1)) for m in QUOTATION.finditer(text)]
        for uid, text in texts.items()
        if '"' in text or "“" in text
    }
    if not any(spans.values()):
        return []
    segs = parsed.segments
    locator: QuoteLocator | None = None
    out = []
    for k, seg in enumerate(segs):
        quotes = [q for q in spans.get(seg.utterance_id, ()) if q[0] < seg.end and q[1] > seg.start]
        if not quotes:
            continue
        text, rest, at = texts[seg.utterance_id], [], seg.start
        for start, end, _ in quotes:  # the sentence's words outside its quotations
            rest.append(text[at:start])
            at = max(at, end)
        rest.append(text[at : seg.end])
        if not _REACTION.fullmatch(" ".join(rest)):
            continue
        if locator is None:
            locator = QuoteLocator(
                parsed.thread.utterances, ((s.utterance_id, s.text, s.start, s.end) for s in segs)
            )
        if all(locator.locate(seg.utterance_id, q) is not None for _, _, q in quotes):
            out.append(k)
    return out


def quoted_segments(parsed: ParsedThread) -> dict[int, QuoteSource | None]:
    """The sentences of ``parsed`` standing on quoted lines (``> …``, see
    :data:`~discourse.nlp.QUOTED_LINE`), by position in ``parsed.segments``,
    each with whom it quotes (:class:`QuoteLocator`), ``None`` when it quotes
    no earlier utterance (a quote from elsewhere, a deleted comment, or fewer
    than :data:`MIN_QUOTE_WORDS` words).

    A quoted line is not its writer's own word, nor a new position of whom it
    quotes (said, and counted, where they said it), so the stance stage gives
    it no side (:meth:`~discourse.stance.tagger.StanceTagger.tag_parsed`).
    """
    positions = quoted_positions(parsed)
    if not positions:
        return {}
    segs = parsed.segments
    locator = QuoteLocator(
        parsed.thread.utterances, ((s.utterance_id, s.text, s.start, s.end) for s in segs)
    )
    return {k: locator.locate(segs[k].utterance_id, segs[k].text) for k in positions}
