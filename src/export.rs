//! `anjian export`: the office's data out as CSV (same headers that import accepts, so an export
//! re-imports unchanged) or JSON (an array of objects with English snake_case keys). Rows are
//! streamed, so a district-sized export does not build the whole table in memory.

use crate::i18n::Lang;
use crate::import::Entity;
use crate::import::columns::Column;
use crate::store::{Store, StoreError, network, units};
use serde_json::{Value, json};
use std::io::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Csv,
    Json,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot write the export: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot write the export: {0}")]
    Csv(#[from] csv::Error),
}

/// Writes records as CSV or a JSON array, one at a time.
struct Sink<'w> {
    format: Format,
    keys: Vec<&'static str>,
    csv: Option<csv::Writer<&'w mut dyn Write>>,
    json: Option<&'w mut dyn Write>,
    first: bool,
}

impl<'w> Sink<'w> {
    fn new(
        out: &'w mut dyn Write,
        format: Format,
        columns: &'static [Column],
        lang: Lang,
    ) -> Result<Self, ExportError> {
        let keys: Vec<&'static str> = columns.iter().map(|c| c.key).collect();
        match format {
            Format::Csv => {
                // A BOM lets Excel in a Chinese locale open UTF-8 correctly; import strips it.
                out.write_all(b"\xEF\xBB\xBF")?;
                let mut w = csv::Writer::from_writer(out);
                w.write_record(columns.iter().map(|c| if lang.zh() { c.zh } else { c.key }))?;
                Ok(Sink {
                    format,
                    keys,
                    csv: Some(w),
                    json: None,
                    first: true,
                })
            }
            Format::Json => {
                out.write_all(b"[")?;
                Ok(Sink {
                    format,
                    keys,
                    csv: None,
                    json: Some(out),
                    first: true,
                })
            }
        }
    }

    /// `csv_cells` are the texts a person reads in the sheet; `json` keeps types (numbers, null).
    fn record(&mut self, csv_cells: Vec<String>, json: Value) -> Result<(), ExportError> {
        match self.format {
            Format::Csv => {
                if let Some(w) = self.csv.as_mut() {
                    w.write_record(&csv_cells)?;
                }
            }
            Format::Json => {
                if let Some(w) = self.json.as_mut() {
                    let sep = if self.first { "\n  " } else { ",\n  " };
                    w.write_all(sep.as_bytes())?;
                    serde_json::to_writer(&mut **w, &json).map_err(std::io::Error::from)?;
                }
            }
        }
        self.first = false;
        Ok(())
    }

    fn finish(self) -> Result<(), ExportError> {
        if let Some(mut w) = self.csv {
            w.flush()?;
        }
        if let Some(w) = self.json {
            w.write_all(if self.first { b"]\n" } else { b"\n]\n" })?;
            w.flush()?;
        }
        Ok(())
    }

    fn object(&self, values: Vec<Value>) -> Value {
        Value::Object(
            self.keys
                .iter()
                .map(|k| k.to_string())
                .zip(values)
                .collect(),
        )
    }
}

fn opt_num(v: Option<f64>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

pub fn export(
    store: &Store,
    entity: Entity,
    format: Format,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    let conn = store.conn();
    let zh = lang.zh();
    let mut sink = Sink::new(out, format, entity.columns(), lang)?;
    match entity {
        Entity::Units => {
            units::for_each_export(conn, |u| {
                let sector = crate::domain::Sector::parse(&u.sector);
                let cells = vec![
                    u.uscc.clone().unwrap_or_default(),
                    u.name.clone(),
                    u.grid.clone().unwrap_or_default(),
                    u.community.clone().unwrap_or_default(),
                    sector
                        .map(|s| if zh { s.name(true) } else { s.code() })
                        .unwrap_or(&u.sector)
                        .to_string(),
                    u.risk_level.clone(),
                    u.principal.clone(),
                    u.phone.clone(),
                    u.address.clone(),
                    opt_num(u.lon),
                    opt_num(u.lat),
                ];
                let obj = sink.object(vec![
                    json!(u.uscc),
                    json!(u.name),
                    json!(u.grid),
                    json!(u.community),
                    json!(u.sector),
                    json!(u.risk_level),
                    json!(u.principal),
                    json!(u.phone),
                    json!(u.address),
                    json!(u.lon),
                    json!(u.lat),
                ]);
                sink.record(cells, obj)
            })?;
        }
        Entity::Grids => {
            let communities: std::collections::HashMap<i64, String> = network::communities(conn)?
                .into_iter()
                .map(|c| (c.id, c.name))
                .collect();
            for g in network::grids(conn)? {
                let c = communities
                    .get(&g.community_id)
                    .cloned()
                    .unwrap_or_default();
                let obj = sink.object(vec![json!(c), json!(g.name), json!(g.code)]);
                sink.record(vec![c, g.name, g.code], obj)?;
            }
        }
        Entity::Officers => {
            for (o, grids) in network::officers_with_grids(conn)? {
                let role = if zh { o.role.name(true) } else { o.role.code() };
                let obj = sink.object(vec![
                    json!(o.name),
                    json!(o.role.code()),
                    json!(o.phone),
                    json!(grids),
                ]);
                sink.record(
                    vec![o.name, role.to_string(), o.phone, grids.join(";")],
                    obj,
                )?;
            }
        }
        Entity::Teams => {
            let mut stmt = conn
                .prepare(
                    "SELECT COALESCE(u.uscc, u.name), t.seat, o.name, o.phone FROM guarantee_team t
                     JOIN unit u ON u.id = t.unit_id JOIN officer o ON o.id = t.officer_id ORDER BY u.name, t.seat",
                )
                .map_err(StoreError::from)?;
            let rows = stmt
                .query_map([], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                    ))
                })
                .map_err(StoreError::from)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(StoreError::from)?;
            for (unit, seat, officer, phone) in rows {
                let seat_text = crate::domain::TeamSeat::parse(&seat)
                    .map(|s| if zh { s.name(true) } else { s.code() })
                    .unwrap_or(&seat)
                    .to_string();
                let obj = sink.object(vec![json!(unit), json!(seat), json!(officer), json!(phone)]);
                sink.record(vec![unit, seat_text, officer, phone], obj)?;
            }
        }
    }
    sink.finish()
}
