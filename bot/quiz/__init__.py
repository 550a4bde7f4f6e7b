"""Trivia: quiz questions made from the knowledge, their choices, and a game's rounds and
scores (pure: the Discord cog runs the timers and the storage keeps the scores)."""
