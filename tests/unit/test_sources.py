"""The sourcing policy: sites never acceptable and "label:" titles are rejected with file:line,
trusted sources come first, and `gaps` counts what the knowledge still lacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.engine import KnowledgeError, default_knowledge_dir, load_knowledge
from bot.engine.gaps import find_gaps, source_totals
from bot.engine.publishers import (
    POLICY_FILE,
    Publishers,
    load_publishers,
    publishers_for,
    site_of,
)
from tests.unit.test_loader import errors_of

ENTRY = """\
entries:
  - id: stn-salyut
    kind: fact
    topic: testing
    subjects: []
    answer: Salyut 1 was the first space station.
    questions: [What was the first space station?, Which station came first?, First station?]
    sources:
{sources}
"""


def source(title: str, url: str, published: str = "2020-01-02") -> str:
    return f'      - title: "{title}"\n        url: "{url}"\n        published: "{published}"'


def knowledge_with(tmp_path: Path, *sources: str) -> Path:
    path = tmp_path / "a.yaml"
    path.write_text(ENTRY.format(sources="\n".join(sources)), encoding="utf-8")
    return path


def shipped_publishers() -> Publishers:
    return publishers_for(default_knowledge_dir())


# -- the lists --------------------------------------------------------------------------------


def test_a_listed_site_covers_its_subdomains_but_not_lookalikes() -> None:
    publishers = shipped_publishers()
    assert publishers.rate("https://blogs.nasa.gov/spacestation/2016/03/01/x").tier == "trusted"
    assert publishers.rate("https://www.nasa.gov/x").site == "nasa.gov"
    assert publishers.rate("https://notnasa.gov/x").tier == "unrated"
    assert publishers.rate("https://someone.blogspot.com/2016/x.html").tier == "not-acceptable"
    assert publishers.rate("https://en.wikipedia.org/wiki/Mir").tier == "unrated"


def test_the_kind_of_site_is_named() -> None:
    rating = shipped_publishers().rate("https://www.jobsnhire.com/articles/1")
    assert (rating.tier, rating.kind) == ("not-acceptable", "job board")


def test_site_of_a_url_is_its_host_without_www() -> None:
    assert site_of("https://WWW.Space.com/path?q=1") == "space.com"
    assert site_of("not a url") == ""


def test_a_site_listed_twice_is_an_error_naming_it(tmp_path: Path) -> None:
    policy = tmp_path / "publishers.yaml"
    policy.write_text(
        "trusted:\n  agency: [nasa.gov]\nnot_acceptable:\n  blog: [nasa.gov, https://x.org/a]\n"
    )
    with pytest.raises(KnowledgeError) as caught:
        load_publishers(policy)
    messages = [issue.message for issue in caught.value.issues]
    assert messages == [
        "'nasa.gov' is listed twice",
        "'https://x.org/a' is not a site name like nasa.gov",
    ]


def test_a_knowledge_folder_may_bring_its_own_policy(tmp_path: Path) -> None:
    (tmp_path / POLICY_FILE).parent.mkdir()
    (tmp_path / POLICY_FILE).write_text("trusted:\n  agency: [example.org]\nnot_acceptable: {}\n")
    path = knowledge_with(tmp_path, source("A page", "https://example.org/salyut"))
    (entry,) = load_knowledge(path).entries
    assert entry.sources[0].trusted


# -- check --------------------------------------------------------------------------------------


def test_a_source_on_a_site_never_acceptable_is_rejected_with_its_line(tmp_path: Path) -> None:
    path = knowledge_with(
        tmp_path,
        source("Salyut 1 (NASA)", "https://www.nasa.gov/salyut"),
        source("My space blog", "https://spacefan.blogspot.com/salyut.html"),
    )
    (error,) = errors_of(path)
    assert error.startswith("a.yaml:13 (stn-salyut): sources[1].url: spacefan.blogspot.com is a")
    assert "personal blog, never acceptable" in error


def test_a_title_written_as_a_label_is_rejected(tmp_path: Path) -> None:
    path = knowledge_with(tmp_path, source("label: NASA on Salyut", "https://www.nasa.gov/s"))
    (error,) = errors_of(path)
    assert error.startswith("a.yaml:9 (stn-salyut): sources[0].title: starts with 'label:'")


def test_the_shipped_knowledge_cites_nothing_unacceptable_and_no_label_titles() -> None:
    publishers = shipped_publishers()
    for entry in load_knowledge(default_knowledge_dir()).entries:
        for cited in entry.sources:
            assert publishers.rate(cited.url).tier != "not-acceptable", (entry.id, cited.url)
            assert not cited.title.casefold().startswith("label:"), (entry.id, cited.title)


# -- trusted first, gaps ------------------------------------------------------------------------


def test_trusted_sources_come_first_and_otherwise_keep_their_order(tmp_path: Path) -> None:
    path = knowledge_with(
        tmp_path,
        source("A small site", "https://small.example/a"),
        source("Salyut 1 (Britannica)", "https://www.britannica.com/salyut"),
        source("Another small site", "https://other.example/b"),
        source("Salyut 1 (NASA)", "https://www.nasa.gov/salyut"),
    )
    (entry,) = load_knowledge(path).entries
    assert [s.url.split("/")[2] for s in entry.sources] == [
        "www.britannica.com",
        "www.nasa.gov",
        "small.example",
        "other.example",
    ]
    assert [s.trusted for s in entry.sources] == [True, True, False, False]


def test_gaps_name_an_entry_without_a_trusted_source_and_each_undated_source(
    tmp_path: Path,
) -> None:
    path = knowledge_with(
        tmp_path,
        source("A small site", "https://small.example/a", "unknown"),
        source("Another small site", "https://other.example/b"),
    )
    problems = [gap.problem for gap in find_gaps(load_knowledge(path).entries)]
    assert "no trusted source (cites other.example, small.example)" in problems
    assert "source without a date: https://small.example/a" in problems
    totals = source_totals(load_knowledge(path).entries)
    assert (totals.entries, totals.trusted_entries, totals.sources, totals.dated_sources) == (
        1,
        0,
        2,
        1,
    )
    assert totals.lines() == [
        "entries with a trusted source: 0 of 1 (0.0 %)",
        "sources with a date: 1 of 2 (50.0 %)",
    ]


def test_gaps_command_prints_the_totals(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["gaps"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-2].startswith("entries with a trusted source: ")
    assert out[-1].startswith("sources with a date: ")


def test_facts_json_says_which_sources_are_trusted(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["facts", "--json"]) == 0
    entries = json.loads(capsys.readouterr().out)
    flags = {s["trusted"] for e in entries for s in e["sources"]}
    assert flags == {True, False}
