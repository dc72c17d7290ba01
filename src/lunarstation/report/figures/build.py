"""All figures of a run, section by section, in page order."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from lunarstation.report.figures import (
    findings,
    interop,
    ledger,
    logistics,
    orbits,
    programme,
    science,
    sites,
)
from lunarstation.report.figures.view import FigureSpec, RunView

Builder = Callable[[RunView], Iterable[FigureSpec]]

BUILDERS: Sequence[tuple[str, Builder]] = (
    ("programme", programme.figures),
    ("logistics", logistics.figures),
    ("sites", sites.figures),
    ("interop", interop.figures),
    ("ledger", ledger.figures),
    ("science", science.figures),
    ("orbits", orbits.figures),
    ("findings", findings.figures),
)
"""Each section's builder, in the order the report shows them."""


def build_figures(
    run: RunView, progress: Callable[[str, int, int], None] | None = None
) -> list[FigureSpec]:
    """Every figure that applies to ``run`` (sections without their tables give none).

    ``progress(section, index, total)`` is called before each section is built.
    """
    specs: list[FigureSpec] = []
    for index, (name, builder) in enumerate(BUILDERS):
        if progress is not None:
            progress(name, index, len(BUILDERS))
        specs.extend(builder(run))
    ids = [spec.id for spec in specs]
    if len(set(ids)) != len(ids):  # anchors must be unique on the page
        raise ValueError(f"figure ids repeat: {sorted({i for i in ids if ids.count(i) > 1})}")
    return specs
