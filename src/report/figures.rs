//! How a linked figure reads in the checklist and the report (the counting is in
//! `store::report_figures`).

use super::model::{AlarmSection, HazardSection, InspectionSection, TipoffSection};
use crate::domain::checklist::Figure;

/// The value of a linked figure, as the checklist and the report show it.
pub fn figure_value(
    f: Figure,
    h: &HazardSection,
    major_open: i64,
    t: &TipoffSection,
    a: &AlarmSection,
    i: &InspectionSection,
    zh: bool,
) -> String {
    match f {
        Figure::HazardOnTime => h.on_time.show(),
        Figure::MajorHazardsOpen => major_open.to_string(),
        Figure::SelfInspections => i.units_self_inspected.show(),
        Figure::Drills => {
            if zh {
                format!("本季度{}次；在期单位 {}", i.drills, i.units_drilled.show())
            } else {
                format!("{} this quarter; units in period {}", i.drills, i.units_drilled.show())
            }
        }
        Figure::TipoffVerifiedOnTime => t.verified_on_time.show(),
        Figure::TipoffRepliedOnTime => t.replied_on_time.show(),
        Figure::GridCoverage => i.grid_coverage.show(),
        Figure::AlarmAcknowledged => match a.median_minutes_to_ack {
            Some(m) if zh => format!("已确认 {}/{}，中位 {m:.0} 分钟", a.acknowledged, a.received),
            Some(m) => format!("{}/{} acknowledged, median {m:.0} min", a.acknowledged, a.received),
            None => format!("{}/{}", a.acknowledged, a.received),
        },
    }
}
