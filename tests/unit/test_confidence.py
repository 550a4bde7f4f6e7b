"""The confidence model: when the engine answers a question asked on its own; how it is fitted."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.engine.confidence import (
    DECISION_FEATURES,
    VETOES,
    ConfidenceModel,
    ModelError,
    default_model,
)
from bot.measure.training import Example, cross_validate, decide, fit

WIDTH = len(DECISION_FEATURES)
VETOED = [DECISION_FEATURES.index(name) for name in VETOES]


def _figures(*first: float, rest: float = 0.5) -> list[float]:
    """Figures starting with ``first`` (score, lead...), the others ``rest``, the vetoes 0."""
    figures = [*first, *[rest] * (WIDTH - len(first))]
    for k in VETOED:
        figures[k] = 0.0
    return figures


def _cases(n: int = 400, seed: int = 1) -> list[Example]:
    """Top entries are right when the first figure (the score) is high and the second (the
    lead) is not tiny, with some noise; wrong ones are questions that must be refused."""
    rng = random.Random(seed)
    cases = []
    for _ in range(n):
        figures = [rng.random() for _ in range(WIDTH)]
        for k in VETOED:  # mostly 0 in real rankings; the tests below set them
            figures[k] = 0.0
        right = figures[0] + 0.5 * figures[1] + rng.gauss(0, 0.1) > 0.9
        cases.append(Example(tuple(figures), right, must_refuse=not right))
    return cases


def _never(engine: Engine) -> Engine:
    return Engine(engine.knowledge, confidence=ConfidenceModel((0.0,) * WIDTH, -50.0))


def _always(engine: Engine) -> Engine:
    return Engine(engine.knowledge, confidence=ConfidenceModel((0.0,) * WIDTH, 50.0))


def test_the_engine_answers_a_plain_question_only_when_the_model_is_confident(
    engine: Engine,
) -> None:
    question = "when did scott kelly land"
    answer = engine.ask(question)
    assert answer.fact_id == "oym-landing-date"
    assert answer.confidence is not None and answer.confidence >= engine.confidence.threshold
    vague = engine.ask("the mission")
    assert vague.confidence is not None and vague.confidence < engine.confidence.threshold
    refused = _never(engine).ask(question)
    assert not refused.answered and refused.suggestions  # refusing still offers questions
    assert _always(engine).ask("the mission").answered  # vague: answered only by force
    assert not engine.ask("the mission").answered


def test_a_follow_up_is_still_read_with_the_previous_answer(engine: Engine) -> None:
    follow = _never(engine).ask("what rocket was it?", context="oym-launch-date")
    assert follow.used_context and follow.fact_id == "oym-launch-vehicle"


def test_the_shipped_model_reads_every_figure_and_tells_right_from_wrong(engine: Engine) -> None:
    model = default_model()
    assert len(model.weights) == WIDTH and 0 < model.threshold < 1
    _, sure = engine.assess("How long was Scott Kelly's mission?")
    _, vague = engine.assess("what about the station")
    assert sure is not None and vague is not None
    assert model.probability(sure) > 0.9 > 0.1 > model.probability(vague)


def test_fit_learns_the_rule_behind_the_examples() -> None:
    cases = _cases()
    model = fit(cases)
    decided = decide(model, cases)
    assert decided.accuracy > 0.9
    high, low = _figures(0.95, 0.5), _figures(0.2, 0.0)
    assert model.confident(high) and not model.confident(low)
    assert model.weights[0] > 0 and model.weights[1] > 0  # score and lead both count for it


def test_a_veto_refuses_whatever_the_other_figures_say() -> None:
    model = fit(_cases())
    assert model.vetoes == VETOES
    high = _figures(0.95, 0.5)
    assert model.confident(high)
    for k in VETOED:
        vetoed = list(high)
        vetoed[k] = 1.0
        assert not model.confident(vetoed) and model.probability(vetoed) == 0.0
    assert fit(_cases(), vetoes=()).vetoes == ()


def test_the_engine_does_not_answer_what_the_entry_never_says(engine: Engine) -> None:
    # Polyakov's record entry matches every word but "old": it never gives an age
    assert not engine.ask("How old was Valeri Polyakov when he came home from Mir?").answered
    # MS-22's leak is Rubio's extension, which names no commander and asks no "who"
    assert not engine.ask("who commanded Soyuz MS-22 when the coolant leaked?").answered
    assert engine.ask("why was Frank Rubio's stay doubled?").fact_id == "rec-rubio-extension"


def test_cross_validation_measures_on_questions_the_fit_never_saw() -> None:
    cases = _cases()
    checked = cross_validate(cases, folds=5)
    assert checked.total == len(cases)
    assert 0.85 < checked.accuracy <= decide(fit(cases), cases).accuracy + 0.05
    with pytest.raises(ValueError, match="2 folds"):
        cross_validate(cases, folds=1)


def test_fit_refuses_examples_that_cannot_teach_it() -> None:
    with pytest.raises(ValueError, match="no examples"):
        fit([])
    all_right = [Example((0.5,) * WIDTH, True, False)] * 10
    with pytest.raises(ValueError, match="both right and wrong"):
        fit(all_right)


def test_model_file_round_trip_and_clear_errors(tmp_path: Path) -> None:
    model = fit(_cases())
    path = tmp_path / "model.json"
    path.write_text(model.to_json("a note"))
    loaded = ConfidenceModel.load(path)
    assert loaded.threshold == model.threshold
    assert loaded.weights == pytest.approx(model.weights, abs=1e-5)
    assert loaded.vetoes == model.vetoes == VETOES
    data = json.loads(path.read_text())
    assert list(data["weights"]) == list(DECISION_FEATURES)  # named, for people to read

    path.write_text(json.dumps({**data, "vetoes": ["lead", "charm"]}))
    with pytest.raises(ModelError, match="vetoes must be"):
        ConfidenceModel.load(path)
    del data["weights"]["lead"]
    path.write_text(json.dumps(data))
    with pytest.raises(ModelError, match="stationbot train"):
        ConfidenceModel.load(path)
    path.write_text("not json")
    with pytest.raises(ModelError, match=r"model\.json: not a confidence model"):
        ConfidenceModel.load(path)
    with pytest.raises(ModelError, match=r"missing\.json"):
        ConfidenceModel.load(tmp_path / "missing.json")


def test_the_probability_never_overflows() -> None:
    model = ConfidenceModel((1000.0,) * WIDTH, 0.0)
    assert model.probability([1.0] * WIDTH) == 1.0
    assert model.probability([-1.0] * WIDTH) == 0.0
