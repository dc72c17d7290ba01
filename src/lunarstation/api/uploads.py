"""Uploaded scenario files, validated exactly as the command line validates files.

The files are written, under the names they were uploaded with, into a private
temporary folder and loaded with :func:`lunarstation.validation.load_scenario` — the
loader ``lunarstation validate`` and ``run`` use, with its :class:`LoadLimits` on size,
depth, aliases and strings — in the order given (the first is the base, the rest
overlays). Messages name the uploaded file, line, column and field, exactly as the CLI
prints them for files of the same name; the temporary folder never appears in them.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from lunarstation.errors import LunarstationError, ScenarioError
from lunarstation.scenario import LoadLimits, Scenario
from lunarstation.store.scenarios import UploadedFile
from lunarstation.validation import load_scenario


class UploadRejectedError(Exception):
    """Uploaded files that do not load: ``messages`` as the CLI prints them."""

    def __init__(self, messages: Sequence[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = list(messages)


def validate_files(
    groups: Sequence[Sequence[UploadedFile]], limits: LoadLimits | None = None
) -> Scenario:
    """Load the files of ``groups`` (versions in load order, each a list of files) as one
    scenario.

    Raises:
        UploadRejectedError: the loader's messages (file:line:column: field: what is wrong).
    """
    with tempfile.TemporaryDirectory(prefix="lunarstation-upload-") as folder:
        root = Path(folder)
        paths: list[Path] = []
        for index, files in enumerate(groups):
            # One sub-folder per version, so two versions may use the same file names; the
            # first version's files sit at the top so messages read like the CLI's.
            target = root if index == 0 else root / f"overlay-{index}"
            target.mkdir(exist_ok=True)
            for file in files:
                path = target / file.name
                path.write_text(file.content, encoding="utf-8")
                paths.append(path)
        try:
            return load_scenario(*paths, limits=limits)
        except ScenarioError as error:
            raise UploadRejectedError(
                [_relative(str(issue), root) for issue in error.issues]
            ) from None
        except LunarstationError as error:
            raise UploadRejectedError([_relative(str(error), root)]) from None


def _relative(text: str, root: Path) -> str:
    """``text`` with the temporary folder's path removed (messages name the uploaded file)."""
    return text.replace(f"{root}/", "").replace(str(root), "")
