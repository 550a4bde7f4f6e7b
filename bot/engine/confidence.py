"""Whether the best-ranked entry answers the question: a small logistic model over the ranking.

A score threshold and a margin over the runner-up decide poorly on their own: a score of 75 is
safe when the question's rare words all sit in one phrase of the entry and risky when a word it
asks about ("how *heavy*", "*Expedition 2*") is missing. The model weighs the top entry's score,
its lead over the best entry that is not its twin, how much the question says, how many entries
crowd near the top, and each feature of the top entry (``matcher.FEATURE_NAMES``), and answers
when the probability that the top entry is right reaches its threshold.

Its weights are fitted on the public question set (``stationbot train``, see ``training``) and
shipped in ``confidence.json``; a question set with no answerable question cannot fit one.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bot.engine.errors import StationbotError
from bot.engine.matcher import FEATURE_NAMES, Scored

#: The figures the model reads, in order (see ``decision_figures``).
DECISION_FEATURES: tuple[str, ...] = ("score", "lead", "information", "crowd", *FEATURE_NAMES)
#: Features that, at 0.5 or more, make the model refuse whatever the others say: the entry
#: says nothing of the attribute asked for ("how old was Polyakov when he landed?"), none of
#: its questions asks the kind of answer asked for (who, when, where...), it names no one for
#: "who was on that crew?", or it tells only the past for "when will it fly again?". Fitted
#: weights alone trade these off against a high score, and answered such questions written
#: blind. An entry that is not about what a "what is X?" question names ("who is Tim Peake?")
#: was vetoed too, until the engine refused such questions itself (``Engine._no_subject``):
#: without that veto the blind sets lost nothing and one more blind question got its overview
#: (``not_about`` is still a feature of the score). A person the entry never mentions
#: ("how old was Kornienko?" is not Kelly's age) is weighed by the model, no longer vetoed: with
#: the meaning features, dropping that veto cost nothing on any question set. (Any other missing
#: rare name is not a veto either: a typo respelled as a name, or "Russia" for "Russian", sets
#: it.)
VETOES: tuple[str, ...] = (
    "missing_attribute",
    "other_intent",
    "unnamed_people",
    "past_only",
)
#: Entries scoring within this many points of the top one crowd it.
CROWD_WINDOW = 10.0
#: Where the shipped model lives.
DEFAULT_MODEL = Path(__file__).resolve().parent / "confidence.json"


class ModelError(StationbotError):
    """A confidence model file is missing, malformed or made for other features."""


@dataclass(frozen=True, slots=True)
class ConfidenceModel:
    """Logistic regression: answer when sigmoid(weights . figures + bias) >= threshold."""

    weights: tuple[float, ...]
    bias: float
    threshold: float = 0.5
    vetoes: tuple[str, ...] = ()  # names of DECISION_FEATURES (see ``VETOES``)

    def probability(self, figures: Sequence[float]) -> float:
        """How likely the top entry is the right answer, 0..1 (0 when a veto holds)."""
        if self.vetoed(figures):
            return 0.0
        terms = (w * x for w, x in zip(self.weights, figures, strict=True))
        return sigmoid(self.bias + math.fsum(terms))

    def vetoed(self, figures: Sequence[float]) -> bool:
        """Whether a veto feature reaches 0.5: the top entry does not answer, whatever else."""
        return any(figures[DECISION_FEATURES.index(name)] >= 0.5 for name in self.vetoes)

    def rules_out(self, scored: Scored) -> bool:
        """``vetoed`` for one ranked entry's own features (``matcher.FEATURE_NAMES``): what a
        follow-up read with the previous answer's subject must not answer with either."""
        return any(
            scored.features[FEATURE_NAMES.index(name)] >= 0.5
            for name in self.vetoes
            if name in FEATURE_NAMES
        )

    def confident(self, figures: Sequence[float]) -> bool:
        """Whether to answer with the top entry."""
        return self.probability(figures) >= self.threshold

    def to_json(self, note: str = "") -> str:
        """The model as the JSON that ``load`` reads (weights named, for people to read)."""
        data = {
            "note": note,
            "threshold": self.threshold,
            "bias": round(self.bias, 6),
            "vetoes": list(self.vetoes),
            "weights": {
                n: round(w, 6) for n, w in zip(DECISION_FEATURES, self.weights, strict=True)
            },
        }
        return json.dumps(data, indent=2) + "\n"

    @classmethod
    def load(cls, path: Path | str = DEFAULT_MODEL) -> ConfidenceModel:
        """Read a model written by ``to_json``; raises ``ModelError`` saying what is wrong."""
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            weights = data["weights"]
            if not isinstance(weights, dict) or set(weights) != set(DECISION_FEATURES):
                raise ModelError(
                    f"{path}: weights must name exactly {', '.join(DECISION_FEATURES)}; "
                    "run `stationbot train` to fit a model for this version"
                )
            vetoes = data.get("vetoes", [])
            if not isinstance(vetoes, list) or not set(vetoes) <= set(DECISION_FEATURES):
                raise ModelError(
                    f"{path}: vetoes must be a list of names among {', '.join(DECISION_FEATURES)}"
                )
            return cls(
                tuple(float(weights[n]) for n in DECISION_FEATURES),
                float(data["bias"]),
                float(data.get("threshold", 0.5)),
                tuple(str(v) for v in vetoes),
            )
        except ModelError:
            raise
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise ModelError(f"{path}: not a confidence model ({error})") from error


def sigmoid(z: float) -> float:
    """The logistic function, without overflow for large ``|z|``."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


@cache
def default_model() -> ConfidenceModel:
    """The shipped model (read once)."""
    return ConfidenceModel.load(DEFAULT_MODEL)


def decision_figures(ranked: Sequence[Scored], lead: float, information: float) -> list[float]:
    """The model's input for a ranking (best first): ``lead`` is the top score minus the best
    score of an entry that is not the top one's twin, ``information`` the question's idf sum.

    Scaled to about 0..1 so that one regularisation suits every weight.
    """
    top = ranked[0]
    crowd = sum(1 for s in ranked[1:] if top.score - s.score < CROWD_WINDOW)
    return [
        top.score / 100.0,
        lead / 100.0,
        information / 10.0,
        crowd / 5.0,
        *top.features,
    ]
