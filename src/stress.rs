//! Robustness: every condition at its weakest and strongest, alone and all together, run for
//! a year; and a long soak of the healthy marrow watching the process's memory.

use std::time::Instant;

use crate::biology::conditions::{ConditionEvent, ConditionKind};
use crate::biology::kinetics::Kinetics;
use crate::scenario::Scenario;
use crate::sim::census::{Census, DayRow, measures};
use crate::sim::{Population, SimClock, headless_app};

/// One extreme: a name and the conditions it starts on day 1.
#[derive(Clone, Debug)]
pub struct Case {
    pub name: String,
    pub events: Vec<ConditionEvent>,
}

fn event(kind: ConditionKind, strength: f32) -> ConditionEvent {
    ConditionEvent {
        condition: kind,
        start_day: 1.0,
        end_day: None,
        duration_days: None,
        strength,
    }
}

/// Each condition at strength 0 and at its maximum, alone; then all at 0 and all at maximum.
pub fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    for kind in ConditionKind::ALL {
        for (label, s) in [("min", 0.0), ("max", kind.max_strength())] {
            out.push(Case {
                name: format!("{}-{label}", kind.name()),
                events: vec![event(kind, s)],
            });
        }
    }
    for (label, max) in [("all-min", false), ("all-max", true)] {
        out.push(Case {
            name: label.into(),
            events: ConditionKind::ALL
                .into_iter()
                .map(|k| event(k, if max { k.max_strength() } else { 0.0 }))
                .collect(),
        });
    }
    out
}

/// What a case did.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub name: String,
    pub days: u64,
    pub seconds: f64,
    /// Most agents alive at any tick, and the cap.
    pub peak_agents: usize,
    pub cap: usize,
    /// The first non-finite number recorded: (day, measure).
    pub non_finite: Option<(u64, &'static str)>,
}

impl Outcome {
    pub fn ok(&self) -> bool {
        self.non_finite.is_none() && self.peak_agents <= self.cap
    }
}

/// The first measure of a day's record that is NaN or infinite.
pub fn first_non_finite(row: &DayRow) -> Option<&'static str> {
    measures()
        .iter()
        .find(|m| !(m.value)(row).is_finite())
        .map(|m| m.name)
}

/// Runs `case` on the healthy adult for `days` days, with the marrow scaled to about `agents`
/// agents when given (see [`crate::bench::scaled_kinetics`]) and the entity cap set to `cap`
/// when given.
pub fn run_case(
    case: &Case,
    days: u32,
    agents: Option<usize>,
    cap: Option<usize>,
    seed: u64,
) -> Outcome {
    let mut k = Kinetics::bundled();
    if let Some(n) = agents {
        k = crate::bench::scaled_kinetics(&k, n);
    }
    if let Some(c) = cap {
        k.max_agents = c;
    }
    let cap = k.max_agents;
    let mut setup = Scenario::healthy_adult()
        .setup_on(&k)
        .expect("no overrides");
    setup.seed = seed;
    setup.events = case.events.clone();
    let t = Instant::now();
    let mut app = headless_app(setup);
    let mut peak = 0;
    loop {
        let clock = *app.world().resource::<SimClock>();
        if clock.day() >= days as u64 {
            break;
        }
        app.update();
        peak = peak.max(app.world().resource::<Population>().agents);
    }
    let rows = &app.world().resource::<Census>().rows;
    let non_finite = rows
        .iter()
        .find_map(|r| first_non_finite(r).map(|m| (r.day, m)));
    Outcome {
        name: case.name.clone(),
        days: rows.last().map_or(0, |r| r.day),
        seconds: t.elapsed().as_secs_f64(),
        peak_agents: peak,
        cap,
        non_finite,
    }
}

/// Resident memory of this process in kibibytes (Linux; `None` elsewhere).
pub fn resident_kib() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cases_cover_every_condition_at_both_ends_and_together() {
        let all = cases();
        assert_eq!(all.len(), ConditionKind::ALL.len() * 2 + 2);
        for k in ConditionKind::ALL {
            assert!(all.iter().any(|c| c.name == format!("{}-max", k.name())
                && c.events[0].strength == k.max_strength()));
        }
        assert_eq!(all.last().unwrap().events.len(), ConditionKind::ALL.len());
        let mut row = DayRow::default();
        assert_eq!(first_non_finite(&row), None);
        row.cbc.plt_e3_ul = f64::NAN;
        assert_eq!(first_non_finite(&row), Some("plt_e3_ul"));
    }
}
