//! The Overview's figures as one list the officer moves through: each says what it counts and,
//! where a list holds exactly those records, which list Enter opens (逾期未整改 → the Hazards
//! screen filtered to overdue). Built from the screen's state alone, so the drawing and the keys
//! read the same rows.

use super::OverviewScreen;
use crate::domain::RiskLevel;
use crate::i18n::{Lang, T};
use crate::tui::screen_def::ListView;

/// How a figure is coloured: as a warning when it is not zero, or as plain text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Plain,
    WarnIfAny,
    ErrorIfAny,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub label: T,
    pub value: String,
    /// The count the tone looks at.
    pub n: i64,
    pub tone: Tone,
    /// The list Enter opens on this figure.
    pub opens: Option<ListView>,
    /// Open alarms by level, drawn in the levels' colours.
    pub levels: Option<[i64; 4]>,
}

fn fig(label: T, n: i64, tone: Tone, opens: Option<ListView>) -> Figure {
    Figure { label, value: n.to_string(), n, tone, opens, levels: None }
}

/// "87.5% (7/8)", or the words for nothing due yet.
fn percent(lang: Lang, rate: Option<f64>, num: u64, den: u64) -> String {
    match rate {
        Some(r) => format!("{r:.1}% ({num}/{den})"),
        None => T::NotYet.get(lang).to_string(),
    }
}

/// Every figure in the order shown; the ones not loaded yet are left out.
pub fn figures(s: &OverviewScreen, lang: Lang) -> Vec<Figure> {
    let mut out = Vec::new();
    let by_level = s.alarms.open_by_level;
    out.push(Figure {
        label: T::OpenAlarms,
        value: RiskLevel::ALL.iter().zip(by_level).map(|(l, n)| format!("{} {n}", l.tag(lang.zh()))).collect::<Vec<_>>().join(" "),
        n: by_level[0] + by_level[1],
        tone: Tone::ErrorIfAny,
        opens: Some(ListView::OpenAlarms),
        levels: Some(by_level),
    });
    if let Some((waiting, open, overdue)) = s.tipoffs {
        out.push(fig(T::TipoffsWaitingLong, waiting, Tone::WarnIfAny, Some(ListView::OpenTipoffs)));
        out.push(fig(T::TipoffsOpenLong, open, Tone::Plain, Some(ListView::OpenTipoffs)));
        out.push(fig(T::TipoffsOverdue, overdue, Tone::ErrorIfAny, Some(ListView::OverdueTipoffs)));
    }
    if let Some(hz) = &s.hazards {
        let h = &hz.counts;
        out.push(fig(T::OpenHazards, h.open, Tone::Plain, Some(ListView::OpenHazards)));
        out.push(fig(T::OpenMajor, h.open_major, Tone::WarnIfAny, Some(ListView::MajorHazards)));
        out.push(fig(T::OverdueHazards, h.overdue, Tone::ErrorIfAny, Some(ListView::OverdueHazards)));
        out.push(fig(T::SupervisedOpen, h.supervised_open, Tone::Plain, None));
        let major = &hz.year_major;
        out.push(Figure {
            value: percent(lang, major.on_time_rate(), major.on_time, major.due),
            ..fig(T::OnTimeRate, 0, Tone::Plain, None)
        });
        let all = &hz.year_all;
        out.push(Figure {
            value: percent(lang, all.rectification(), all.closed, all.found),
            ..fig(T::RectificationRate, 0, Tone::Plain, None)
        });
    }
    if let Some(sum) = &s.due {
        out.push(fig(T::DeadlinesOverdue, sum.deadlines_overdue, Tone::ErrorIfAny, Some(ListView::OverdueDeadlines)));
        out.push(fig(T::DueThisWeek, sum.due_this_week, Tone::Plain, Some(ListView::DueThisWeek)));
        let (done, active) = sum.checklist;
        out.push(Figure {
            value: percent(lang, (active > 0).then(|| done as f64 * 100.0 / active as f64), done as u64, active as u64),
            ..fig(T::ChecklistQuarter, 0, Tone::Plain, Some(ListView::Checklist))
        });
    }
    if let Some(st) = &s.stats {
        let gaps = st.units_without_grid + st.grids_without_officer + st.incomplete_teams;
        out.push(Figure {
            value: format!("{} / {} / {}", st.units_without_grid, st.grids_without_officer, st.incomplete_teams),
            ..fig(T::CoverageGaps, gaps, Tone::WarnIfAny, Some(ListView::CoverageGaps))
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::screens::overview::msg::{DueFigures, HazardFigures};

    #[test]
    fn every_counting_figure_names_its_list() {
        let s = OverviewScreen {
            tipoffs: Some((2, 7, 1)),
            hazards: Some(HazardFigures::default()),
            due: Some(DueFigures::default()),
            stats: Some(Default::default()),
            ..Default::default()
        };
        let f = figures(&s, Lang::Zh);
        let opens = |t: T| f.iter().find(|x| x.label == t).and_then(|x| x.opens);
        assert_eq!(opens(T::OverdueHazards), Some(ListView::OverdueHazards));
        assert_eq!(opens(T::OpenAlarms), Some(ListView::OpenAlarms));
        assert_eq!(opens(T::TipoffsOverdue), Some(ListView::OverdueTipoffs));
        assert_eq!(opens(T::DeadlinesOverdue), Some(ListView::OverdueDeadlines));
        assert_eq!(opens(T::CoverageGaps), Some(ListView::CoverageGaps));
        assert_eq!(opens(T::OnTimeRate), None, "a rate is not a list");
        assert_eq!(f.len(), 14);
    }
}
