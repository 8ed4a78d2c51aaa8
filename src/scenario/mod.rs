//! Scenario files (RON): the patient, the timeline of conditions, overrides of the kinetic
//! table, objectives and display hints. Every error names `file:line:col`. The format is
//! documented field by field in `docs/scenarios.md`.
//!
//! The types and their parsing are here; `validation.rs` checks every value (and says where
//! a bad one stands), `ron_errors.rs` reads RON text and words and places its errors.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::biology::conditions::{ConditionEvent, ConditionKind};
use crate::biology::kinetics::Kinetics;
use crate::biology::patient::Patient;
use crate::sim::SimSetup;

pub mod bundled;
pub mod kinetics_file;
pub mod objectives;
pub mod overrides;
pub mod ron_errors;
mod validation;

pub use objectives::{Objective, When};
use ron_errors::{FieldHints, parse_ron, read_limited, utf8_text};
pub use ron_errors::{MAX_FILE_BYTES, ScenarioError};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// What a player should understand after playing it, one sentence each.
    #[serde(default)]
    pub learning_goals: Vec<String>,
    #[serde(default)]
    pub patient: Patient,
    /// Seed of the random generator; `--seed` overrides it.
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// Default run length in days; `--days` overrides it.
    #[serde(default = "default_days")]
    pub days: u32,
    /// Conditions on the timeline, in any order.
    #[serde(default)]
    pub events: Vec<ConditionEvent>,
    /// Kinetic parameters to change, by dotted name (see [`overrides`]).
    #[serde(default, deserialize_with = "overrides::unique")]
    pub overrides: BTreeMap<String, f64>,
    /// Goals for the player, checked day by day.
    #[serde(default)]
    pub objectives: Vec<Objective>,
    /// What happened and why, shown on the results screen when the run is over.
    #[serde(default)]
    pub debrief: String,
    /// Codex entries this scenario teaches (ids such as `"condition:Chemotherapy"`): they
    /// unlock when it is completed and its quiz draws on them.
    #[serde(default)]
    pub codex: Vec<String>,
    /// How the game first shows this scenario.
    #[serde(default)]
    pub display: DisplayHints,
}

/// How the game first shows a scenario; the player can change all of it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisplayHints {
    /// Where the camera starts.
    #[serde(default)]
    pub camera: Option<CameraHint>,
    /// The plots shown, in order; all of them when left out.
    #[serde(default)]
    pub plots: Option<Vec<PlotKind>>,
    /// Simulated hours per real second at start.
    #[serde(default)]
    pub speed_hours_per_second: Option<f64>,
    /// A lineage (or `stem_cell`) whose most mature cell is selected and followed at start, or
    /// `proplatelet`: a megakaryocyte shedding into the sinusoid, close up.
    #[serde(default)]
    pub follow: Option<String>,
}

/// A camera position around the centre of the marrow window.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CameraHint {
    /// Turn around the vertical axis, degrees.
    #[serde(default)]
    pub yaw_deg: f32,
    /// Height of the view, degrees above the horizontal (-85..=85).
    #[serde(default)]
    pub pitch_deg: f32,
    /// Distance from the centre, micrometres (25..=1200).
    pub distance_um: f32,
}

/// The plots of the blood panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlotKind {
    Haemoglobin,
    WhiteCells,
    Platelets,
    Reticulocytes,
    Marrow,
}

impl PlotKind {
    pub const ALL: [PlotKind; 5] = [
        PlotKind::Haemoglobin,
        PlotKind::WhiteCells,
        PlotKind::Platelets,
        PlotKind::Reticulocytes,
        PlotKind::Marrow,
    ];
}

fn default_seed() -> u64 {
    1
}
fn default_days() -> u32 {
    60
}

pub const MAX_DAYS: u32 = 36_500;

/// The top-level fields of a scenario file.
const SCENARIO_FIELDS: &[&str] = &[
    "title",
    "description",
    "learning_goals",
    "patient",
    "seed",
    "days",
    "events",
    "overrides",
    "objectives",
    "debrief",
    "codex",
    "display",
];

/// What the RON reader knows of a scenario's fields, for its messages.
const HINTS: FieldHints<'static> = FieldHints {
    outer_fields: SCENARIO_FIELDS,
    variants: variant_names,
    integer_range,
};

