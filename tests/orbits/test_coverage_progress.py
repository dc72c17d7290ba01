"""``lunarstation coverage`` shows a progress bar only when sampling runs over a second."""

from __future__ import annotations

import pytest

from lunarstation.cli import coverage_commands
from lunarstation.cli.coverage_commands import LateProgress


def test_a_short_run_shows_no_bar() -> None:
    with LateProgress("Sampling") as progress:
        progress(1, 10)
        assert progress.bar is None


def test_a_long_run_shows_a_bar_with_the_epochs_done(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(coverage_commands, "SHOW_AFTER_S", 0.0)
    with LateProgress("Sampling") as progress:
        progress(400_000, 1_000_000)
        assert progress.bar is not None
        assert progress.task is not None
        task = progress.bar.tasks[0]
        assert (task.completed, task.total) == (400_000, 1_000_000)
        progress(1_000_000, 1_000_000)
        assert progress.bar.tasks[0].finished
