"""Interoperability: can partner modules and vehicles connect, directly, through adapters, or not?

Public surface:

* :func:`load_catalog` / :class:`Catalog`: the packaged interface catalog (docking
  families and ports, adapters, pair records, resource interfaces, converters),
  with a scenario's additions merged in;
* :func:`check_ports` → :class:`PortVerdict` (``direct``, ``adapter``, ``none``,
  ``unknown``, ``claimed``) with its evidence and adapter chain;
* :func:`check_resources` → :class:`ResourceVerdict` per category (power, data,
  comms, atmosphere);
* :func:`check_envelope` with an :class:`Approach` → :class:`EnvelopeReport`;
* :class:`InteropEngine`: the engine ``simulate`` runs (findings, matrix, table), with
  where and when each docking happens (:mod:`lunarstation.interop.dockings`).

Load-time checks of a scenario's ports, interfaces and catalog additions are
:func:`lunarstation.interop.checks.standards_check` (``lunarstation.validation`` runs it).

Source: ``reference/interoperability.md`` (source ids R.. in the catalog's register).
"""

from lunarstation.interop.catalog import (
    Catalog,
    Confidence,
    UnknownReferenceError,
    load_catalog,
)
from lunarstation.interop.compatibility import VERDICTS, Citation, PortVerdict, Verdict, check_ports
from lunarstation.interop.engine import (
    InteropEngine,
    InteropOutput,
    InteropSummary,
    compatibility_matrix,
)
from lunarstation.interop.envelope import Approach, EnvelopeReport, Violation, check_envelope
from lunarstation.interop.resources import ResourceVerdict, check_resources

__all__ = [
    "VERDICTS",
    "Approach",
    "Catalog",
    "Citation",
    "Confidence",
    "EnvelopeReport",
    "InteropEngine",
    "InteropOutput",
    "InteropSummary",
    "PortVerdict",
    "ResourceVerdict",
    "UnknownReferenceError",
    "Verdict",
    "Violation",
    "check_envelope",
    "check_ports",
    "check_resources",
    "compatibility_matrix",
    "load_catalog",
]
