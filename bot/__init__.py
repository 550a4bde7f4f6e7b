"""stationbot: answers space-station questions with cited sources."""

import os

# The engine's vector products are small (one question against a few thousand entries): BLAS
# worker threads only wait on each other, and on a busy machine far longer than the product
# takes (a 10,000-row product: 8 ms with them, 0.17 ms without). Set before numpy loads;
# an operator may still set it to anything else.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

__version__ = "0.1.0"
