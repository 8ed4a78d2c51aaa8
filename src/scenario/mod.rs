//! Scenario files (RON): the patient, the timeline of conditions, overrides of the kinetic
//! table, objectives and display hints. Every error names `file:line:col`. The format is
//! documented field by field in `docs/scenarios.md`.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::biology::conditions::{ConditionEvent, ConditionKind};
use crate::biology::kinetics::Kinetics;
use crate::biology::reference::Sex;

pub mod library;
pub mod objectives;
pub mod overrides;

pub use objectives::{Objective, When};

/// The bundled default scenario.
pub const HEALTHY_ADULT: &str = library::BUNDLED[0].1;

/// Files larger than this are refused before parsing.
pub const MAX_FILE_BYTES: usize = 1 << 20;

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
    /// A lineage (or `stem_cell`) whose most mature cell is selected and followed at start.
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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Patient {
    #[serde(default = "default_age")]
    pub age_years: f32,
    #[serde(default)]
    pub sex: Sex,
    /// Set for an unborn patient: gestational age in weeks on day 0. Production then moves
    /// from yolk sac to liver and spleen to marrow as the days pass.
    #[serde(default)]
    pub gestation_weeks: Option<f32>,
}

impl Default for Patient {
    fn default() -> Self {
        Self {
            age_years: default_age(),
            sex: Sex::Male,
            gestation_weeks: None,
        }
    }
}

impl Patient {
    /// Gestational week at `day` of the run, for an unborn patient.
    pub fn gestation_at(&self, day: f64) -> Option<f32> {
        self.gestation_weeks.map(|w| w + (day / 7.0) as f32)
    }

    /// Age that sets the marrow's fat: 0 before birth.
    pub fn fat_age(&self) -> f32 {
        if self.gestation_weeks.is_some() {
            0.0
        } else {
            self.age_years
        }
    }

    /// Words for the patient, e.g. "40-year-old man".
    pub fn describe(&self) -> String {
        match self.gestation_weeks {
            Some(w) => format!("fetus at {w:.0} weeks"),
            None => format!(
                "{:.0}-year-old {}",
                self.age_years,
                match self.sex {
                    Sex::Male => "man",
                    Sex::Female => "woman",
                }
            ),
        }
    }
}

fn default_seed() -> u64 {
    1
}
fn default_days() -> u32 {
    60
}
fn default_age() -> f32 {
    40.0
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

/// A problem in a scenario file, at a 1-based line and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    pub file: String,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.col, self.message
        )
    }
}

impl std::error::Error for ScenarioError {}

impl Scenario {
    /// The bundled healthy adult.
    pub fn healthy_adult() -> Self {
        Self::parse("healthy_adult.ron", HEALTHY_ADULT).expect("bundled scenario is valid")
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
        let mut scenario: Scenario = parse_ron(file, text, SCENARIO_FIELDS)?;
        scenario.validate(file, text)?;
        scenario.resolve_durations();
        Ok(scenario)
    }

