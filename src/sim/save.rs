//! Saved games: the whole state of a run, written to a RON file, and loaded to continue.
//!
//! A save holds what the run started from (scenario, kinetic table, seed), every action the
//! player took with the tick it was taken on, and the state at the save: the clock, the
//! generator's position, every agent (stage, phase, position), the body and the daily
//! records. Loading rebuilds the run by stepping the same simulation through the same actions
//! (runs are deterministic), then checks the result against the saved state field by field.
//! A list of positions alone would not restore everything a cell carries (its crawling velocity
//! and heading, its island); replaying the run restores all of it, so a loaded run continues
//! exactly as the uninterrupted one would have.

use std::path::Path;

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

use super::body::Body;
use super::cells::{Cell, Hsc};
use super::census::{Census, to_csv};
use super::conditions::{Action, Timeline};
use super::{Model, SimClock, SimRng, SimSetup};
use crate::biology::blood::Circulation;
use crate::biology::cell::CellState;
use crate::biology::kinetics::Kinetics;
use crate::scenario::Scenario;

/// Version of the save format this build writes and reads.
pub const SAVE_FORMAT: u32 = 1;

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
    pub scenario: Scenario,
    /// The kinetic table of the run, overrides applied.
    pub kinetics: Kinetics,
    pub seed: u64,
    /// The player's actions: (tick taken after, action).
    pub actions: Vec<(i64, Action)>,
    pub state: Snapshot,
}

/// The state of a run at one tick.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    pub tick: i64,
    /// Simulated day the save was made on (for people reading the file).
    pub day: f64,
    /// Words the random generator has produced (it is a ChaCha stream from the seed).
    pub rng_words: String,
    pub agents: Vec<Agent>,
    pub stem_cells: Vec<StemCell>,
    /// Relative EPO, TPO and G-CSF.
    pub hormones: [f64; 3],
    pub extramedullary: f64,
    /// Circulating cells of every product by age cohort.
    pub circulation: Circulation,
    /// The daily records so far, as the headless CSV.
    pub census_csv: String,
}

/// One marrow agent.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agent {
    pub cell: CellState,
    pub position: [f32; 3],
}

/// One stem-cell agent in its niche.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StemCell {
    pub niche: [f32; 3],
    pub position: [f32; 3],
    pub next_division_h: f32,
    pub divisions: u32,
}

/// The state of `world`'s run now.
pub fn snapshot(world: &mut World) -> Snapshot {
    let clock = *world.resource::<SimClock>();
    let mut agents = Vec::new();
    let mut cells = world.query::<(&Cell, &Transform)>();
    for (cell, t) in cells.iter(world) {
        agents.push(Agent {
            cell: cell.0,
            position: t.translation.to_array(),
        });
    }
    let mut stem_cells = Vec::new();
    let mut hscs = world.query::<(&Hsc, &Transform)>();
    for (h, t) in hscs.iter(world) {
        stem_cells.push(StemCell {
            niche: h.niche.to_array(),
            position: t.translation.to_array(),
            next_division_h: h.next_division_h,
            divisions: h.divisions,
        });
    }
    let body = world.resource::<Body>();
    Snapshot {
        tick: clock.tick,
        day: clock.days(),
        rng_words: world.resource::<SimRng>().0.get_word_pos().to_string(),
        agents,
        stem_cells,
        hormones: body.hormones.0,
        extramedullary: body.extramedullary,
        circulation: body.circulation.clone(),
        census_csv: to_csv(&world.resource::<Census>().rows),
    }
}

/// The save of `world`'s run now.
pub fn save(world: &mut World, scenario_path: Option<&Path>) -> SaveFile {
    let state = snapshot(world);
    let model = world.resource::<Model>();
    SaveFile {
        format: SAVE_FORMAT,
        written_by: env!("CARGO_PKG_VERSION").into(),
        scenario_path: scenario_path.map(|p| p.display().to_string()),
        scenario: model.setup.scenario.clone(),
        kinetics: model.setup.kinetics.clone(),
        seed: model.setup.seed,
        actions: world.resource::<Timeline>().journal.clone(),
        state,
    }
}

