"""Fit the confidence model (``confidence``) on a question set, and measure it fairly.

Each question asked without context gives one example: the figures of its ranking and whether
answering with the top entry would be right (it is among the expected entries). Refusing is right
only for a question that must be refused, so a question whose top entry is wrong teaches the
model to refuse rather than answer wrongly. The fit is L2-regularised logistic regression by
Newton's method: a few dozen figures and a few thousand questions need nothing more.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from bot.engine.confidence import VETOES, ConfidenceModel, sigmoid
from bot.engine.engine import Engine
from bot.measure.evaluate import GoldenQuestion

#: Regularisation of the weights (not of the bias): larger keeps them smaller.
L2 = 0.1
MAX_ITERATIONS = 100
#: Newton's method stops when no weight moves more than this.
TOLERANCE = 1e-9


@dataclass(frozen=True, slots=True)
class Example:
    """One question's ranking figures, whether its top entry is right, and whether it must be
    refused."""

    figures: tuple[float, ...]
    right: bool
    must_refuse: bool


@dataclass(frozen=True, slots=True)
class Decisions:
    """How a model decided a set of examples."""

    total: int
    correct: int  # answered with the right entry, or refused a question that must be refused
    wrong_answers: int  # answered with a wrong entry (an answerable question or not)

    @property
    def accuracy(self) -> float:
        """Share decided right."""
        return self.correct / self.total if self.total else 0.0


def examples(engine: Engine, questions: Sequence[GoldenQuestion]) -> list[Example]:
    """The examples of ``questions``: those asked without context, with any candidate, that
    the model decides (not a judgement, which is refused outright)."""
    found: list[Example] = []
    for question in questions:
        if question.context:
            continue  # follow-ups are decided with the previous answer's subject (``Engine``)
        if engine.matcher.analyse(question.q).asks_opinion:
            continue  # refused as a judgement before the model is asked (``Engine.ask``)
        ranked, figures = engine.assess(question.q)
        if figures is None:
            continue
        top = engine.entries[ranked[0].index].id
        found.append(Example(tuple(figures), top in question.expect, not question.expect))
    return found


def decide(model: ConfidenceModel, cases: Sequence[Example]) -> Decisions:
    """Count how ``model`` decides ``cases``."""
    correct = wrong = 0
    for case in cases:
        if model.confident(case.figures):
            correct += case.right
            wrong += not case.right
        else:
            correct += case.must_refuse
    return Decisions(len(cases), correct, wrong)


def fit(
    cases: Sequence[Example],
    l2: float = L2,
    threshold: float = 0.5,
    vetoes: tuple[str, ...] = VETOES,
) -> ConfidenceModel:
    """Fit a model to ``cases`` (its ``vetoes`` kept as given); raises ValueError when they
    cannot teach one."""
    if not cases:
        raise ValueError("no examples: the question set has no question asked without context")
    if all(c.right for c in cases) or not any(c.right for c in cases):
        raise ValueError("the examples need both right and wrong top entries to learn from")
    width = len(cases[0].figures)
    rows = [[*c.figures, 1.0] for c in cases]  # the last column is the bias
    labels = [1.0 if c.right else 0.0 for c in cases]
    w = [0.0] * (width + 1)
    for _ in range(MAX_ITERATIONS):
        gradient = [l2 * wi for wi in w[:width]] + [0.0]
        hessian = [[0.0] * (width + 1) for _ in range(width + 1)]
        for k in range(width):
            hessian[k][k] = l2
        hessian[width][width] = 1e-9
        for row, y in zip(rows, labels, strict=True):
            p = sigmoid(math.fsum(a * b for a, b in zip(w, row, strict=True)))
            weight = p * (1.0 - p)
            for a in range(width + 1):
                gradient[a] += (p - y) * row[a]
                ra = row[a] * weight
                hessian_a = hessian[a]
                for b in range(a + 1):
                    hessian_a[b] += ra * row[b]
        for a in range(width + 1):
            for b in range(a):
                hessian[b][a] = hessian[a][b]
        step = _solve(hessian, gradient)
        w = [wi - si for wi, si in zip(w, step, strict=True)]
        if max(abs(s) for s in step) < TOLERANCE:
            break
    return ConfidenceModel(tuple(w[:width]), w[width], threshold, vetoes)


def cross_validate(
    cases: Sequence[Example], folds: int = 5, l2: float = L2, seed: int = 0
) -> Decisions:
    """Decisions on each fold by a model fitted on the other folds (a fair accuracy figure)."""
    if folds < 2:
        raise ValueError("cross-validation needs at least 2 folds")
    if len(cases) < 2 * folds:
        raise ValueError(f"{len(cases)} examples are too few for {folds} folds")
    order = list(range(len(cases)))
    random.Random(seed).shuffle(order)
    total = correct = wrong = 0
    for fold in range(folds):
        held = set(order[fold::folds])
        train = [c for i, c in enumerate(cases) if i not in held]
        decided = decide(fit(train, l2), [cases[i] for i in sorted(held)])
        total += decided.total
        correct += decided.correct
        wrong += decided.wrong_answers
    return Decisions(total, correct, wrong)


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Solve matrix . x = vector (Gaussian elimination with partial pivoting)."""
    n = len(vector)
    a = [[*row, vector[i]] for i, row in enumerate(matrix)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        if abs(a[pivot][col]) < 1e-15:
            raise ValueError("the examples do not determine the weights (singular system)")
        a[col], a[pivot] = a[pivot], a[col]
        for r in range(col + 1, n):
            factor = a[r][col] / a[col][col]
            if factor:
                for c in range(col, n + 1):
                    a[r][c] -= factor * a[col][c]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (a[r][n] - math.fsum(a[r][c] * x[c] for c in range(r + 1, n))) / a[r][r]
    return x
