"""Subjects: the knowledge says what its stations, vehicles and people are, and which facts are
about each; the check holds the links together with messages a maintainer can act on."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from bot.engine import Engine, KnowledgeError, load_knowledge
from bot.engine.subjects import NAMED_WITHOUT_SUBJECT, Subjects, named_without_subject

SUBJECT = """\
  - id: {id}
    kind: subject
    type: station
    topic: stations
    name: {name}
    answer: {name} was a space station; this is its overview.
    numbers:
      - label: Launched
        value: 20 February 1986
    questions:
      - What was {name}?
      - Tell me about {name}
      - {name}
    aliases: [{name} space station]
    sources:
      - title: A page
        url: "https://example.org/{id}"
        published: "2020-01-02"
"""

FACT = """\
  - id: {id}
    kind: fact
    topic: stations
    subjects: [{subjects}]
    answer: {answer}
    questions:
      - When did it happen?
      - What happened then?
      - That thing?
    sources:
      - title: A page
        url: "https://example.org/{id}"
        published: "2020-01-02"
"""


def write(tmp_path: Path, *entries: str) -> Path:
    path = tmp_path / "k.yaml"
    path.write_text("entries:\n" + textwrap.dedent("".join(entries)), encoding="utf-8")
    return path


def errors_of(path: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(path)
    return [str(issue).replace(str(path.parent) + "/", "") for issue in caught.value.issues]


def fact(entry_id: str, subjects: str, answer: str = "Something happened in 1990.") -> str:
    return FACT.format(id=entry_id, subjects=subjects, answer=answer)


def test_a_subject_and_the_facts_about_it_load(tmp_path: Path) -> None:
    path = write(tmp_path, SUBJECT.format(id="mir", name="Mir"), fact("stn-mir-fall", "mir"))
    subject, about = load_knowledge(path).entries
    assert subject.kind == "subject" and subject.subject is not None
    assert (subject.subject.name, subject.subject.type) == ("Mir", "station")
    assert [(n.label, n.value) for n in subject.subject.numbers] == [
        ("Launched", "20 February 1986")
    ]
    assert about.subjects == ("mir",)
    assert subject.to_dict()["name"] == "Mir" and about.to_dict()["subjects"] == ["mir"]


def test_a_subject_needs_a_name_and_a_type(tmp_path: Path) -> None:
    body = SUBJECT.format(id="mir", name="Mir").replace("    type: station\n", "")
    path = write(tmp_path, body, fact("stn-mir-fall", "mir"))
    assert errors_of(path) == ["k.yaml:2 (mir): a subject needs type"]


def test_an_unknown_type_names_the_types_allowed(tmp_path: Path) -> None:
    body = SUBJECT.format(id="mir", name="Mir").replace("type: station", "type: planet")
    (message,) = errors_of(write(tmp_path, body, fact("stn-mir-fall", "mir")))
    assert message.startswith("k.yaml:4 (mir): type: 'planet' is not one of 'station', 'module'")


def test_subject_fields_belong_on_subjects_only(tmp_path: Path) -> None:
    body = fact("stn-mir-fall", "mir").replace("    subjects:", "    name: Mir\n    subjects:")
    path = write(tmp_path, SUBJECT.format(id="mir", name="Mir"), body)
    assert errors_of(path) == [
        "k.yaml:20 (stn-mir-fall): name only belong on kind: subject (this is kind: fact)",
        "k.yaml:2 (mir): id: no fact or record is about this subject: add its id to the "
        "subjects of the entries about it",
    ]


def test_an_unknown_subject_is_reported_with_the_closest_id(tmp_path: Path) -> None:
    path = write(tmp_path, SUBJECT.format(id="mir", name="Mir"), fact("stn-mir-fall", "mirr, mir"))
    assert errors_of(path) == [
        "k.yaml:20 (stn-mir-fall): subjects: unknown subject 'mirr' (did you mean 'mir'?): list "
        "subject ids (`stationbot subjects`), or add the subject"
    ]


def test_a_fact_about_no_subject_is_reported_once_the_knowledge_has_subjects(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path,
        SUBJECT.format(id="mir", name="Mir"),
        fact("stn-mir-fall", "mir"),
        fact("stn-other", "").replace("    subjects: []\n", ""),
    )
    assert errors_of(path) == [
        "k.yaml:33 (stn-other): subjects: names no subject: list the ids of the subjects it is "
        "about"
    ]
    # a knowledge base of facts alone, without any subject, needs no links
    plain = write(tmp_path, fact("stn-other", "").replace("    subjects: []\n", ""))
    assert len(load_knowledge(plain).entries) == 1


def test_a_subject_nothing_is_about_is_reported(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        SUBJECT.format(id="mir", name="Mir"),
        SUBJECT.format(id="skylab", name="Skylab"),
        fact("stn-mir-fall", "mir"),
    )
    assert errors_of(path) == [
        "k.yaml:20 (skylab): id: no fact or record is about this subject: add its id to the "
        "subjects of the entries about it"
    ]


def test_a_name_belongs_to_one_subject(tmp_path: Path) -> None:
    second = SUBJECT.format(id="mir-2", name="Mir 2").replace("[Mir 2 space station]", "[MIR]")
    path = write(
        tmp_path, SUBJECT.format(id="mir", name="Mir"), second, fact("stn-mir-fall", "mir, mir-2")
    )
    assert errors_of(path) == [
        "k.yaml:20 (mir-2): aliases: 'MIR' also names subject 'mir': a name belongs to one subject"
    ]


def test_a_person_named_in_several_entries_needs_a_subject(tmp_path: Path) -> None:
    named = [
        fact(f"stn-kopra-{n}", "mir", f"On Mir, Tim Kopra did thing number {n}.")
        for n in range(NAMED_WITHOUT_SUBJECT)
    ]
    path = write(tmp_path, SUBJECT.format(id="mir", name="Mir"), *named)
    assert errors_of(path) == [
        "k.yaml:20 (stn-kopra-0): subjects: 'Tim Kopra' is named in 3 entries (stn-kopra-0, "
        "stn-kopra-1, stn-kopra-2) but has no subject: add one (kind: subject) with it as its "
        "name or an alias"
    ]
    # named in fewer entries, or covered by a subject's alias, he needs none
    assert load_knowledge(write(tmp_path, SUBJECT.format(id="mir", name="Mir"), *named[:-1]))
    kopra = SUBJECT.format(id="tim-kopra", name="Tim Kopra").replace("station", "person")
    linked = [n.replace("subjects: [mir]", "subjects: [mir, tim-kopra]") for n in named]
    assert load_knowledge(write(tmp_path, SUBJECT.format(id="mir", name="Mir"), kopra, *linked))


def test_a_craft_named_in_several_entries_needs_a_subject(tmp_path: Path) -> None:
    named = [
        fact("stn-a", "mir", "The Kvant module docked with Mir in 1987."),
        fact("stn-b", "mir", "Kvant carried telescopes."),
        fact("stn-c", "mir", "Cosmonauts reached Kvant through a hatch."),
    ]
    (message,) = errors_of(write(tmp_path, SUBJECT.format(id="mir", name="Mir"), *named))
    assert "'Kvant' is named in 3 entries (stn-a, stn-b, stn-c) but has no subject" in message


def test_dates_and_the_first_words_of_sentences_are_not_craft(tmp_path: Path) -> None:
    named = [
        fact(f"stn-{n}", "mir", f"In March 2016 the Mir station had crew {n}. Before Oleg left.")
        for n in range(4)
    ]
    assert load_knowledge(write(tmp_path, SUBJECT.format(id="mir", name="Mir"), *named))


# -- the shipped subjects -------------------------------------------------------------------


def test_the_shipped_knowledge_covers_50_to_80_subjects_of_every_type(engine: Engine) -> None:
    subjects = engine.subjects
    assert 50 <= len(subjects) <= 85
    types = {s.subject.type for s in subjects.all if s.subject}
    assert types == {"station", "module", "vehicle", "person", "mission"}


def test_every_person_and_craft_the_shipped_knowledge_names_twice_has_a_subject(
    engine: Engine,
) -> None:
    uncovered = named_without_subject(engine.entries, engine.subjects.all, at_least=2)
    assert [issue.message for issue in uncovered] == []


def test_every_shipped_fact_and_record_names_its_subjects(engine: Engine) -> None:
    for entry in engine.entries:
        if entry.subject is None:
            assert entry.subjects, entry.id
        else:
            assert engine.subjects.about(entry.id), entry.id
            assert entry.sources and len(entry.answer) <= 1000, entry.id


def test_subjects_are_found_by_id_name_alias_and_typo(engine: Engine) -> None:
    subjects = engine.subjects
    assert subjects.find("mir") is subjects.get("mir")
    found = [subjects.find(t) for t in ("Mir", "International Space Station", "the ISS")]
    assert [s.id if s else None for s in found] == ["mir", "iss", "iss"]
    typo = subjects.find("peggy whitsn")
    assert typo is not None and typo.id == "peggy-whitson"
    assert subjects.find("Neil Armstrong") is None
    assert subjects.find("") is None


def test_autocomplete_offers_at_most_25_subjects_best_first(engine: Engine) -> None:
    subjects = engine.subjects
    assert len(subjects.search("")) == 25
    assert len(subjects.search("", limit=500)) == 25
    assert subjects.search("tiang")[0].id.startswith("tiangong")
    assert subjects.search("zzzzqqq") == []


def test_a_subjects_entries_list_its_records_first(engine: Engine) -> None:
    about = engine.subjects.about("mir")
    kinds = [e.record is not None for e in about]
    assert kinds == sorted(kinds, reverse=True) and any(kinds)
    assert "stn-mir" in {e.id for e in about}
    assert engine.subjects.of(engine.get("stn-mir") or about[0])[0].id == "mir"


def test_a_subject_index_without_subjects_is_empty() -> None:
    subjects = Subjects(())
    assert len(subjects) == 0 and subjects.find("mir") is None and subjects.search("") == []


# -- answering ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("what is the iss", "iss"),
        ("what was skylab", "skylab"),
        ("skylab", "skylab"),
        ("tell me about mir", "mir"),
        ("mir?", "mir"),
        ("what is tiangong", "tiangong"),
        ("what is a soyuz", "soyuz"),
        ("what is dragon", "dragon"),
        ("tell me about the one year mission", "one-year-mission"),
        ("who is scott kelly", "scott-kelly"),
        ("who is peggy whitson", "peggy-whitson"),
        ("who is pegy whitsen", "peggy-whitson"),
        ("yo whats the deal with zarya", "zarya"),
        ("give me an overview of the cupola", "cupola"),
        ("frank rubio nasa", "frank-rubio"),
        ("the russian zvezda module", "zvezda"),
    ],
)
def test_what_or_who_something_is_gets_its_overview(
    engine: Engine, question: str, subject: str
) -> None:
    answer = engine.ask(question)
    assert answer.fact_id == subject, answer


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        ("when did mir come down?", "stn-mir"),
        ("when was skylab launched", "stn-skylab"),
        ("how heavy is the iss", "iss-mass"),
        ("how long was scott kelly's mission", "oym-duration"),
    ],
)
def test_a_specific_question_about_a_subject_still_gets_its_fact(
    engine: Engine, question: str, entry_id: str
) -> None:
    assert engine.ask(question).fact_id == entry_id


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("who was yuri gagarin? my daughter wants to know", "yuri-gagarin"),
        ("what was skylab. my teacher mentioned it", "skylab"),
        # a clause that describes what the question names
        ("what was the space shuttle that looked like a plane?", "space-shuttle"),
        ("what is the dragon spaceship from spacex that carries astronauts?", "dragon"),
    ],
)
def test_an_overview_asked_beside_words_that_ask_nothing_is_answered(
    engine: Engine, question: str, subject: str
) -> None:
    assert engine.ask(question).fact_id == subject


@pytest.mark.parametrize(
    "question",
    [
        "tell me about tiangong, how high does it orbit?",  # no entry says how high
        "who was yuri gagarin? how old was he when he died",  # nor how old he was
    ],
)
def test_no_overview_when_another_part_asks_its_own_question(engine: Engine, question: str) -> None:
    overview_part = question.split(",")[0].split("?")[0]
    assert engine.ask(overview_part).answered  # alone, the part gets its overview
    assert not engine.ask(question).answered


def test_a_follow_up_leans_on_the_subject_just_shown(engine: Engine) -> None:
    assert engine.ask("what was mir?").fact_id == "mir"
    came_down = engine.ask("when did it come down?", context="mir")
    assert came_down.fact_id == "stn-mir" and came_down.used_context
    longest = engine.ask("who lived there longest?", context="mir")
    assert longest.fact_id == "rec-longest-single-flight" and longest.used_context


def test_a_follow_up_after_a_fact_does_not_fall_back_on_the_overview(engine: Engine) -> None:
    follow = engine.ask("when did it come down?", context="stn-mir-fire")
    assert follow.fact_id == "stn-mir"


def test_who_is_someone_without_a_subject_is_refused_with_the_facts_that_name_them(
    engine: Engine,
) -> None:
    # facts that only mention him (even by an alias) do not say who he is: they are suggested
    for question in (
        "who is kjell lindgren",
        "who is tim peake?",
        "Who was Yuri Malenchenko",
        "tell me about tim peake",  # "tim" is not a name the knowledge writes, as with "who"
    ):
        answer = engine.ask(question)
        assert not answer.answered and answer.refusal == "no-subject", question
        assert answer.suggestions, question
    suggested = [s.entry_id for s in engine.ask("who is kjell lindgren").suggestions]
    assert "oym-first-spacewalk" in suggested
    assert not engine.ask("who is neil armstrong").answered
    assert not engine.ask("what is the kvant module").answered
    assert not engine.ask("did scott kelly write a book about his year in space?").answered


def test_what_is_something_without_a_subject_is_refused(engine: Engine) -> None:
    # facts mention all three, by alias too; the last is refused even without that rule
    for question in ("what is NASA?", "what is Baikonur", "tell me about blue origin"):
        answer = engine.ask(question)
        assert not answer.answered and answer.refusal == "no-subject", question


def test_a_fact_written_to_say_what_something_is_still_answers(engine: Engine) -> None:
    # no subject, but the fact asks it in its own questions, or the question asks something
    # else of a name ("the speed of the ISS")
    assert engine.ask("what is canadarm2?").fact_id == "iss-canadarm2"
    assert engine.ask("What is Orbital Reef?").fact_id == "stn-commercial-successors"
    assert engine.ask("who runs the iss").fact_id == "iss-partners"
    assert engine.ask("whats the speed of the iss").fact_id == "iss-speed"


def test_a_fragment_naming_someone_without_a_subject_may_ask_anything_of_them(
    engine: Engine,
) -> None:
    assert engine.ask("tim peake").fact_id == "oym-stayed-aboard"


def test_the_overview_question_features(engine: Engine) -> None:
    from bot.engine.matcher import FEATURE_NAMES

    ranked, _ = engine.assess("what was mir")
    top = dict(zip(FEATURE_NAMES, ranked[0].features, strict=True))
    assert engine.entries[ranked[0].index].id == "mir"
    assert top["not_about"] == top["not_overview"] == top["overview_only"] == 0.0
    facts = [s for s in ranked[1:] if engine.entries[s.index].subject is None]
    assert facts and all(s.features[FEATURE_NAMES.index("not_overview")] == 1.0 for s in facts)
    ranked, _ = engine.assess("skylab launch date")
    assert engine.entries[ranked[0].index].id == "stn-skylab"
    overviews = [s for s in ranked if engine.entries[s.index].subject is not None]
    assert all(s.features[FEATURE_NAMES.index("overview_only")] == 1.0 for s in overviews)
