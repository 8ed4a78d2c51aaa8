//! Every value of a scenario checked, each problem reported where it stands in the file.

use super::ron_errors::{Seg, locate_line_col, suggest};
use super::{DisplayHints, MAX_DAYS, Objective, Scenario, ScenarioError, objectives, overrides};
use crate::biology::conditions::{ConditionEvent, ConditionKind};
use crate::biology::kinetics::{Kinetics, PROPLATELET, STEM_CELL};

impl Scenario {
    /// The first problem with any value, at its place in `text`.
    pub(super) fn validate(&self, file: &str, text: &str) -> Result<(), ScenarioError> {
        let fail = |path: &[Seg], name: &str, message: String| {
            let (line, col) = locate_line_col(text, path);
            Err(ScenarioError {
                file: file.into(),
                line,
                col,
                message: format!("{name}: {message}"),
            })
        };
        use Seg::{Field, Index};
        if self.title.trim().is_empty() {
            return fail(&[Field("title")], "title", "must not be empty".into());
        }
        // A patient number within its range (an unset one passes).
        let patient_range =
            |field: &str, value: Option<f32>, lo: f32, hi: f32, unit: &str| match value {
                Some(v) if !v.is_finite() || !(lo..=hi).contains(&v) => fail(
                    &[Field("patient"), Field(field)],
                    field,
                    format!("{v} is outside the valid range {lo}..={hi} {unit}"),
                ),
                _ => Ok(()),
            };
        let p = &self.patient;
        patient_range("age_years", Some(p.age_years), 0.0, 110.0, "years")?;
        if !(1..=MAX_DAYS).contains(&self.days) {
            return fail(
                &[Field("days")],
                "days",
                format!("{} is outside the valid range 1..={MAX_DAYS}", self.days),
            );
        }
        patient_range("gestation_weeks", p.gestation_weeks, 3.0, 42.0, "weeks")?;
        patient_range("ferritin_ug_l", p.ferritin_ug_l, 1.0, 1000.0, "µg/L")?;
        let entry_fail = |list: &str, i: usize, field: &str, message: String| {
            fail(
                &[Field(list), Index(i), Field(field)],
                &format!("{list}[{i}].{field}"),
                message,
            )
        };
        for (i, ev) in self.events.iter().enumerate() {
            if let Some((field, message)) = event_problem(ev, self.days) {
                return entry_fail("events", i, field, message);
            }
        }
        for (i, goal) in self.learning_goals.iter().enumerate() {
            if goal.trim().is_empty() {
                return fail(
                    &[Field("learning_goals")],
                    "learning_goals",
                    format!("goal {i} is empty"),
                );
            }
        }
        for (i, o) in self.objectives.iter().enumerate() {
            if let Some((field, message)) = objective_problem(o, self.days) {
                return entry_fail("objectives", i, field, message);
            }
        }
        if let Some((field, message)) = self.display.problem() {
            let mut path = vec![Field("display")];
            path.extend(field.split('.').skip(1).map(Field));
            return fail(&path, field, message);
        }
        if let Some(plots) = &self.display.plots {
            for (i, p) in plots.iter().enumerate() {
                if let Some(first) = plots[..i].iter().position(|q| q == p) {
                    return fail(
                        &[Field("display"), Field("plots"), Index(i)],
                        &format!("display.plots[{i}]"),
                        format!(
                            "{p:?} is listed twice (first as plots[{first}]); each plot can be shown once"
                        ),
                    );
                }
            }
        }
        if let Err(e) = overrides::apply(&Kinetics::bundled(), &self.overrides) {
            return fail(
                &[Field("overrides"), Field(&e.key)],
                &format!("overrides \"{}\"", e.key),
                e.message,
            );
        }
        Ok(())
    }
}

impl DisplayHints {
    /// The first problem: (field, message).
    fn problem(&self) -> Option<(&'static str, String)> {
        if let Some(c) = self.camera {
            if !(c.yaw_deg.is_finite() && (-360.0..=360.0).contains(&c.yaw_deg)) {
                return Some((
                    "display.camera.yaw_deg",
                    format!(
                        "{} is outside the valid range -360..=360 degrees",
                        c.yaw_deg
                    ),
                ));
            }
            if !(c.pitch_deg.is_finite() && (-85.0..=85.0).contains(&c.pitch_deg)) {
                return Some((
                    "display.camera.pitch_deg",
                    format!(
                        "{} is outside the valid range -85..=85 degrees",
                        c.pitch_deg
                    ),
                ));
            }
            if !(c.distance_um.is_finite() && (25.0..=1200.0).contains(&c.distance_um)) {
                return Some((
                    "display.camera.distance_um",
                    format!("{} is outside the valid range 25..=1200 µm", c.distance_um),
                ));
            }
        }
        if let Some(s) = self.speed_hours_per_second {
            if !(s.is_finite() && (0.01..=100.0).contains(&s)) {
                return Some((
                    "display.speed_hours_per_second",
                    format!("{s} is outside the valid range 0.01..=100 simulated hours per second"),
                ));
            }
        }
        if let Some(name) = &self.follow {
            let k = Kinetics::bundled();
            let mut known: Vec<&str> = k.lineages.iter().map(|l| l.name.as_str()).collect();
            known.extend([STEM_CELL, PROPLATELET]);
            if !known.contains(&name.as_str()) {
                let hint = suggest(name, known.iter().copied())
                    .map(|s| format!("did you mean `{s}`? "))
                    .unwrap_or_default();
                return Some((
                    "display.follow",
                    format!(
                        "unknown lineage {name:?}; {hint}known: {}",
                        known.join(", ")
                    ),
                ));
            }
        }
        None
    }
}

