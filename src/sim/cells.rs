//! Stem cells, maturation, division and apoptosis of the agents.

use bevy::prelude::*;
use rand::Rng;

use super::body::Body;
use super::conditions::ConditionState;
use super::marrow::MarrowGeometry;
use super::mechanics::{Dominance, Velocity};
use super::{CellEvent, Flows, Model, Population, SimClock, SimRng, SimSet};
use crate::biology::cell::{self, CellState, Phase};
use crate::biology::hormones;
use crate::biology::kinetics::{Home, Kinetics};
use crate::biology::production;

/// A committed blood-cell agent.
#[derive(Component, Clone, Copy, Debug)]
#[require(Wander)]
pub struct Cell(pub CellState);

/// A haematopoietic stem-cell agent held in its niche.
#[derive(Component, Clone, Copy, Debug)]
pub struct Hsc {
    pub niche: Vec3,
    /// Hours until its next division.
    pub next_division_h: f32,
    pub divisions: u32,
}

impl Hsc {
    pub fn new(niche: Vec3, k: &Kinetics, rng: &mut impl Rng) -> Self {
        Self {
            niche,
            next_division_h: k.hsc.cycle_hours * rng.random::<f32>(),
            divisions: 0,
        }
    }
}

/// The current random heading of a cell's biased random walk (unit vector).
#[derive(Component, Clone, Copy, Debug, Default)]
pub struct Wander(pub Vec3);

/// The erythroblastic island (macrophage centre) an erythroid cell belongs to.
#[derive(Component, Clone, Copy, Debug)]
pub struct Anchor(pub Vec3);

/// The body of a cell: a ball of `radius` (the transform's scale), at rest, in the resting group.
pub fn cell_body(pos: Vec3, radius: f32) -> impl Bundle {
    (
        Transform::from_translation(pos).with_scale(Vec3::splat(radius)),
        Velocity::default(),
        Dominance::default(),
    )
}

pub struct CellsPlugin;

impl Plugin for CellsPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(
            FixedUpdate,
            (
                divide_stem_cells,
                remove_apoptotic_cells,
                mature_and_divide_cells,
            )
                .chain()
                .in_set(SimSet::Cells),
        );
    }
}

/// Each stem cell divides on its own cycle: one daughter stays, one commits to a lineage
/// chosen by weights that the hormones shift.
fn divide_stem_cells(
    mut commands: Commands,
    model: Res<Model>,
    clock: Res<SimClock>,
    body: Res<Body>,
    conditions: Res<ConditionState>,
    geometry: Res<MarrowGeometry>,
    mut rng: ResMut<SimRng>,
    mut pop: ResMut<Population>,
    mut flows: ResMut<Flows>,
    mut stem_cells: Query<(&mut Hsc, &Transform)>,
) {
    let output = conditions.stem_output;
    let k = &model.k;
    let dt = clock.tick_hours as f32;
    let rng = &mut rng.0;
    let mut weights = None;
    for (mut hsc, transform) in &mut stem_cells {
        hsc.next_division_h -= dt;
        if hsc.next_division_h > 0.0 {
            continue;
        }
        let jitter = 1.0 + k.hsc.cycle_jitter * (2.0 * rng.random::<f32>() - 1.0);
        hsc.next_division_h += k.hsc.cycle_hours * jitter;
        // Age, failure, gestation or a clone in the niches: some divisions make nothing.
        if output < 1.0 && rng.random::<f64>() >= output {
            continue;
        }
        if !pop.try_add(k.max_agents) {
            continue;
        }
        hsc.divisions += 1;
        flows.commitments += 1;
        let weights = weights.get_or_insert_with(|| {
            production::commit_weights(k, &body.hormones, model.erythroid_drive)
        });
        let lineage = production::pick(weights, rng.random());
        let state = CellState::new(k, lineage, 0, rng);
        let radius = state.stage_data(k).radius_um;
        let pos = geometry.clamp(
            transform.translation + random_direction(rng) * (k.hsc.radius_um + radius) * 0.8,
            radius,
        );
        spawn_cell(&mut commands, k, &geometry, state, pos);
    }
}

