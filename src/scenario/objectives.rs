//! Objectives a scenario sets the player, checked against the daily records and what the
//! player has done (cells inspected, treatments given).

use serde::{Deserialize, Serialize};

use crate::biology::conditions::ConditionKind;
use crate::sim::census::{DayRow, measure};
use crate::sim::conditions::{Action, Timeline};

/// One goal: keep, reach or end with a daily measure above and/or below a threshold.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    /// What the player is asked to do, in words.
    pub goal: String,
    /// A column of the daily record (see `sim::census::COLUMNS`), e.g. `"anc_e3_ul"`, or a player
    /// action: `"inspected:<lineage or stage>"` (cells of it inspected so far) or
    /// `"given:<Condition>"` (times the player started that condition).
    pub measure: String,
    /// The measure must be at least this.
    #[serde(default)]
    pub above: Option<f64>,
    /// The measure must be at most this.
    #[serde(default)]
    pub below: Option<f64>,
    #[serde(default)]
    pub when: When,
    /// First day the objective looks at.
    #[serde(default)]
    pub from_day: u32,
    /// Last day it looks at; the end of the run when left out.
    #[serde(default)]
    pub to_day: Option<u32>,
    /// For `Always` on a daily measure: days it may miss before it fails (one day's count in a
    /// small window is noisy, and a treatment may shorten a danger rather than abolish it).
    #[serde(default)]
    pub misses_allowed: u32,
    /// Why it matters, shown on the results screen once the run is over.
    #[serde(default)]
    pub why: String,
}

/// What the player did during a run, as far as objectives care.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PlayerLog {
    /// Each cell inspected: (simulated day, lineage name, stage name).
    pub inspected: Vec<(f32, String, String)>,
    /// Each condition the player started: (simulated day it starts, condition).
    pub given: Vec<(f32, ConditionKind)>,
}

impl PlayerLog {
    /// Notes an inspection, once per (lineage, stage).
    pub fn inspect(&mut self, day: f32, lineage: &str, stage: &str) {
        if !self
            .inspected
            .iter()
            .any(|(_, l, s)| l == lineage && s == stage)
        {
            self.inspected.push((day, lineage.into(), stage.into()));
        }
    }

    /// Reads the conditions the player started from the timeline's journal.
    pub fn take_given(&mut self, timeline: &Timeline) {
        self.given = timeline
            .journal
            .iter()
            .filter_map(|(_, a)| match a {
                Action::Add(ev) => Some((ev.start_day, ev.condition)),
                Action::End { .. } => None,
            })
            .collect();
    }

    /// Days (sorted) on which the action a measure names happened.
    fn days_of(&self, action: &ActionMeasure) -> Vec<f32> {
        let mut days: Vec<f32> = match action {
            ActionMeasure::Inspected(name) => self
                .inspected
                .iter()
                .filter(|(_, l, s)| l == name || s == name)
                .map(|(d, ..)| *d)
                .collect(),
            ActionMeasure::Given(kind) => self
                .given
                .iter()
                .filter(|(_, k)| k == kind)
                .map(|(d, _)| *d)
                .collect(),
        };
        days.sort_by(f32::total_cmp);
        days
    }
}

/// A measure that counts the player's actions rather than reading the blood.
#[derive(Clone, Debug, PartialEq)]
pub enum ActionMeasure {
    /// Cells of this lineage or stage (or `stem_cell`) inspected.
    Inspected(String),
    /// Times the player started this condition.
    Given(ConditionKind),
}

/// Prefix of inspection measures.
pub const INSPECTED: &str = "inspected:";
/// Prefix of treatment measures.
pub const GIVEN: &str = "given:";

/// The action a measure name counts, if it is one (`Err` for an unknown condition name).
pub fn action_measure(name: &str) -> Option<Result<ActionMeasure, String>> {
    if let Some(what) = name.strip_prefix(INSPECTED) {
        return Some(Ok(ActionMeasure::Inspected(what.to_string())));
    }
    let what = name.strip_prefix(GIVEN)?;
    Some(
        ConditionKind::ALL
            .into_iter()
            .find(|k| k.name() == what)
            .map(ActionMeasure::Given)
            .ok_or_else(|| what.to_string()),
    )
}

