"""stationbot: answers space-station questions with cited sources."""

__version__ = "0.1.0"
