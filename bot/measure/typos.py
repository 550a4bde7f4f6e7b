"""Typo robustness: the knowledge's own questions with one word mistyped, as a question set.

Each variant takes a question the engine answers with its entry when typed correctly and
changes one of its longer content words by one random edit: a letter left out, one added, one
changed, or two neighbouring letters swapped, anywhere in the word (the first letter included).
The variant must still reach the same entry. Seeded, so the set is the same on every run.
"""

from __future__ import annotations

import random
import string

from bot.engine.engine import Engine
from bot.engine.normalise import STOPWORDS
from bot.measure.evaluate import GoldenQuestion

#: Questions taken from each entry, the shortest word mistyped, and the default seed.
PER_ENTRY = 4
MIN_WORD = 4
SEED = 7
EDITS = ("left out", "added", "changed", "swapped")


def mistype(word: str, rng: random.Random) -> tuple[str, str]:
    """``word`` with one random edit, and the kind of edit made (one of ``EDITS``)."""
    kind = rng.choice(EDITS)
    at = rng.randrange(len(word))
    if kind == "left out":
        return word[:at] + word[at + 1 :], kind
    if kind == "added":
        return word[:at] + rng.choice(string.ascii_lowercase) + word[at:], kind
    if kind == "changed":
        others = [c for c in string.ascii_lowercase if c != word[at]]
        return word[:at] + rng.choice(others) + word[at + 1 :], kind
    at = min(at, len(word) - 2)
    if word[at] == word[at + 1]:  # swapping equal letters changes nothing: change one instead
        return mistype(word, rng)
    return word[:at] + word[at + 1] + word[at] + word[at + 2 :], kind


def typo_questions(
    engine: Engine, per_entry: int = PER_ENTRY, seed: int = SEED
) -> list[GoldenQuestion]:
    """One mistyped variant of each of the first ``per_entry`` questions of every entry.

    Only questions the engine answers with their own entry when typed correctly are used, so
    a miss measures the typo and nothing else. The category names the kind of edit.
    """
    rng = random.Random(seed)
    variants: list[GoldenQuestion] = []
    for entry in engine.entries:
        for question in entry.questions[:per_entry]:
            answer = engine.ask(question)
            if not (answer.answered and answer.fact_id == entry.id):
                continue
            words = question.split()
            choices = [
                i
                for i, w in enumerate(words)
                if w.isalpha() and len(w) >= MIN_WORD and w.casefold() not in STOPWORDS
            ]
            if not choices:
                continue
            at = rng.choice(choices)
            words[at], kind = mistype(words[at].casefold(), rng)
            variants.append(
                GoldenQuestion(
                    " ".join(words), (entry.id,), f"typo: {kind}", origin=f"{entry.id}: {question}"
                )
            )
    return variants
