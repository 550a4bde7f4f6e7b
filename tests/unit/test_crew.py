"""The crew list (knowledge/crew/crew.yaml): what check refuses, with file, line and field."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from bot.cli import main
from bot.engine import default_knowledge_dir
from bot.engine.crew import crew_file, load_crews

SOURCE = """\
- title: "Expedition 74 Expands to Seven as Science Speeds Up"
  url: https://www.nasa.gov/blogs/spacestation/
  published: 2026-02-17
"""


def _knowledge(tmp_path: Path, crew: str) -> Path:
    """The shipped knowledge, with ``crew`` as its crew file."""
    folder = tmp_path / "knowledge"
    shutil.copytree(default_knowledge_dir(), folder)
    path = crew_file(folder)
    path.parent.mkdir(exist_ok=True)
    path.write_text(crew, encoding="utf-8")
    return folder


def _crew_yaml(crew: str, departed: str = "", as_of: str = "2026-02-16") -> str:
    def block(text: str) -> str:
        return textwrap.indent(textwrap.dedent(text).strip("\n") + "\n", "      ")

    text = f"stations:\n  - station: iss\n    as_of: {as_of}\n    sources:\n{block(SOURCE)}"
    text += f"    crew:\n{block(crew)}"
    if departed:
        text += f"    departed:\n{block(departed)}"
    return text


WILLIAMS = """
- name: Chris Williams
  agency: NASA
  vehicle: Soyuz MS-28
  arrived: 2025-11-27
"""


def test_a_valid_list_loads_with_who_is_aboard(tmp_path: Path) -> None:
    crews, issues = load_crews(_knowledge(tmp_path, _crew_yaml(WILLIAMS)))
    assert issues == []
    iss = crews.of("iss")
    assert iss is not None
    assert [m.name for m in iss.crew] == ["Chris Williams"]
    assert iss.sources[0].trusted
    assert crews.of("tiangong") is None


@pytest.mark.parametrize(
    ("crew", "departed", "field", "message"),
    [
        (WILLIAMS + "  left: 2026-01-10\n", "", "crew[0].left", "move them to departed"),
        (
            WILLIAMS,
            "- name: Chris Williams\n  agency: NASA\n  vehicle: Soyuz MS-28\n"
            "  arrived: 2025-11-27\n  left: 2026-01-10\n",
            "crew[0]",
            "listed as aboard, but departed[0] says they left on 2026-01-10",
        ),
        (WILLIAMS.replace("2025-11-27", "2026-03-01"), "", "crew[0].arrived", "after the as-of"),
        (WILLIAMS + WILLIAMS, "", "crew[1]", "listed twice"),
        (
            WILLIAMS,
            "- name: Zena Cardman\n  agency: NASA\n  vehicle: Crew-11\n  arrived: 2025-08-02\n"
            "  left: 2026-03-01\n",
            "departed[0].left",
            "after the as-of date",
        ),
    ],
)
def test_check_refuses_a_list_that_contradicts_itself(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    crew: str,
    departed: str,
    field: str,
    message: str,
) -> None:
    folder = _knowledge(tmp_path, _crew_yaml(crew, departed))
    code = main(["check", str(folder)])
    out, err = capsys.readouterr()
    assert code == 1
    assert "crew.yaml:" in out
    assert f"(iss): stations[0].{field}:" in out
    assert message in out
    assert "problem(s) in the crew list" in err


def test_a_misspelt_key_is_reported_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _knowledge(tmp_path, _crew_yaml(WILLIAMS.replace("vehicle:", "vehicel:")))
    assert main(["check", str(folder)]) == 1
    out, _ = capsys.readouterr()
    assert "unknown key" in out and "vehicel" in out


def test_the_shipped_crew_list_passes_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    out, _ = capsys.readouterr()
    assert "crew: ISS " in out and "aboard as of" in out
