//! Versioned schema. Later capabilities append migrations here; never edit one that has shipped.

use rusqlite_migration::{M, Migrations};

const MIGRATIONS: &[M<'static>] = &[
    M::up(include_str!("sql/001_network.sql")),
    M::up(include_str!("sql/002_hazards_deadlines.sql")),
    M::up(include_str!("sql/003_alarms.sql")),
    M::up(include_str!("sql/004_alarm_queue.sql")),
    M::up(include_str!("sql/005_tipoffs.sql")),
    M::up(include_str!("sql/006_checklist.sql")),
    M::up(include_str!("sql/007_sessions.sql")),
    M::up(include_str!("sql/008_duty.sql")),
    M::up(include_str!("sql/009_scopes.sql")),
    M::up(include_str!("sql/010_search.sql")),
    M::up(include_str!("sql/011_search_lists.sql")),
    M::up(include_str!("sql/012_list_indexes.sql")),
    M::up(include_str!("sql/013_alarm_fts_batched.sql")),
    M::up(include_str!("sql/014_feed_clock.sql")),
    M::up(include_str!("sql/015_stations_keyed_audit.sql")),
    M::up(include_str!("sql/016_records_who_when.sql")),
    M::up(include_str!("sql/017_feed_pending.sql")),
    M::up(include_str!("sql/018_calendar_obligations.sql")),
    M::up(include_str!("sql/019_plan_levels.sql")),
    M::up(include_str!("sql/020_office_identity.sql")),
    M::up(include_str!("sql/021_accidents_work_records.sql")),
    M::up(include_str!("sql/022_deliveries.sql")),
    M::up(include_str!("sql/023_dispatch_notices.sql")),
    M::up(include_str!("sql/024_delivery_groups.sql")),
    M::up(include_str!("sql/025_hazard_dispatch.sql")),
    M::up(include_str!("sql/026_alarm_tally.sql")),
    M::up(include_str!("sql/027_tipoff_clocks.sql")),
    M::up(include_str!("sql/028_figure_indexes.sql")),
    M::up(include_str!("sql/029_change_log.sql")),
    M::up(include_str!("sql/030_search_leads.sql")),
    M::up(include_str!("sql/031_tipoff_channel_list.sql")),
    M::up(include_str!("sql/032_alarm_acknowledgement.sql")),
    M::up(include_str!("sql/033_hazard_filter_lists.sql")),
    M::up(include_str!("sql/034_unit_due_tally.sql")),
    M::up(include_str!("sql/035_hazard_tally.sql")),
    M::up(include_str!("sql/036_feed_entry_unlogged.sql")),
];

/// The newest schema version (the number of migrations).
pub const LATEST: i64 = MIGRATIONS.len() as i64;

/// The schema at which the audit log became a keyed chain (015).
pub const KEYED_AUDIT_SCHEMA: i64 = 15;

pub fn migrations() -> Migrations<'static> {
    Migrations::from_slice(MIGRATIONS)
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        assert!(super::migrations().validate().is_ok());
    }
}
