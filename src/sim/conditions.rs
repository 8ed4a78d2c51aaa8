//! Conditions in the running simulation: the timeline, the marrow's crowding, and the clones
//! that leukaemia, lymphoma and myeloma seed.

use bevy::prelude::*;
use rand::Rng;
use serde::{Deserialize, Serialize};

use super::agents::{Cell, random_direction, spawn_cell, stochastic_round};
use super::geometry::{MarrowGeometry, uniform};
use super::run::{Population, SimClock, SimRng, SimSet};
use super::setup::Model;
use crate::biology::cell::CellState;
use crate::biology::conditions::{self, ConditionEvent, Effects};

/// One event of the running timeline, with what has been done about it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub event: ConditionEvent,
    /// A clone has been seeded.
    pub seeded: bool,
    /// A clone has been cleared at its end day.
    pub cleared: bool,
}

/// The conditions of this run: the scenario's events plus any added from the panel.
#[derive(Resource, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Timeline {
    pub entries: Vec<TimelineEntry>,
    /// Changes made during the run, with the tick each was made after (saved games replay
    /// them at the same ticks).
    pub journal: Vec<(i64, Action)>,
}

/// A change to the timeline during a run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Action {
    /// A condition starts (from the panel).
    Add(ConditionEvent),
    /// The event at this index in the timeline ends on `end_day`.
    End { index: usize, end_day: f32 },
}

impl Timeline {
    pub fn new(events: &[ConditionEvent]) -> Self {
        Self {
            entries: events
                .iter()
                .map(|&event| TimelineEntry {
                    event,
                    seeded: false,
                    cleared: false,
                })
                .collect(),
            journal: Vec::new(),
        }
    }

    /// Adds `event` after tick `tick`, and records it.
    pub fn push(&mut self, tick: i64, event: ConditionEvent) {
        self.apply(tick, Action::Add(event));
    }

    /// Ends event `index` on `end_day` after tick `tick`, and records it.
    pub fn end(&mut self, tick: i64, index: usize, end_day: f32) {
        self.apply(tick, Action::End { index, end_day });
    }

    /// Makes a change and records it in the journal.
    pub fn apply(&mut self, tick: i64, action: Action) {
        match &action {
            Action::Add(event) => self.entries.push(TimelineEntry {
                event: *event,
                seeded: false,
                cleared: false,
            }),
            Action::End { index, end_day } => {
                if let Some(e) = self.entries.get_mut(*index) {
                    e.event.end_day = Some(*end_day);
                    e.event.duration_days = None;
                }
            }
        }
        self.journal.push((tick, action));
    }

    pub fn events(&self) -> Vec<ConditionEvent> {
        self.entries.iter().map(|e| e.event).collect()
    }
}

/// How full the marrow is, in real cells.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MarrowLoad {
    /// Nucleated cells, normal and malignant.
    pub nucleated: f64,
    /// Nucleated cells of malignant clones.
    pub clone: f64,
    /// Nucleated cells over the packed capacity.
    pub occupancy: f64,
    /// Clone cells over the packed capacity, each weighted by how strongly its kind
    /// suppresses normal output.
    pub clone_occupancy: f64,
    /// Nucleated cells of the lineages each hormone drives, relative to steady state.
    pub driven_mass: [f64; 3],
    /// Share of the nucleated marrow held by clones that block normal maturation, each
    /// weighted by how strongly it blocks.
    #[serde(default)]
    pub blocking_share: f64,
}

/// What the conditions do this tick.
#[derive(Resource, Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConditionState {
    pub effects: Effects,
    pub load: MarrowLoad,
    /// Share of stem-cell divisions that make a committed cell: age, failure, gestation and
    /// crowding by a clone, multiplied.
    pub stem_output: f64,
    /// Multiplier of a clone's self-renewal (crowding).
    pub renew_scale: f32,
    /// Share of the multipotent progenitors lost to chemotherapy, still regrowing.
    pub progenitor_damage: f64,
    /// Strength (0..1) of a leukaemic clone's block on normal maturation.
    #[serde(default)]
    pub maturation_block: f64,
}

impl Default for ConditionState {
    fn default() -> Self {
        Self {
            effects: Effects::default(),
            load: MarrowLoad::default(),
            stem_output: 1.0,
            renew_scale: 1.0,
            progenitor_damage: 0.0,
            maturation_block: 0.0,
        }
    }
}

pub struct ConditionsPlugin;

impl Plugin for ConditionsPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(
            FixedUpdate,
            (measure_marrow_load, apply_timeline, seed_and_clear_clones)
                .chain()
                .in_set(SimSet::Conditions),
        );
    }
}

