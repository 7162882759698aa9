//! `export alarms` and `export feeds`: the alarm cache and the feeds' health, for other tools and
//! for the record. Alarms stream newest first through the `alarm_sent` index.

use super::{ExportError, Sink, col};
use crate::domain::RiskLevel;
use crate::import::columns::Column;
use crate::store::StoreError;
use rusqlite::Connection;
use serde_json::json;

pub(super) const ALARM_COLUMNS: &[Column] = &[
    col("dedup_key", "去重键"),
    col("feed", "数据源"),
    col("level", "级别"),
    col("status", "状态"),
    col("headline", "标题"),
    col("event", "事件"),
    col("language", "语言"),
    col("sent", "发布时间"),
    col("expires", "失效时间"),
    col("unit_uscc", "统一社会信用代码"),
    col("count", "次数"),
];

pub(super) const FEED_COLUMNS: &[Column] = &[
    col("name", "名称"),
    col("kind", "类型"),
    col("last_success", "最近成功"),
    col("last_error", "最近错误"),
    col("items", "条目数"),
    col("quarantined", "隔离数"),
    col("ahead_seconds", "时钟超前秒数"),
];

pub(super) fn alarms(conn: &Connection, sink: &mut Sink<'_>) -> Result<(), ExportError> {
    let mut stmt = conn
        .prepare(
            "SELECT a.dedup_key, a.feed, a.level, a.status, a.headline, a.event, a.language, a.sent, a.expires,
                    u.uscc, a.count
             FROM alarm a LEFT JOIN unit u ON u.id = a.unit_id ORDER BY a.sent DESC, a.id DESC",
        )
        .map_err(StoreError::from)?;
    let mut rows = stmt.query([]).map_err(StoreError::from)?;
    while let Some(r) = rows.next().map_err(StoreError::from)? {
        let text = |i: usize| -> Result<String, ExportError> { Ok(r.get::<_, String>(i).map_err(StoreError::from)?) };
        let opt = |i: usize| -> Result<Option<String>, ExportError> {
            Ok(r.get::<_, Option<String>>(i).map_err(StoreError::from)?)
        };
        let level_code = text(2)?;
        let level = RiskLevel::parse(&level_code).map(RiskLevel::colour).unwrap_or(level_code.as_str()).to_string();
        let count: i64 = r.get(10).map_err(StoreError::from)?;
        let (key, feed, status, headline, event, language, sent) =
            (text(0)?, text(1)?, text(3)?, text(4)?, text(5)?, text(6)?, text(7)?);
        let (expires, uscc) = (opt(8)?, opt(9)?);
        let obj = sink.object(vec![
            json!(key),
            json!(feed),
            json!(level),
            json!(status),
            json!(headline),
            json!(event),
            json!(language),
            json!(sent),
            json!(expires),
            json!(uscc),
            json!(count),
        ]);
        let cells = vec![
            key,
            feed,
            level,
            status,
            headline,
            event,
            language,
            sent,
            expires.unwrap_or_default(),
            uscc.unwrap_or_default(),
            count.to_string(),
        ];
        sink.record(cells, obj)?;
    }
    Ok(())
}

pub(super) fn feeds(conn: &Connection, sink: &mut Sink<'_>) -> Result<(), ExportError> {
    for f in crate::store::feeds::health(conn)? {
        let obj = sink.object(vec![
            json!(f.name),
            json!(f.kind),
            json!(f.last_success),
            json!(f.last_error),
            json!(f.items),
            json!(f.quarantined),
            json!(f.ahead_seconds),
        ]);
        let cells = vec![
            f.name,
            f.kind,
            f.last_success.unwrap_or_default(),
            f.last_error.unwrap_or_default(),
            f.items.to_string(),
            f.quarantined.to_string(),
            f.ahead_seconds.map(|s| s.to_string()).unwrap_or_default(),
        ];
        sink.record(cells, obj)?;
    }
    Ok(())
}