    fn validate(&self, file: &str, text: &str) -> Result<(), ScenarioError> {
        let fail = |field: &str, message: String| {
            let (line, col) = find_field(text, field).unwrap_or((1, 1));
            Err(ScenarioError {
                file: file.into(),
                line,
                col,
                message: format!("{field}: {message}"),
            })
        };
        if self.title.trim().is_empty() {
            return fail("title", "must not be empty".into());
        }
        let age = self.patient.age_years;
        if !age.is_finite() || !(0.0..=110.0).contains(&age) {
            return fail(
                "age_years",
                format!("{age} is outside the valid range 0..=110 years"),
            );
        }
        if !(1..=MAX_DAYS).contains(&self.days) {
            return fail(
                "days",
                format!("{} is outside the valid range 1..={MAX_DAYS}", self.days),
            );
        }
        if let Some(w) = self.patient.gestation_weeks {
            if !w.is_finite() || !(3.0..=42.0).contains(&w) {
                return fail(
                    "gestation_weeks",
                    format!("{w} is outside the valid range 3..=42 weeks"),
                );
            }
        }
        let entry_fail = |list: &str, i: usize, field: &str, message: String| {
            let (line, col) = entry_field(text, list, i, field)
                .or_else(|| find_field(text, list))
                .unwrap_or((1, 1));
            Err(ScenarioError {
                file: file.into(),
                line,
                col,
                message: format!("{list}[{i}].{field}: {message}"),
            })
        };
        for (i, ev) in self.events.iter().enumerate() {
            if let Some((field, message)) = event_problem(ev, self.days) {
                return entry_fail("events", i, field, message);
            }
        }
        for (i, goal) in self.learning_goals.iter().enumerate() {
            if goal.trim().is_empty() {
                return fail("learning_goals", format!("goal {i} is empty"));
            }
        }
        for (i, o) in self.objectives.iter().enumerate() {
            if let Some((field, message)) = objective_problem(o, self.days) {
                return entry_fail("objectives", i, field, message);
            }
        }
        let codex = crate::learn::codex::Codex::bundled();
        for id in &self.codex {
            if codex.entry(id).is_none() {
                let hint = suggest(id, codex.entries.iter().map(|e| e.id.as_str()))
                    .map(|s| format!("did you mean `{s}`? "))
                    .unwrap_or_default();
                let (line, col) = text
                    .find(&format!("{id:?}"))
                    .map(|at| line_col(text, at))
                    .or_else(|| find_field(text, "codex"))
                    .unwrap_or((1, 1));
                return Err(ScenarioError {
                    file: file.into(),
                    line,
                    col,
                    message: format!(
                        "codex: unknown entry {id:?}; {hint}ids look like `kind:erythroid`, `stage:CFU-E`, `condition:Chemotherapy`, `concept:epo`"
                    ),
                });
            }
        }
        if let Some((field, message)) = self.display.problem() {
            let last = field.rsplit('.').next().unwrap_or(field);
            let (line, col) = find_field(text, last).unwrap_or((1, 1));
            return Err(ScenarioError {
                file: file.into(),
                line,
                col,
                message: format!("{field}: {message}"),
            });
        }
        if let Some(plots) = &self.display.plots {
            for (i, p) in plots.iter().enumerate() {
                if let Some(first) = plots[..i].iter().position(|q| q == p) {
                    let name = format!("{p:?}");
                    let (line, col) = find_field(text, "plots")
                        .and_then(|(l, c)| nth_word_after(text, offset_of(text, l, c), &name, 2))
                        .map(|at| line_col(text, at))
                        .or_else(|| find_field(text, "plots"))
                        .unwrap_or((1, 1));
                    return Err(ScenarioError {
                        file: file.into(),
                        line,
                        col,
                        message: format!(
                            "display.plots[{i}]: {name} is listed twice (first as plots[{first}]); each plot can be shown once"
                        ),
                    });
                }
            }
        }
        if let Err(e) = overrides::apply(&Kinetics::bundled(), &self.overrides) {
            let (line, col) = find_string(text, &e.key)
                .or_else(|| find_field(text, "overrides"))
                .unwrap_or((1, 1));
            return Err(ScenarioError {
                file: file.into(),
                line,
                col,
                message: format!("overrides \"{}\": {}", e.key, e.message),
            });
        }
        Ok(())
    }