impl SaveFile {
    /// Writes the save as RON text.
    pub fn write(&self, path: &Path) -> Result<(), String> {
        crate::files::write_ron(path, self, "save")
    }

    /// Reads a save, with `file:line:col` for a damaged one.
    pub fn read(path: &Path) -> Result<Self, String> {
        let name = path.display().to_string();
        let text =
            std::fs::read_to_string(path).map_err(|e| format!("{name}: cannot read: {e}"))?;
        let save: SaveFile = crate::files::parse_ron(&text)
            .map_err(|(line, col, e)| format!("{name}:{line}:{col}: not a Marrow save: {e}"))?;
        if save.format != SAVE_FORMAT {
            return Err(format!(
                "{name}: save format {} is not the format {SAVE_FORMAT} this Marrow reads",
                save.format
            ));
        }
        save.kinetics
            .check()
            .map_err(|(f, m)| format!("{name}: kinetics.{f}: {m}"))?;
        if save.state.tick < 0 {
            return Err(format!(
                "{name}: state.tick {} is before day 0",
                save.state.tick
            ));
        }
        Ok(save)
    }

    pub fn setup(&self) -> SimSetup {
        SimSetup {
            kinetics: self.kinetics.clone(),
            scenario: self.scenario.clone(),
            seed: self.seed,
        }
    }
}

/// Replaying a save: the actions still to apply and the tick to stop at.
#[derive(Resource, Clone, Debug)]
pub struct Replay {
    pub save: SaveFile,
    next_action: usize,
}

impl Replay {
    pub fn new(save: SaveFile) -> Self {
        Self {
            save,
            next_action: 0,
        }
    }

    /// Ticks left to run.
    pub fn remaining(&self, clock: &SimClock) -> i64 {
        (self.save.state.tick - clock.tick).max(0)
    }
}

/// Runs at most `budget` ticks of the replay in `world`, applying each recorded action after
/// the tick it was taken on. Returns true when the save's tick is reached.
pub fn advance_replay(world: &mut World, replay: &mut Replay, budget: u32) -> bool {
    for _ in 0..=budget {
        let tick = world.resource::<SimClock>().tick;
        while let Some((at, action)) = replay.save.actions.get(replay.next_action) {
            if *at > tick {
                break;
            }
            world.resource_mut::<Timeline>().apply(*at, action.clone());
            replay.next_action += 1;
        }
        if tick >= replay.save.state.tick {
            return true;
        }
        super::run_ticks(world, 1);
    }
    false
}

/// Compares the replayed state with the saved one; the first difference in words.
pub fn verify(world: &mut World, saved: &Snapshot) -> Result<(), String> {
    let now = snapshot(world);
    if now == *saved {
        return Ok(());
    }
    let what = if now.tick != saved.tick {
        "clock"
    } else if now.rng_words != saved.rng_words {
        "random generator"
    } else if now.agents.len() != saved.agents.len() {
        "number of agents"
    } else if now.agents != saved.agents || now.stem_cells != saved.stem_cells {
        "agents"
    } else if now.census_csv != saved.census_csv {
        "daily records"
    } else {
        "body"
    };
    Err(format!(
        "the replayed run differs from the saved one ({what}), so this save was made by another version of the model; the run continues from the replayed state"
    ))
}

/// A headless app continued from `save`: replayed to the saved tick and checked.
pub fn resume_headless(save: &SaveFile) -> (App, Result<(), String>) {
    let mut app = crate::headless_app(save.setup());
    // The first update seeds the window and runs the warm-up, as in any headless run.
    app.update();
    let mut replay = Replay::new(save.clone());
    while !advance_replay(app.world_mut(), &mut replay, 10_000) {}
    let checked = verify(app.world_mut(), &save.state);
    (app, checked)
}
