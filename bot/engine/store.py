"""What a cached engine holds instead of objects: entries and arrays kept as bytes until read.

A built engine holds its entries as objects, about a kilobyte each: at 100,000 entries that is
over a hundred megabytes, most of it text that a question never reads (a question reads a
dozen or two entries). When the engine is saved (``bot.engine.cache``) its entries become an
``EntryStore``: every entry pickled on its own, one after another in one ``Blob``. The cache
writes a blob beside the pickle and, reading the engine back, leaves it in the file: each entry
is read from the file (one ``pread``) and unpickled when asked for, and the most recently read
are kept. The meaning index keeps the token ids it reads a few at a time as a ``Column`` the
same way. A blob read from the file never counts in the process's memory; a file mapped into
memory would, a page and its neighbours for every entry read.
"""

from __future__ import annotations

import os
import pickle
import weakref
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, overload

import numpy as np
import numpy.typing as npt

from bot.engine.models import Entry

#: How many entries read back stay as objects (a question reads a dozen or two; the shipped
#: knowledge, a few hundred, stays whole once read).
KEEP = 2048


class Blob:
    """A run of bytes read by the slice: held in memory, or read from a file when asked."""

    def __init__(self, data: bytes | bytearray | memoryview) -> None:
        """A blob of ``data``, held in memory (not copied)."""
        self._data: bytes | bytearray | memoryview | None = data
        self._file: _OpenFile | None = None
        self._offset = 0
        self._length = memoryview(data).nbytes

    @classmethod
    def in_file(cls, path: str | os.PathLike[str], runs: Sequence[tuple[int, int]]) -> list[Blob]:
        """A blob for each ``(offset, length)`` run of bytes of the file at ``path``, read when
        asked for. The file is opened once and stays open while any of them lives; replacing
        it does not change them."""
        opened = _OpenFile(path)
        size = os.fstat(opened.fd).st_size
        blobs: list[Blob] = []
        for offset, length in runs:
            if size < offset + length:
                raise ValueError(f"{opened.path}: cut short")
            blob = cls(b"")
            blob._data, blob._file = None, opened
            blob._offset, blob._length = offset, length
            blobs.append(blob)
        return blobs

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, part: slice) -> bytes:
        """The bytes of ``part`` (a slice with no step)."""
        start, stop, step = part.indices(self._length)
        if step != 1:
            raise ValueError("a blob is read in runs of bytes, with no step")
        if self._data is not None:
            return bytes(self._data[start:stop])
        if self._file is None or stop <= start:
            return b""
        found = os.pread(self._file.fd, stop - start, self._offset + start)
        if len(found) != stop - start:
            raise OSError(f"{self._file.path}: cut short while the engine was using it")
        return found

    def view(self) -> memoryview:
        """All its bytes, as a view of them when they are held in memory."""
        return memoryview(self._data) if self._data is not None else memoryview(self[:])

    def __reduce__(self) -> tuple[object, tuple[bytes]]:
        """Pickled as the bytes it holds, wherever they are."""
        return Blob, (self[:],)


class _OpenFile:
    """A file open for reading, closed when nothing holds it any more."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        self.fd = os.open(path, os.O_RDONLY)
        weakref.finalize(self, os.close, self.fd)


class Column:
    """A one-dimensional array kept in a ``Blob``, read by the slice: what an array read only
    a few items at a time is saved as."""

    def __init__(self, values: npt.NDArray[Any] | Blob, dtype: npt.DTypeLike | None = None) -> None:
        """The column of ``values``: an array, or a blob of items of ``dtype``."""
        if isinstance(values, Blob):
            self._blob, self._dtype = values, np.dtype(dtype)
        else:
            array = np.ascontiguousarray(values).reshape(-1)
            self._blob, self._dtype = Blob(array.data.cast("B")), array.dtype

    def __len__(self) -> int:
        return len(self._blob) // self._dtype.itemsize

    def __getitem__(self, part: slice) -> npt.NDArray[Any]:
        """The items of ``part`` (a slice with no step), as an array of their own."""
        start, stop, step = part.indices(len(self))
        if step != 1:
            raise ValueError("a column is read in runs of items, with no step")
        size = self._dtype.itemsize
        return np.frombuffer(self._blob[start * size : max(start, stop) * size], self._dtype)

    def __reduce__(self) -> tuple[object, tuple[Blob, str]]:
        return Column, (self._blob, self._dtype.str)


class EntryStore(Sequence[Entry]):
    """A sequence of entries kept pickled in one blob, unpickled when read."""

    def __init__(self, blob: Blob, ends: npt.NDArray[np.int64]) -> None:
        """``blob`` holds the entries pickled one after another; ``ends[i]`` is where entry
        ``i`` ends in it."""
        self._blob = blob
        self._ends = ends
        self._read: dict[int, Entry] = {}

    @classmethod
    def of(cls, entries: Iterable[Entry]) -> EntryStore:
        """The store of ``entries`` (a store is returned as it is)."""
        if isinstance(entries, EntryStore):
            return entries
        blob = bytearray()
        ends: list[int] = []
        for entry in entries:
            blob += pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
            ends.append(len(blob))
        return cls(Blob(blob), np.asarray(ends, dtype=np.int64))

    def __len__(self) -> int:
        return len(self._ends)

    @overload
    def __getitem__(self, index: int) -> Entry: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Entry, ...]: ...

    def __getitem__(self, index: int | slice) -> Entry | tuple[Entry, ...]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("entry index out of range")
        found = self._read.get(index)
        if found is None:
            start = int(self._ends[index - 1]) if index else 0
            found = pickle.loads(self._blob[start : int(self._ends[index])])
            if len(self._read) >= KEEP:
                self._read.clear()
            self._read[index] = found
        return found

    def __iter__(self) -> Iterator[Entry]:
        for i in range(len(self)):
            yield self[i]

    def __reduce__(self) -> tuple[object, tuple[Blob, npt.NDArray[np.int64]]]:
        """Pickled as its blob and its ends; the entries read are not kept."""
        return EntryStore, (self._blob, self._ends)
