"""Science tasks in scenario files: unknown keywords and references are load-time errors
with locations and did-you-mean."""

from __future__ import annotations

import pytest

from lunarstation import ScenarioError, load_scenario
from tests.support import BASE_YAML, WriteScenario

TASK = """
science:
  tasks:
    - id: t1
      name: Task one
      partner: {partner}
      site: {site}
      run_hours: 2
      runs: 3
      requires: [{keyword}]
      after: [{after}]
    - id: t2
      name: Task two
      partner: p1
      site: site
      run_hours: 1
      runs: 1
"""


def issues(write_scenario: WriteScenario, **fields: str) -> list[str]:
    values = {"partner": "p1", "site": "site", "keyword": "sunlit", "after": "t2", **fields}
    path = write_scenario("tasks.yaml", BASE_YAML + TASK.format(**values))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(str(path))
    return [str(issue) for issue in caught.value.issues]


def test_valid_tasks_load(write_scenario: WriteScenario) -> None:
    values = {"partner": "p1", "site": "site", "keyword": "sunlit", "after": "t2"}
    scenario = load_scenario(str(write_scenario("ok.yaml", BASE_YAML + TASK.format(**values))))
    assert [t.id for t in scenario.science.tasks] == ["t1", "t2"]


def test_unknown_requirement_has_did_you_mean(write_scenario: WriteScenario) -> None:
    (text,) = issues(write_scenario, keyword="sunlight")
    assert "science.tasks[0].requires[0]" in text
    assert "did you mean 'sunlit'?" in text


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("partner", "p2", "science.tasks[0].partner: unknown partner 'p2'"),
        (
            "site",
            "sight",
            "science.tasks[0].site: unknown surface site 'sight'; did you mean 'site'?",
        ),
        ("after", "t3", "science.tasks[0].after[0]: unknown science task 't3'"),
        ("after", "t1", "task 't1' cannot come after itself"),
    ],
)
def test_unknown_references_are_located(write_scenario: WriteScenario, field: str, value: str,
                                        expected: str) -> None:  # fmt: skip
    found = issues(write_scenario, **{field: value})
    assert any(expected in text for text in found), found
    assert all("tasks.yaml:" in text for text in found), found


OVERLAY = """
science:
  policy: contribution
  tasks:
    - {id: t2, name: Task two again, partner: p1, site: site, run_hours: 4, runs: 2,
       replace: true}
    - {id: t3, name: Task three, partner: p1, site: site, run_hours: 1, runs: 1, after: [t1]}
"""


def test_overlay_merges_tasks_by_id(write_scenario: WriteScenario) -> None:
    values = {"partner": "p1", "site": "site", "keyword": "sunlit", "after": "t2"}
    base = write_scenario("base.yaml", BASE_YAML + TASK.format(**values))
    later = write_scenario("later.yaml", OVERLAY)
    scenario = load_scenario(str(base), str(later))
    section = scenario.science
    assert section.policy == "contribution"  # settings still key by key
    assert [t.id for t in section.tasks] == ["t1", "t2", "t3"]  # t1 kept, t3 added
    tasks = {t.id: t for t in section.tasks}
    assert (tasks["t2"].name, tasks["t2"].run_hours, tasks["t2"].runs) == ("Task two again", 4, 2)
    assert tasks["t1"].requires == ("sunlit",)


def test_overlay_repeated_task_id_needs_replace(write_scenario: WriteScenario) -> None:
    values = {"partner": "p1", "site": "site", "keyword": "sunlit", "after": "t2"}
    base = write_scenario("base.yaml", BASE_YAML + TASK.format(**values))
    later = write_scenario("later.yaml", OVERLAY.replace("       replace: true}", "}"))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(str(base), str(later))
    (text,) = [str(issue) for issue in caught.value.issues]
    assert "later.yaml:4" in text
    assert "science.tasks[0].id: duplicate id 't2'" in text
    assert "add 'replace: true'" in text


def test_overlay_task_errors_point_at_their_own_file(write_scenario: WriteScenario) -> None:
    values = {"partner": "p9", "site": "site", "keyword": "sunlit", "after": "t2"}
    base = write_scenario("base.yaml", BASE_YAML + TASK.format(**values))
    later = write_scenario("later.yaml", OVERLAY.replace("site: site, run_hours: 1",
                                                         "site: sight, run_hours: 1"))  # fmt: skip
    found = issues_of(base, later)  # in-file paths: t3 is the second task of later.yaml
    assert any("base.yaml:" in t and "science.tasks[0].partner: unknown partner 'p9'" in t
               for t in found), found  # fmt: skip
    assert any("later.yaml:6:" in t and "science.tasks[1].site: unknown surface site 'sight'" in t
               for t in found), found  # fmt: skip


def issues_of(*paths: object) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(*(str(p) for p in paths))
    return [str(issue) for issue in caught.value.issues]
