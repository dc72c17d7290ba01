"""PNGs for slides: 1920 × 1080, one per figure, drawn from the figures' own data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from lunarstation.errors import OutputError
from lunarstation.report.figures import FigureSpec
from lunarstation.report.png import write_pngs


def test_pngs_are_slide_sized_and_not_blank(
    small_specs: dict[str, FigureSpec], tmp_path: Path
) -> None:
    from PIL import Image

    chosen = [small_specs[i] for i in ("programme-missions", "programme-mass", "site-ridge-soc",
                                       "interop-matrix", "ledger-parity")]  # fmt: skip
    written = write_pngs(chosen, tmp_path / "png")
    assert [p.name for p in written] == [f"{s.id}.png" for s in chosen]
    for path in written:
        with Image.open(path) as image:
            assert image.size == (1920, 1080)
            pixels = np.asarray(image.convert("L"))
        # Something drawn: a good share of the pixels is not the white background.
        assert (pixels < 200).mean() > 0.01, path.name


def test_png_folder_that_is_a_file_is_refused(
    small_specs: dict[str, FigureSpec], tmp_path: Path
) -> None:
    target = tmp_path / "file.png"
    target.write_text("x")
    with pytest.raises(OutputError, match="is a file"):
        write_pngs(list(small_specs.values())[:1], target)
