"""The knowledge loader: shipped files load; bad files get messages a maintainer can act on."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from bot.engine import KnowledgeError, KnowledgeNotFoundError, default_knowledge_dir, load_knowledge
from bot.engine.loader import load_knowledge_files

GOOD_ENTRY = """\
  - id: {id}
    kind: fact
    topic: testing
    answer: Salyut 1 was the first space station.
    questions:
      - What was the first space station?
      - Which station came first?
      - First space station ever?
    aliases: [Salyut 1]
    sources:
      - title: A page
        url: "https://example.org/salyut"
        published: "2020-01-02"
"""


def write(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def errors_of(path: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(path)
    return [str(issue).replace(str(path.parent) + "/", "") for issue in caught.value.issues]


def test_shipped_knowledge_loads_with_at_least_150_entries_and_25_records() -> None:
    knowledge = load_knowledge(default_knowledge_dir())
    assert len(knowledge.entries) >= 150
    assert sum(1 for e in knowledge.entries if e.record) >= 25


def test_every_shipped_entry_is_cited_and_askable() -> None:
    for entry in load_knowledge(default_knowledge_dir()).entries:
        assert len(entry.questions) >= 3, entry.id
        assert entry.sources, entry.id
        assert all(s.url.startswith(("http://", "https://")) for s in entry.sources), entry.id
        if entry.record:
            assert entry.as_of, f"{entry.id}: a record must say when it was true"


def test_a_valid_file_loads(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", "entries:\n" + GOOD_ENTRY.format(id="stn-one"))
    (entry,) = load_knowledge(path).entries
    assert entry.id == "stn-one"
    assert entry.sources[0].published == "2020-01-02"
    assert entry.line == 2


def test_bad_url_is_reported_with_file_line_id_and_field(tmp_path: Path) -> None:
    body = "entries:\n" + GOOD_ENTRY.format(id="stn-one").replace(
        "https://example.org/salyut", "ftp://x"
    )
    path = write(tmp_path, "bad.yaml", body)
    assert errors_of(path) == [
        "bad.yaml:13 (stn-one): sources[0].url: 'ftp://x' is not an http(s) URL"
    ]


def test_impossible_date_is_reported(tmp_path: Path) -> None:
    body = "entries:\n" + GOOD_ENTRY.format(id="stn-one").replace("2020-01-02", "2016-02-30")
    path = write(tmp_path, "bad.yaml", body)
    (message,) = errors_of(path)
    assert message.startswith(
        "bad.yaml:14 (stn-one): sources[0].published: '2016-02-30' is not a real"
    )


def test_unknown_key_and_missing_field_are_both_reported(tmp_path: Path) -> None:
    body = "entries:\n" + GOOD_ENTRY.format(id="stn-one").replace("    answer:", "    anwser:")
    path = write(tmp_path, "bad.yaml", body)
    assert sorted(errors_of(path)) == sorted(
        [
            "bad.yaml:2 (stn-one): answer: is required but missing",
            "bad.yaml:5 (stn-one): anwser: unknown key (check the spelling; see "
            "knowledge/README.md for the allowed keys)",
        ]
    )


def test_too_few_questions(tmp_path: Path) -> None:
    body = "entries:\n" + GOOD_ENTRY.format(id="stn-one").replace(
        "      - Which station came first?\n      - First space station ever?\n", ""
    )
    path = write(tmp_path, "bad.yaml", body)
    assert errors_of(path) == ["bad.yaml:7 (stn-one): questions: needs at least 3 items"]


def test_empty_question_text(tmp_path: Path) -> None:
    body = "entries:\n" + GOOD_ENTRY.format(id="stn-one").replace(
        "First space station ever?", "'  '"
    )
    path = write(tmp_path, "bad.yaml", body)
    assert errors_of(path) == ["bad.yaml:9 (stn-one): questions[2]: must not be empty"]


def test_duplicate_ids_across_files_name_both_places(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "entries:\n" + GOOD_ENTRY.format(id="stn-one"))
    write(tmp_path, "b.yaml", "entries:\n" + GOOD_ENTRY.format(id="stn-one"))
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(tmp_path)
    (issue,) = caught.value.issues
    assert issue.path.name == "b.yaml" and issue.line == 2 and issue.field == "id"
    assert "duplicate id, first used at" in issue.message and "a.yaml:2" in issue.message


def test_record_needs_its_structured_fields(tmp_path: Path) -> None:
    body = "entries:\n" + GOOD_ENTRY.format(id="rec-one").replace("kind: fact", "kind: record")
    path = write(tmp_path, "bad.yaml", body)
    (message,) = errors_of(path)
    assert message == "bad.yaml:2 (rec-one): a record needs record, holder, value, unit, set"


def test_fact_must_not_carry_record_fields(tmp_path: Path) -> None:
    body = "entries:\n" + GOOD_ENTRY.format(id="stn-one") + "    holder: Somebody\n"
    path = write(tmp_path, "bad.yaml", body)
    (message,) = errors_of(path)
    assert "holder only belong on kind: record" in message


def test_ids_must_be_kebab_case(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.yaml", "entries:\n" + GOOD_ENTRY.format(id="Stn_One"))
    (message,) = errors_of(path)
    assert (
        message == "bad.yaml:2 (Stn_One): id: 'Stn_One' must be kebab-case "
        "(lowercase letters, digits, hyphens)"
    )


def _with_quiz(items: str) -> str:
    return "entries:\n" + GOOD_ENTRY.format(id="stn-one") + "    quiz:\n" + items


def test_an_authored_quiz_item_loads(tmp_path: Path) -> None:
    items = (
        '      - prompt: "Which was the first space station?"\n'
        '        answer: "Salyut 1"\n'
        "        difficulty: easy\n"
    )
    (entry,) = load_knowledge(write(tmp_path, "a.yaml", _with_quiz(items))).entries
    assert [(q.prompt, q.answer, q.difficulty) for q in entry.quiz] == [
        ("Which was the first space station?", "Salyut 1", "easy")
    ]


def test_a_quiz_answer_its_entry_does_not_state_is_an_error(tmp_path: Path) -> None:
    items = '      - prompt: "Which was the first space station?"\n        answer: "Skylab"\n'
    path = write(tmp_path, "bad.yaml", _with_quiz(items))
    assert errors_of(path) == [
        "bad.yaml:17 (stn-one): quiz[0].answer: 'Skylab' is not what the entry states (skylab: "
        "not in its answer or fields); a quiz answer must be stated by its entry"
    ]


def test_a_quiz_prompt_is_a_question_with_three_distractors_or_none(tmp_path: Path) -> None:
    items = (
        '      - prompt: "Which station came first"\n'
        '        answer: "Salyut 1"\n'
        '      - prompt: "Which station came first?"\n'
        '        answer: "Salyut 1"\n'
        '        distractors: ["Mir", "Skylab"]\n'
    )
    assert errors_of(write(tmp_path, "bad.yaml", _with_quiz(items))) == [
        "bad.yaml:16 (stn-one): quiz[0]: a quiz prompt is a question: end it with '?'",
        "bad.yaml:18 (stn-one): quiz[1]: give exactly 3 distractors, or none",
    ]


def test_quiz_items_never_give_the_answer_away_or_offer_it_twice(tmp_path: Path) -> None:
    items = (
        '      - prompt: "Salyut 1 was the first station, right?"\n'
        '        answer: "Salyut 1"\n'
        '        distractors: ["Skylab", "skylab", "Salyut 1"]\n'
        '      - prompt: "Which was the first?"\n'
        '        answer: "Salyut 1"\n'
        '        distractors: ["Mir", "Skylab", "the first space station"]\n'
    )
    assert errors_of(write(tmp_path, "bad.yaml", _with_quiz(items))) == [
        "bad.yaml:16 (stn-one): quiz[0].prompt: gives the answer away ('Salyut 1')",
        "bad.yaml:18 (stn-one): quiz[0].distractors: repeat each other or the answer",
        "bad.yaml:21 (stn-one): quiz[1].distractors: 'the first space station' is stated by "
        "the entry, so it may be a right answer too",
    ]


def test_broken_yaml_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.yaml", "entries:\n  - id: x\n    answer: [unclosed\n")
    (message,) = errors_of(path)
    assert message.startswith("bad.yaml:") and "invalid YAML" in message


def test_a_key_written_twice_is_an_error(tmp_path: Path) -> None:
    body = "entries:\n" + GOOD_ENTRY.format(id="stn-one") + "    topic: again\n"
    path = write(tmp_path, "bad.yaml", body)
    assert errors_of(path) == ["bad.yaml:15: topic: key appears twice"]


def test_every_problem_in_every_file_is_listed_at_once(tmp_path: Path) -> None:
    write(
        tmp_path,
        "a.yaml",
        "entries:\n" + GOOD_ENTRY.format(id="stn-one").replace("https://", "x://"),
    )
    write(
        tmp_path,
        "b.yaml",
        "entries:\n" + GOOD_ENTRY.format(id="stn-two").replace("kind: fact", "kind: rumour"),
    )
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(tmp_path)
    assert {i.path.name for i in caught.value.issues} == {"a.yaml", "b.yaml"}


def test_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeNotFoundError, match="does not exist"):
        load_knowledge(tmp_path / "nope")
    with pytest.raises(KnowledgeNotFoundError, match=r"no \.yaml files"):
        load_knowledge(tmp_path)


def test_a_knowledge_base_with_no_entry_is_an_error(tmp_path: Path) -> None:
    # it would load, and the bot would then refuse every question without saying why
    write(tmp_path, "a.yaml", "entries: []\n")
    write(tmp_path, "b.yaml", "entries: []\n")
    with pytest.raises(KnowledgeError, match="no entries in 2 files"):
        load_knowledge(tmp_path)
    with pytest.raises(KnowledgeError, match=r"a\.yaml: entries: no entries in 1 file:"):
        load_knowledge(tmp_path / "a.yaml")
    with pytest.raises(KnowledgeNotFoundError, match="no knowledge files"):
        load_knowledge_files([])
