"""Measuring the engine: question sets and their accuracy (``evaluate``), fitting the
confidence model (``training``), mistyped questions (``typos``) and speed and memory
(``bench``). Nothing here runs when the bot answers."""
