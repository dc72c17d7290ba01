"""Polar-stereographic DEMs: reading and writing GeoTIFF, and the map projection.

LOLA's polar products (e.g. ``LDEM_875S_20M``, ``LDEM_80S_40M`` from the PDS or NASA
PGDA) are GeoTIFFs in a polar stereographic projection on the 1737.4 km sphere, heights
in metres above that sphere. The projection (Snyder 1987, *Map Projections — A Working
Manual*, USGS PP 1395, eqs. 21-33 to 21-36, sphere, scale 1 at the pole):

* south pole: ρ = 2R·tan(π/4 + φ/2), x = ρ·sin λ, y = ρ·cos λ;
* north pole: ρ = 2R·tan(π/4 − φ/2), x = ρ·sin λ, y = −ρ·cos λ.

Georeferencing lives in the standard GeoTIFF tags: ModelPixelScale (33550),
ModelTiepoint (33922) and the GeoKey directory (34735/34736), which we write as a
user-defined polar stereographic CRS (ProjCoordTrans 15) so that GDAL and QGIS read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from lunarstation.constants import MOON_RADIUS_M
from lunarstation.errors import DataError

FloatArray = NDArray[np.float64]

_POLE_KEYS = ("ProjNatOriginLatGeoKey", "ProjCenterLatGeoKey", "ProjStdParallel1GeoKey")


@dataclass(frozen=True)
class Dem:
    """A polar-stereographic height grid.

    ``heights_m`` (rows × cols, row 0 at the top, i.e. largest y) heights above the
    sphere of ``radius_m``; ``left_m``/``top_m`` map coordinates of the upper-left corner
    of the upper-left pixel; ``pixel_m`` the square pixel size; ``south`` which pole.
    """

    heights_m: FloatArray
    left_m: float
    top_m: float
    pixel_m: float
    south: bool = True
    radius_m: float = MOON_RADIUS_M

    @property
    def shape(self) -> tuple[int, int]:
        """Rows, columns."""
        rows, cols = self.heights_m.shape
        return int(rows), int(cols)

    def xy(self, lat_deg: FloatArray | float, lon_deg: FloatArray | float) -> FloatArray:
        """Map coordinates (m), shape ``(..., 2)``, of selenographic points."""
        lat, lon = np.radians(lat_deg), np.radians(lon_deg)
        sign = 1.0 if self.south else -1.0
        rho = 2.0 * self.radius_m * np.tan(np.pi / 4.0 + sign * lat / 2.0)
        return np.stack([rho * np.sin(lon), sign * rho * np.cos(lon)], axis=-1)

    def latlon(self, x_m: FloatArray, y_m: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Latitude and east longitude (deg, lon in [0, 360)) of map points."""
        sign = 1.0 if self.south else -1.0
        rho = np.hypot(x_m, y_m)
        lat = sign * (2.0 * np.arctan(rho / (2.0 * self.radius_m)) - np.pi / 2.0)
        lon = np.arctan2(x_m, sign * y_m)
        return np.degrees(lat), np.mod(np.degrees(lon), 360.0)

    def pixel_of(self, x_m: float, y_m: float) -> tuple[float, float]:
        """Fractional (row, col) of a map point, pixel centres at integers."""
        return (self.top_m - y_m) / self.pixel_m - 0.5, (x_m - self.left_m) / self.pixel_m - 0.5

    def pixel_centres(self) -> tuple[FloatArray, FloatArray]:
        """Map x and y (m) of every pixel centre, each shaped like ``heights_m``."""
        rows, cols = self.shape
        x = self.left_m + (np.arange(cols) + 0.5) * self.pixel_m
        y = self.top_m - (np.arange(rows) + 0.5) * self.pixel_m
        xx, yy = np.meshgrid(x, y)
        return xx, yy

    def height_at(self, lat_deg: float, lon_deg: float) -> float:
        """Bilinearly interpolated height (m) at a point; DataError outside the grid."""
        x, y = self.xy(lat_deg, lon_deg)
        row, col = self.pixel_of(float(x), float(y))
        rows, cols = self.shape
        if not (0.0 <= row <= rows - 1 and 0.0 <= col <= cols - 1):
            raise DataError(f"point {lat_deg}°, {lon_deg}° E lies outside the DEM")
        r0, c0 = min(int(row), rows - 2), min(int(col), cols - 2)
        fr, fc = row - r0, col - c0
        patch = self.heights_m[r0 : r0 + 2, c0 : c0 + 2]
        top = patch[0, 0] * (1 - fc) + patch[0, 1] * fc
        bottom = patch[1, 0] * (1 - fc) + patch[1, 1] * fc
        return float(top * (1 - fr) + bottom * fr)