/// The first problem with one objective: (field, message).
fn objective_problem(o: &Objective, days: u32) -> Option<(&'static str, String)> {
    if o.goal.trim().is_empty() {
        return Some(("goal", "must say what to do".into()));
    }
    match objectives::action_measure(&o.measure) {
        Some(Ok(objectives::ActionMeasure::Inspected(name))) => {
            let k = Kinetics::bundled();
            let mut known: Vec<&str> = vec![STEM_CELL];
            for l in &k.lineages {
                known.push(&l.name);
                known.extend(l.stages.iter().map(|s| s.name.as_str()));
            }
            if !known.contains(&name.as_str()) {
                let hint = suggest(&name, known.iter().copied())
                    .map(|s| format!("did you mean `inspected:{s}`? "))
                    .unwrap_or_default();
                return Some((
                    "measure",
                    format!(
                        "unknown cell {name:?} after `inspected:`; {hint}use a lineage or stage name as `marrow parameters lineages` lists them, or `stem_cell`"
                    ),
                ));
            }
        }
        Some(Ok(objectives::ActionMeasure::Given(_))) => {}
        Some(Err(name)) => {
            let names = ConditionKind::ALL.iter().map(|k| k.name());
            let hint = suggest(&name, names.clone())
                .map(|s| format!("did you mean `given:{s}`? "))
                .unwrap_or_default();
            return Some((
                "measure",
                format!(
                    "unknown condition {name:?} after `given:`; {hint}known: {}",
                    names.collect::<Vec<_>>().join(", ")
                ),
            ));
        }
        None => {}
    }
    if objectives::action_measure(&o.measure).is_none()
        && crate::sim::census::measure(&o.measure).is_none()
    {
        let names = crate::sim::census::measures().iter().map(|m| m.name);
        let hint = suggest(&o.measure, names.clone())
            .map(|s| format!("did you mean `{s}`? "))
            .unwrap_or_default();
        return Some((
            "measure",
            format!(
                "unknown measure {:?}; {hint}known: {}, or `inspected:<cell>` or `given:<Condition>`",
                o.measure,
                names.collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    for (field, v) in [("above", o.above), ("below", o.below)] {
        if v.is_some_and(|v| !v.is_finite()) {
            return Some((field, "must be a finite number".into()));
        }
    }
    match (o.above, o.below) {
        (None, None) => {
            return Some((
                "measure",
                "needs a threshold: `above`, `below` or both".into(),
            ));
        }
        (Some(a), Some(b)) if a > b => {
            return Some((
                "below",
                format!("{b} is below `above` ({a}); no value could meet both"),
            ));
        }
        _ => {}
    }
    if o.from_day > days {
        return Some((
            "from_day",
            format!(
                "{} is outside the run: valid range 0..={days} days",
                o.from_day
            ),
        ));
    }
    if let Some(to) = o.to_day {
        if to < o.from_day.max(1) || to > days {
            return Some((
                "to_day",
                format!(
                    "{to} must be in {}..={days} (from from_day, and day 1 at the earliest, to the end of the run)",
                    o.from_day.max(1)
                ),
            ));
        }
    }
    None
}

/// The first problem with one timeline event: (field, message).
fn event_problem(ev: &ConditionEvent, days: u32) -> Option<(&'static str, String)> {
    let start = ev.start_day;
    if !start.is_finite() || !(0.0..=days as f32).contains(&start) {
        return Some((
            "start_day",
            format!("{start} is outside the run: valid range 0..={days} days"),
        ));
    }
    if let Some(d) = ev.duration_days {
        if ev.end_day.is_some() {
            return Some((
                "duration_days",
                "give either end_day or duration_days, not both".into(),
            ));
        }
        if !d.is_finite() || d <= 0.0 || d > MAX_DAYS as f32 {
            return Some((
                "duration_days",
                format!("{d} is outside the valid range (0, {MAX_DAYS}] days"),
            ));
        }
    }
    if let Some(end) = ev.end_day {
        if !end.is_finite() || end <= start || end > MAX_DAYS as f32 {
            return Some((
                "end_day",
                format!("{end} must come after start_day ({start}) and be at most {MAX_DAYS}"),
            ));
        }
    }
    let max = ev.condition.max_strength();
    if !ev.strength.is_finite() || !(0.0..=max).contains(&ev.strength) {
        return Some((
            "strength",
            format!(
                "{} is outside the valid range 0..={max} for {} ({})",
                ev.strength,
                ev.condition.name(),
                ev.condition.strength_meaning()
            ),
        ));
    }
    None
}
