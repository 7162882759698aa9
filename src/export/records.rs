//! `export accidents|work`: the office's registers with the headers `import` reads, so that an
//! export re-imports unchanged (nothing added twice: the import knows a record by its key).

use super::{ExportError, Sink, col};
use crate::import::columns::Column;
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

/// The notification outbox: what went where, and what failed (a dead message stays listed).
pub(super) const DELIVERY_COLUMNS: &[Column] = &[
    col("id", "编号"),
    col("receiver", "接收方"),
    col("kind", "类别"),
    col("about", "事项"),
    col("status", "状态"),
    col("attempts", "尝试次数"),
    col("created_at", "生成时间"),
    col("sent_at", "送达时间"),
    col("next_try", "下次尝试"),
    col("last_error", "最近错误"),
];

pub(super) fn deliveries(conn: &Connection, sink: &mut Sink<'_>) -> Result<(), ExportError> {
    let zh = sink.zh();
    for d in crate::store::deliveries::all(conn)? {
        let about = match (d.alarm_id, d.hazard_id) {
            (Some(a), _) => format!("A{a}"),
            (None, Some(h)) => format!("H{h}"),
            (None, None) => String::new(),
        };
        let status = match (d.status.as_str(), zh) {
            ("pending", true) => "待发",
            ("sent", true) => "已送达",
            ("dead", true) => "已放弃",
            (s, _) => s,
        }
        .to_string();
        let next = if d.status == "pending" { d.due_at.clone() } else { String::new() };
        let obj = sink.object(vec![
            json!(d.id),
            json!(d.receiver),
            json!(d.kind),
            json!(about),
            json!(d.status),
            json!(d.attempts),
            json!(d.created_at),
            json!(d.sent_at),
            json!(if next.is_empty() { None } else { Some(&next) }),
            json!(d.last_error),
        ]);
        let cells = vec![
            d.id.to_string(),
            d.receiver,
            d.kind,
            about,
            status,
            d.attempts.to_string(),
            d.created_at,
            d.sent_at.unwrap_or_default(),
            next,
            d.last_error,
        ];
        sink.record(cells, obj)?;
    }
    Ok(())
}
