//! How a linked figure reads in the checklist and the report (the counting is in
//! `store::report_figures`, `store::accidents` and `store::work_records`).

use super::model::{AccidentSection, AlarmSection, HazardSection, InspectionSection, TipoffSection, WorkSection};
use crate::domain::accident::{AccidentLevel, deduction};
use crate::domain::checklist::Figure;

/// The counted sections a figure may be read from; a caller fills only those its figures need.
#[derive(Debug, Default)]
pub struct Sections {
    pub hazards: HazardSection,
    pub major_open: i64,
    pub tipoffs: TipoffSection,
    pub alarms: AlarmSection,
    pub inspections: InspectionSection,
    /// The calendar year's accidents to the quarter's end (the assessment is yearly).
    pub accidents_year: AccidentSection,
    /// The quarter's work records.
    pub work: WorkSection,
}

/// The value of a linked figure, as the checklist and the report show it.
pub fn figure_value(f: Figure, s: &Sections, zh: bool) -> String {
    let (h, t, a, i) = (&s.hazards, &s.tipoffs, &s.alarms, &s.inspections);
    match f {
        Figure::HazardOnTime => h.on_time.show(),
        Figure::MajorHazardsOpen => s.major_open.to_string(),
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
        Figure::Accidents => {
            let y = &s.accidents_year;
            let n = |l: AccidentLevel| y.of_level(l);
            let d = deduction(n(AccidentLevel::EspeciallyMajor) as u32, n(AccidentLevel::Major) as u32);
            let failed = match (d.failed, zh) {
                (true, true) => "，评为不合格",
                (true, false) => ", graded as failed",
                _ => "",
            };
            if zh {
                format!(
                    "本年{}起，死亡{}人（较大{}起、重大{}起、特别重大{}起）；按规则扣{}分{failed}",
                    y.count,
                    y.deaths,
                    n(AccidentLevel::Larger),
                    n(AccidentLevel::Major),
                    n(AccidentLevel::EspeciallyMajor),
                    d.points
                )
            } else {
                format!(
                    "{} this year, {} dead ({} larger, {} major, {} especially major); {} points deducted by the rule{failed}",
                    y.count,
                    y.deaths,
                    n(AccidentLevel::Larger),
                    n(AccidentLevel::Major),
                    n(AccidentLevel::EspeciallyMajor),
                    d.points
                )
            }
        }
        Figure::AccidentReporting => {
            let r = &s.accidents_year.serious_in_hour;
            match (r.whole, zh) {
                (0, true) => "本年无较大以上事故".into(),
                (0, false) => "no larger-or-worse accident this year".into(),
                (_, true) => format!("较大以上事故{}起，1小时内报送{}起", r.whole, r.part),
                (_, false) => format!("{} larger-or-worse accidents, {} reported within the hour", r.whole, r.part),
            }
        }
        Figure::Enforcement => {
            let w = &s.work;
            if zh {
                format!("本季度执法{}起，罚款{:.0}元", w.enforcement_cases, w.fines_yuan)
            } else {
                format!("{} cases this quarter, fines {:.0} yuan", w.enforcement_cases, w.fines_yuan)
            }
        }
        Figure::TrainingPublicity => {
            let w = &s.work;
            if zh {
                format!(
                    "本季度培训{}场{}人，宣传{}次{}人",
                    w.training_sessions, w.people_trained, w.publicity_events, w.people_reached
                )
            } else {
                format!(
                    "{} trainings ({} people), {} publicity events ({} people) this quarter",
                    w.training_sessions, w.people_trained, w.publicity_events, w.people_reached
                )
            }
        }
    }
}
