"""The ledger: each partner's contribution share against its benefit share.

Reads ``ledger_partners`` (``contribution_share``, ``benefit_share``, ``parity_gap``) and
``summary.ledger`` (the contribution basis and its weights).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from lunarstation.report.figures.style import PALETTE, WARNING, new_figure
from lunarstation.report.figures.view import FigureSpec, RunView

SECTION = "ledger"


def basis_text(run: RunView) -> str:
    """``mass_landed (weight 1)``: the basis the shares are computed on."""
    ledger = run.summary.get("ledger") or {}
    weights = ledger.get("contribution_weights") or {}
    basis = ledger.get("contribution_basis") or "contribution"
    if len(weights) > 1:
        return ", ".join(f"{k} × {v:g}" for k, v in weights.items())
    return str(basis)


def figures(run: RunView) -> Iterator[FigureSpec]:
    """The parity chart (none without ``ledger_partners``)."""
    partners = run.table("ledger_partners")
    if partners is None or "contribution_share" not in partners:
        return
    contribution = 100 * partners["contribution_share"].astype(float)
    benefit = 100 * partners["benefit_share"].astype(float)
    gap = (contribution - benefit).to_numpy()
    names = partners["name"].astype(str) if "name" in partners else partners["partner"]
    basis = basis_text(run)
    figure = new_figure(
        "Contribution against benefit, per partner", f"contribution share (%; {basis})",
        "benefit share (%; crew and experiment time)", height=520, date_axis=False,
    )  # fmt: skip
    top = float(max(5.0, contribution.max(), benefit.max()) * 1.08)
    figure.add_scatter(
        x=[0, top], y=[0, top], mode="lines", name="parity (benefit = contribution)",
        line={"color": "#888888", "dash": "dash"}, hoverinfo="skip",
    )  # fmt: skip
    missions = partners["missions"].astype(float) if "missions" in partners else np.ones(len(gap))
    figure.add_scatter(
        x=contribution, y=benefit, mode="markers+text", text=names, textposition="top center",
        name="partner", customdata=np.stack([gap, missions], axis=1),
        marker={"size": 8 + 2 * np.sqrt(missions), "color": [
            WARNING if abs(g) > 10 else PALETTE[0] for g in gap]},
        hovertemplate=(
            "<b>%{text}</b><br>contribution %{x:.1f} %<br>benefit %{y:.1f} %<br>"
            "gap %{customdata[0]:+.1f} points, %{customdata[1]:.0f} missions<extra></extra>"
        ),
    )  # fmt: skip
    figure.update_xaxes(range=[0, top])
    figure.update_yaxes(range=[0, top])
    worst = int(np.argmax(np.abs(gap))) if len(gap) else 0
    return_text = (
        f"the widest gap is {names.iloc[worst]}'s ({gap[worst]:+.0f} points)" if len(gap) else ""
    )
    yield FigureSpec(
        "ledger-parity", SECTION, "Contribution against benefit, per partner",
        "Partners below the diagonal give more than they get, those above get more than they "
        f"give; {return_text}. Contributions are counted as {basis}.",
        "", figure,
    )  # fmt: skip


__all__ = ["basis_text", "figures"]
