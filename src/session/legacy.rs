//! Saves of the first format (1), which held the player's actions and a summary of the state
//! rather than all of it: loading one replays the run from its start through the same
//! actions (runs are deterministic) and checks the result against the summary.

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

use crate::biology::blood::Circulation;
use crate::biology::cell::CellState;
use crate::biology::kinetics::Kinetics;
use crate::scenario::Scenario;
use crate::sim::agents::{Cell, Hsc};
use crate::sim::body::Body;
use crate::sim::census::{Census, to_csv};
use crate::sim::conditions::{Action, Timeline};
use crate::sim::{SimClock, SimRng, SimSetup, run_ticks};

/// The first save format.
pub const FORMAT: u32 = 1;

/// A saved run of the first format.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegacySave {
    pub format: u32,
    pub written_by: String,
    #[serde(default)]
    pub scenario_path: Option<String>,
    pub scenario: Scenario,
    pub kinetics: Kinetics,
    pub seed: u64,
    /// The player's actions: (tick taken after, action).
    pub actions: Vec<(i64, Action)>,
    pub state: Summary,
}

/// What the first format kept of the state at the save.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    pub tick: i64,
    pub day: f64,
    pub rng_words: String,
    pub agents: Vec<SummaryAgent>,
    pub stem_cells: Vec<SummaryStemCell>,
    pub hormones: [f64; 3],
    pub extramedullary: f64,
    pub circulation: Circulation,
    pub census_csv: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SummaryAgent {
    pub cell: CellState,
    pub position: [f32; 3],
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SummaryStemCell {
    pub niche: [f32; 3],
    pub position: [f32; 3],
    pub next_division_h: f32,
    pub divisions: u32,
}

impl LegacySave {
    pub fn setup(&self) -> SimSetup {
        SimSetup {
            kinetics: self.kinetics.clone(),
            patient: self.scenario.patient.clone(),
            events: self.scenario.events.clone(),
            seed: self.seed,
        }
    }
}

/// The summary of `world`'s run now, as the first format kept it.
pub fn summary(world: &mut World) -> Summary {
    let clock = *world.resource::<SimClock>();
    let mut cells = world.query::<(&Cell, &Transform)>();
    let agents = cells
        .iter(world)
        .map(|(c, t)| SummaryAgent {
            cell: c.0,
            position: t.translation.to_array(),
        })
        .collect();
    let mut hscs = world.query::<(&Hsc, &Transform)>();
    let stem_cells = hscs
        .iter(world)
        .map(|(h, t)| SummaryStemCell {
            niche: h.niche.to_array(),
            position: t.translation.to_array(),
            next_division_h: h.next_division_h,
            divisions: h.divisions,
        })
        .collect();
    let body = world.resource::<Body>();
    Summary {
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

/// A first-format save being replayed: the actions still to apply.
#[derive(Resource, Clone, Debug)]
pub struct Replay {
    pub save: LegacySave,
    next_action: usize,
}

impl Replay {
    pub fn new(save: LegacySave) -> Self {
        Self {
            save,
            next_action: 0,
        }
    }

    /// Days replayed so far and in all, for a progress line.
    pub fn progress(&self, clock: &SimClock) -> (f64, f64) {
        let target = self.save.state.tick as f64 / clock.ticks_per_day as f64;
        (clock.days().max(0.0), target)
    }

    /// Runs at most `budget` ticks of the replay in `world`, applying each recorded action
    /// after the tick it was taken on. True when the save's tick is reached.
    pub fn advance(&mut self, world: &mut World, budget: u32) -> bool {
        for _ in 0..=budget {
            let tick = world.resource::<SimClock>().tick;
            while let Some((at, action)) = self.save.actions.get(self.next_action) {
                if *at > tick {
                    break;
                }
                world.resource_mut::<Timeline>().apply(*at, action.clone());
                self.next_action += 1;
            }
            if tick >= self.save.state.tick {
                return true;
            }
            run_ticks(world, 1);
        }
        false
    }
}

/// Compares the replayed state with the saved summary; the first difference in words.
pub fn verify(world: &mut World, saved: &Summary) -> Result<(), String> {
    let mut now = summary(world);
    // Columns added to the CSV since the save was written are left out of the comparison.
    now.census_csv = same_columns(&now.census_csv, &saved.census_csv);
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

/// `csv` cut down to the columns of `like`'s header, in that order (as is when a column of
/// `like` is missing from it).
fn same_columns(csv: &str, like: &str) -> String {
    let header = |t: &str| -> Vec<String> {
        t.lines()
            .next()
            .unwrap_or("")
            .split(',')
            .map(str::to_owned)
            .collect()
    };
    let (ours, theirs) = (header(csv), header(like));
    let Some(pick) = theirs
        .iter()
        .map(|name| ours.iter().position(|n| n == name))
        .collect::<Option<Vec<_>>>()
    else {
        return csv.to_owned();
    };
    let mut out = String::with_capacity(csv.len());
    for line in csv.lines() {
        let cells: Vec<&str> = line.split(',').collect();
        let row: Vec<&str> = pick
            .iter()
            .map(|&i| cells.get(i).copied().unwrap_or(""))
            .collect();
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

/// A headless app continued from a first-format save: replayed to the saved tick and checked.
pub fn resume_headless(save: &LegacySave) -> (App, Result<(), String>) {
    let mut app = crate::sim::headless_app(save.setup());
    // The first update seeds the window and runs the warm-up, as in any headless run.
    app.update();
    let mut replay = Replay::new(save.clone());
    while !replay.advance(app.world_mut(), 10_000) {}
    let checked = verify(app.world_mut(), &save.state);
    (app, checked)
}
