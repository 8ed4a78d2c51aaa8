//! Objectives a scenario sets the player, checked against the daily records.

use serde::{Deserialize, Serialize};

use crate::sim::census::DayRow;

/// One goal: keep, reach or end with a daily measure above and/or below a threshold.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    /// What the player is asked to do, in words.
    pub goal: String,
    /// A column of the daily record (see [`MEASURES`]), e.g. `"anc_e3_ul"`.
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

/// The daily measures an objective can name: (name, label, unit, value).
pub const MEASURES: &[(&str, &str, &str, fn(&DayRow) -> f64)] = &[
    ("hb_g_dl", "Haemoglobin", "g/dL", |r| r.cbc.hb_g_dl),
    ("rbc_e6_ul", "Red cells", "10⁶/µL", |r| r.cbc.rbc_e6_ul),
    ("wbc_e3_ul", "White cells", "10³/µL", |r| r.cbc.wbc_e3_ul),
    ("anc_e3_ul", "Neutrophils", "10³/µL", |r| r.cbc.anc_e3_ul),
    ("lymph_e3_ul", "Lymphocytes", "10³/µL", |r| {
        r.cbc.lymph_e3_ul
    }),
    ("mono_e3_ul", "Monocytes", "10³/µL", |r| r.cbc.mono_e3_ul),
    ("eos_e3_ul", "Eosinophils", "10³/µL", |r| r.cbc.eos_e3_ul),
    ("baso_e3_ul", "Basophils", "10³/µL", |r| r.cbc.baso_e3_ul),
    ("plt_e3_ul", "Platelets", "10³/µL", |r| r.cbc.plt_e3_ul),
    ("retic_pct", "Reticulocytes", "%", |r| r.cbc.retic_pct),
    ("marrow_blast_pct", "Marrow blasts", "%", |r| {
        r.marrow.blast_pct
    }),
    ("cellularity_pct", "Marrow cellularity", "%", |r| {
        r.marrow.cellularity_pct
    }),
    ("extramedullary_pct", "Liver and spleen output", "%", |r| {
        r.extramedullary_pct
    }),
    ("agents", "Agents in the window", "", |r| r.agents as f64),
    ("epo_rel", "EPO", "× normal", |r| r.hormones[0]),
    ("tpo_rel", "TPO", "× normal", |r| r.hormones[1]),
    ("gcsf_rel", "G-CSF", "× normal", |r| r.hormones[2]),
    (
        "abnormal_e3_ul",
        "Abnormal cells in blood",
        "10³/µL",
        |r| r.cbc.abnormal_e3_ul,
    ),
    ("marrow_clone_pct", "Clone in marrow", "%", |r| {
        r.marrow.clone_pct
    }),
];

/// The measure called `name`.
pub fn measure(
    name: &str,
) -> Option<&'static (&'static str, &'static str, &'static str, fn(&DayRow) -> f64)> {
    MEASURES.iter().find(|m| m.0 == name)
}

impl Objective {
    /// The window of days judged, for a run of `days` days.
    pub fn days(&self, run_days: u32) -> (u32, u32) {
        (self.from_day, self.to_day.unwrap_or(run_days))
    }

    fn holds(&self, v: f64) -> bool {
        self.above.is_none_or(|a| v >= a) && self.below.is_none_or(|b| v <= b)
    }

    /// Judges the rows recorded so far of a run of `run_days` days.
    pub fn status(&self, rows: &[DayRow], run_days: u32) -> Status {
        let Some((_, _, _, value)) = measure(&self.measure) else {
            return Status::Pending;
        };
        let (from, to) = self.days(run_days);
        let (from, to) = (from as u64, to as u64);
        let window = rows.iter().filter(|r| r.day >= from && r.day <= to);
        let reached_end = rows.last().is_some_and(|r| r.day >= to);
        match self.when {
            When::Always => {
                for r in window {
                    let v = value(r);
                    if !self.holds(v) {
                        return Status::Failed(r.day, v);
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
        let (label, unit) =
            measure(&self.measure).map_or((self.measure.as_str(), ""), |m| (m.1, m.2));
        let bound = match (self.above, self.below) {
            (Some(a), Some(b)) => format!("between {a} and {b} {unit}"),
            (Some(a), None) => format!("≥ {a} {unit}"),
            (None, Some(b)) => format!("≤ {b} {unit}"),
            (None, None) => String::new(),
        };
        let (from, to) = self.days(run_days);
        let when = match self.when {
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
        }
    }

    #[test]
    fn always_fails_on_the_first_bad_day_and_is_met_at_the_end() {
        let o = keep_above(When::Always, None);
        assert_eq!(o.status(&rows(&[1.0, 0.4, 1.0]), 3), Status::Failed(2, 0.4));
        assert_eq!(o.status(&rows(&[1.0, 0.9]), 3), Status::Pending);
        assert_eq!(o.status(&rows(&[1.0, 0.9, 0.6]), 3), Status::Met(3));
    }

    #[test]
    fn ever_is_met_on_the_first_good_day() {
        let o = keep_above(When::Ever, Some(2));
        assert_eq!(o.status(&rows(&[0.1, 0.7]), 5), Status::Met(2));
        assert_eq!(o.status(&rows(&[0.1]), 5), Status::Pending);
        assert!(matches!(
            o.status(&rows(&[0.1, 0.2, 0.9]), 5),
            Status::Failed(2, _)
        ));
    }

    #[test]
    fn at_end_looks_only_at_its_day() {
        let o = keep_above(When::AtEnd, Some(2));
        assert_eq!(o.status(&rows(&[0.1, 0.7]), 5), Status::Met(2));
        assert_eq!(o.status(&rows(&[0.9, 0.2]), 5), Status::Failed(2, 0.2));
        assert!(o.rule_text(5).contains("on day 2"));
    }

    #[test]
    fn every_measure_is_a_csv_column() {
        let header: Vec<&str> = crate::sim::census::CSV_HEADER.split(',').collect();
        for (name, ..) in MEASURES {
            assert!(header.contains(name), "{name}");
        }
        assert_eq!(MEASURES.len() + 1, header.len(), "all but `day`");
    }
}