/// How the days between `from_day` and `to_day` are judged.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum When {
    /// On every day.
    #[default]
    Always,
    /// On at least one day.
    Ever,
    /// On `to_day` itself.
    AtEnd,
}

/// Where an objective stands.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Status {
    /// Not decided yet.
    Pending,
    /// Met on this day.
    Met(u64),
    /// Failed on this day, with the value that failed it.
    Failed(u64, f64),
}

impl Objective {
    /// The window of days judged, for a run of `days` days.
    pub fn days(&self, run_days: u32) -> (u32, u32) {
        (self.from_day, self.to_day.unwrap_or(run_days))
    }

    fn holds(&self, v: f64) -> bool {
        self.above.is_none_or(|a| v >= a) && self.below.is_none_or(|b| v <= b)
    }

    /// Judges the rows recorded so far of a run of `run_days` days, and the player's actions
    /// up to simulated day `now`.
    pub fn status(&self, rows: &[DayRow], run_days: u32, log: &PlayerLog, now: f64) -> Status {
        match action_measure(&self.measure) {
            Some(Ok(action)) => self.action_status(&log.days_of(&action), run_days, now),
            Some(Err(_)) => Status::Pending,
            None => self.daily_status(rows, run_days),
        }
    }

    /// Judges a count of actions (on these days) against the thresholds. Unlike blood
    /// measures, it is decided as soon as the action happens rather than at the day's end.
    fn action_status(&self, days: &[f32], run_days: u32, now: f64) -> Status {
        let (from, to) = self.days(run_days);
        let count_by = |day: f64| {
            days.iter()
                .filter(|&&d| d as f64 >= from as f64 && d as f64 <= day)
                .count() as f64
        };
        // Days are counted like the daily records: day N ends N days after the start.
        let over = now >= to as f64;
        let end = (to as f64).min(now);
        match self.when {
            When::Ever | When::Always => {
                // The count only grows: "always" can fail only through `below`.
                let c = count_by(end);
                match (self.holds(c), self.when) {
                    (true, When::Ever) => {
                        let first = days
                            .iter()
                            .filter(|&&d| d as f64 >= from as f64)
                            .nth(self.above.map_or(0, |a| (a.ceil() as usize).max(1) - 1));
                        Status::Met(first.map_or(now, |&d| d as f64) as u64)
                    }
                    (false, When::Always) if self.below.is_some_and(|b| c > b) => {
                        // Failed on the day of the action that passed the limit.
                        let b = self.below.unwrap_or(0.0).max(0.0).floor() as usize;
                        let day = days
                            .iter()
                            .filter(|&&d| d as f64 >= from as f64)
                            .nth(b)
                            .map_or(now, |&d| d as f64);
                        Status::Failed(day as u64, c)
                    }
                    (ok, _) if over => {
                        if ok {
                            Status::Met(to as u64)
                        } else {
                            Status::Failed(to as u64, c)
                        }
                    }
                    _ => Status::Pending,
                }
            }
            When::AtEnd if over => {
                let c = count_by(to as f64);
                if self.holds(c) {
                    Status::Met(to as u64)
                } else {
                    Status::Failed(to as u64, c)
                }
            }
            When::AtEnd => Status::Pending,
        }
    }