def _geokeys(south: bool, radius_m: float) -> tuple[list[int], list[float]]:
    doubles = [-90.0 if south else 90.0, 0.0, 0.0, 0.0, 1.0, radius_m, radius_m]
    keys = [
        (1024, 0, 1, 1),  # GTModelType: projected
        (1025, 0, 1, 1),  # GTRasterType: PixelIsArea
        (2048, 0, 1, 32767),  # GeographicType: user-defined (Moon sphere)
        (2057, 34736, 1, 5),  # GeogSemiMajorAxis
        (2058, 34736, 1, 6),  # GeogSemiMinorAxis
        (3072, 0, 1, 32767),  # ProjectedCSType: user-defined
        (3074, 0, 1, 32767),  # Projection: user-defined
        (3075, 0, 1, 15),  # ProjCoordTrans: CT_PolarStereographic
        (3076, 0, 1, 9001),  # ProjLinearUnits: metre
        (3081, 34736, 1, 0),  # ProjNatOriginLat: ±90
        (3082, 34736, 1, 2),  # ProjFalseEasting
        (3083, 34736, 1, 3),  # ProjFalseNorthing
        (3092, 34736, 1, 4),  # ProjScaleAtNatOrigin
        (3095, 34736, 1, 1),  # ProjStraightVertPoleLong: 0
    ]
    directory = [1, 1, 0, len(keys)] + [value for key in keys for value in key]
    return directory, doubles


def write_geotiff(path: Path, values: NDArray[Any], dem: Dem) -> None:
    """Write a float32 raster with ``dem``'s georeferencing (same grid) to ``path``."""
    import tifffile

    directory, doubles = _geokeys(dem.south, dem.radius_m)
    tags = [
        (33550, "d", 3, (dem.pixel_m, dem.pixel_m, 0.0), True),
        (33922, "d", 6, (0.0, 0.0, 0.0, dem.left_m, dem.top_m, 0.0), True),
        (34735, "H", len(directory), directory, True),
        (34736, "d", len(doubles), doubles, True),
    ]
    tifffile.imwrite(path, np.asarray(values, dtype=np.float32), extratags=tags)


def read_dem(path: Path | str, *, height_scale: float = 1.0) -> Dem:
    """Read a polar-stereographic GeoTIFF DEM (heights in m × ``height_scale``).

    Raises:
        DataError: unreadable file, not a single-band raster, or georeferencing that is
            missing or not polar stereographic.
    """
    import tifffile

    try:
        with tifffile.TiffFile(path) as tif:
            page = tif.pages.first
            heights = np.asarray(page.asarray(), dtype=np.float64)
            geo = page.geotiff_tags or {}
            nodata = page.tags.get("GDAL_NODATA")
            nodata_value = None if nodata is None else float(str(nodata.value).strip("\x00"))
    except (OSError, ValueError, tifffile.TiffFileError) as error:
        raise DataError(f"cannot read DEM {path}: {error}") from error
    if heights.ndim != 2:
        raise DataError(f"DEM {path} must be a single-band raster, got shape {heights.shape}")
    return _dem_from_tags(path, heights, geo, nodata_value, height_scale)


def _dem_from_tags(
    path: Path | str,
    heights: FloatArray,
    geo: dict[str, Any],
    nodata: float | None,
    height_scale: float,
) -> Dem:
    scale, tiepoint = geo.get("ModelPixelScale"), geo.get("ModelTiepoint")
    if scale is None or tiepoint is None:
        raise DataError(f"DEM {path} has no GeoTIFF pixel scale / tie point tags")
    if abs(scale[0] - scale[1]) > 1e-6 * scale[0]:
        raise DataError(f"DEM {path} must have square pixels, got {scale[0]} × {scale[1]} m")
    transform = geo.get("ProjCoordTransGeoKey")
    if transform is not None and int(transform) != 15:
        raise DataError(f"DEM {path} is not polar stereographic (ProjCoordTrans {transform})")
    pole = next((float(geo[k]) for k in _POLE_KEYS if k in geo), None)
    if pole is None:
        raise DataError(f"DEM {path} does not say which pole its projection is centred on")
    radius = float(geo.get("GeogSemiMajorAxisGeoKey", MOON_RADIUS_M))
    if nodata is not None:
        heights = np.where(heights == nodata, np.nan, heights)
    column, row = float(tiepoint[0]), float(tiepoint[1])  # raster (I, J) of model (X, Y)
    pixel = float(scale[0])
    return Dem(
        heights_m=heights * height_scale,
        left_m=float(tiepoint[3]) - column * pixel,
        top_m=float(tiepoint[4]) + row * pixel,
        pixel_m=pixel,
        south=pole < 0.0,
        radius_m=radius,
    )
