"""Terrain horizons and maps on a synthetic DEM with an analytically known skyline.

The DEM (built here, written and read back as a GeoTIFF) is a south-polar stereographic
grid, 100 m pixels, holding a crater near the pole: flat floor of radius b = 4 km, a
straight wall rising H = 800 m to the rim at radius a = 8 km, flat plateau beyond. From a
point on the floor, the skyline in each direction is the rim at distance s, seen under
atan2((R+H)·cos γ − R, (R+H)·sin γ), γ = s/R (exact on the sphere). The ray caster's range
step (≤ 1 % of the distance) bounds its error by 0.01·tan(elevation) rad: 0.06° here.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from lunarstation.constants import MOON_RADIUS_M
from lunarstation.environment.dem import Dem, read_dem, write_geotiff
from lunarstation.environment.horizon import sphere_dip_rad
from lunarstation.environment.illumination import illumination
from lunarstation.environment.maps import visible_share_map, write_share_map
from lunarstation.environment.sites import Site
from lunarstation.environment.terrain import horizon_from_dem
from lunarstation.errors import DataError
from lunarstation.timegrid import time_grid

R = MOON_RADIUS_M
FLOOR_M, RIM_M, WALL_M = 4_000.0, 8_000.0, 800.0
CENTRE_XY = (3_000.0, -2_000.0)
RAY_TOLERANCE_DEG = 0.06


def _crater(pixels: int, pixel_m: float) -> Dem:
    left = top = pixels * pixel_m / 2.0
    x = -left + (np.arange(pixels) + 0.5) * pixel_m
    y = top - (np.arange(pixels) + 0.5) * pixel_m
    xx, yy = np.meshgrid(x, y)
    r = np.hypot(xx - CENTRE_XY[0], yy - CENTRE_XY[1])
    heights = WALL_M * np.clip((r - FLOOR_M) / (RIM_M - FLOOR_M), 0.0, 1.0)
    return Dem(heights, -left, top, pixel_m)


@pytest.fixture(scope="module")
def crater_tif(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dem") / "crater.tif"
    dem = _crater(401, 100.0)
    write_geotiff(path, dem.heights_m, dem)
    return path


def _rim_elevation_deg(distance_m: np.ndarray) -> np.ndarray:
    gamma = distance_m / R
    return np.degrees(np.arctan2((R + WALL_M) * np.cos(gamma) - R, (R + WALL_M) * np.sin(gamma)))


def _destination(lat: float, lon: float, azimuth_deg: np.ndarray, distance_m: float) -> tuple:
    """Great-circle destination (deg) — an independent way to orient azimuths on the map."""
    p1, l1, az, d = np.radians(lat), np.radians(lon), np.radians(azimuth_deg), distance_m / R
    p2 = np.arcsin(np.sin(p1) * np.cos(d) + np.cos(p1) * np.sin(d) * np.cos(az))
    l2 = l1 + np.arctan2(np.sin(az) * np.sin(d) * np.cos(p1), np.cos(d) - np.sin(p1) * np.sin(p2))
    return np.degrees(p2), np.degrees(l2)


def test_geotiff_round_trip_keeps_georeferencing(crater_tif: Path) -> None:
    dem = read_dem(crater_tif)
    assert dem.pixel_m == 100.0
    assert (dem.left_m, dem.top_m) == (-20_050.0, 20_050.0)
    assert dem.south
    assert dem.heights_m.max() == pytest.approx(WALL_M, abs=0.01)


def test_skyline_from_crater_centre(crater_tif: Path) -> None:
    dem = read_dem(crater_tif)
    lat, lon = dem.latlon(np.array(CENTRE_XY[0]), np.array(CENTRE_XY[1]))
    skyline = horizon_from_dem(dem, float(lat), float(lon))
    expected = _rim_elevation_deg(np.array(RIM_M))
    assert np.abs(skyline.elevation_deg - expected).max() < RAY_TOLERANCE_DEG


def test_skyline_off_centre_is_oriented(crater_tif: Path) -> None:
    dem = read_dem(crater_tif)
    centre_lat, centre_lon = dem.latlon(np.array(CENTRE_XY[0]), np.array(CENTRE_XY[1]))
    # Stand 3 km from the centre, towards azimuth 60° as seen from the centre.
    lat, lon = _destination(float(centre_lat), float(centre_lon), np.array([60.0]), 3_000.0)
    skyline = horizon_from_dem(dem, float(lat[0]), float(lon[0]), azimuth_step_deg=5.0)
    # Rim distance per azimuth: walk along each azimuth until leaving the rim circle.
    steps = np.arange(1.0, 12_000.0, 1.0)
    expected = []
    for azimuth in skyline.azimuth_deg:
        path_lat, path_lon = _destination(float(lat[0]), float(lon[0]), azimuth, steps)
        x_y = dem.xy(path_lat, path_lon)
        r = np.hypot(x_y[:, 0] - CENTRE_XY[0], x_y[:, 1] - CENTRE_XY[1])
        expected.append(steps[np.argmax(r >= RIM_M)])
    assert np.abs(skyline.elevation_deg - _rim_elevation_deg(np.array(expected))).max() < 0.1
    # The rim is nearest (highest) straight away from the centre; near the pole that is not
    # 60° any more (meridians converge), so take the great-circle bearing to the centre.
    p1, p2 = np.radians(lat[0]), np.radians(float(centre_lat))
    dl = np.radians(float(centre_lon) - lon[0])
    to_centre = np.degrees(
        np.arctan2(
            np.sin(dl) * np.cos(p2), np.cos(p1) * np.sin(p2) - np.sin(p1) * np.cos(p2) * np.cos(dl)
        )
    )
    nearest = skyline.azimuth_deg[np.argmax(skyline.elevation_deg)]
    assert abs((nearest - (to_centre + 180.0) + 180.0) % 360.0 - 180.0) <= 5.0


def test_plateau_skyline_is_the_sphere_dip(crater_tif: Path) -> None:
    dem = read_dem(crater_tif)
    lat, lon = dem.latlon(np.array(-15_000.0), np.array(15_000.0))
    skyline = horizon_from_dem(dem, float(lat), float(lon), mast_height_m=10.0)
    dip = np.degrees(sphere_dip_rad(R + WALL_M, 10.0))  # −0.194°: ground 5.9 km away
    assert np.median(skyline.elevation_deg) == pytest.approx(dip, abs=0.002)


def test_map_pixels_equal_single_site_runs() -> None:
    dem = _crater(41, 500.0)
    grid = time_grid("2030-01-01", "2030-07-01", "12h")
    share = visible_share_map(dem, grid, mast_height_m=2.0, azimuth_step_deg=2.0)
    xx, yy = dem.pixel_centres()
    for row, col in [(3, 5), (20, 26), (35, 8)]:
        lat, lon = dem.latlon(xx[row, col], yy[row, col])
        skyline = horizon_from_dem(
            dem, float(lat), float(lon), mast_height_m=2.0, azimuth_step_deg=2.0
        )
        site = Site(float(lat), float(lon), float(dem.heights_m[row, col]), 2.0)
        single = illumination(site, grid, skyline).summary()["sun_center_lit_fraction"]
        # Rays cut above the Sun's highest point are re-cast when it matters: exact.
        assert share[row, col] == pytest.approx(single, abs=1e-12)


def test_map_files_are_written(tmp_path: Path) -> None:
    dem = _crater(21, 1_000.0)
    share = np.linspace(0.0, 1.0, 441).reshape(21, 21)
    written = write_share_map(tmp_path / "maps" / "sun_lit_share", share, dem, "test")
    assert [p.suffix for p in written] == [".tif", ".png"]
    back = read_dem(written[0])
    assert np.allclose(back.heights_m, share, atol=1e-6)
    assert back.left_m == dem.left_m


def test_unreadable_or_ungeoreferenced_dem(tmp_path: Path) -> None:
    import tifffile

    junk = tmp_path / "junk.tif"
    junk.write_bytes(b"not a tiff")
    with pytest.raises(DataError, match="cannot read DEM"):
        read_dem(junk)
    bare = tmp_path / "bare.tif"
    tifffile.imwrite(bare, np.zeros((4, 4), dtype=np.float32))
    with pytest.raises(DataError, match="pixel scale"):
        read_dem(bare)