    /// Judges a daily blood measure on the rows recorded so far.
    fn daily_status(&self, rows: &[DayRow], run_days: u32) -> Status {
        let Some(value) = measure(&self.measure).map(|c| c.value) else {
            return Status::Pending;
        };
        let (from, to) = self.days(run_days);
        let (from, to) = (from as u64, to as u64);
        let window = rows.iter().filter(|r| r.day >= from && r.day <= to);
        let reached_end = rows.last().is_some_and(|r| r.day >= to);
        match self.when {
            When::Always => {
                let mut misses = 0;
                for r in window {
                    let v = value(r);
                    if !self.holds(v) {
                        misses += 1;
                        if misses > self.misses_allowed {
                            return Status::Failed(r.day, v);
                        }
                    }
                }
                if reached_end {
                    Status::Met(to)
                } else {
                    Status::Pending
                }
            }
            When::Ever => {
                let mut last = None;
                for r in window {
                    let v = value(r);
                    if self.holds(v) {
                        return Status::Met(r.day);
                    }
                    last = Some(v);
                }
                match (reached_end, last) {
                    (true, Some(v)) => Status::Failed(to, v),
                    (true, None) => Status::Failed(to, f64::NAN),
                    _ => Status::Pending,
                }
            }
            When::AtEnd => match rows.iter().find(|r| r.day == to) {
                Some(r) => {
                    let v = value(r);
                    if self.holds(v) {
                        Status::Met(to)
                    } else {
                        Status::Failed(to, v)
                    }
                }
                None if reached_end => Status::Failed(to, f64::NAN),
                None => Status::Pending,
            },
        }
    }

