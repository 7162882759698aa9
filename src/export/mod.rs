//! `anjian export`: the office's data out as CSV (same headers that import accepts, so an export
//! re-imports unchanged) or JSON (an array of objects with English snake_case keys). Rows are
//! streamed, so a district-sized export does not build the whole table in memory.

mod alarms;
mod deadlines;
pub mod ics;
mod records;
mod tipoffs;

use crate::i18n::Lang;
use crate::import::Entity;
use crate::import::columns::Column;
use crate::store::{Store, StoreError, network, units};
use serde_json::{Value, json};
use std::io::Write;

/// What `anjian export` can write; an open set that each capability extends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportEntity {
    Units,
    Grids,
    Officers,
    Teams,
    Hazards,
    Deadlines,
    Alarms,
    Feeds,
    Tipoffs,
    Accidents,
    Work,
    Deliveries,
}

/// Options that only some entities use.
#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    /// Deadlines: only those due within this many days (overdue ones always included).
    pub within_days: Option<i64>,
    /// "Today" for overdue flags; Beijing time unless a test fixes it.
    pub today: Option<chrono::NaiveDate>,
    /// The office's holiday calendar (built-in plus its own file); built-in when absent.
    pub calendar: Option<crate::domain::calendar::HolidayCalendar>,
    /// Deadlines: only those of this officer's grids (their own calendar).
    pub officer: Option<String>,
}

const fn col(key: &'static str, zh: &'static str) -> Column {
    Column { key, zh, aliases: &[], required: false }
}

const HAZARD_COLUMNS: &[Column] = &[
    col("id", "编号"),
    col("unit_uscc", "统一社会信用代码"),
    col("unit", "单位名称"),
    col("major", "重大隐患"),
    col("source", "来源"),
    col("status", "状态"),
    col("found_on", "发现日期"),
    col("deadline", "整改期限"),
    col("closed_at", "销号日期"),
    col("overdue", "逾期"),
    col("supervised", "挂牌督办"),
    col("description", "隐患描述"),
];

const DEADLINE_COLUMNS: &[Column] = &[
    col("kind", "类别"),
    col("due", "到期日"),
    col("title", "事项"),
    col("unit_uscc", "统一社会信用代码"),
    col("overdue", "逾期"),
];

