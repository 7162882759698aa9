//! `export accidents|work`: the office's registers with the headers `import` reads, so that an
//! export re-imports unchanged (nothing added twice: the import knows a record by its key).

use super::{ExportError, Sink};
use crate::store::Conn as Connection;
use serde_json::json;

pub(super) fn accidents(conn: &Connection, sink: &mut Sink<'_>) -> Result<(), ExportError> {
    let zh = sink.zh();
    let moment = |t: &str| t.get(..16).unwrap_or(t).replace('T', " ");
    for a in crate::store::accidents::all(conn)? {
        let kind = if zh { crate::domain::accident::type_name(&a.kind, true) } else { a.kind.clone() };
        let level = if zh { a.level.name(true) } else { a.level.code() }.to_string();
        let reported = a.reported_at.as_deref().map(moment).unwrap_or_default();
        let obj = sink.object(vec![
            json!(a.occurred_at),
            json!(a.unit_name),
            json!(a.place),
            json!(a.kind),
            json!(a.level.code()),
            json!(a.deaths),
            json!(a.injuries),
            json!(a.reported_at),
            json!(a.description),
        ]);
        let cells = vec![
            moment(&a.occurred_at),
            a.unit_name,
            a.place,
            kind,
            level,
            a.deaths.to_string(),
            a.injuries.to_string(),
            reported,
            a.description,
        ];
        sink.record(cells, obj)?;
    }
    Ok(())
}

pub(super) fn work(conn: &Connection, sink: &mut Sink<'_>) -> Result<(), ExportError> {
    let zh = sink.zh();
    for (l, note) in crate::store::work_records::all(conn)? {
        let obj = sink.object(vec![
            json!(l.kind.code()),
            json!(l.on),
            json!(l.title),
            json!(l.unit),
            json!(l.fine_yuan),
            json!(l.people),
            json!(note),
        ]);
        let cells = vec![
            if zh { l.kind.name(true) } else { l.kind.code() }.to_string(),
            l.on,
            l.title,
            l.unit,
            if l.fine_yuan == 0.0 { String::new() } else { format!("{}", l.fine_yuan) },
            if l.people == 0 { String::new() } else { l.people.to_string() },
            note,
        ];
        sink.record(cells, obj)?;
    }
    Ok(())
}
