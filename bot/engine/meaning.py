"""What a question means, beside the words it shares: a small static embedding model.

Words alone miss a question put in other words than the knowledge's ("how did Skylab end?" for
its re-entry, "what keeps the crew fit up there?" for exercise). A static embedding model gives
every token a vector; a text's vector is the mean of its tokens' vectors, and two texts that say
the same thing in other words lie closer (cosine) than two that do not. It is a lookup table, not
a network: embedding a question costs a few additions of its words' cached token sums, and
needs no torch.

The model ships in ``meaning_model/`` (7.6 MB): all-MiniLM-L6-v2's vocabulary of 29,525 tokens,
each distilled to 256 dimensions by model2vec and stored as int8 with one scale per token.
``scripts/make_meaning_model.py`` made it and says how; ``README.md`` says why this model was
chosen over the others measured. It is read with the ``tokenizers`` and ``safetensors``
libraries; nothing is downloaded, ever.

An entry's meaning is its questions and titles (each a vector), their centroid, and its answer;
how close a question is to an entry (``MeaningIndex.similarities``) weighs the closest of its
phrases most, then the centroid, then the answer. Phrases are kept as token ids, a few bytes
each, and turned into vectors only for the entries a question ranks (cached, as the matcher's
prepared phrases are); the whole knowledge is searched through one short vector per entry
(``MeaningIndex.nearest``), so 100,000 entries cost tens of megabytes, not gigabytes.
"""

from __future__ import annotations

import itertools
from array import array
from collections import defaultdict
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt
from safetensors.numpy import load_file
from tokenizers import Tokenizer

from bot.engine.errors import StationbotError
from bot.engine.store import Column

Vector = npt.NDArray[np.float32]

#: Where the shipped model lives: its vectors (int8, with one scale per token) and tokenizer.
MODEL_DIR = Path(__file__).resolve().parent / "meaning_model"
VECTORS = "model.safetensors"
TOKENIZER = "tokenizer.json"
#: How much of each vector the whole-knowledge search reads: the model's first dimensions
#: carry the most (PCA). 64 of 256 gave the same public figure as 128 (cross-validated 91.9 %)
#: at a quarter of the memory and time of all 256 (100,000 entries: 26 MB, not 102).
SEARCH_DIMENSIONS = 64
#: How an entry's closeness to a question weighs its closest phrase, its phrases' centroid and
#: its answer (measured on the public set: each alone is weaker than the three together).
PHRASE_WEIGHT = 0.5
CENTROID_WEIGHT = 0.3
ANSWER_WEIGHT = 0.2
#: Up to this many closest entries are found one by one, each by a pass over the scores
#: (at 100,000 entries a pass costs a tenth of a partition's time).
FEW = 4
#: How much of an entry's search vector is its answer (the rest its phrases' centroid).
SEARCH_ANSWER_WEIGHT = 0.7
#: How many entries keep their phrase vectors (see ``MeaningIndex._vectors``).
VECTOR_CACHE_SIZE = 1024
#: How many words keep their token sums (see ``Embedder.vector``): 1 KB each.
WORD_CACHE_SIZE = 8192
#: Texts whose tokens are gathered at once while building (bounds the memory it takes).
GATHER = 32768
#: Texts embedded at once while building (bounds the memory a batch takes).
BATCH = 256


class ModelMissing(StationbotError):
    """The meaning model's files are missing or unreadable."""


class Texts:
    """Texts kept as numbers of distinct words, added one by one: 4 bytes a word said, where
    the strings of 100,000 entries' questions and answers would take a hundred megabytes."""

    def __init__(self) -> None:
        # each distinct word, numbered in order of appearance: a new word gets the next number
        # as it is looked up (all in C: half a million texts are added at 100,000 entries)
        self.words: defaultdict[str, int] = defaultdict(itertools.count().__next__)
        self.said = array("i")  # every text's words, as those numbers, one text after another
        self.lengths = array("q")  # how many words each text has

    def add(self, text: str) -> None:
        """Add one text (its words as the question analysis gives them)."""
        words = text.split()
        self.lengths.append(len(words))
        self.said.extend(map(self.words.__getitem__, words))

    def __len__(self) -> int:
        return len(self.lengths)


