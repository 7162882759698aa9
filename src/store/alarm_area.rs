//! Where an alarm applies. A monitor alarm names its unit; a CAP warning names region codes
//! (which cover communities by prefix) and/or polygons and circles (which cover the units whose
//! coordinates fall inside). The result is rows in `alarm_area`, so that the queue can be
//! filtered by community or grid with an index.

use super::Result;
use super::multi_row::{self, Shape};
use crate::domain::geo::{self, Bounds};
use rusqlite::{Transaction, params};
use std::collections::BTreeSet;

/// The area of an incoming alarm as the sender described it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Geo {
    /// Closed rings of (lat, lon).
    pub polygons: Vec<Vec<(f64, f64)>>,
    /// (lat, lon, radius in km).
    pub circles: Vec<(f64, f64, f64)>,
    /// Administrative region codes (CAP geocode values).
    pub region_codes: Vec<String>,
}

impl Geo {
    pub fn is_empty(&self) -> bool {
        self.polygons.is_empty() && self.circles.is_empty() && self.region_codes.is_empty()
    }

    /// The area as a map key: the same codes and shapes (coordinates by their bits) are the same
    /// area.
    fn key(&self) -> GeoKey {
        GeoKey {
            polygons: self
                .polygons
                .iter()
                .map(|r| r.iter().map(|&(a, b)| (a.to_bits(), b.to_bits())).collect())
                .collect(),
            circles: self.circles.iter().map(|&(a, b, c)| (a.to_bits(), b.to_bits(), c.to_bits())).collect(),
            region_codes: self.region_codes.clone(),
        }
    }
}

#[derive(PartialEq, Eq, Hash)]
struct GeoKey {
    polygons: Vec<Vec<(u64, u64)>>,
    circles: Vec<(u64, u64, u64)>,
    region_codes: Vec<String>,
}

/// The places of each (unit, area) worked out once within a writing transaction. A feed names
/// the same unit, region codes or circle alarm after alarm (a town's weather warnings cover the
/// same communities; 5,000 CAP alerts of the bench's feed name 581 circles), and the sync's
/// transaction writes no unit, grid, community or office, so each answer holds to its end. Each
/// `locate` is two to three queries, one of them over every community.
#[derive(Default)]
pub struct Locator {
    known: std::collections::HashMap<(Option<i64>, GeoKey), Location>,
}

impl Locator {
    pub fn locate(&mut self, tx: &Transaction<'_>, unit_id: Option<i64>, geo: &Geo) -> Result<&Location> {
        Ok(match self.known.entry((unit_id, geo.key())) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(locate(tx, unit_id, geo)?),
        })
    }
}

/// Where an alarm applies, worked out before it is written.
#[derive(Debug, Default, Clone)]
pub struct Location {
    /// (community, grid or none for the whole community)
    places: BTreeSet<(i64, Option<i64>)>,
    /// Units inside the polygons/circles.
    pub units_in_area: i64,
    /// The named unit's community: the area of an alarm that gives none (monitor alarms).
    pub unit_community: Option<String>,
}

impl Location {
    /// (community, grid or none for the whole community) of each place.
    pub fn places(&self) -> impl Iterator<Item = (i64, Option<i64>)> + '_ {
        self.places.iter().copied()
    }
}

/// Finds the communities and grids an alarm applies to.
pub fn locate(tx: &Transaction<'_>, unit_id: Option<i64>, geo: &Geo) -> Result<Location> {
    let mut loc = Location::default();
    let places = &mut loc.places;
    if let Some(unit) = unit_id {
        let mut stmt = tx.prepare_cached(
            "SELECT g.community_id, g.id, c.name FROM unit u JOIN grid g ON g.id = u.grid_id
             JOIN community c ON c.id = g.community_id WHERE u.id = ?1",
        )?;
        let mut rows = stmt.query([unit])?;
        while let Some(r) = rows.next()? {
            places.insert((r.get(0)?, Some(r.get(1)?)));
            loc.unit_community = Some(r.get(2)?);
        }
    }
    if !geo.region_codes.is_empty() {
        let office: String =
            tx.query_row("SELECT COALESCE((SELECT region_code FROM office WHERE id = 1), '')", [], |r| r.get(0))?;
        let whole_office = geo.region_codes.iter().any(|c| crate::domain::warning_code::covers(c, &office));
        let mut stmt = tx.prepare_cached("SELECT id, region_code FROM community")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (id, code): (i64, String) = (r.get(0)?, r.get(1)?);
            if whole_office || geo.region_codes.iter().any(|c| crate::domain::warning_code::covers(c, &code)) {
                places.insert((id, None));
            }
        }
    }
    let mut in_area: BTreeSet<i64> = BTreeSet::new();
    let shapes = geo
        .polygons
        .iter()
        .filter_map(|ring| Bounds::of_ring(ring).map(|b| (b, Some(ring), None)))
        .chain(geo.circles.iter().map(|&c| (Bounds::of_circle(c.0, c.1, c.2), None, Some(c))));
    for (b, ring, circle) in shapes {
        let mut stmt = tx.prepare_cached(
            "SELECT u.id, u.lat, u.lon, g.community_id, g.id FROM unit u JOIN grid g ON g.id = u.grid_id
             WHERE u.lat BETWEEN ?1 AND ?2 AND u.lon BETWEEN ?3 AND ?4",
        )?;
        let mut rows = stmt.query(params![b.min_lat, b.max_lat, b.min_lon, b.max_lon])?;
        while let Some(r) = rows.next()? {
            let (id, lat, lon): (i64, f64, f64) = (r.get(0)?, r.get(1)?, r.get(2)?);
            let inside = match (ring, circle) {
                (Some(ring), _) => geo::in_polygon(lat, lon, ring),
                (_, Some(c)) => geo::in_circle(lat, lon, c),
                _ => false,
            };
            if inside {
                in_area.insert(id);
                places.insert((r.get(3)?, Some(r.get(4)?)));
            }
        }
    }
    loc.units_in_area = in_area.len() as i64;
    Ok(loc)
}

/// Records the places of a batch's new alarms, (alarm, community, grid), once their rows exist.
pub fn place_all(tx: &Transaction<'_>, places: &[(i64, i64, Option<i64>)]) -> Result<()> {
    let shape = Shape {
        head: "INSERT OR IGNORE INTO alarm_area (alarm_id, community_id, grid_id) VALUES ",
        row: "(?, ?, ?)",
        tail: "",
    };
    multi_row::write(tx, &shape, places, |s, at, (alarm, community, grid)| {
        s.raw_bind_parameter(at, alarm)?;
        s.raw_bind_parameter(at + 1, community)?;
        s.raw_bind_parameter(at + 2, grid)?;
        Ok(at + 3)
    })?;
    Ok(())
}
