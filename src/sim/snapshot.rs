//! The whole state of a run at one tick, as data: what a saved game holds, and what puts a
//! run back exactly where it was (agents with everything they carry, the body, the
//! conditions, the records, the generator), so that it continues as if never stopped.

use bevy::prelude::*;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::agents::{Anchor, Cell, Dominance, Hsc, Velocity, Wander, cell_body};
use super::body::Body;
use super::census::{Census, DayRow};
use super::conditions::{ConditionState, Timeline};
use super::geometry::MarrowGeometry;
use super::marrow::{clear_window, spawn_structures};
use super::run::{Flows, Population, SimClock, SimRng};
use super::setup::Model;
use crate::biology::cell::CellState;
use crate::biology::kinetics::Kinetics;

/// The state of a run at one tick.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunState {
    pub tick: i64,
    /// Simulated day of the state (for people reading the file).
    pub day: f64,
    /// Words the random generator has produced (a ChaCha stream from the run's seed).
    pub rng_words: String,
    pub geometry: MarrowGeometry,
    pub stem_cells: Vec<StemAgent>,
    /// Every committed cell, in the order the simulation visits them.
    pub cells: Vec<CellAgent>,
    pub body: Body,
    pub conditions: ConditionState,
    /// The timeline's events and the player's changes to it.
    pub timeline: Timeline,
    pub population: Population,
    /// Today's cell traffic so far.
    pub flows: Flows,
    /// Every day recorded so far.
    pub census: Vec<DayRow>,
}

/// A stem-cell agent.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StemAgent {
    pub niche: [f32; 3],
    pub position: [f32; 3],
    pub velocity: [f32; 3],
    pub next_division_h: f32,
    pub divisions: u32,
}

/// A committed cell: its state, its body and where its walk is heading.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CellAgent {
    pub cell: CellState,
    pub position: [f32; 3],
    pub radius: f32,
    pub velocity: [f32; 3],
    /// Heading of its random walk.
    pub heading: [f32; 3],
    /// Dominance group (1 while crawling).
    pub group: i8,
    /// Its erythroblastic island, if it belongs to one.
    pub island: Option<[f32; 3]>,
}

/// The state of `world`'s run now.
pub fn capture(world: &mut World) -> RunState {
    let clock = *world.resource::<SimClock>();
    let mut hscs = world.query::<(&Hsc, &Transform, &Velocity)>();
    let stem_cells = hscs
        .iter(world)
        .map(|(h, t, v)| StemAgent {
            niche: h.niche.to_array(),
            position: t.translation.to_array(),
            velocity: v.linear.to_array(),
            next_division_h: h.next_division_h,
            divisions: h.divisions,
        })
        .collect();
    let mut query = world.query::<(
        &Cell,
        &Transform,
        &Velocity,
        &Wander,
        &Dominance,
        Option<&Anchor>,
    )>();
    let cells = query
        .iter(world)
        .map(|(c, t, v, w, d, a)| CellAgent {
            cell: c.0,
            position: t.translation.to_array(),
            radius: t.scale.x,
            velocity: v.linear.to_array(),
            heading: w.0.to_array(),
            group: d.group,
            island: a.and_then(|a| a.0).map(|p| p.to_array()),
        })
        .collect();
    RunState {
        tick: clock.tick,
        day: clock.days(),
        rng_words: world.resource::<SimRng>().0.get_word_pos().to_string(),
        geometry: world.resource::<MarrowGeometry>().clone(),
        stem_cells,
        cells,
        body: world.resource::<Body>().clone(),
        conditions: *world.resource::<ConditionState>(),
        timeline: world.resource::<Timeline>().clone(),
        population: *world.resource::<Population>(),
        flows: *world.resource::<Flows>(),
        census: world.resource::<Census>().rows.clone(),
    }
}

