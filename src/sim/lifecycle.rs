//! Starting a run: fresh from a setup (the window laid out and seeded at steady state, then
//! warmed up), or from a saved state; and starting over on request (Reset, a new scenario, a
//! loaded game).

use bevy::prelude::*;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::body::Body;
use super::census::Census;
use super::conditions::{ConditionState, Timeline};
use super::marrow::{clear_window, seed_window};
use super::run::{Flows, Population, SimClock, SimRng};
use super::setup::{Model, SimSetup};
use super::snapshot::{self, RunState};

/// Where a run starts.
#[derive(Clone, Debug)]
pub enum Start {
    /// Day 0 of `setup`: a marrow at steady state, warmed up before day 0.
    Fresh(SimSetup),
    /// A saved state of a run of `setup`, continued from its tick.
    Saved(SimSetup, Box<RunState>),
}

impl Start {
    pub fn setup(&self) -> &SimSetup {
        match self {
            Start::Fresh(setup) | Start::Saved(setup, _) => setup,
        }
    }
}

/// Set to start the simulation over (Reset, another scenario, a loaded game) on the next
/// frame.
#[derive(Resource, Default)]
pub struct RestartRequest(pub Option<Start>);

/// The start an app was built with, carried out at start-up.
#[derive(Resource)]
pub(super) struct InitialStart(pub Option<Start>);

/// The state of one run: model, clock, generator, counters, body and records.
pub(super) fn insert_run_state(world: &mut World, setup: &SimSetup) {
    let model = Model::new(setup);
    let tick_hours = model.k.tick_hours as f64;
    let ticks_per_day = (24.0 / tick_hours).round() as i64;
    world.insert_resource(SimClock {
        tick: -(model.k.warmup_days as f64 * ticks_per_day as f64).round() as i64,
        tick_hours,
        ticks_per_day,
    });
    world.insert_resource(SimRng(ChaCha8Rng::seed_from_u64(setup.seed)));
    world.insert_resource(Body::at_steady_state(&model));
    world.insert_resource(Timeline::new(&setup.events));
    world.insert_resource(ConditionState::default());
    world.insert_resource(model);
    world.insert_resource(Population::default());
    world.insert_resource(Flows::default());
    world.insert_resource(Census::default());
}

/// Lays out and seeds the run the app was built with (at start-up).
pub(super) fn begin_first_run(world: &mut World) {
    let start = world.resource_mut::<InitialStart>().0.take();
    seed(world, start.as_ref());
}

/// Seeds a fresh window and, for a saved start, puts the saved state in its place. A saved
/// run is seeded first too, so that the world makes the same tables in the same order as the
/// run that was saved: the order in which the systems visit the cells follows them.
fn seed(world: &mut World, start: Option<&Start>) {
    seed_window(world);
    if let Some(Start::Saved(_, state)) = start {
        snapshot::restore(world, state);
    }
}

pub(super) fn apply_restart(world: &mut World) {
    if let Some(start) = world.resource_mut::<RestartRequest>().0.take() {
        restart(world, start);
    }
}

/// Throws away every cell and structure and starts a new run, exactly as a fresh app would
/// (the same start gives the same run).
pub fn restart(world: &mut World, start: Start) {
    clear_window(world);
    insert_run_state(world, start.setup());
    seed(world, Some(&start));
}

/// Runs the warm-up ticks at once, on the first frame after seeding.
pub(super) fn finish_warmup(world: &mut World) {
    let left = -world.resource::<SimClock>().tick;
    run_ticks(world, left.max(0) as u32);
}

/// Runs `n` simulation ticks now, whatever the frame clock says (warm-up, the Step button).
pub fn run_ticks(world: &mut World, n: u32) {
    for _ in 0..n {
        world.run_schedule(FixedUpdate);
    }
}