/// Parses "30d", "30" (days) or "4w" (weeks) for `--within`.
pub fn parse_within(s: &str) -> Result<i64, String> {
    let t = s.trim().to_ascii_lowercase();
    let (num, mult) = match t.strip_suffix('w') {
        Some(n) => (n.to_string(), 7),
        None => (t.strip_suffix('d').unwrap_or(&t).to_string(), 1),
    };
    num.parse::<i64>()
        .ok()
        .filter(|n| *n >= 0)
        .map(|n| n * mult)
        .ok_or_else(|| format!("\"{s}\" is not a number of days (like 30d or 4w)"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Csv,
    Json,
    // iCalendar (RFC 5545): deadlines only, for a calendar to subscribe to. (A plain comment: a
    // doc comment would turn `export --help` into its long form.)
    Ics,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    // The cause is in the text, not a `source`: an error chain would print it twice.
    #[error("cannot write the export: {0}")]
    Io(std::io::Error),
    #[error("cannot write the export: {0}")]
    Csv(csv::Error),
    #[error("--format ics is for deadlines only (anjian export deadlines --format ics)")]
    IcsDeadlinesOnly,
    #[error("--officer {0}: no officer of that name (see anjian export officers)")]
    NoSuchOfficer(String),
    #[error("--officer is for deadlines only")]
    OfficerDeadlinesOnly,
}

impl From<std::io::Error> for ExportError {
    fn from(e: std::io::Error) -> Self {
        ExportError::Io(e)
    }
}

impl From<csv::Error> for ExportError {
    fn from(e: csv::Error) -> Self {
        ExportError::Csv(e)
    }
}

/// Writes records as CSV or a JSON array, one at a time.
struct Sink<'w> {
    format: Format,
    /// The CSV's headers and its words (yes/no, statuses, channels) in this language; JSON keeps
    /// the codes, for programs.
    lang: Lang,
    keys: Vec<&'static str>,
    csv: Option<csv::Writer<&'w mut dyn Write>>,
    json: Option<&'w mut dyn Write>,
    first: bool,
}

impl<'w> Sink<'w> {
    fn zh(&self) -> bool {
        self.lang.zh()
    }

    /// A yes/no cell: 是/否 in a Chinese sheet (import reads both), true/false otherwise.
    fn yes_no(&self, b: bool) -> String {
        match (self.zh(), b) {
            (true, true) => "是".into(),
            (true, false) => "否".into(),
            (false, b) => b.to_string(),
        }
    }

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
                Ok(Sink { format, lang, keys, csv: Some(w), json: None, first: true })
            }
            Format::Json => {
                out.write_all(b"[")?;
                Ok(Sink { format, lang, keys, csv: None, json: Some(out), first: true })
            }
            // Written by `ics.rs`, never through a sheet's sink.
            Format::Ics => Err(ExportError::IcsDeadlinesOnly),
        }
    }

    /// `csv_cells` are the texts a person reads in the sheet; `json` keeps types (numbers, null).
    fn record(&mut self, csv_cells: Vec<String>, json: Value) -> Result<(), ExportError> {
        match self.format {
            Format::Csv => {
                if let Some(w) = self.csv.as_mut() {
                    // No terminal control reaches a sheet (or the terminal it is printed on), and no
                    // cell runs as a formula when a spreadsheet opens it.
                    use crate::domain::text::{for_sheet, sheet_guard};
                    w.write_record(csv_cells.iter().map(|c| sheet_guard(&for_sheet(c)).into_owned()))?;
                }
            }
            Format::Ics => {}
            Format::Json => {
                if let Some(w) = self.json.as_mut() {
                    let sep = if self.first { "\n  " } else { ",\n  " };
                    w.write_all(sep.as_bytes())?;
                    let mut ser = serde_json::Serializer::with_formatter(&mut **w, TerminalSafeJson);
                    serde::Serialize::serialize(&json, &mut ser).map_err(std::io::Error::from)?;
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
        Value::Object(self.keys.iter().map(|k| k.to_string()).zip(values).collect())
    }
}

/// JSON whose strings escape, besides what JSON must, the characters a terminal acts on (DEL, C1
/// controls such as CSI) and invisible formatting: `anjian export … --format json` printed on a
/// terminal shows `\u009b`, and a JSON reader gets the same string back.
struct TerminalSafeJson;

impl serde_json::ser::Formatter for TerminalSafeJson {
    fn write_string_fragment<W: ?Sized + Write>(&mut self, writer: &mut W, fragment: &str) -> std::io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if crate::domain::text::is_terminal_control(c) || crate::domain::text::is_invisible_format(c) {
                writer.write_all(&fragment.as_bytes()[start..i])?;
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    write!(writer, "\\u{u:04x}")?;
                }
                start = i + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
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
    let e = match entity {
        Entity::Units => ExportEntity::Units,
        Entity::Grids => ExportEntity::Grids,
        Entity::Officers => ExportEntity::Officers,
        Entity::Teams => ExportEntity::Teams,
        Entity::Accidents => ExportEntity::Accidents,
        Entity::Work => ExportEntity::Work,
    };
    export_entity(store, e, format, lang, &ExportOptions::default(), out)
}

pub fn export_entity(
    store: &Store,
    entity: ExportEntity,
    format: Format,
    lang: Lang,
    opts: &ExportOptions,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    export_from(store.conn(), entity, format, lang, opts, out)
}

/// As [`export_entity`], reading through `conn` (an operator's scoped view exports only their grids).
pub fn export_from(
    conn: &crate::store::Conn,
    entity: ExportEntity,
    format: Format,
    lang: Lang,
    opts: &ExportOptions,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    let today = opts.today.unwrap_or_else(crate::domain::time::today);
    if opts.officer.is_some() && entity != ExportEntity::Deadlines {
        return Err(ExportError::OfficerDeadlinesOnly);
    }
    if format == Format::Ics {
        if entity != ExportEntity::Deadlines {
            return Err(ExportError::IcsDeadlinesOnly);
        }
        return deadlines::ics(conn, lang, opts, today, out);
    }
    let columns = match entity {
        ExportEntity::Units => Entity::Units.columns(),
        ExportEntity::Grids => Entity::Grids.columns(),
        ExportEntity::Officers => Entity::Officers.columns(),
        ExportEntity::Teams => Entity::Teams.columns(),
        ExportEntity::Hazards => HAZARD_COLUMNS,
        ExportEntity::Deadlines => DEADLINE_COLUMNS,
        ExportEntity::Alarms => alarms::ALARM_COLUMNS,
        ExportEntity::Feeds => alarms::FEED_COLUMNS,
        ExportEntity::Tipoffs => tipoffs::TIPOFF_COLUMNS,
        ExportEntity::Accidents => Entity::Accidents.columns(),
        ExportEntity::Work => Entity::Work.columns(),
        ExportEntity::Deliveries => records::DELIVERY_COLUMNS,
    };
    let zh = lang.zh();
    let mut sink = Sink::new(out, format, columns, lang)?;
    match entity {
        ExportEntity::Hazards => {
            crate::store::hazards::for_each(conn, |h| {
                let overdue = crate::domain::hazard::overdue(h.status, h.deadline, today);
                let closed = h.closed_on.map(|d| d.to_string());
                let word = |code: &'static str, zh_name: &'static str| if zh { zh_name } else { code }.to_string();
                let cells = vec![
                    h.id.to_string(),
                    h.unit_uscc.clone().unwrap_or_default(),
                    h.unit_name.clone(),
                    sink.yes_no(h.major),
                    word(h.source.code(), h.source.name(true)),
                    word(h.status.code(), h.status.name(true)),
                    h.found_on.to_string(),
                    h.deadline.to_string(),
                    closed.clone().unwrap_or_default(),
                    sink.yes_no(overdue),
                    sink.yes_no(h.supervised),
                    h.description.clone(),
                ];
                let obj = sink.object(vec![
                    json!(h.id),
                    json!(h.unit_uscc),
                    json!(h.unit_name),
                    json!(h.major),
                    json!(h.source.code()),
                    json!(h.status.code()),
                    json!(h.found_on.to_string()),
                    json!(h.deadline.to_string()),
                    json!(closed),
                    json!(overdue),
                    json!(h.supervised),
                    json!(h.description),
                ]);
                sink.record(cells, obj)
            })?;
        }
        ExportEntity::Deadlines => {
            deadlines::for_each(conn, opts, today, &mut |d| {
                let overdue = d.overdue(today);
                let cells = vec![
                    if zh { d.kind.name(true) } else { d.kind.code() }.to_string(),
                    d.due.to_string(),
                    d.title.clone(),
                    d.unit_uscc.clone().unwrap_or_default(),
                    sink.yes_no(overdue),
                ];
                let obj = sink.object(vec![
                    json!(d.kind.code()),
                    json!(d.due.to_string()),
                    json!(d.title),
                    json!(d.unit_uscc),
                    json!(overdue),
                ]);
                sink.record(cells, obj)
            })?;
        }
        ExportEntity::Alarms => alarms::alarms(conn, &mut sink)?,
        ExportEntity::Feeds => alarms::feeds(conn, &mut sink)?,
        ExportEntity::Tipoffs => tipoffs::tipoffs(conn, &mut sink)?,
        ExportEntity::Accidents => records::accidents(conn, &mut sink)?,
        ExportEntity::Work => records::work(conn, &mut sink)?,
        ExportEntity::Deliveries => records::deliveries(conn, &mut sink)?,
        other => network(conn, other, zh, &mut sink)?,
    }
    sink.finish()
}

fn network(conn: &crate::store::Conn, entity: ExportEntity, zh: bool, sink: &mut Sink<'_>) -> Result<(), ExportError> {
    match entity {
        ExportEntity::Units => {
            units::for_each_export(conn, |u| {
                let sector = crate::domain::Sector::parse(&u.sector);
                let cells = vec![
                    u.uscc.clone().unwrap_or_default(),
                    u.name.clone(),
                    u.grid.clone().unwrap_or_default(),
                    u.community.clone().unwrap_or_default(),
                    sector.map(|s| if zh { s.name(true) } else { s.code() }).unwrap_or(&u.sector).to_string(),
                    match crate::domain::RiskLevel::parse(&u.risk_level) {
                        Some(r) if zh => r.zh().to_string(),
                        _ => u.risk_level.clone(),
                    },
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
        ExportEntity::Grids => {
            let communities: std::collections::HashMap<i64, String> =
                network::communities(conn)?.into_iter().map(|c| (c.id, c.name)).collect();
            for g in network::grids(conn)? {
                let c = communities.get(&g.community_id).cloned().unwrap_or_default();
                let obj = sink.object(vec![json!(c), json!(g.name), json!(g.code)]);
                sink.record(vec![c, g.name, g.code], obj)?;
            }
        }
        ExportEntity::Officers => {
            for (o, grids) in network::officers_with_grids(conn)? {
                let role = if zh { o.role.name(true) } else { o.role.code() };
                let obj = sink.object(vec![json!(o.name), json!(o.role.code()), json!(o.phone), json!(grids)]);
                sink.record(vec![o.name, role.to_string(), o.phone, grids.join(";")], obj)?;
            }
        }
        ExportEntity::Teams => {
            for (unit, seat, officer, phone) in network::teams(conn)? {
                let seat_text = crate::domain::TeamSeat::parse(&seat)
                    .map(|s| if zh { s.name(true) } else { s.code() })
                    .unwrap_or(&seat)
                    .to_string();
                let obj = sink.object(vec![json!(unit), json!(seat), json!(officer), json!(phone)]);
                sink.record(vec![unit, seat_text, officer, phone], obj)?;
            }
        }
        _ => {}
    }
    Ok(())
}