/// The names an enum-valued scenario field takes.
fn variant_names(field: &str) -> Option<Vec<String>> {
    match field {
        "sex" => Some(vec!["Male".into(), "Female".into()]),
        "condition" => Some(
            ConditionKind::ALL
                .iter()
                .map(|k| format!("{k:?}"))
                .collect(),
        ),
        "when" => Some(vec!["Always".into(), "Ever".into(), "AtEnd".into()]),
        _ => None,
    }
}

/// The valid range of a whole-number scenario field, for an out-of-bounds value.
fn integer_range(field: &str) -> Option<String> {
    match field {
        "seed" => Some(format!("0..={}", u64::MAX)),
        "days" => Some(format!("1..={MAX_DAYS}")),
        "from_day" | "to_day" => Some("0..=days (the run's length)".into()),
        _ => None,
    }
}

impl Scenario {
    /// The bundled healthy adult.
    pub fn healthy_adult() -> Self {
        Self::parse("healthy_adult.ron", bundled::HEALTHY_ADULT).expect("bundled scenario is valid")
    }

    /// Reads and checks a scenario file.
    pub fn load(path: &Path) -> Result<Self, ScenarioError> {
        let (name, bytes) = read_limited(path)?;
        Self::parse_bytes(&name, &bytes)
    }

    /// Checks raw bytes: UTF-8 text, then [`Scenario::parse`].
    pub fn parse_bytes(file: &str, bytes: &[u8]) -> Result<Self, ScenarioError> {
        Self::parse(file, utf8_text(file, bytes)?)
    }