    /// The threshold in words, e.g. "Neutrophils ≥ 0.5 10³/µL on every day 0–63".
    pub fn rule_text(&self, run_days: u32) -> String {
        let action_label;
        let (label, unit) = match action_measure(&self.measure) {
            Some(Ok(ActionMeasure::Inspected(name))) => {
                action_label = format!("Cells of \"{name}\" inspected");
                (action_label.as_str(), "")
            }
            Some(Ok(ActionMeasure::Given(kind))) => {
                action_label = format!("Times {} given", kind.label());
                (action_label.as_str(), "")
            }
            _ => measure(&self.measure).map_or((self.measure.as_str(), ""), |m| (m.label, m.unit)),
        };
        let bound = match (self.above, self.below) {
            (Some(a), Some(b)) => format!("between {a} and {b} {unit}"),
            (Some(a), None) => format!("≥ {a} {unit}"),
            (None, Some(b)) => format!("≤ {b} {unit}"),
            (None, None) => String::new(),
        };
        let (from, to) = self.days(run_days);
        let when = match self.when {
            When::Always if self.misses_allowed > 0 && action_measure(&self.measure).is_none() => {
                let n = self.misses_allowed;
                let days = if n == 1 { "day" } else { "days" };
                format!("on every day {from}–{to} but at most {n} {days}")
            }
            When::Always => format!("on every day {from}–{to}"),
            When::Ever => format!("on some day {from}–{to}"),
            When::AtEnd => format!("on day {to}"),
        };
        format!("{label} {} {when}", bound.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(anc: &[f64]) -> Vec<DayRow> {
        anc.iter()
            .enumerate()
            .map(|(i, &a)| {
                let mut r = DayRow {
                    day: i as u64 + 1,
                    ..Default::default()
                };
                r.cbc.anc_e3_ul = a;
                r
            })
            .collect()
    }

    fn keep_above(when: When, to: Option<u32>) -> Objective {
        Objective {
            goal: "keep neutrophils up".into(),
            measure: "anc_e3_ul".into(),
            above: Some(0.5),
            below: None,
            when,
            from_day: 0,
            to_day: to,
            misses_allowed: 0,
            why: String::new(),
        }
    }

    fn status(o: &Objective, rows: &[DayRow], run_days: u32) -> Status {
        o.status(rows, run_days, &PlayerLog::default(), rows.len() as f64)
    }

    #[test]
    fn always_fails_on_the_first_bad_day_and_is_met_at_the_end() {
        let o = keep_above(When::Always, None);
        assert_eq!(
            status(&o, &rows(&[1.0, 0.4, 1.0]), 3),
            Status::Failed(2, 0.4)
        );
        assert_eq!(status(&o, &rows(&[1.0, 0.9]), 3), Status::Pending);
        assert_eq!(status(&o, &rows(&[1.0, 0.9, 0.6]), 3), Status::Met(3));
    }

    #[test]
    fn always_with_misses_allowed_fails_only_past_them() {
        let o = Objective {
            misses_allowed: 2,
            ..keep_above(When::Always, None)
        };
        assert_eq!(status(&o, &rows(&[1.0, 0.4, 0.3, 1.0]), 4), Status::Met(4));
        assert_eq!(
            status(&o, &rows(&[0.4, 1.0, 0.3, 0.2]), 4),
            Status::Failed(4, 0.2)
        );
        assert!(
            o.rule_text(4).ends_with("but at most 2 days"),
            "{}",
            o.rule_text(4)
        );
    }

    #[test]
    fn ever_is_met_on_the_first_good_day() {
        let o = keep_above(When::Ever, Some(2));
        assert_eq!(status(&o, &rows(&[0.1, 0.7]), 5), Status::Met(2));
        assert_eq!(status(&o, &rows(&[0.1]), 5), Status::Pending);
        assert!(matches!(
            status(&o, &rows(&[0.1, 0.2, 0.9]), 5),
            Status::Failed(2, _)
        ));
    }

    #[test]
    fn at_end_looks_only_at_its_day() {
        let o = keep_above(When::AtEnd, Some(2));
        assert_eq!(status(&o, &rows(&[0.1, 0.7]), 5), Status::Met(2));
        assert_eq!(status(&o, &rows(&[0.9, 0.2]), 5), Status::Failed(2, 0.2));
        assert!(o.rule_text(5).contains("on day 2"));
    }

    fn action(measure: &str, above: f64, when: When, to_day: Option<u32>) -> Objective {
        Objective {
            measure: measure.into(),
            above: Some(above),
            when,
            to_day,
            misses_allowed: 0,
            ..keep_above(when, to_day)
        }
    }

    #[test]
    fn an_inspection_counts_at_once_and_by_lineage_or_stage() {
        let mut log = PlayerLog::default();
        let find = action("inspected:megakaryocyte", 1.0, When::Ever, None);
        assert_eq!(find.status(&[], 10, &log, 2.5), Status::Pending);
        log.inspect(2.6, "megakaryocyte", "megakaryoblast");
        log.inspect(2.7, "megakaryocyte", "megakaryoblast");
        assert_eq!(log.inspected.len(), 1, "the same stage twice counts once");
        assert_eq!(find.status(&[], 10, &log, 2.7), Status::Met(2));
        let stage = action("inspected:reticulocyte", 1.0, When::Ever, None);
        assert_eq!(stage.status(&[], 10, &log, 11.0), Status::Failed(10, 0.0));
        log.inspect(3.0, "erythroid", "reticulocyte");
        assert_eq!(stage.status(&[], 10, &log, 11.0), Status::Met(3));
    }

    #[test]
    fn treatments_count_within_their_window() {
        let mut log = PlayerLog::default();
        let twice = Objective {
            from_day: 5,
            ..action("given:GcsfTherapy", 2.0, When::Ever, Some(20))
        };
        log.given.push((2.0, ConditionKind::GcsfTherapy));
        log.given.push((6.0, ConditionKind::GcsfTherapy));
        log.given.push((7.0, ConditionKind::Infection));
        assert_eq!(twice.status(&[], 30, &log, 8.0), Status::Pending);
        assert_eq!(twice.status(&[], 30, &log, 21.5), Status::Failed(20, 1.0));
        log.given.push((9.0, ConditionKind::GcsfTherapy));
        assert_eq!(twice.status(&[], 30, &log, 9.0), Status::Met(9));
        let never = Objective {
            above: None,
            below: Some(0.0),
            ..action("given:Chemotherapy", 0.0, When::Always, None)
        };
        assert_eq!(never.status(&[], 30, &log, 10.0), Status::Pending);
        assert_eq!(
            never.status(&[], 30, &log, 30.0),
            Status::Met(30),
            "kept through the run's last day"
        );
        log.given.push((10.0, ConditionKind::Chemotherapy));
        assert_eq!(never.status(&[], 30, &log, 10.0), Status::Failed(10, 1.0));
        assert_eq!(
            never.status(&[], 30, &log, 25.0),
            Status::Failed(10, 1.0),
            "day of the act"
        );
        assert!(action_measure("given:Chemo").unwrap().is_err());
        assert!(twice.rule_text(30).contains("G-CSF"));
    }
}