/// Real nucleated cells in the window, and how many belong to malignant clones.
fn measure_marrow_load(model: Res<Model>, mut state: ResMut<ConditionState>, cells: Query<&Cell>) {
    let k = &model.k;
    let (mut nucleated, mut clone, mut suppressing, mut blocking) = (0.0, 0.0, 0.0, 0.0);
    let mut driven = [0.0; 3];
    for Cell(c) in &cells {
        if !c.stage_data(k).nucleated {
            continue;
        }
        let l = &k.lineages[c.lineage as usize];
        nucleated += l.cells_per_agent;
        if l.malignant {
            clone += l.cells_per_agent;
            suppressing += l.cells_per_agent * k.conditions.clone_suppression_weight(&l.name);
            blocking += l.cells_per_agent * k.conditions.clone_block_weight(&l.name);
        }
        if let Some(h) = l.hormone {
            driven[h.index()] += l.cells_per_agent;
        }
    }
    for (d, reference) in driven.iter_mut().zip(model.driven_mass) {
        *d = if reference > 0.0 { *d / reference } else { 1.0 };
    }
    let capacity = model.steady.nucleated_cells * k.conditions.crowding.packed_capacity;
    state.load = MarrowLoad {
        nucleated,
        clone,
        occupancy: nucleated / capacity.max(1.0),
        clone_occupancy: suppressing / capacity.max(1.0),
        driven_mass: driven,
        blocking_share: blocking / nucleated.max(1.0),
    };
}

/// The effects of every active condition, and the stem-cell output they leave.
fn apply_timeline(
    model: Res<Model>,
    clock: Res<SimClock>,
    timeline: Res<Timeline>,
    mut state: ResMut<ConditionState>,
) {
    let p = &model.k.conditions;
    let hours = clock.hours();
    state.effects = if clock.warming_up() {
        Effects::default()
    } else {
        conditions::effects_at(p, &timeline.events(), hours)
    };
    state.progenitor_damage = conditions::progenitor_damage(
        &p.chemotherapy,
        state.progenitor_damage,
        state.effects.chemo_kill_per_h,
        p.chemotherapy.recovery_days(model.patient().age_years),
        clock.tick_hours,
    );
    // Fibres take the niches' place: the stem cells they displace leave the marrow.
    state.stem_output = model.baseline_output(hours.max(0.0) / 24.0)
        * state.effects.failure_output
        * (1.0 - state.effects.fibrosis)
        * (1.0 - state.progenitor_damage)
        * conditions::clone_suppression(&p.crowding, state.load.clone_occupancy);
    state.maturation_block = conditions::maturation_block(&p.crowding, state.load.blocking_share);
    state.renew_scale = conditions::renew_scale(&p.crowding, state.load.occupancy) as f32;
}

/// Seeds a clone on its start day (clustered around the stem-cell niches it takes over) and
/// clears it on its end day, if it has one.
fn seed_and_clear_clones(
    mut commands: Commands,
    model: Res<Model>,
    clock: Res<SimClock>,
    g: Res<MarrowGeometry>,
    state: Res<ConditionState>,
    mut timeline: ResMut<Timeline>,
    mut rng: ResMut<SimRng>,
    mut pop: ResMut<Population>,
    cells: Query<(Entity, &Cell)>,
) {
    if clock.warming_up() {
        return;
    }
    let k = &model.k;
    let hours = clock.hours();
    for entry in &mut timeline.entries {
        let kind = entry.event.condition;
        if !kind.is_clone() {
            continue;
        }
        let Some(lineage) = k
            .conditions
            .clone_lineage(kind)
            .and_then(|name| k.lineage_index(name))
        else {
            continue;
        };
        let (start, end) = entry.event.span_hours(&k.conditions);
        if !entry.seeded && hours >= start {
            entry.seeded = true;
            let fraction = (entry.event.strength as f64).clamp(0.0, kind.max_strength() as f64);
            let normal = state.load.nucleated - state.load.clone;
            let agents = fraction / (1.0 - fraction) * normal / k.lineages[lineage].cells_per_agent;
            let agents = stochastic_round(agents, &mut rng.0);
            seed_clone(
                &mut commands,
                &model,
                &g,
                lineage,
                agents,
                &mut rng.0,
                &mut pop,
            );
        }
        if entry.seeded && !entry.cleared && hours >= end {
            entry.cleared = true;
            for (e, Cell(c)) in &cells {
                if c.lineage as usize == lineage {
                    pop.remove(&mut commands, e);
                }
            }
        }
    }
}

fn seed_clone(
    commands: &mut Commands,
    model: &Model,
    g: &MarrowGeometry,
    lineage: usize,
    agents: usize,
    rng: &mut impl Rng,
    pop: &mut Population,
) {
    let k = &model.k;
    for _ in 0..agents {
        if !pop.try_add(k.max_agents) {
            return;
        }
        let mut state = CellState::new(k, lineage, 0, rng);
        state.age_h = rng.random::<f32>() * state.stage_h;
        let r = state.stage_data(k).radius_um;
        let pos = match g.niches.len() {
            0 => g.random_free_point(r, rng),
            n => {
                let niche = g.niches[rng.random_range(0..n)];
                g.clamp(niche + random_direction(rng) * uniform(rng, r, 30.0), r)
            }
        };
        spawn_cell(commands, k, g, state, pos);
    }
}
