//! `export alarms` and `export feeds`: the alarm cache and the feeds' health, for other tools and
//! for the record. Alarms stream newest first through the `alarm_sent` index.

use super::{ExportError, Sink, col};
use crate::domain::RiskLevel;
use crate::import::columns::Column;
use crate::store::Conn as Connection;
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
    col("last_attempt", "最近尝试"),
    col("last_success", "最近成功"),
    col("last_error", "最近错误"),
    col("items", "条目数"),
    col("quarantined", "隔离数"),
    col("pending", "待重取文档"),
    col("given_up", "已放弃文档"),
    col("nonconforming", "不合规文档"),
    col("level_unread", "级别不明告警"),
    col("ahead_seconds", "时钟超前秒数"),
];

pub(super) fn alarms(conn: &Connection, sink: &mut Sink<'_>) -> Result<(), ExportError> {
    crate::store::alarms::for_each_export(conn, |a| {
        let level = RiskLevel::parse(&a.level).map(RiskLevel::colour).unwrap_or(a.level.as_str()).to_string();
        let obj = sink.object(vec![
            json!(a.dedup_key),
            json!(a.feed),
            json!(level),
            json!(a.status),
            json!(a.headline),
            json!(a.event),
            json!(a.language),
            json!(a.sent),
            json!(a.expires),
            json!(a.unit_uscc),
            json!(a.count),
        ]);
        let zh = sink.zh();
        let level_word = match RiskLevel::parse(&a.level) {
            Some(l) if zh => l.tag(true).to_string(),
            _ => level,
        };
        let status = match crate::domain::alarm::AlarmStatus::parse(&a.status) {
            Some(st) if zh => crate::i18n::T::alarm_status(st).get(crate::i18n::Lang::Zh).to_string(),
            _ => a.status.clone(),
        };
        let cells = vec![
            a.dedup_key.clone(),
            a.feed.clone(),
            level_word,
            status,
            a.headline.clone(),
            a.event.clone(),
            a.language.clone(),
            a.sent.clone(),
            a.expires.clone().unwrap_or_default(),
            a.unit_uscc.clone().unwrap_or_default(),
            a.count.to_string(),
        ];
        sink.record(cells, obj)
    })
}

pub(super) fn feeds(conn: &Connection, sink: &mut Sink<'_>) -> Result<(), ExportError> {
    for f in crate::store::feeds::health(conn)? {
        let obj = sink.object(vec![
            json!(f.name),
            json!(f.kind),
            json!(f.last_attempt),
            json!(f.last_success),
            json!(f.last_error),
            json!(f.items),
            json!(f.quarantined),
            json!(f.pending),
            json!(f.given_up),
            json!(f.nonconforming),
            json!(f.level_unread),
            json!(f.ahead_seconds),
        ]);
        let cells = vec![
            f.name,
            f.kind,
            f.last_attempt.unwrap_or_default(),
            f.last_success.unwrap_or_default(),
            f.last_error.unwrap_or_default(),
            f.items.to_string(),
            f.quarantined.to_string(),
            f.pending.to_string(),
            f.given_up.to_string(),
            f.nonconforming.to_string(),
            f.level_unread.to_string(),
            f.ahead_seconds.map(|s| s.to_string()).unwrap_or_default(),
        ];
        sink.record(cells, obj)?;
    }
    Ok(())
}
