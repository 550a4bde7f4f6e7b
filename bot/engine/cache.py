"""A built engine kept on disk, so short commands (``stationbot ask``) start fast.

Reading and validating the YAML and building the index take most of a cold start; a pickled
engine loads in a few milliseconds. The cache file's name is a digest of everything the engine
is built from: the knowledge files (their paths and bytes), the engine's own source code and
meaning model, and the Python and stationbot versions. Any change makes a new name, so a
cached engine is never stale, and a file that cannot be read back (corrupt, from another
version) is rebuilt.

Pickles run code when read, so the directory must be one only this user can write: the default
``~/.cache/stationbot`` is made private to the user, and pickles are read from nowhere else.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

from bot.engine.engine import Engine
from bot.engine.loader import knowledge_files, load_knowledge, load_knowledge_files
from bot.engine.publishers import policy_file

#: Bump when the pickled layout changes in a way the source digest would not show.
CACHE_FORMAT = 1
#: How many engines the directory keeps (the one just built and the most recent others).
KEEP = 3
PREFIX = "engine-"
SUFFIX = ".pickle"


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
    for source in sorted([*code, *engine_code.glob("meaning_model/*")]):  # the model too
        digest.update(source.name.encode() + b"\0" + source.read_bytes() + b"\0")
    policy = policy_file(files[0].parent) if files else None  # which sources count as trusted
    for file in [*files, *([policy] if policy and policy.is_file() else [])]:
        digest.update(str(file.resolve()).encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


def _read(file: Path) -> Engine | None:
    try:
        with file.open("rb") as stream:
            engine = pickle.load(stream)
    except Exception:  # missing, corrupt, from another version...: the engine is built again
        return None
    return engine if isinstance(engine, Engine) else None


def _write(file: Path, engine: Engine) -> None:
    """Save atomically (a reader never sees half a file), then drop all but the newest
    engines; best effort: a read-only or full disk only costs the next command its fast start."""
    try:
        file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=file.parent, prefix=".engine", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as stream:
                pickle.dump(engine, stream, protocol=pickle.HIGHEST_PROTOCOL)
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
