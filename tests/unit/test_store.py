"""How a cached engine is kept: its entries as one store read entry by entry, its large
buffers mapped from the saved file, and lexical scores that are the same whichever way they
are added."""

from __future__ import annotations

import io
import pickle
from array import array
from pathlib import Path
from typing import Any, cast
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bot.engine.matcher as matcher
from bot.engine import Engine, Entry, Source
from bot.engine.cache import read, save
from bot.engine.store import KEEP, Blob, Column, EntryStore

_SOURCE = (Source("An example page", "https://example.org/page", "2024"),)


def _entries(count: int) -> list[Entry]:
    return [
        Entry(f"e-{n}", "fact", "test", f"Answer number {n}.", (f"question {n}?",), (), _SOURCE)
        for n in range(count)
    ]


def test_a_store_reads_back_every_entry_as_it_was() -> None:
    entries = _entries(10)
    store = EntryStore.of(entries)
    assert len(store) == 10
    assert list(store) == entries
    assert store[0] == entries[0] and store[-1] == entries[-1]
    assert store[2:7:2] == tuple(entries[2:7:2])
    assert EntryStore.of(store) is store
    with pytest.raises(IndexError):
        store[10]
    with pytest.raises(IndexError):
        store[-11]


def test_a_store_keeps_only_so_many_entries_read() -> None:
    store = EntryStore.of(_entries(KEEP + 5))
    assert [e.id for e in store] == [f"e-{n}" for n in range(KEEP + 5)]
    assert len(store._read) <= KEEP


@pytest.mark.parametrize("protocol", [2, 4, 5])
def test_a_store_survives_any_pickle_protocol(protocol: int) -> None:
    entries = _entries(5)
    again = pickle.loads(pickle.dumps(EntryStore.of(entries), protocol=protocol))
    assert list(again) == entries


def test_a_blob_in_a_file_reads_only_the_run_asked_for(tmp_path: Path) -> None:
    file = tmp_path / "blob"
    file.write_bytes(b"header:" + bytes(range(256)) + b":trailer")
    blob, same = Blob.in_file(file, [(7, 256), (7, 256)])
    assert len(blob) == 256
    assert blob[10:13] == bytes([10, 11, 12]) and blob[250:400] == bytes(range(250, 256))
    assert blob[5:5] == b"" and blob[:] == bytes(range(256))
    column = Column(same, "u2")
    assert len(column) == 128
    assert column[1:3].tolist() == np.frombuffer(bytes([2, 3, 4, 5]), "u2").tolist()
    assert pickle.loads(pickle.dumps(blob))[:] == blob[:]  # pickled as the bytes themselves
    for stepped in (lambda: blob[::2], lambda: column[::2]):  # runs only
        with pytest.raises(ValueError):
            stepped()
    with pytest.raises(ValueError):
        Blob.in_file(file, [(7, 1000)])  # longer than the file


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.from_path()


def test_a_saved_engine_reads_back_and_answers_the_same(engine: Engine, tmp_path: Path) -> None:
    file = tmp_path / "engine"
    with file.open("wb") as stream:
        save(engine, stream)
    again = read(file)
    assert isinstance(again.entries, EntryStore)
    assert again.entries._blob._data is None  # the entries stayed in the file
    assert again.matcher.entries is again.entries  # one store, shared
    assert [e.id for e in again.entries] == [e.id for e in engine.entries]
    assert again.knowledge.files == engine.knowledge.files
    for question in ("what is the iss", "when did scott kelly land", "how fast is the iss"):
        assert again.ask(question) == engine.ask(question)
    assert again.ask("how fast is it", context="iss-speed") == engine.ask(
        "how fast is it", context="iss-speed"
    )


def test_a_file_that_is_not_a_saved_engine_is_refused(engine: Engine, tmp_path: Path) -> None:
    stream = io.BytesIO()
    save(engine, stream)
    whole = stream.getvalue()
    file = tmp_path / "engine"
    one = io.BytesIO()
    save(cast(Any, 1), one)  # a saved int
    for junk in (
        b"",
        b"not an engine",
        whole[: len(whole) // 2],  # cut short
        one.getvalue(),
        whole[:100] + b"garbled" + whole[107:],
        whole[:20] + b"\xff" * 16 + whole[36:],  # absurd counts
    ):
        file.write_bytes(junk)
        with pytest.raises(ValueError):
            read(file)


_POSTINGS = st.lists(
    st.tuples(
        st.sets(st.integers(0, 199), min_size=1, max_size=60),
        st.sampled_from([0.25, 0.5, 1.0, 1.5, 0.6 * 1.5]),  # few weights: many ties
    ),
    min_size=1,
    max_size=8,
)


def _one_by_one(
    lists: list[tuple[array[int], float]], count: int
) -> tuple[dict[int, float], list[int]]:
    """What ``_heaviest`` must give, worked out plainly: each entry's weights added one by one
    in the order the lists give them; the heaviest first and, of equal weight, the one given
    first."""
    scores: dict[int, float] = {}
    for found, weight in lists:
        for i in found:
            scores[i] = scores.get(i, 0.0) + weight
    return scores, sorted(scores, key=scores.__getitem__, reverse=True)[:count]


@given(_POSTINGS, st.integers(1, 30))
@settings(max_examples=300, deadline=None)
def test_every_way_of_adding_chooses_as_adding_entry_by_entry(
    postings: list[tuple[set[int], float]], count: int
) -> None:
    lists = [(array("i", sorted(found)), weight) for found, weight in postings]
    scores, chosen = _one_by_one(lists, count)
    # entry by entry; all postings in one pass; one array addition per list
    for one_by_one, dense_from in ((10**9, 10**9), (0, 10**9), (0, 0)):
        with (
            mock.patch.object(matcher, "ONE_BY_ONE_UP_TO", one_by_one),
            mock.patch.object(matcher, "DENSE_FROM", dense_from),
        ):
            shared, chosen_here = matcher._heaviest(200, lists, count)
        assert chosen_here == chosen
        assert all(shared(i) == scores.get(i, 0.0) for i in range(200))
