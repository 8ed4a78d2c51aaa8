//! Saved games: everything a run started from (scenario, kinetic table, seed) and its whole
//! state at the save ([`RunState`]), written as RON. Loading puts that state straight back,
//! so a loaded run continues exactly as the uninterrupted one would have, at once at any day.
//! Saves of the first format held less and are rebuilt by replaying them ([`super::legacy`]).

use std::path::Path;

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

use super::legacy::LegacySave;
use crate::biology::kinetics::Kinetics;
use crate::scenario::Scenario;
use crate::sim::snapshot::{self, RunState};
use crate::sim::{Model, SimSetup, Start};

/// Version of the save format this build writes.
pub const SAVE_FORMAT: u32 = 2;

/// A saved run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaveFile {
    pub format: u32,
    /// The Marrow version that wrote it.
    pub written_by: String,
    /// The scenario file the run came from, if any (for the game's hot reload).
    #[serde(default)]
    pub scenario_path: Option<String>,
    /// The scenario, with the patient the run was started with.
    pub scenario: Scenario,
    /// The kinetic table of the run, overrides applied.
    pub kinetics: Kinetics,
    pub seed: u64,
    pub state: RunState,
}

/// A save file as read: this format, or the first one.
#[derive(Clone, Debug)]
pub enum Loaded {
    Current(Box<SaveFile>),
    Legacy(Box<LegacySave>),
}

impl Loaded {
    /// The scenario the save was made from.
    pub fn scenario(&self) -> &Scenario {
        match self {
            Loaded::Current(s) => &s.scenario,
            Loaded::Legacy(s) => &s.scenario,
        }
    }

    pub fn scenario_path(&self) -> Option<&str> {
        match self {
            Loaded::Current(s) => s.scenario_path.as_deref(),
            Loaded::Legacy(s) => s.scenario_path.as_deref(),
        }
    }

    /// The day the save was made on.
    pub fn day(&self) -> u64 {
        let (tick, k) = match self {
            Loaded::Current(s) => (s.state.tick, &s.kinetics),
            Loaded::Legacy(s) => (s.state.tick, &s.kinetics),
        };
        (tick / k.ticks_per_day()) as u64
    }
}

/// Only the format, read first to know how to read the rest.
#[derive(Deserialize)]
struct Probe {
    format: u32,
}

impl SaveFile {
    /// The save of `world`'s run now, of `scenario` (read from `scenario_path`, if a file).
    pub fn of(world: &mut World, scenario: &Scenario, scenario_path: Option<&Path>) -> Self {
        let state = snapshot::capture(world);
        let setup = &world.resource::<Model>().setup;
        let mut scenario = scenario.clone();
        scenario.patient = setup.patient.clone();
        scenario.events = setup.events.clone();
        SaveFile {
            format: SAVE_FORMAT,
            written_by: env!("CARGO_PKG_VERSION").into(),
            scenario_path: scenario_path.map(|p| p.display().to_string()),
            scenario,
            kinetics: setup.kinetics.clone(),
            seed: setup.seed,
            state,
        }
    }

    /// Writes the save as RON text.
    pub fn write(&self, path: &Path) -> Result<(), String> {
        crate::files::write_ron(path, self, "save")
    }

    /// Reads a save of either format, with `file:line:col` for a damaged one.
    pub fn read(path: &Path) -> Result<Loaded, String> {
        let name = path.display().to_string();
        let text =
            std::fs::read_to_string(path).map_err(|e| format!("{name}: cannot read: {e}"))?;
        let damaged = |(line, col, e): (usize, usize, String)| {
            format!("{name}:{line}:{col}: not a Marrow save: {e}")
        };
        let probe: Probe = crate::files::parse_ron(&text).map_err(damaged)?;
        let loaded = match probe.format {
            SAVE_FORMAT => {
                Loaded::Current(Box::new(crate::files::parse_ron(&text).map_err(damaged)?))
            }
            super::legacy::FORMAT => {
                Loaded::Legacy(Box::new(crate::files::parse_ron(&text).map_err(damaged)?))
            }
            other => {
                return Err(format!(
                    "{name}: save format {other} is not a format this Marrow reads ({} or {SAVE_FORMAT})",
                    super::legacy::FORMAT
                ));
            }
        };
        let (kinetics, tick) = match &loaded {
            Loaded::Current(s) => (&s.kinetics, s.state.tick),
            Loaded::Legacy(s) => (&s.kinetics, s.state.tick),
        };
        kinetics
            .check()
            .map_err(|(f, m)| format!("{name}: kinetics.{f}: {m}"))?;
        if tick < 0 {
            return Err(format!("{name}: state.tick {tick} is before day 0"));
        }
        if let Loaded::Current(save) = &loaded {
            snapshot::check(&save.state, &save.kinetics).map_err(|e| format!("{name}: {e}"))?;
        }
        Ok(loaded)
    }

    /// What the run started from.
    pub fn setup(&self) -> SimSetup {
        SimSetup {
            kinetics: self.kinetics.clone(),
            patient: self.scenario.patient.clone(),
            events: self.scenario.events.clone(),
            seed: self.seed,
        }
    }

    /// The run continued from the saved state.
    pub fn start(&self) -> Start {
        Start::Saved(self.setup(), Box::new(self.state.clone()))
    }
}

/// A headless app continued from a save: at once from this format's state; a first-format
/// save is replayed to its tick and checked (the check's verdict comes back too).
pub fn resume_headless(loaded: &Loaded) -> (App, Result<(), String>) {
    match loaded {
        Loaded::Current(save) => (crate::sim::headless_app_from(save.start()), Ok(())),
        Loaded::Legacy(save) => super::legacy::resume_headless(save),
    }
}
