"""A built engine kept on disk, so short commands (``stationbot ask``) start fast.

Reading and validating the YAML and building the index take most of a cold start; a pickled
engine loads in a few milliseconds. The cache file's name is a digest of everything the engine
is built from: the knowledge files (their paths and bytes), the engine's own source code and
meaning model, and the Python and stationbot versions. Any change makes a new name, so a
cached engine is never stale, and a file that cannot be read back (corrupt, from another
version) is rebuilt.

The engine is pickled with protocol 5 and its large parts are written after the pickle (see
``save``): the arrays every question reads (the meaning index's search vectors) are mapped from
the file when it is read back, and the parts a question reads a little of (the entries, kept
as one ``EntryStore``, and the token ids of their texts) stay in the file and are read from it
as they are needed. At 100,000 entries an engine starts in a fraction of a second, and what no
question reads never comes into memory.

Pickles run code when read, so the directory must be one only this user can write: the default
``~/.cache/stationbot`` is made private to the user, and pickles are read from nowhere else.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import mmap
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import BinaryIO

from bot.engine.engine import Engine
from bot.engine.loader import knowledge_files, load_knowledge, load_knowledge_files
from bot.engine.publishers import policy_file
from bot.engine.store import Blob

#: Bump when the pickled layout changes in a way the source digest would not show.
CACHE_FORMAT = 3
#: How many engines the directory keeps (the one just built and the most recent others).
KEEP = 3
PREFIX = "engine-"
SUFFIX = ".pickle"
#: What a cache file starts with, then the lengths of its parts (see ``save``).
MAGIC = b"stationbot engine 3\n"
#: Buffers and blobs at least this large are written after the pickle (see ``save``).
ASIDE = 64 * 1024
#: More parts set aside than this is not a file ``save`` wrote (it sets aside a handful).
MAX_ASIDE = 1024
#: Where each buffer set aside starts is a multiple of this (numpy reads them in place).
ALIGN = 64


def default_cache_dir() -> Path | None:
    """``$XDG_CACHE_HOME/stationbot``, else ``~/.cache/stationbot``; None without a home."""
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no $HOME and no user entry: run without a cache
            return None
    return Path(base) / "stationbot"


def load_engine(path: Path, cache_dir: Path | None) -> Engine:
    """The engine for the knowledge at ``path``: from ``cache_dir`` when built before, else
    built (and saved there for next time). ``cache_dir`` None: always built, nothing saved.

    Raises what ``load_knowledge`` raises for bad knowledge; never fails because of the cache.
    """
    if cache_dir is None:
        return Engine(load_knowledge(path))
    files = knowledge_files(path)
    try:
        file = cache_dir / f"{PREFIX}{_digest(files)}{SUFFIX}"
    except OSError:  # an unreadable file: loading it says so, file by file
        return Engine(load_knowledge_files(files))
    engine = _read(file)
    if engine is None:
        engine = Engine(load_knowledge_files(files))
        engine.matcher.speller.warm()  # saved with its word list: a first typo costs nothing
        _write(file, engine)
    return engine


def _digest(files: list[Path]) -> str:
    """A digest of the knowledge files and of the code and versions that build the engine."""
    from bot import __version__

    digest = hashlib.sha256(f"{CACHE_FORMAT} {__version__} {sys.version}".encode())
    engine_code = Path(__file__).resolve().parent
    code = [*engine_code.glob("*.py"), *engine_code.glob("*.json")]
    # each part given to the digest as it is: joining them first would copy the 8 MB model
    for source in sorted([*code, *engine_code.glob("meaning_model/*")]):  # the model too
        for part in (source.name.encode(), b"\0", source.read_bytes(), b"\0"):
            digest.update(part)
    policy = policy_file(files[0].parent) if files else None  # which sources count as trusted
    for file in [*files, *([policy] if policy and policy.is_file() else [])]:
        for part in (str(file.resolve()).encode(), b"\0", file.read_bytes(), b"\0"):
            digest.update(part)
    return digest.hexdigest()[:32]


def save(engine: Engine, stream: BinaryIO) -> None:
    """Write ``engine`` to ``stream``: ``MAGIC``; the number of buffers and of blobs set aside;
    the length of the pickle, of each buffer and of each blob (8 bytes each, little-endian);
    then the pickle, each buffer and each blob, each from the next multiple of ``ALIGN``.

    A buffer is what protocol 5 hands out of band (an array's data); a blob is a
    ``bot.engine.store.Blob``, which ``read`` leaves in the file to be read by the slice."""
    buffers: list[pickle.PickleBuffer] = []
    blobs: list[Blob] = []

    def keep_aside(buffer: pickle.PickleBuffer) -> bool:
        if buffer.raw().nbytes < ASIDE:
            return True  # small: in the pickle itself
        buffers.append(buffer)
        return False

    class Saver(pickle.Pickler):
        def persistent_id(self, obj: object) -> tuple[str, int] | None:
            if type(obj) is not Blob or len(obj) < ASIDE:
                return None
            blobs.append(obj)
            return ("blob", len(blobs) - 1)

    body = io.BytesIO()
    Saver(body, protocol=5, buffer_callback=keep_aside).dump(engine)
    parts = [body.getbuffer(), *(b.raw() for b in buffers), *(b.view() for b in blobs)]
    header = [len(buffers), len(blobs), *(p.nbytes for p in parts)]
    stream.write(MAGIC + b"".join(n.to_bytes(8, "little") for n in header))
    at = len(MAGIC) + 8 * len(header)
    for part in parts:
        padding = -at % ALIGN
        stream.write(b"\0" * padding)
        stream.write(part)
        at += padding + part.nbytes


def read(file: Path) -> Engine:
    """The engine ``save`` wrote to ``file``: its buffers mapped from the file, its blobs left
    there to be read when asked for; raises ``ValueError`` for a file that is not a saved
    engine, ``OSError`` when it cannot be read."""
    with file.open("rb") as stream:
        if stream.read(len(MAGIC)) != MAGIC:
            raise ValueError(f"{file}: not a saved engine")
        counts = stream.read(16)
        if len(counts) != 16:
            raise ValueError(f"{file}: cut short")
        buffer_count, blob_count = (int.from_bytes(counts[k : k + 8], "little") for k in (0, 8))
        if buffer_count + blob_count > MAX_ASIDE:
            raise ValueError(f"{file}: not a saved engine")
        count = 1 + buffer_count + blob_count
        header = stream.read(8 * count)
        if len(header) != 8 * count:
            raise ValueError(f"{file}: cut short")
        lengths = [int.from_bytes(header[8 * k : 8 * k + 8], "little") for k in range(count)]
        starts, at = [], len(MAGIC) + 16 + 8 * count
        for length in lengths:
            at += -at % ALIGN
            starts.append(at)
            at += length
        if at > os.fstat(stream.fileno()).st_size:
            raise ValueError(f"{file}: cut short")
        buffers: list[memoryview] = []
        if buffer_count:
            view = memoryview(mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ))
            aside = slice(1, 1 + buffer_count)
            buffers = [view[s : s + n] for s, n in zip(starts[aside], lengths[aside], strict=True)]
        runs = list(zip(starts[1 + buffer_count :], lengths[1 + buffer_count :], strict=True))
        blobs = Blob.in_file(file, runs) if runs else []

        class Loader(pickle.Unpickler):
            def persistent_load(self, pid: object) -> Blob:
                if not (isinstance(pid, tuple) and len(pid) == 2 and pid[0] == "blob"):
                    raise pickle.UnpicklingError(f"unknown reference {pid!r}")
                return blobs[pid[1]]

        stream.seek(starts[0])
        try:
            engine = Loader(stream, buffers=buffers).load()
        except Exception as error:  # a pickle that is not ours, cut or garbled
            raise ValueError(f"{file}: not a saved engine ({error})") from error
    if not isinstance(engine, Engine):
        raise ValueError(f"{file}: not a saved engine")
    return engine


def _read(file: Path) -> Engine | None:
    try:
        return read(file)
    except Exception:  # missing, corrupt, from another version...: the engine is built again
        return None


def _write(file: Path, engine: Engine) -> None:
    """Save atomically (a reader never sees half a file), then drop all but the newest
    engines; best effort: a read-only or full disk only costs the next command its fast start."""
    try:
        file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=file.parent, prefix=".engine", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as stream:
                save(engine, stream)
            os.replace(temporary, file)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        return
    others = [(_modified(old), old) for old in file.parent.glob(f"{PREFIX}*{SUFFIX}")]
    others.sort(reverse=True)
    for _, old in [o for o in others if o[1] != file][KEEP - 1 :]:  # another --knowledge, say
        with contextlib.suppress(OSError):
            old.unlink(missing_ok=True)


def _modified(file: Path) -> float:
    try:
        return file.stat().st_mtime
    except OSError:  # removed meanwhile by another command
        return 0.0
