"""The orbital segment: lunar orbits, relay coverage, eclipses, transfers and exports.

* :mod:`~lunarstation.orbits.twobody`: Keplerian elements, J2 drift, a perturbed propagator;
* :mod:`~lunarstation.orbits.cr3bp`: the Earth–Moon CR3BP, periodic families (NRHO, halo);
* :mod:`~lunarstation.orbits.coverage`, :mod:`~lunarstation.orbits.eclipse`: kernels;
* :mod:`~lunarstation.orbits.engine`: the ``orbits`` engine (:class:`OrbitsOutput`), which
  the station engine ``uses`` for relay coverage and the orbital station's eclipses;
* :mod:`~lunarstation.orbits.export`: CCSDS OEM 2.0 and CZML.
"""

from lunarstation.orbits.outputs import OrbitsOutput

__all__ = ["OrbitsOutput"]
