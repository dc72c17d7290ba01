"""Figure builders shared by the HTML report, the PNGs and the server's dashboard.

``build_figures(RunView.from_folder(path))`` gives every figure that applies to a run as
:class:`FigureSpec` (id, section, title, caption, how long series were reduced, and a
Plotly figure); :func:`figure_json` gives one as JSON for ``Plotly.newPlot``. One module
per section; a section whose tables the run lacks yields nothing.
"""

from lunarstation.report.figures.build import BUILDERS, build_figures
from lunarstation.report.figures.view import FigureSpec, RunView, figure_json, json_safe

__all__ = ["BUILDERS", "FigureSpec", "RunView", "build_figures", "figure_json", "json_safe"]
