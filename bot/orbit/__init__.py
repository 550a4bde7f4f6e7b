"""Orbits: where a station is, when to see it, and its map; pure, never imports discord."""
