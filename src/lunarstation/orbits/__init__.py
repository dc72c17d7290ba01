"""The orbital segment: what other engines read of it.

Today this package holds the typed output an orbits engine hands downstream
(:class:`OrbitsOutput`); the station engine ``uses`` it for relay coverage when an
engine producing it is part of the run, and falls back on the scenario's declared
relay pattern otherwise (``docs/architecture.md``).
"""

from lunarstation.orbits.outputs import OrbitsOutput

__all__ = ["OrbitsOutput"]