class Embedder:
    """Texts to unit vectors: the mean of their tokens' vectors, normalised."""

    def __init__(
        self,
        table: npt.NDArray[np.int8],
        scales: npt.NDArray[np.float32],
        tokenizer: Tokenizer,
        unknown: int | None = None,
    ) -> None:
        """``table`` holds one row per token id as int8, ``scales`` what each row is
        multiplied by (7.6 MB in memory, as on disk: rows are turned into floats only when
        read); the token ``unknown`` (the tokenizer's for what it cannot read) carries no
        meaning and is dropped."""
        self.table = table
        self.scales = scales
        self.tokenizer = tokenizer
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        self.unknown = unknown
        self._words: dict[str, tuple[Vector, int]] = {}  # word -> its tokens' vector sum, count
        self._truncated: dict[int, npt.NDArray[np.int8]] = {}  # the table's first columns

    @property
    def dimensions(self) -> int:
        """How long each vector is."""
        return int(self.table.shape[1])

    def flat_token_ids(
        self, texts: Sequence[str] | Texts
    ) -> tuple[npt.NDArray[np.uint16], npt.NDArray[np.int64]]:
        """All the texts' token ids in one array, and how many each text has. Each distinct
        word is tokenized once (tokens never span a space), which at 100,000 entries is tens of
        thousands of words instead of half a million texts, and the texts' tokens are then
        gathered a bounded share at a time, never as Python lists of ints."""
        if not isinstance(texts, Texts):
            kept = Texts()
            for text in texts:
                kept.add(text)
            texts = kept
        index, said = texts.words, texts.said
        words_per_text = (
            np.frombuffer(texts.lengths, dtype=np.int64)
            if len(texts)
            else (np.zeros(0, dtype=np.int64))
        )
        top, unknown = self.table.shape[0] - 1, self.unknown
        vocabulary = list(index)
        token_counts = np.zeros(len(vocabulary), dtype=np.int64)
        tokens = array("H")  # every distinct word's tokens, one after another
        for start in range(0, len(vocabulary), BATCH):
            chunk = vocabulary[start : start + BATCH]
            encoded = self.tokenizer.encode_batch(chunk, add_special_tokens=False)
            for k, encoding in enumerate(encoded, start):
                ids = [min(i, top) for i in encoding.ids if i != unknown]
                token_counts[k] = len(ids)
                tokens.extend(ids)
        word_tokens = np.frombuffer(tokens, dtype=np.uint16) if tokens else np.zeros(0, np.uint16)
        first_token = np.concatenate(([0], np.cumsum(token_counts)[:-1])).astype(np.int64)
        spoken = np.frombuffer(said, dtype=np.int32) if said else np.zeros(0, np.int32)
        word_ends = np.cumsum(words_per_text)
        parts: list[npt.NDArray[np.uint16]] = []
        lengths = np.zeros(len(texts), dtype=np.int64)
        for start in range(0, len(texts), GATHER):  # a bounded share of the texts at a time
            stop = min(start + GATHER, len(texts))
            first_word = int(word_ends[start - 1]) if start else 0
            said_here = (
                spoken[first_word : int(word_ends[stop - 1])] if stop > start else spoken[:0]
            )
            counts = token_counts[said_here]  # each word said: how many tokens
            ends = np.cumsum(counts)
            # each token said: its word's first token, plus how far into the word it is
            offsets = np.arange(int(ends[-1]) if len(ends) else 0) - np.repeat(
                ends - counts, counts
            )
            parts.append(word_tokens[np.repeat(first_token[said_here], counts) + offsets])
            said_before = np.concatenate(([0], ends))
            text_ends = word_ends[start:stop] - first_word
            lengths[start:stop] = (
                said_before[text_ends] - said_before[text_ends - words_per_text[start:stop]]
            )
        flat = np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint16)
        return flat, lengths

    def pool(
        self,
        flat: npt.NDArray[np.uint16],
        lengths: npt.NDArray[np.int64],
        dimensions: int | None = None,
    ) -> npt.NDArray[np.float32]:
        """One unit vector per text (zeros for one with no token), from the texts' token ids
        in one array and each text's count of them (``flat_token_ids``); only the
        first ``dimensions`` of each vector when given (the whole-knowledge search reads no
        more, and reading less makes building twice as fast)."""
        table = self.table if dimensions is None else self._first(dimensions)
        out = np.zeros((len(lengths), table.shape[1]), dtype=np.float32)
        filled = np.flatnonzero(lengths)
        if len(filled):
            rows = self._rows(table, flat.astype(np.intp))
            starts = np.concatenate(([0], np.cumsum(lengths[filled])[:-1]))
            sums = np.add.reduceat(rows, starts, axis=0)
            out[filled] = sums / lengths[filled, None]
        return _normalise(out)

    def _rows(self, table: npt.NDArray[np.int8], ids: npt.NDArray[np.intp]) -> Vector:
        """The vectors of the tokens ``ids`` (rows of ``table``, the whole or its first
        columns), as floats."""
        rows: Vector = table[ids].astype(np.float32)
        rows *= self.scales[ids, None]
        return rows

    def _first(self, dimensions: int) -> npt.NDArray[np.int8]:
        found = self._truncated.get(dimensions)
        if found is None:
            found = self._truncated[dimensions] = np.ascontiguousarray(self.table[:, :dimensions])
        return found

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """One unit vector per text."""
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for start in range(0, len(texts), BATCH):
            chunk = texts[start : start + BATCH]
            out[start : start + len(chunk)] = self.pool(*self.flat_token_ids(chunk))
        return out

    def vector(self, text: str) -> Vector:
        """One text's unit vector (zeros when it has no token): the mean of its tokens'
        vectors, read word by word. A word is tokenized the same alone as within its text
        (tokens never span a space), so each word's token sum is kept: a question costs a
        few additions, not a tokenizer call (about 60 µs) and a gather."""
        total: Vector | None = None
        count = 0
        for word in text.split():
            found = self._words.get(word)
            if found is None:
                found = self._word_sum(word)
            if found[1]:
                total = found[0] if total is None else total + found[0]
                count += found[1]
        norm = float(np.linalg.norm(total)) if total is not None else 0.0
        if total is None or norm == 0.0:
            return np.zeros(self.dimensions, dtype=np.float32)
        return total / norm

    def _word_sum(self, word: str) -> tuple[Vector, int]:
        ids = np.asarray(self.tokenizer.encode(word, add_special_tokens=False).ids, dtype=np.int64)
        if self.unknown is not None:
            ids = ids[ids != self.unknown]
        ids = np.minimum(ids, self.table.shape[0] - 1)
        summed: Vector = self._rows(self.table, ids).sum(axis=0)
        if len(self._words) >= WORD_CACHE_SIZE:
            self._words.clear()
        self._words[word] = found = (summed, len(ids))
        return found


