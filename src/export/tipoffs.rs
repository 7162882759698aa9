//! `export tipoffs`: the queue without any reporter field. Nothing in this file can reach the
//! sealed columns: the row type it reads does not carry them.

use super::{ExportError, Sink, col};
use crate::import::columns::Column;
use crate::store::Conn as Connection;
use serde_json::json;

pub(super) const TIPOFF_COLUMNS: &[Column] = &[
    col("id", "编号"),
    col("feed", "来源平台"),
    col("upstream_id", "平台编号"),
    col("channel", "渠道"),
    col("status", "状态"),
    col("received_at", "接收时间"),
    col("verify_due", "核查期限"),
    col("reply_due", "反馈期限"),
    col("unit_uscc", "统一社会信用代码"),
    col("hazard_id", "隐患编号"),
    col("substantiated", "是否属实"),
    col("reward", "奖励金额"),
    col("description", "举报内容"),
    col("upstream_updated", "平台更新时间"),
];

pub(super) fn tipoffs(conn: &Connection, sink: &mut Sink<'_>) -> Result<(), ExportError> {
    crate::store::tipoffs::for_each(conn, |t| {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let zh = sink.zh();
        let channel =
            crate::domain::tipoff::Channel::parse(&t.channel).filter(|_| zh).map(|c| c.name(true).to_string());
        let cells = vec![
            t.id.to_string(),
            opt(&t.upstream_feed),
            opt(&t.upstream_id),
            channel.unwrap_or_else(|| t.channel.clone()),
            if zh { t.status.name(true) } else { t.status.code() }.to_string(),
            t.received_at.clone(),
            opt(&t.verify_due),
            opt(&t.reply_due),
            opt(&t.unit_uscc),
            t.hazard_id.map(|h| h.to_string()).unwrap_or_default(),
            t.substantiated.map(|s| sink.yes_no(s)).unwrap_or_default(),
            t.reward.map(|r| format!("{r:.0}")).unwrap_or_default(),
            t.description.clone(),
            opt(&t.upstream_updated),
        ];
        let obj = sink.object(vec![
            json!(t.id),
            json!(t.upstream_feed),
            json!(t.upstream_id),
            json!(t.channel),
            json!(t.status.code()),
            json!(t.received_at),
            json!(t.verify_due),
            json!(t.reply_due),
            json!(t.unit_uscc),
            json!(t.hazard_id),
            json!(t.substantiated),
            json!(t.reward),
            json!(t.description),
            json!(t.upstream_updated),
        ]);
        sink.record(cells, obj)
    })
}
