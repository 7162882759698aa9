//! The escalation chain, PagerDuty's way: a red or orange alarm nobody has acknowledged goes to
//! the next people in turn — first the alarm's grid officers, then after N minutes the community's
//! grid leaders, then the office's director — each step at its own minute, per level; an
//! acknowledgement stops what has not gone yet. Pure: which steps an alarm has reached.

use super::RiskLevel;

/// Whom a step @-mentions, besides the step's own mobiles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Whom {
    /// The officers of the alarm's grid.
    Grid,
    /// The grid leaders of the alarm's community.
    Community,
    /// Only the step's own mobiles (the office director's).
    Office,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub level: RiskLevel,
    /// Minutes after the alarm came in.
    pub after_minutes: i64,
    pub whom: Whom,
    pub receiver: String,
    pub mobiles: Vec<String>,
}

/// The steps (their indexes) an alarm of `level`, in for `minutes` and still unacknowledged, has
/// reached. Red and orange only: the chain is for what cannot wait.
pub fn reached(steps: &[Step], level: RiskLevel, minutes: i64, acknowledged: bool) -> Vec<usize> {
    if acknowledged || !matches!(level, RiskLevel::Major | RiskLevel::Significant) {
        return Vec::new();
    }
    steps.iter().enumerate().filter(|(_, s)| s.level == level && minutes >= s.after_minutes).map(|(i, _)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(level: RiskLevel, after: i64, whom: Whom) -> Step {
        Step { level, after_minutes: after, whom, receiver: "r".into(), mobiles: Vec::new() }
    }

    #[test]
    fn each_step_at_its_minute_per_level_and_acknowledgement_stops_the_rest() {
        use RiskLevel::*;
        let steps = [
            step(Major, 0, Whom::Grid),
            step(Major, 15, Whom::Community),
            step(Major, 30, Whom::Office),
            step(Significant, 30, Whom::Grid),
        ];
        let cases = [
            ((Major, 0, false), vec![0]),
            ((Major, 14, false), vec![0]),
            ((Major, 15, false), vec![0, 1]),
            ((Major, 45, false), vec![0, 1, 2]),
            ((Major, 45, true), vec![]),
            ((Significant, 29, false), vec![]),
            ((Significant, 30, false), vec![3]),
            ((General, 600, false), vec![]),
        ];
        for ((level, minutes, acked), want) in cases {
            assert_eq!(reached(&steps, level, minutes, acked), want, "{level:?} {minutes}");
        }
    }
}