@cache
def default_embedder() -> Embedder:
    """The shipped model (read once)."""
    return load_embedder(MODEL_DIR)


def load_embedder(folder: Path) -> Embedder:
    """The model in ``folder`` (its ``model.safetensors`` and ``tokenizer.json``); raises
    ``ModelMissing`` saying what is wrong."""
    try:
        tensors = load_file(str(folder / VECTORS))
        tokenizer = Tokenizer.from_file(str(folder / TOKENIZER))
        table, scales = tensors["embeddings"], tensors["scales"].astype(np.float32)
        if table.dtype != np.int8 or scales.shape != (table.shape[0],):
            raise ValueError("expected int8 vectors with one scale per token")
    except Exception as error:  # tokenizers raises a bare Exception for a bad file
        raise ModelMissing(
            f"{folder}: the meaning model cannot be read ({error}); reinstall stationbot, "
            "or remake it with scripts/make_meaning_model.py"
        ) from error
    return Embedder(table, scales, tokenizer, tokenizer.token_to_id("[UNK]"))


class MeaningIndex:
    """The meaning of every entry, searched whole or read for the entries a question ranks."""

    def __init__(
        self,
        texts: Texts,
        counts: Sequence[int],
        embedder: Embedder | None = None,
    ) -> None:
        """Index ``texts``: for each entry in turn, ``counts[i] - 1`` phrases (its questions
        and titles, as the words the question analysis gives) and then its answer."""
        embedder = embedder or default_embedder()
        self._embedder = embedder
        # every text's token ids in one array; where each text and each entry starts
        tokens, lengths = embedder.flat_token_ids(texts)
        starts = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
        self._tokens: npt.NDArray[np.uint16] | Column = tokens  # Columns once saved
        self._text_starts: npt.NDArray[np.int64] | Column = starts
        self._entry_starts = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        self._cache: dict[int, Vector] = {}
        # the search vectors: each entry's phrase centroid, leaning towards its answer
        entries, texts_count = len(counts), len(lengths)
        owners = np.repeat(np.arange(entries), counts)
        last = np.zeros(texts_count, dtype=bool)
        last[self._entry_starts[1:] - 1] = True  # the answers
        centroids = np.zeros((entries, SEARCH_DIMENSIONS), dtype=np.float32)
        answers_found = np.zeros((entries, SEARCH_DIMENSIONS), dtype=np.float32)
        for start in range(0, texts_count, BATCH):
            stop = min(start + BATCH, texts_count)
            vectors = embedder.pool(
                tokens[starts[start] : starts[stop]], lengths[start:stop], SEARCH_DIMENSIONS
            )
            owner, is_answer = owners[start:stop], last[start:stop]
            answers_found[owner[is_answer]] = vectors[is_answer]
            np.add.at(centroids, owner[~is_answer], vectors[~is_answer])
        _normalise(centroids)
        answers_found *= SEARCH_ANSWER_WEIGHT
        centroids += answers_found
        del answers_found
        _normalise(centroids)
        self._search = centroids

    @classmethod
    def of(
        cls,
        phrases: Sequence[Sequence[str]],
        answers: Sequence[str],
        embedder: Embedder | None = None,
    ) -> MeaningIndex:
        """The index of entries given as their phrases and their answers."""
        texts = Texts()
        for group, answer in zip(phrases, answers, strict=True):
            for text in (*group, answer):
                texts.add(text)
        return cls(texts, [len(group) + 1 for group in phrases], embedder)

    def __getstate__(self) -> dict[str, object]:
        """Pickled without the model (read again from meaning_model/) or the cache; the token
        ids and where each text starts, read a few at a time, as ``Column``s (see
        ``bot.engine.store``)."""
        state = dict(self.__dict__)
        state["_embedder"] = None
        state["_cache"] = {}
        for name in ("_tokens", "_text_starts"):
            if isinstance(state[name], np.ndarray):
                state[name] = Column(state[name])
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)

    @property
    def embedder(self) -> Embedder:
        """The model (read again from meaning_model/ after unpickling)."""
        if self._embedder is None:
            self._embedder = default_embedder()
        return self._embedder

    def __len__(self) -> int:
        return len(self._entry_starts) - 1

    def query(self, text: str, context: str = "", context_weight: float = 0.0) -> Vector:
        """The vector of a question (its words as the analysis gives them), leaning by
        ``context_weight`` towards ``context`` (the previous answer's subject, for a follow-up)."""
        vector = self.embedder.vector(text)
        if context and context_weight:
            vector = _normalise(vector + context_weight * self.embedder.vector(context))
        return vector

    def nearest(self, query: Vector, count: int) -> list[int]:
        """The ``count`` entries closest to ``query`` over the whole knowledge, closest first."""
        if count <= 0 or not len(self) or not query.any():
            return []
        scores = self._search @ query[:SEARCH_DIMENSIONS]  # the order is all that counts
        count = min(count, len(scores))
        if count <= FEW:  # a pass over the scores per entry found: faster than a partition
            found: list[int] = []
            for _ in range(count):
                best = int(scores.argmax())
                found.append(best)
                scores[best] = -np.inf
            return found
        top = np.argpartition(scores, len(scores) - count)[len(scores) - count :]
        return [int(i) for i in top[np.argsort(-scores[top], kind="stable")]]

    def similarities(self, query: Vector, indices: Sequence[int]) -> list[float]:
        """How close each entry of ``indices`` is to ``query``, about 0..1: its closest
        phrase, its phrases' centroid and its answer, weighed by ``PHRASE_WEIGHT``,
        ``CENTROID_WEIGHT`` and ``ANSWER_WEIGHT``. One product for all of them: a question
        ranks a dozen or two entries, and a product per entry would cost more than the rest."""
        if not indices or not query.any():
            return [0.0] * len(indices)
        stacked = [self._vectors(i) for i in indices]
        rows = np.fromiter((len(m) for m in stacked), dtype=np.int64, count=len(stacked))
        ends = np.cumsum(rows)
        products = np.concatenate(stacked) @ query
        centroid, answer = products[ends - 2], products[ends - 1]
        products[ends - 2] = products[ends - 1] = -1.0  # not phrases
        closest = np.maximum.reduceat(products, ends - rows)
        values = PHRASE_WEIGHT * closest + CENTROID_WEIGHT * centroid + ANSWER_WEIGHT * answer
        return [float(v) for v in np.maximum(values, 0.0).tolist()]

    def _vectors(self, i: int) -> Vector:
        """Entry ``i``'s phrase vectors, then their normalised centroid, then its answer's
        vector, one row each; cached for the most recently read entries."""
        found = self._cache.get(i)
        if found is not None:
            return found
        first, last = int(self._entry_starts[i]), int(self._entry_starts[i + 1])
        starts = self._text_starts[first : last + 1]
        vectors = self.embedder.pool(self._tokens[starts[0] : starts[-1]], np.diff(starts))
        centroid = _normalise(vectors[:-1].sum(axis=0))
        found = np.concatenate((vectors[:-1], centroid[None, :], vectors[-1:]))
        if len(self._cache) >= VECTOR_CACHE_SIZE:
            self._cache.clear()
        self._cache[i] = found
        return found


def _normalise(vectors: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """Rows scaled to length 1 in place (rows of zeros left as they are), and returned: every
    caller owns a fresh array, and at 100,000 entries a copy is 26 MB."""
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    np.divide(vectors, norms, out=vectors, where=norms > 0)
    return vectors
