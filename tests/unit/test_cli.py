"""The command line contract other tools rely on."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bot.cli import main
from bot.engine import default_knowledge_dir

ANSWER_KEYS = {
    "question",
    "answered",
    "answer",
    "fact_id",
    "score",
    "citations",
    "suggestions",
    "subjects",
}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_ask_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "ask", "--json", "what was the first space station")
    assert code == 0
    data = json.loads(out)
    assert set(data) == ANSWER_KEYS
    assert data["answered"] is True and data["fact_id"] == "stn-salyut-1"
    assert isinstance(data["answer"], str) and 0 <= data["score"] <= 100
    assert data["citations"]
    assert set(data["citations"][0]) == {"title", "url", "published", "trusted"}
    assert "salyut-1" in data["subjects"]


def test_ask_json_reads_stdin_one_object_per_line_in_order(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = ["what was the first space station", "", "asdf qwer zxcv", "who won the world cup"]
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(lines) + "\n"))
    code, out, _ = run(capsys, "ask", "--json")
    assert code == 0
    objects = [json.loads(line) for line in out.splitlines()]
    assert [o["question"] for o in objects] == lines
    assert [o["answered"] for o in objects] == [True, False, False, False]
    for o in objects[1:]:
        assert o["answer"] is None and o["fact_id"] is None and o["citations"] == []
        assert o["subjects"] == []


def test_ask_text_shows_answer_sources_and_refusal(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "ask", "what was the first space station")
    assert "Salyut 1" in out and "Sources:" in out and "http" in out
    _, out, _ = run(capsys, "ask", "who won the world cup")
    assert "not sure" in out
    _, out, _ = run(capsys, "ask", "do you think the shuttle was worth it?")
    assert "opinion" in out and "Did you mean" in out
    _, out, _ = run(capsys, "ask", "when was zarya launched")  # titles read as they are
    assert "label:" not in out


def test_ask_text_names_the_subjects_a_fact_is_about_but_not_an_overview(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = run(capsys, "ask", "how long was the one year mission?")
    assert "[oym-duration" in out, "precondition: a fact"
    assert "About: One-year mission, Scott Kelly, Mikhail Kornienko" in out.splitlines()
    _, out, _ = run(capsys, "ask", "what was mir?")
    assert "[mir," in out and "About:" not in out


def test_check_passes_on_shipped_knowledge(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check")
    assert code == 0 and out.startswith("ok: ") and len(out.splitlines()) == 1


def test_check_lists_every_error_and_exits_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "bad.yaml").write_text(
        textwrap.dedent(
            """\
            entries:
              - id: Bad Id
                kind: fact
                topic: t
                answer: x
                questions: [a]
                sources: []
            """
        )
    )
    code, out, err = run(capsys, "check", str(tmp_path))
    assert code == 1 and out == ""
    assert "bad.yaml:2 (Bad Id): id:" in err
    assert "questions: needs at least 3 items" in err
    assert "sources: needs at least 1 item" in err


def test_knowledge_option_and_environment_point_elsewhere(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one = tmp_path / "k"
    one.mkdir()
    source = (default_knowledge_dir() / "stations.yaml").read_text()
    (one / "stations.yaml").write_text(source)
    code, out, _ = run(capsys, "check", "--knowledge", str(one))
    assert code == 0 and "in 1 files" in out
    monkeypatch.setenv("STATIONBOT_KNOWLEDGE", str(one))
    code, out, _ = run(capsys, "facts", "--json")
    ids = {e["id"] for e in json.loads(out)}
    assert ids and all(i.startswith("stn-") for i in ids)


def test_missing_knowledge_dir_is_one_clear_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "ask", "--knowledge", str(tmp_path / "nope"), "hello")
    assert code == 2 and "does not exist" in err and "Traceback" not in err


def test_facts_json_has_record_fields(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "facts", "--json")
    entries = json.loads(out)
    assert code == 0 and len(entries) >= 150
    record = next(e for e in entries if e["kind"] == "record")
    for key in (
        "id",
        "kind",
        "topic",
        "questions",
        "aliases",
        "answer",
        "sources",
        "record",
        "holder",
        "value",
        "unit",
        "set",
        "previous",
    ):
        assert key in record


def test_eval_reports_accuracy_by_category_and_misses(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    questions = tmp_path / "q.jsonl"
    questions.write_text(
        '{"q": "what was the first space station", "expect": ["stn-salyut-1"], "category": "p"}\n'
        '{"q": "who won the world cup", "expect": [], "category": "ood"}\n'
        '{"q": "what was the first space station", "expect": ["oym-landing"], "category": "p"}\n'
    )
    code, out, _ = run(capsys, "eval", "--json", str(questions))
    report = json.loads(out)
    assert code == 0
    assert report["total"] == 3 and report["accuracy"] == pytest.approx(2 / 3, abs=1e-3)
    assert report["by_category"]["ood"]["accuracy"] == 1.0
    assert [m["expect"] for m in report["misses"]] == [["oym-landing"]]
    code, _, _ = run(capsys, "eval", "--min-accuracy", "0.9", str(questions))
    assert code == 1


def test_eval_typos_mistypes_the_knowledge_questions_by_kind_of_edit(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "eval", "--typos", "--json")
    report = json.loads(out)
    assert code == 0 and report["total"] > 500
    assert set(report["by_category"]) == {
        "typo: added", "typo: changed", "typo: left out", "typo: swapped"
    }  # fmt: skip
    code, _, err = run(capsys, "eval", "--typos", str(tmp_path / "q.jsonl"))
    assert code == 2 and "--typos" in err


def test_eval_after_answer_asks_each_new_question_right_after_the_previous_answer(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    questions = tmp_path / "q.jsonl"
    questions.write_text(
        '{"q": "what was the first space station", "expect": ["stn-salyut-1"]}\n'
        '{"q": "and when did it launch?", "expect": ["stn-salyut-1"], "context": "stn-salyut-1"}\n'
        '{"q": "hi bot", "expect": [], "category": "chat"}\n'
        '{"q": "how long was the one-year mission", "expect": ["oym-duration"], "category": "p"}\n'
    )
    code, out, _ = run(capsys, "eval", "--after-answer", "--json", str(questions))
    report = json.loads(out)
    # the first question has no answer before it; a follow-up with its own context is left out
    assert code == 0 and report["total"] == 2 and report["accuracy"] == 1.0
    assert set(report["by_category"]) == {"chat", "p"}
    code, _, err = run(capsys, "eval", "--typos", "--after-answer")
    assert code == 2 and "--after-answer" in err


def test_eval_rejects_a_malformed_question_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "q.jsonl"
    bad.write_text('{"q": "fine", "expect": []}\nnot json\n')
    code, _, err = run(capsys, "eval", str(bad))
    assert code == 2 and "q.jsonl:2" in err


def test_schema_is_a_json_schema_of_entries(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "schema.json"
    code, _, _ = run(capsys, "schema", "-o", str(target))
    schema = json.loads(target.read_text())
    assert code == 0 and "entries" in schema["properties"]
    assert "EntryDoc" in json.dumps(schema)


def test_gaps_lists_weak_entries(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "gaps")
    assert code == 0 and re.search(r"^\d+ gap\(s\) in \d+ entries$", out, re.MULTILINE)


def test_ask_and_cli_never_import_discord() -> None:
    code = (
        "import sys, bot.cli, bot.engine; "
        "from bot.cli import main; main(['ask', '--json', 'what was the first space station']); "
        "assert 'discord' not in sys.modules, 'discord was imported'"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["answered"] is True


def test_train_measures_fairly_and_writes_a_model_the_engine_reads(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from bot.engine import Engine
    from bot.engine.confidence import ConfidenceModel

    golden = Path(__file__).resolve().parent.parent / "golden"
    files = [str(golden / f"{name}.jsonl") for name in ("iss", "records", "one-year-mission")]
    out_file = tmp_path / "model.json"
    code, out, _ = run(capsys, "train", "-o", str(out_file), *files)
    assert code == 0
    assert "cross-validated (5 folds):" in out and "decided right" in out
    assert f"wrote {out_file}" in out
    model = ConfidenceModel.load(out_file)
    engine = Engine.from_path(confidence=model)
    assert engine.ask("How long was Scott Kelly's mission?").answered
    assert not engine.ask("who won the world cup").answered

    code, out, _ = run(capsys, "train", "--dry-run", "--folds", "3", files[0])
    assert code == 0 and "cross-validated (3 folds)" in out and "wrote" not in out

    nowhere = tmp_path / "no-such-dir" / "model.json"
    code, _, err = run(capsys, "train", "-o", str(nowhere), files[0])
    assert code == 2 and f"cannot write {nowhere}" in err


def test_train_on_questions_that_cannot_teach_is_one_clear_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    questions = tmp_path / "q.jsonl"
    questions.write_text('{"q": "who won the world cup", "expect": []}\n')
    code, _, err = run(capsys, "train", "-o", str(tmp_path / "m.json"), str(questions))
    assert code == 2 and "cannot fit a model" in err and "right and wrong" in err
    assert not (tmp_path / "m.json").exists()
    follow_ups = tmp_path / "f.jsonl"  # every question leans on a previous answer
    follow_ups.write_text('{"q": "when did it launch?", "context": "iss-zvezda", "expect": []}\n')
    code, _, err = run(capsys, "train", "--dry-run", str(follow_ups))
    assert code == 2 and "no question asked without context" in err


def test_quiz_prints_questions_with_their_choices(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "quiz", "--seed", "3", "--count", "3", "--difficulty", "hard", "--json"
    )
    assert code == 0
    questions = [json.loads(line) for line in out.splitlines()]
    assert len(questions) == 3 and {q["difficulty"] for q in questions} == {"hard"}
    for question in questions:
        assert question["choices"][question["correct"]] == question["answer"]
        assert len(set(question["choices"])) == 4 and question["prompt"].endswith("?")
    assert (
        run(capsys, "quiz", "--seed", "3", "--count", "3", "--difficulty", "hard", "--json")[1]
        == out
    )
    code, text, _ = run(capsys, "quiz", "--seed", "3", "--count", "2", "--subject", "Mir")
    assert code == 0 and text.startswith("1. ") and text.count("   * ") == 2


def test_quiz_counts_and_bad_choices(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "quiz", "--counts", "--json")
    counts = json.loads(out)
    assert code == 0 and counts["playable"] >= 400 and min(counts["topic"].values()) >= 40
    code, _, err = run(capsys, "quiz", "--topic", "cooking")
    assert code == 2 and "no quiz topic 'cooking'" in err
    code, _, err = run(capsys, "quiz", "--subject", "Hubble")
    assert code == 2 and "no quiz questions about 'Hubble'" in err
