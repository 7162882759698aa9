//! Properties of the deadline rules and the state machines, over generated inputs: the calendar's
//! working-day moves, the report calendar, inspection and drill clocks, the tip-off clocks and
//! reward, and random walks through the hazard and tip-off workflows.

use anjian::domain::OperatorRole;
use anjian::domain::calendar::{HolidayCalendar, Quarter, add_months, month_end};
use anjian::domain::deadline::{DeadlineKind, drill_due, reports_between, self_inspection_due};
use anjian::domain::hazard::{self, HazardStatus};
use anjian::domain::tipoff::{self, TipoffRules, TipoffStatus};
use chrono::{Datelike, Duration, NaiveDate};
use proptest::prelude::*;
use std::collections::HashSet;

/// Any day from 2020 to 2035 (the built-in holiday tables cover the years around now; days
/// outside them follow weekends only).
fn day() -> impl Strategy<Value = NaiveDate> {
    (0i64..16 * 366).prop_map(|n| NaiveDate::from_ymd_opt(2020, 1, 1).expect("date") + Duration::days(n))
}

fn role() -> impl Strategy<Value = OperatorRole> {
    prop_oneof![
        Just(OperatorRole::Viewer),
        Just(OperatorRole::Duty),
        Just(OperatorRole::Supervisor),
        Just(OperatorRole::Admin)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn a_deadline_moved_to_a_working_day_is_the_first_one(d in day()) {
        let cal = HolidayCalendar::built_in();
        let after = cal.on_or_after(d);
        prop_assert!(after >= d && cal.is_working_day(after));
        prop_assert!((0..(after - d).num_days()).all(|k| !cal.is_working_day(d + Duration::days(k))));
        let before = cal.on_or_before(d);
        prop_assert!(before <= d && cal.is_working_day(before));
        prop_assert!((0..(d - before).num_days()).all(|k| !cal.is_working_day(d - Duration::days(k))));
        // No stretch of days off is longer than the longest holiday (the National Day week + weekend).
        prop_assert!((after - d).num_days() <= 10);
    }

    #[test]
    fn months_add_up_and_never_overflow_a_month(d in day(), k in 0u32..40) {
        let m = add_months(d, k);
        let months = |x: NaiveDate| x.year() * 12 + x.month0() as i32;
        prop_assert_eq!(months(m) - months(d), k as i32);
        prop_assert!(m.day() <= d.day());
        prop_assert!(m.day() == d.day() || m == month_end(m));
    }

    #[test]
    fn quarters_tile_the_year(d in day()) {
        let q = Quarter::of(d);
        prop_assert!(q.start() <= d && d <= q.end());
        prop_assert_eq!(q.next().start(), q.end() + Duration::days(1));
        prop_assert_eq!(Quarter::parse(&q.label()), Some(q));
        let (first, last) = q.last_week();
        prop_assert!(q.start() <= first && first <= last && last == q.end());
    }

    #[test]
    fn the_report_calendar_is_complete_ordered_and_on_working_days(from in day(), span in 0i64..800) {
        let cal = HolidayCalendar::built_in();
        let to = from + Duration::days(span);
        let reports = reports_between(&cal, from, to);
        let mut seen = HashSet::new();
        for w in reports.windows(2) {
            prop_assert!(w[0].due <= w[1].due, "in due order");
        }
        for r in &reports {
            prop_assert!(from <= r.due && r.due <= to, "{:?} outside {from}..{to}", r);
            prop_assert!(cal.is_working_day(r.due), "{:?} due on a day off", r);
            prop_assert!(r.opens <= r.due);
            prop_assert!(seen.insert((r.kind, r.period.clone())), "{:?} twice", r);
        }
        // Every month whose first working day lies in the range has its monthly report.
        let mut month = NaiveDate::from_ymd_opt(from.year(), from.month(), 1).expect("month");
        while month <= to {
            let due = cal.on_or_after(month);
            if from <= due && due <= to {
                let period = month.format("%Y-%m").to_string();
                prop_assert!(seen.contains(&(DeadlineKind::MonthlyReport, period.clone())), "{period} missing");
            }
            month = add_months(month, 1);
        }
    }

    #[test]
    fn inspection_and_drill_clocks_move_forward_and_high_hazard_sooner(
        last in proptest::option::of(day()),
        registered in day(),
        later in 1i64..400,
    ) {
        for high in [false, true] {
            let s = self_inspection_due(last, registered, high);
            let d = drill_due(last, registered, high);
            let base = last.unwrap_or(registered);
            prop_assert!(s > base && d > base);
            prop_assert!(s <= d, "a self-inspection comes before the next drill");
            // A later inspection never makes the next one earlier.
            let moved = Some(base + Duration::days(later));
            prop_assert!(self_inspection_due(moved, registered, high) >= s);
            prop_assert!(drill_due(moved, registered, high) >= d);
        }
        prop_assert!(self_inspection_due(last, registered, true) <= self_inspection_due(last, registered, false));
        prop_assert!(drill_due(last, registered, true) <= drill_due(last, registered, false));
    }

    #[test]
    fn tipoff_clocks_and_rewards_stay_within_the_rules(
        accepted in day(),
        ext in 0i64..31,
        fine in -1000.0f64..10_000_000.0,
    ) {
        let rules = TipoffRules::default();
        let due = rules.verify_due(accepted, ext);
        prop_assert_eq!(due, accepted + Duration::days(60 + ext));
        prop_assert!(rules.reply_due(due) > due);
        let reward = rules.propose_reward(fine);
        prop_assert!(rules.reward_min <= reward && reward <= rules.reward_max);
        prop_assert_eq!(reward, reward.round());
        prop_assert!(rules.check_extension(true, 10, "原因").is_err(), "only one extension");
        prop_assert_eq!(rules.check_extension(false, ext, "原因").is_ok(), ext >= 1);
    }

    /// A random walk of attempted steps: whatever is tried, the hazard only moves along the loop,
    /// a read-only operator never moves it, it is closed only after verification, and a major
    /// hazard only by a supervisor.
    #[test]
    fn a_hazard_moves_only_along_its_loop(
        major in any::<bool>(),
        steps in proptest::collection::vec((0usize..4, role()), 1..60),
    ) {
        let mut at = HazardStatus::Found;
        for (to, who) in steps {
            let to = HazardStatus::ALL[to];
            if hazard::check_transition(at, to, major, who).is_ok() {
                prop_assert!(who >= OperatorRole::Duty);
                if to == HazardStatus::Closed {
                    prop_assert_eq!(at, HazardStatus::AwaitingVerification);
                    prop_assert!(!major || who >= OperatorRole::Supervisor);
                }
                prop_assert!(to != HazardStatus::Found, "nothing goes back to found");
                at = to;
            }
        }
    }

    /// The same for tip-offs: rewarded only when substantiated and by a supervisor; closed is the
    /// end; every accepted step moves forward along the workflow's order.
    #[test]
    fn a_tipoff_moves_only_forward_and_rewards_need_the_facts(
        steps in proptest::collection::vec((0usize..9, role(), proptest::option::of(any::<bool>())), 1..80),
    ) {
        let order = |s: TipoffStatus| TipoffStatus::ALL.iter().position(|x| *x == s).unwrap_or(0);
        let mut at = TipoffStatus::Received;
        for (to, who, substantiated) in steps {
            let to = TipoffStatus::ALL[to];
            if tipoff::check_transition(at, to, substantiated, who).is_ok() {
                prop_assert!(who >= OperatorRole::Duty);
                prop_assert!(at != TipoffStatus::Closed, "closed is the end");
                prop_assert!(order(to) > order(at), "{at:?} → {to:?} goes back");
                if to == TipoffStatus::Rewarded {
                    prop_assert_eq!(substantiated, Some(true));
                    prop_assert!(who >= OperatorRole::Supervisor);
                }
                at = to;
            }
        }
    }
}