    /// `base` with this scenario's overrides applied (an error names the override).
    pub fn kinetics(&self, base: &Kinetics) -> Result<Kinetics, String> {
        overrides::apply(base, &self.overrides)
            .map_err(|e| format!("overrides \"{}\": {}", e.key, e.message))
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
            known.push(STEM_CELL);
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

/// The name `follow` and `--inspect` use for the stem cells.
pub const STEM_CELL: &str = "stem_cell";

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
    if objectives::action_measure(&o.measure).is_none() && objectives::measure(&o.measure).is_none()
    {
        let names = objectives::MEASURES.iter().map(|m| m.0);
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

/// The known name closest to `found`, if one is close enough to be a typo of it.
pub fn suggest<'a>(found: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = found.to_lowercase();
    let known: Vec<&'a str> = known.into_iter().collect();
    if lower.len() >= 3 {
        if let Some(k) = known.iter().find(|k| k.to_lowercase().starts_with(&lower)) {
            return Some(k);
        }
    }
    known
        .into_iter()
        .map(|k| (strsim::levenshtein(&lower, &k.to_lowercase()), k))
        .filter(|(d, k)| *d <= (k.chars().count().max(found.chars().count()) / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// The bytes of a RON file, refused with a located error if missing, a folder or too large.
fn read_limited(path: &Path) -> Result<(String, Vec<u8>), ScenarioError> {
    let name = path.display().to_string();
    let at = |message: String| ScenarioError {
        file: name.clone(),
        line: 1,
        col: 1,
        message,
    };
    let meta = std::fs::metadata(path).map_err(|e| at(format!("cannot read file: {e}")))?;
    if meta.is_dir() {
        return Err(at("is a directory, not a file".into()));
    }
    if meta.len() as usize > MAX_FILE_BYTES {
        return Err(at(format!(
            "file is {} bytes; files are limited to {} bytes",
            meta.len(),
            MAX_FILE_BYTES
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| at(format!("cannot read file: {e}")))?;
    Ok((name, bytes))
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

/// Position of `field` inside the `index`-th entry of the list `list`.
fn entry_field(text: &str, list: &str, index: usize, field: &str) -> Option<(usize, usize)> {
    let (line, col) = find_field(text, list)?;
    let start = offset_of(text, line, col);
    let mut depth = 0usize;
    let mut entry = 0usize;
    let mut entry_start = None;
    let mut chars = text[start..].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                let mut escaped = false;
                for (_, c) in chars.by_ref() {
                    if c == '"' && !escaped {
                        break;
                    }
                    escaped = c == '\\' && !escaped;
                }
            }
            '/' if chars.peek().is_some_and(|(_, n)| *n == '/') => {
                for (_, c) in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '[' | '(' => {
                depth += 1;
                if depth == 2 && c == '(' {
                    if entry == index {
                        entry_start = Some(start + i);
                    }
                }
            }
            ']' | ')' => {
                if depth == 2 && c == ')' {
                    if let Some(from) = entry_start {
                        let inner = &text[from..start + i];
                        let (l, c) = find_field(inner, field)?;
                        let (l0, c0) = line_col(text, from);
                        return Some((l0 + l - 1, if l == 1 { c0 + c - 1 } else { c }));
                    }
                    entry += 1;
                }
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return None;
                }
            }
            _ => {}
        }
    }
    None
}

/// Byte offset of a 1-based line and column.
fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let mut offset = 0;
    for (n, l) in text.split_inclusive('\n').enumerate() {
        if n + 1 == line {
            return offset + l.char_indices().nth(col - 1).map_or(l.len(), |(i, _)| i);
        }
        offset += l.len();
    }
    text.len()
}

/// Reads a whole kinetic table (the format of `assets/kinetics.ron`) and checks it.
pub fn load_kinetics(path: &Path) -> Result<Kinetics, ScenarioError> {
    let (name, bytes) = read_limited(path)?;
    let err = |line, col, message: String| ScenarioError {
        file: name.clone(),
        line,
        col,
        message,
    };
    let text = utf8_text(&name, &bytes)?;
    let k: Kinetics = parse_ron(&name, text, &[])?;
    k.check().map_err(|(field, message)| {
        let last = field.rsplit('.').next().unwrap_or(&field);
        let (line, col) = find_field(text, last).unwrap_or((1, 1));
        err(line, col, format!("{field}: {message}"))
    })?;
    Ok(k)
}

/// The bytes as text, or an error at the first byte that is not UTF-8.
fn utf8_text<'a>(file: &str, bytes: &'a [u8]) -> Result<&'a str, ScenarioError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let valid = e.valid_up_to();
        let (line, col) = line_col(&String::from_utf8_lossy(&bytes[..valid]), valid);
        ScenarioError {
            file: file.into(),
            line,
            col,
            message: "not UTF-8 text; scenario and kinetics files are RON text".into(),
        }
    })
}

/// Deserialises RON, reporting a syntax or type error at its line and column. `outer_fields`
/// are the top-level fields of `T`, for a hint when one turns up inside an unclosed `(`.
fn parse_ron<T: serde::de::DeserializeOwned>(
    file: &str,
    text: &str,
    outer_fields: &[&str],
) -> Result<T, ScenarioError> {
    crate::biology::kinetics::ron_options()
        .from_str(text)
        .map_err(|e| {
            let (at, message) = ron_problem(text, &e, outer_fields);
            let (line, col) = line_col(text, at);
            ScenarioError {
                file: file.into(),
                line,
                col,
                message,
            }
        })
}

/// Where a RON error really is (the offending token, not the whitespace before it) and a
/// message that names the field, the token found and the names that were expected.
fn ron_problem(text: &str, e: &ron::error::SpannedError, outer_fields: &[&str]) -> (usize, String) {
    use ron::error::Error as E;
    let pos = |p: &ron::error::Position| offset_of(text, p.line.max(1), p.col.max(1));
    let (start, end) = (pos(&e.span.start), pos(&e.span.end));
    let code = e.code.to_string();
    let mut at = skip_trivia(text, start);
    let mut message = code.clone();
    let mut with_field = false;
    let mut with_found = false;
    match &e.code {
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => {
            if let Some(s) = suggest(found, expected.iter().copied()) {
                message += &format!("; did you mean `{s}`?");
            } else if outer.is_some() && outer_fields.contains(&found.as_str()) {
                message +=
                    &format!("; `{found}` belongs one level up: is a `)` missing before it?");
            }
        }
        E::NoSuchEnumVariant {
            expected, found, ..
        } => {
            if let Some(s) = suggest(found, expected.iter().copied()) {
                message += &format!("; did you mean `{s}`?");
            }
        }
        E::Message(m) if m.starts_with(overrides::DUPLICATE) && text[..at].ends_with('"') => {
            // The second key was just read: point at its opening quote.
            at -= 1;
        }
        E::InvalidEscape(_) => {
            if let Some(i) = text[..end].rfind('\\') {
                at = i;
                let esc: String = text[i..].chars().take(2).collect();
                message += &format!(" `{esc}` in a string; write `\\\\` for a backslash");
            }
        }
        E::ExpectedStringEnd => {
            at = start;
            with_field = true;
            message += ": the `\"` here is never closed";
        }
        E::UnclosedBlockComment => {
            if text[..start].ends_with("/*") {
                at = start - 2;
            }
            message += ": the `/*` here has no `*/`";
        }
        E::IntegerOutOfBounds | E::InvalidIntegerDigit { .. } => {
            at = number_start(text, at);
            with_field = true;
            with_found = true;
        }
        E::SuggestRawIdentifier(_) => {
            // `sex: 5`: ron suggests a raw identifier, which no scenario field wants.
            message = "Expected identifier".into();
            with_field = true;
            with_found = true;
        }
        E::ExpectedComma
            if text[..end].ends_with(|c: char| c.is_ascii_digit())
                && text[end..].starts_with('.') =>
        {
            // A number with a fraction where a whole number belongs: `days: 30.5`.
            at = number_start(text, end);
            message = "Expected integer (a whole number)".into();
            with_field = true;
            with_found = true;
        }
        E::Eof
        | E::TrailingCharacters
        | E::ExpectedArray
        | E::ExpectedArrayEnd
        | E::ExpectedBoolean
        | E::ExpectedComma
        | E::ExpectedChar
        | E::ExpectedFloat
        | E::ExpectedInteger
        | E::ExpectedOption
        | E::ExpectedOptionEnd
        | E::ExpectedStructLikeEnd
        | E::ExpectedMap
        | E::ExpectedMapColon
        | E::ExpectedMapEnd
        | E::ExpectedStructLike
        | E::ExpectedNamedStructLike(_)
        | E::ExpectedUnit
        | E::ExpectedString
        | E::ExpectedIdentifier => {
            at = skip_trivia(text, end.max(start));
            with_field = true;
            with_found = true;
        }
        _ => {}
    }
    if at >= text.len() && with_found {
        if let Some(open) = unclosed_bracket(text) {
            let c = &text[open..open + 1];
            return (
                open,
                format!("Unexpected end of file: this `{c}` is never closed"),
            );
        }
        return (at, format!("{message}, found the end of the file"));
    }
    if with_found {
        let found = token_at(text, at);
        if message == code
            && matches!(e.code, E::ExpectedComma)
            && let Some(open) = unclosed_bracket(&text[..at])
        {
            let close = match &text[open..open + 1] {
                "(" => ')',
                "[" => ']',
                _ => '}',
            };
            message = format!("Expected comma or `{close}`");
        }
        message = format!("{message}, found `{found}`");
        if message.starts_with("Expected identifier") {
            if text[..at].trim_end().ends_with(['(', ',']) {
                message = format!("Expected identifier (a field name), found `{found}`");
            }
            if found.starts_with('"') {
                message += "; names are written without quotes";
            }
            if let Some(names) = field_before(text, at).and_then(|f| variant_names(&f)) {
                message += &format!("; known: {}", names.join(", "));
            }
        }
    }
    if with_field {
        if let Some(field) = field_before(text, at) {
            message = format!("{field}: {message}");
        }
        if let (E::IntegerOutOfBounds, Some(range)) = (
            &e.code,
            field_before(text, at).as_deref().and_then(integer_range),
        ) {
            message += &format!("; valid range {range}");
        }
    }
    (at, message)
}

/// The names an enum-valued scenario field takes.
fn variant_names(field: &str) -> Option<Vec<String>> {
    use crate::biology::conditions::ConditionKind;
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

/// The byte offset of the first token at or after `at`: whitespace and comments skipped.
fn skip_trivia(text: &str, mut at: usize) -> usize {
    loop {
        let rest = &text[at..];
        let trimmed = rest.trim_start();
        at += rest.len() - trimmed.len();
        if trimmed.starts_with("//") {
            at += trimmed.find('\n').unwrap_or(trimmed.len());
        } else if trimmed.starts_with("/*") {
            let mut depth = 0usize;
            let mut i = 0;
            let b = trimmed.as_bytes();
            while i < b.len() {
                if b[i..].starts_with(b"/*") {
                    depth += 1;
                    i += 2;
                } else if b[i..].starts_with(b"*/") {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            at += i;
        } else {
            return at;
        }
    }
}

/// The start of the number whose digits run through `at` (sign included).
fn number_start(text: &str, at: usize) -> usize {
    let before = &text[..at];
    let digits =
        before.trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '.');
    digits.strip_suffix(['-', '+']).unwrap_or(digits).len()
}

/// The token at `at`, as written (a string literal whole, up to 40 characters).
fn token_at(text: &str, at: usize) -> String {
    let rest = &text[at..];
    let len = if let Some(s) = rest.strip_prefix('"') {
        s.find(['"', '\n']).map_or(rest.len(), |i| i + 2)
    } else {
        let word = rest
            .find(|c: char| !(c.is_alphanumeric() || "_.+-".contains(c)))
            .unwrap_or(rest.len());
        if word == 0 {
            rest.chars().next().map_or(0, char::len_utf8)
        } else {
            word
        }
    };
    let token = rest[..len].trim_end_matches('\n');
    if token.chars().count() > 40 {
        format!("{}…", token.chars().take(40).collect::<String>())
    } else {
        token.to_string()
    }
}

/// The field whose value starts at `at` (`days` in `days: 30`), or the override name in
/// `"name": 1.0`.
fn field_before(text: &str, at: usize) -> Option<String> {
    let before = text[..at].trim_end().strip_suffix(':')?.trim_end();
    if let Some(key) = before.strip_suffix('"') {
        let open = key.rfind('"')?;
        return Some(format!("overrides \"{}\"", &key[open + 1..]));
    }
    let name = before
        .rsplit(|c: char| !(c.is_alphanumeric() || c == '_'))
        .next()
        .filter(|n| !n.is_empty())?;
    Some(name.to_string())
}

/// The innermost `(`, `[` or `{` left open at the end of `text` (strings and comments
/// skipped).
fn unclosed_bracket(text: &str) -> Option<usize> {
    let mut open = Vec::new();
    let mut i = 0;
    let b = text.as_bytes();
    while i < b.len() {
        match b[i] {
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'/' if b.get(i + 1).is_some_and(|&n| n == b'/' || n == b'*') => {
                i = skip_trivia(text, i).max(i + 1) - 1;
            }
            b'(' | b'[' | b'{' => open.push(i),
            b')' | b']' | b'}' => {
                open.pop();
            }
            _ => {}
        }
        i += 1;
    }
    open.pop()
}

/// Byte offset of the `n`-th (from 1) whole-word `word` at or after byte `from`, outside
/// `//` comments.
fn nth_word_after(text: &str, from: usize, word: &str, n: usize) -> Option<usize> {
    let mut seen = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let code = line.split("//").next().unwrap_or("");
        for (i, _) in code.match_indices(word) {
            let at = offset + i;
            let is_word = |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
            if at >= from
                && is_word(code[..i].chars().last())
                && is_word(code[i + word.len()..].chars().next())
            {
                seen += 1;
                if seen == n {
                    return Some(at);
                }
            }
        }
        offset += line.len();
    }
    None
}

/// Position of the string literal `"value"` outside comments.
fn find_string(text: &str, value: &str) -> Option<(usize, usize)> {
    let quoted = format!("\"{value}\"");
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let code = line.split("//").next().unwrap_or("");
        if let Some(i) = code.find(&quoted) {
            return Some(line_col(text, offset + i));
        }
        offset += line.len();
    }
    None
}

/// 1-based line and column of byte offset `at` in `text`.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Position of the first `field:` outside comments and strings.
fn find_field(text: &str, field: &str) -> Option<(usize, usize)> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let code = line.split("//").next().unwrap_or("");
        let mut search = 0;
        while let Some(i) = code[search..].find(field) {
            let start = search + i;
            let rest = code[start + field.len()..].trim_start();
            let before_ok = code[..start]
                .chars()
                .last()
                .is_none_or(|c| !c.is_alphanumeric() && c != '_');
            if before_ok && rest.starts_with(':') && code[..start].matches('"').count() % 2 == 0 {
                return Some(line_col(text, offset + start));
            }
            search = start + field.len();
        }
        offset += line.len();
    }
    None
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
    fn line_col_is_one_based() {
        assert_eq!(line_col("ab\ncd", 0), (1, 1));
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
    }

    #[test]
    fn event_fields_are_found_in_their_own_entry() {
        let t = "(\n title: \"x\",\n events: [\n  (condition: Infection, start_day: 1, strength: 0.5), // (\n  (condition: BloodLoss,\n   start_day: 2, strength: 0.9),\n ],\n)";
        assert_eq!(entry_field(t, "events", 0, "strength"), Some((4, 40)));
        assert_eq!(entry_field(t, "events", 1, "strength"), Some((6, 18)));
        let e = Scenario::parse("t.ron", t).unwrap_err();
        assert_eq!((e.line, e.col), (6, 18), "{e}");
        assert!(e.message.contains("events[1].strength"), "{e}");
    }

    #[test]
    fn typos_get_the_closest_name() {
        assert_eq!(suggest("dayz", ["days", "seed", "title"]), Some("days"));
        assert_eq!(
            suggest("Chemoterapy", ["Chemotherapy", "Infection"]),
            Some("Chemotherapy")
        );
        assert_eq!(suggest("xyz", ["days", "seed"]), None);
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
        for (name, text) in library::BUNDLED {
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

    #[test]
    fn field_search_skips_comments() {
        let t = "// days: 3\n(\n  days: 4)";
        assert_eq!(find_field(t, "days"), Some((3, 3)));
    }
}
