"""Showing a run: files on disk (JSON, CSV), and later HTML and plots."""

from lunarstation.report.files import default_output_dir, to_jsonable, write_run

__all__ = ["default_output_dir", "to_jsonable", "write_run"]