    /// Parses and validates scenario text.
    pub fn parse(file: &str, text: &str) -> Result<Self, ScenarioError> {
        let err = |line, col, message: String| ScenarioError {
            file: file.into(),
            line,
            col,
            message,
        };
        if text.len() > MAX_FILE_BYTES {
            return Err(err(
                1,
                1,
                format!("scenario text is larger than {MAX_FILE_BYTES} bytes"),
            ));
        }
        // A byte-order mark some editors write is not part of the text.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim().is_empty() {
            return Err(err(
                1,
                1,
                "empty scenario; expected `( title: \"...\", ... )`".into(),
            ));
        }
        let mut scenario: Scenario = parse_ron(file, text, &HINTS)?;
        scenario.validate(file, text)?;
        scenario.resolve_durations();
        Ok(scenario)
    }

    /// `base` with this scenario's overrides applied (an error names the override).
    pub fn kinetics(&self, base: &Kinetics) -> Result<Kinetics, String> {
        overrides::apply(base, &self.overrides)
            .map_err(|e| format!("overrides \"{}\": {}", e.key, e.message))
    }

    /// The run of this scenario on `base` with its overrides applied; an override that does
    /// not fit `base` is named in the error.
    pub fn setup_on(&self, base: &Kinetics) -> Result<SimSetup, String> {
        Ok(SimSetup {
            kinetics: self.kinetics(base)?,
            patient: self.patient.clone(),
            events: self.events.clone(),
            seed: self.seed,
        })
    }

    /// The run of this scenario on the bundled table. A validated scenario always fits it;
    /// one that does not (built in code) is logged and run without its overrides.
    pub fn setup(&self) -> SimSetup {
        self.setup_on(&Kinetics::bundled()).unwrap_or_else(|e| {
            bevy::log::error!("{e}; running without the scenario's overrides");
            SimSetup {
                kinetics: Kinetics::bundled(),
                patient: self.patient.clone(),
                events: self.events.clone(),
                seed: self.seed,
            }
        })
    }

    /// Events with `duration_days` turned into `end_day`.
    fn resolve_durations(&mut self) {
        for ev in &mut self.events {
            if let Some(d) = ev.duration_days.take() {
                ev.end_day = Some(ev.start_day + d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_scenario_parses() {
        let s = Scenario::healthy_adult();
        assert_eq!(s.patient.age_years, 40.0);
        assert_eq!(s.days, 60);
    }

    #[test]
    fn event_fields_are_found_in_their_own_entry() {
        use ron_errors::{Seg, line_col, locate};
        let t = "(\n title: \"x\",\n events: [\n  (condition: Infection, start_day: 1, strength: 0.5), // (\n  (condition: BloodLoss,\n   start_day: 2, strength: 0.9),\n ],\n)";
        let at = |i| {
            locate(
                t,
                &[Seg::Field("events"), Seg::Index(i), Seg::Field("strength")],
            )
            .map(|o| line_col(t, o))
        };
        assert_eq!(at(0), Some((4, 40)));
        assert_eq!(at(1), Some((6, 18)));
        let e = Scenario::parse("t.ron", t).unwrap_err();
        assert_eq!((e.line, e.col), (6, 18), "{e}");
        assert!(e.message.contains("events[1].strength"), "{e}");
    }

    #[test]
    fn a_typo_of_a_field_gets_the_closest_name() {
        let e = Scenario::parse("t.ron", "(title: \"x\", dayz: 3)").unwrap_err();
        assert!(e.message.ends_with("did you mean `days`?"), "{e}");
    }

    #[test]
    fn a_duration_becomes_an_end_day() {
        let s = Scenario::parse(
            "t.ron",
            "(title: \"x\", events: [(condition: Infection, start_day: 2, duration_days: 3, strength: 0.5)])",
        )
        .unwrap();
        assert_eq!(s.events[0].end_day, Some(5.0));
        assert_eq!(s.events[0].duration_days, None);
    }

    fn at(text: &str) -> (usize, usize, String) {
        let e = Scenario::parse("t.ron", text).unwrap_err();
        (e.line, e.col, e.message)
    }

    #[test]
    fn syntax_errors_point_at_the_token_not_the_space_before_it() {
        // ron puts these at the whitespace before the value (col 10, 11, 21 before the fix).
        let (l, c, m) = at("(\n    title: \"x\",\n    days: \"ten\",\n)");
        assert_eq!((l, c), (3, 11), "{m}");
        assert_eq!(m, "days: Expected integer, found `\"ten\"`");
        let (l, c, _) = at("(title: 42)");
        assert_eq!((l, c), (1, 9));
        let (l, c, m) = at("(title: \"x\", seed: -1)");
        assert_eq!((l, c), (1, 20), "{m}");
        assert!(m.starts_with("seed: Integer is out of bounds, found `-1`; valid range 0..="));
        let (l, c, _) = at("(title: \"x\",\n  /* a */ days: /* b */ ;)");
        assert_eq!((l, c), (2, 25));
    }

    #[test]
    fn a_fraction_for_a_whole_number_is_named_as_such() {
        // Was "Expected comma" at the `.`.
        let (l, c, m) = at("(title: \"x\", days: 30.5)");
        assert_eq!((l, c), (1, 20));
        assert_eq!(m, "days: Expected integer (a whole number), found `30.5`");
    }

    #[test]
    fn a_missing_comma_names_the_closer_too() {
        let (_, _, m) =
            at("(title: \"x\", events: [(condition: Aml, start_day: 0, strength: 0.1)))");
        assert_eq!(m, "Expected comma or `]`, found `)`");
    }

    #[test]
    fn the_end_of_the_file_inside_brackets_points_at_the_open_one() {
        // Was "Expected comma" at the last token, or "Unexpected end of RON".
        let (l, c, m) = at("(\n  title: \"x\",\n  patient: (age_years: 3.0,\n");
        assert_eq!((l, c), (3, 12), "{m}");
        assert_eq!(m, "Unexpected end of file: this `(` is never closed");
        let (l, c, _) = at("(title: \"x(\", days: 5 // )");
        assert_eq!(
            (l, c),
            (1, 1),
            "brackets in strings and comments do not count"
        );
    }

    #[test]
    fn enum_fields_list_their_names_and_unquoted_spelling() {
        // Was "Found invalid std identifier \"5\", try the raw identifier `r#5` instead".
        let (_, _, m) = at("(title: \"x\", patient: (sex: 5))");
        assert_eq!(
            m,
            "sex: Expected identifier, found `5`; known: Male, Female"
        );
        let (_, _, m) =
            at("(title: \"x\", events: [(condition: \"Aml\", start_day: 0, strength: 0.1)])");
        assert!(
            m.contains("names are written without quotes; known: Chemotherapy,"),
            "{m}"
        );
        for k in crate::biology::conditions::ConditionKind::ALL {
            let t =
                format!("(title: \"x\", events: [(condition: {k:?}, start_day: 0, strength: 0)])");
            Scenario::parse("t.ron", &t).unwrap_or_else(|e| panic!("{e}"));
        }
        for name in variant_names("sex")
            .unwrap()
            .into_iter()
            .chain(variant_names("when").unwrap())
        {
            let t = format!("(title: \"x\", patient: (sex: {name}))");
            let o = format!(
                "(title: \"x\", objectives: [(goal: \"g\", measure: \"agents\", above: 1, when: {name})])"
            );
            assert!(
                Scenario::parse("t.ron", &t).is_ok() || Scenario::parse("t.ron", &o).is_ok(),
                "{name}"
            );
        }
    }

    #[test]
    fn a_scenario_field_inside_an_unclosed_paren_says_so() {
        let (l, c, m) = at("(\n title: \"x\",\n patient: (age_years: 3.0,\n days: 3,\n)");
        assert_eq!((l, c), (4, 2));
        assert!(
            m.ends_with("`days` belongs one level up: is a `)` missing before it?"),
            "{m}"
        );
        let tree = serde_json::to_value(Scenario::healthy_adult()).unwrap();
        let keys: Vec<&str> = tree
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut fields = SCENARIO_FIELDS.to_vec();
        fields.sort();
        let mut keys = keys;
        keys.sort();
        assert_eq!(fields, keys);
    }

    #[test]
    fn an_override_given_twice_is_refused_at_the_second() {
        // Was accepted, keeping only the last value.
        let (l, c, m) =
            at("(title: \"x\", overrides: {\n \"max_agents\": 5000,\n \"max_agents\": 6000,\n})");
        assert_eq!((l, c), (3, 2), "{m}");
        assert_eq!(
            m,
            "overrides \"max_agents\" is set twice; give each parameter once"
        );
    }

    #[test]
    fn a_repeated_plot_is_found_at_its_second_mention() {
        // Was "plots: Haemoglobin is listed twice" at `plots:`.
        let (l, c, m) = at(
            "(title: \"x\", display: (\n plots: [Haemoglobin, Marrow, // Haemoglobin\n  Haemoglobin]))",
        );
        assert_eq!((l, c), (3, 3), "{m}");
        assert!(
            m.starts_with("display.plots[2]: Haemoglobin is listed twice (first as plots[0])"),
            "{m}"
        );
        let (_, _, m) = at("(title: \"x\", display: (speed_hours_per_second: 0))");
        assert!(
            m.starts_with("display.speed_hours_per_second: 0 is outside"),
            "{m}"
        );
    }

    #[test]
    fn a_bad_escape_is_found_at_its_backslash() {
        // Was at the start of the string's text.
        let (l, c, m) = at("(title: \"a \\q b\")");
        assert_eq!((l, c), (1, 12), "{m}");
        assert_eq!(
            m,
            "Unknown escape character `\\q` in a string; write `\\\\` for a backslash"
        );
    }

    #[test]
    fn a_byte_order_mark_is_not_text() {
        let s = Scenario::parse("t.ron", "\u{feff}(title: \"x\")").unwrap();
        assert_eq!(s.title, "x");
        let (l, c, _) = at("\u{feff}(title: \"x\", days: 0)");
        assert_eq!((l, c), (1, 14));
    }

    #[test]
    fn every_cut_of_every_bundled_scenario_is_an_error_or_valid_never_a_panic() {
        for (name, text) in bundled::BUNDLED {
            for (i, _) in text.char_indices().chain([(text.len(), ' ')]) {
                for t in [
                    &text[..i],
                    &format!("{}{}", &text[..i], &text[(i + 1).min(text.len())..]),
                ] {
                    if let Err(e) = Scenario::parse(name, t) {
                        let lines = t.lines().count().max(1);
                        assert!(e.line >= 1 && e.line <= lines + 1, "{name} cut at {i}: {e}");
                        assert!(e.col >= 1, "{name} cut at {i}: {e}");
                    }
                }
            }
        }
    }
}