/// Why a saved state cannot be restored on kinetic table `k` (a damaged or edited save must be
/// refused here, not crash the run later): the first problem, naming its field.
pub fn check(state: &RunState, k: &Kinetics) -> Result<(), String> {
    if state.tick < 0 {
        return Err(format!("state.tick {} is before day 0", state.tick));
    }
    if state.rng_words.parse::<u128>().is_err() {
        return Err(format!(
            "state.rng_words {:?} is not a whole number",
            state.rng_words
        ));
    }
    let live = state.cells.len() + state.stem_cells.len();
    if live != state.population.agents {
        return Err(format!(
            "state.population.agents is {} but the state holds {live} agents",
            state.population.agents
        ));
    }
    if live > k.max_agents {
        return Err(format!(
            "state holds {live} agents, more than max_agents ({})",
            k.max_agents
        ));
    }
    let finite = |v: &[f32]| v.iter().all(|x| x.is_finite());
    for (i, s) in state.stem_cells.iter().enumerate() {
        if !(finite(&s.niche) && finite(&s.position) && finite(&s.velocity)) {
            return Err(format!(
                "state.stem_cells[{i}]: a position is not a finite number"
            ));
        }
    }
    for (i, c) in state.cells.iter().enumerate() {
        let at = |what: &str| format!("state.cells[{i}].{what}");
        let Some(lineage) = k.lineages.get(c.cell.lineage as usize) else {
            return Err(format!(
                "{}: no lineage {}",
                at("cell.lineage"),
                c.cell.lineage
            ));
        };
        if lineage.stages.get(c.cell.stage as usize).is_none() {
            return Err(format!(
                "{}: {} has no stage {}",
                at("cell.stage"),
                lineage.name,
                c.cell.stage
            ));
        }
        let times = [c.cell.age_h, c.cell.stage_h, c.radius];
        if !(finite(&c.position) && finite(&c.velocity) && finite(&c.heading) && finite(&times))
            || c.radius <= 0.0
            || c.island.is_some_and(|p| !finite(&p))
        {
            return Err(format!(
                "{}: a number is not finite (or the radius not above 0)",
                at("")
            ));
        }
    }
    let products = k.products.len();
    let b = &state.body;
    if b.circulation.pools.len() != products
        || b.output.marrow.len() != products
        || b.output.extramedullary.len() != products
    {
        return Err(format!(
            "state.body: its pools are for {} products, the table has {products}",
            b.circulation.pools.len()
        ));
    }
    if !(b.hormones.0.iter().all(|h| h.is_finite()) && b.extramedullary.is_finite()) {
        return Err("state.body: a hormone level is not a finite number".into());
    }
    Ok(())
}

/// Puts `state` into `world`, whose run was just started afresh from the same setup (so its
/// tables exist as they did in the saved run): the fresh window gives way to the saved layout
/// and its structures, every agent in its saved order (the order the systems visit them in),
/// the body, conditions and records, the clock and the generator's position.
pub fn restore(world: &mut World, state: &RunState) {
    clear_window(world);
    world.resource_mut::<SimClock>().tick = state.tick;
    let seed = world.resource::<Model>().setup.seed;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_word_pos(state.rng_words.parse().unwrap_or(0));
    world.insert_resource(SimRng(rng));
    world.insert_resource(state.geometry.clone());
    world
        .run_system_cached(spawn_structures)
        .expect("spawn structures");
    let hsc_radius = world.resource::<Model>().k.hsc.radius_um;
    for s in &state.stem_cells {
        let hsc = Hsc {
            niche: Vec3::from_array(s.niche),
            next_division_h: s.next_division_h,
            divisions: s.divisions,
        };
        let mut body = cell_body(Vec3::from_array(s.position), hsc_radius);
        body.1.linear = Vec3::from_array(s.velocity);
        world.spawn((hsc, body));
    }
    for c in &state.cells {
        let mut body = cell_body(Vec3::from_array(c.position), c.radius);
        body.1.linear = Vec3::from_array(c.velocity);
        body.2.group = c.group;
        // In the saved order, each with everything it carries, into the tables the fresh
        // seeding made: the cells of each table in the order the saved run visited them.
        let island = c.island.map(Vec3::from_array);
        world.spawn((
            Cell(c.cell),
            Wander(Vec3::from_array(c.heading)),
            body,
            Anchor(island),
        ));
    }
    let mut body = state.body.clone();
    if !body.iron.is_known() {
        // Saved before the body kept iron: a healthy patient's stores, as the fresh run has.
        body.iron = world.resource::<Body>().iron;
    }
    world.insert_resource(body);
    world.insert_resource(state.conditions);
    world.insert_resource(state.timeline.clone());
    world.insert_resource(state.population);
    world.insert_resource(state.flows);
    world.resource_mut::<Census>().rows = state.census.clone();
}
