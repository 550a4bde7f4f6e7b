"""Thin cogs: each turns an interaction or message into an engine call and a rendered reply.

Every module here with an ``async def setup(bot)`` is loaded by ``StationBot.setup_hook``.
"""

from __future__ import annotations

import pkgutil


def extension_names() -> list[str]:
    """The dotted names of every extension module in this package, sorted."""
    return sorted(
        f"{__name__}.{module.name}"
        for module in pkgutil.iter_modules(__path__)
        if not module.name.startswith("_")
    )