/// Spawns a committed cell with its body, and its island anchor if it belongs to one.
pub fn spawn_cell(
    commands: &mut Commands,
    k: &Kinetics,
    g: &MarrowGeometry,
    state: CellState,
    pos: Vec3,
) -> Entity {
    let stage = state.stage_data(k);
    let mut e = commands.spawn((Cell(state), cell_body(pos, stage.radius_um)));
    let erythroid_line = k.lineages[state.lineage as usize]
        .stages
        .iter()
        .any(|s| s.home == Home::Island);
    if erythroid_line {
        if let Some(island) = g.nearest_island(pos) {
            e.insert(Anchor(island));
        }
    }
    e.id()
}

pub fn random_direction(rng: &mut impl Rng) -> Vec3 {
    loop {
        let v = Vec3::new(
            rng.random_range(-1.0..1.0),
            rng.random_range(-1.0..1.0),
            rng.random_range(-1.0..1.0),
        );
        let l = v.length_squared();
        if l > 1e-4 && l <= 1.0 {
            return v / l.sqrt();
        }
    }
}

/// Apoptosis: a constant hazard per stage, lowered by the lineage hormone in sensitive stages;
/// chemotherapy adds a hazard that falls hardest on dividing stages.
fn remove_apoptotic_cells(
    mut commands: Commands,
    model: Res<Model>,
    clock: Res<SimClock>,
    body: Res<Body>,
    conditions: Res<ConditionState>,
    mut rng: ResMut<SimRng>,
    mut pop: ResMut<Population>,
    mut flows: ResMut<Flows>,
    mut events: MessageWriter<CellEvent>,
    cells: Query<(Entity, &Cell, &Transform)>,
) {
    let k = &model.k;
    let dt = clock.tick_hours;
    let chemo = conditions.effects.chemo_kill_per_h;
    for (entity, Cell(state), transform) in &cells {
        let stage = state.stage_data(k);
        let maturing = state.phase == Phase::Maturing;
        let mut p = 0.0;
        if maturing && stage.death > 0.0 {
            let mut death = stage.death as f64;
            if stage.hormone_sensitive {
                death *= body.lineage_effect(k, state.lineage, hormones::death_factor);
            }
            p = cell::death_probability(death.min(1.0), stage.hours as f64, dt);
        }
        if chemo > 0.0 && !matches!(state.phase, Phase::Shedding { .. }) {
            let kill = chemo * k.conditions.chemo_sensitivity(stage) * dt;
            p = 1.0 - (1.0 - p) * (-kill).exp();
        }
        if p > 0.0 && rng.0.random::<f64>() < p {
            pop.remove(&mut commands, entity);
            flows.deaths += 1;
            events.write(CellEvent::Died {
                at: transform.translation,
                radius: transform.scale.x,
                lineage: state.lineage,
                stage: state.stage,
            });
        }
    }
}

/// Ages cells through their stages; divisions spawn a daughter beside the mother.
fn mature_and_divide_cells(
    mut commands: Commands,
    model: Res<Model>,
    clock: Res<SimClock>,
    body: Res<Body>,
    conditions: Res<ConditionState>,
    geometry: Res<MarrowGeometry>,
    mut rng: ResMut<SimRng>,
    mut pop: ResMut<Population>,
    mut flows: ResMut<Flows>,
    mut events: MessageWriter<CellEvent>,
    mut cells: Query<(Entity, &mut Cell, &mut Transform)>,
) {
    let k = &model.k;
    let dt = clock.tick_hours as f32;
    let renew = conditions.renew_scale;
    let rng = &mut rng.0;
    for (mother, mut cell, mut transform) in &mut cells {
        let state = &mut cell.0;
        if state.phase != Phase::Maturing {
            continue;
        }
        let stage = state.stage_data(k);
        let speed = if stage.accelerates {
            body.lineage_effect(k, state.lineage, hormones::release_factor) as f32
        } else {
            1.0
        };
        let ev = state.advance(k, dt * speed);
        if ev.divided && pop.try_add(k.max_agents) {
            flows.divisions += 1;
            let mut daughter = *state;
            daughter.settle(k, ev, renew, rng);
            let r = daughter.stage_data(k).radius_um;
            let pos = geometry.clamp(transform.translation + random_direction(rng) * r * 0.6, r);
            let daughter = spawn_cell(&mut commands, k, &geometry, daughter, pos);
            events.write(CellEvent::Divided { mother, daughter });
        }
        if ev.next_stage || ev.finished {
            state.settle(k, ev, renew, rng);
            let r = state.stage_data(k).radius_um;
            if transform.scale.x != r {
                transform.scale = Vec3::splat(r);
            }
        }
    }
}
