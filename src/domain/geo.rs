//! Plane geometry for matching a CAP area to units: CAP gives polygons as rings of WGS 84
//! "lat,lon" points and circles as "lat,lon radius-km". An office is a few kilometres across, so
//! an equirectangular point-in-polygon test and a haversine distance are exact enough.

/// Latitude/longitude bounds of a shape, to narrow the units queried before the exact test.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub min_lat: f64,
    pub max_lat: f64,
    pub min_lon: f64,
    pub max_lon: f64,
}

impl Bounds {
    pub fn of_ring(ring: &[(f64, f64)]) -> Option<Bounds> {
        let first = ring.first()?;
        Some(ring.iter().fold(
            Bounds { min_lat: first.0, max_lat: first.0, min_lon: first.1, max_lon: first.1 },
            |b, &(lat, lon)| Bounds {
                min_lat: b.min_lat.min(lat),
                max_lat: b.max_lat.max(lat),
                min_lon: b.min_lon.min(lon),
                max_lon: b.max_lon.max(lon),
            },
        ))
    }

    /// The square around a circle (one degree of latitude is about 111 km).
    pub fn of_circle(lat: f64, lon: f64, radius_km: f64) -> Bounds {
        let dlat = radius_km / 111.0;
        let dlon = radius_km / (111.0 * lat.to_radians().cos().abs().max(0.01));
        Bounds { min_lat: lat - dlat, max_lat: lat + dlat, min_lon: lon - dlon, max_lon: lon + dlon }
    }
}

/// Even-odd rule; points on an edge may fall either way, which does not matter at unit scale.
pub fn in_polygon(lat: f64, lon: f64, ring: &[(f64, f64)]) -> bool {
    let mut inside = false;
    let n = ring.len();
    if n < 3 {
        return false;
    }
    let mut j = n - 1;
    for i in 0..n {
        let (yi, xi) = ring[i];
        let (yj, xj) = ring[j];
        if (yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi {
            inside = !inside;
        }
        j = i;
    }
    inside
}

/// Great-circle distance in kilometres.
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lon1) = (a.0.to_radians(), a.1.to_radians());
    let (lat2, lon2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((lat2 - lat1) / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

pub fn in_circle(lat: f64, lon: f64, circle: (f64, f64, f64)) -> bool {
    distance_km((lat, lon), (circle.0, circle.1)) <= circle.2
}

#[cfg(test)]
mod tests {
    use super::*;

    const SQUARE: [(f64, f64); 5] = [(30.0, 120.0), (30.0, 120.1), (30.1, 120.1), (30.1, 120.0), (30.0, 120.0)];

    #[test]
    fn polygon_table() {
        for (lat, lon, inside) in [
            (30.05, 120.05, true),
            (30.01, 120.09, true),
            (30.15, 120.05, false),
            (30.05, 119.99, false),
            (29.0, 121.0, false),
        ] {
            assert_eq!(in_polygon(lat, lon, &SQUARE), inside, "{lat},{lon}");
        }
        assert!(!in_polygon(30.05, 120.05, &SQUARE[..2]), "two points are not an area");
    }

    #[test]
    fn circle_and_distance() {
        // West Lake to Linping, Hangzhou: about 24 km.
        let d = distance_km((30.2425, 120.1500), (30.4186, 120.3017));
        assert!((23.0..25.0).contains(&d), "{d}");
        assert!(in_circle(30.30, 120.00, (30.30, 120.01, 1.0)));
        assert!(!in_circle(30.30, 120.00, (30.30, 120.03, 1.0)));
        let b = Bounds::of_circle(30.3, 120.0, 11.1);
        assert!((b.max_lat - 30.4).abs() < 1e-9 && b.max_lon > 120.1);
    }

    #[test]
    fn ring_bounds() {
        assert_eq!(Bounds::of_ring(&SQUARE).map(|b| b.max_lon), Some(120.1));
    }
}
