"""The meaning signal: a shipped static embedding model, read offline, and what the engine does
with it (``bot.engine.meaning``, the meaning features of ``bot.engine.matcher``)."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pytest

from bot.engine import Engine, Entry, Knowledge, MatchConfig, Source
from bot.engine.matcher import FEATURE_NAMES
from bot.engine.meaning import (
    MODEL_DIR,
    MeaningIndex,
    ModelMissing,
    default_embedder,
    load_embedder,
)

_SOURCE = (Source("Test source", "https://example.org/test", "2020-01-01"),)


def _entry(entry_id: str, answer: str, *questions: str) -> Entry:
    return Entry(
        id=entry_id,
        kind="fact",
        topic="iss",
        answer=answer,
        questions=questions,
        aliases=(),
        sources=_SOURCE,
    )


_ENTRIES = (
    _entry(
        "exercise",
        "Crews train for about two hours a day on a treadmill, a bicycle and a resistance "
        "machine, or their bones and muscles waste away in microgravity.",
        "How do astronauts exercise on the ISS?",
        "what gym equipment is on the station",
    ),
    _entry(
        "toilet",
        "The station's toilets use air flow instead of gravity; urine is recycled into water.",
        "How does the toilet work on the ISS?",
        "how do astronauts go to the bathroom",
    ),
    _entry(
        "reentry",
        "Skylab fell back to Earth on 11 July 1979, scattering debris over Western Australia.",
        "When did Skylab re-enter the atmosphere?",
        "where did skylab come down",
    ),
)


def test_the_model_ships_in_the_repository_and_loads_from_its_own_files() -> None:
    assert (MODEL_DIR / "model.safetensors").is_file() and (MODEL_DIR / "tokenizer.json").is_file()
    size = sum(f.stat().st_size for f in MODEL_DIR.iterdir())
    assert size < 10_000_000  # a small file the repository ships, not a download
    embedder = default_embedder()
    assert embedder.dimensions == 256 and embedder.table.shape[0] > 20_000


def test_a_missing_model_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(ModelMissing, match="make_meaning_model"):
        load_embedder(tmp_path)


def test_vectors_are_unit_length_and_empty_text_has_none() -> None:
    embedder = default_embedder()
    vector = embedder.vector("how fast does the station go")
    assert vector.dtype == np.float32 and abs(float(np.linalg.norm(vector)) - 1.0) < 1e-4
    assert not embedder.vector("").any() and not embedder.vector("   ").any()
    # a word read alone or within a text gives the same tokens: the word cache changes nothing
    texts = ["how fast does the station go", "the station"]
    pooled = embedder.pool(*embedder.flat_token_ids(texts))
    for text, row in zip(texts, pooled, strict=True):
        assert np.allclose(embedder.vector(text), row, atol=1e-3)


def test_texts_are_tokenized_word_by_word_as_the_tokenizer_would_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import bot.engine.meaning as meaning

    monkeypatch.setattr(meaning, "GATHER", 2)  # several shares, one of them with an empty text
    embedder = default_embedder()
    texts = ["how fast is the iss", "", "zarya's 1998 launch", "the", "é ü ☃", "a b c"]
    flat, lengths = embedder.flat_token_ids(texts)
    unknown = embedder.unknown  # "[UNK]", what the tokenizer cannot read, carries no meaning
    expected = [
        [i for i in embedder.tokenizer.encode(t, add_special_tokens=False).ids if i != unknown]
        for t in texts
    ]
    assert lengths.tolist() == [len(e) for e in expected]
    assert flat.tolist() == [i for e in expected for i in e]
    assert embedder.flat_token_ids([])[0].size == 0


def test_the_same_thing_in_other_words_lies_closer_than_another_thing() -> None:
    embedder = default_embedder()
    asked = embedder.vector("how heavy is the space station")
    assert float(asked @ embedder.vector("what does the iss weigh")) > float(
        asked @ embedder.vector("who was the first woman in space")
    )


def test_the_index_finds_an_entry_asked_in_other_words() -> None:
    index = MeaningIndex.of(
        [[q.lower() for q in e.questions] for e in _ENTRIES], [e.answer.lower() for e in _ENTRIES]
    )
    assert len(index) == len(_ENTRIES)
    query = index.query("what keeps the crew fit and strong up there")
    assert index.nearest(query, 1) == [0]
    closeness = index.similarities(query, [0, 1, 2])
    assert all(0.0 <= c <= 1.0 for c in closeness)
    assert closeness[0] == max(closeness)
    assert index.nearest(query, 10) == sorted(range(3), key=lambda i: -closeness[i])
    assert index.nearest(index.query(""), 3) == []


def test_a_follow_up_leans_towards_the_previous_answer() -> None:
    index = MeaningIndex.of(
        [[q.lower() for q in e.questions] for e in _ENTRIES], [e.answer.lower() for e in _ENTRIES]
    )
    alone = index.query("when did it happen")
    leaning = index.query("when did it happen", "skylab", 0.3)
    assert index.similarities(leaning, [2])[0] > index.similarities(alone, [2])[0]


def test_a_pickled_index_leaves_the_model_behind_and_reads_it_again() -> None:
    index = MeaningIndex.of([["how fast is it"]], ["it goes 28,000 km/h"])
    query = index.query("how fast is it")
    before = index.similarities(query, [0])[0]
    data = pickle.dumps(index)
    assert len(data) < 50_000  # token ids and one search vector, not the 7.6 MB model
    again = pickle.loads(data)
    assert again.similarities(query, [0])[0] == pytest.approx(before)


def _engine() -> Engine:
    return Engine(Knowledge(_ENTRIES, ()))


def test_the_closest_entry_in_meaning_leads_and_the_others_trail() -> None:
    engine = _engine()
    ranked, _ = engine.assess("what keeps the crew fit up there")
    named = {
        engine.entries[s.index].id: dict(zip(FEATURE_NAMES, s.features, strict=True))
        for s in ranked
    }
    assert named["exercise"]["meaning_agrees"] == 1.0 and named["exercise"]["meaning_lead"] > 0
    assert all(f["meaning_lead"] < 0 for i, f in named.items() if i != "exercise")


def test_the_entries_closest_in_meaning_compete_beside_those_sharing_words() -> None:
    config = MatchConfig(candidates=1, semantic_candidates=2)
    engine = Engine(Knowledge(_ENTRIES, ()), config)
    question = "keeping fit and strong on skylab"  # one word of the knowledge: "skylab"
    matcher = engine.matcher
    ranked = {s.index for s in matcher.rank(matcher.analyse(question), limit=10)}
    nearest = matcher.meaning.nearest(matcher.meaning.query(question), 2)
    assert set(nearest) <= ranked and len(ranked) == len({2, *nearest})
    lexical_only = Engine(Knowledge(_ENTRIES, ()), MatchConfig(candidates=1, semantic_candidates=0))
    analysis = lexical_only.matcher.analyse(question)
    assert [s.index for s in lexical_only.matcher.rank(analysis, limit=10)] == [2]
    # a question that uses no word of the knowledge has no candidate at all, close or not
    assert engine.assess("staying in shape while floating")[0] == []


def test_a_word_the_knowledge_never_uses_may_read_as_a_close_one() -> None:
    engine = _engine()
    meant, sureness = engine.matcher.word_meant("restroom")  # the questions say "toilet"
    assert meant == "toilet" and 0.0 < sureness < 0.85  # less sure than a respelt typo
    assert engine.matcher.word_meant("qzxv") == ("qzxv", 0.0)
    off = Engine(Knowledge(_ENTRIES, ()), MatchConfig(word_meaning=0.0))
    assert off.matcher.word_meant("restroom") == ("restroom", 0.0)
