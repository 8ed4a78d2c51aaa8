//! Stem cells dividing, cells maturing, dividing and dying by apoptosis.

use bevy::prelude::*;
use rand::Rng;

use super::agents::{Cell, Hsc, random_direction, spawn_cell, stochastic_round};
use super::body::Body;
use super::conditions::ConditionState;
use super::geometry::MarrowGeometry;
use super::residents;
use super::run::{CellEvent, Flows, Population, SimClock, SimRng, SimSet};
use super::setup::Model;
use crate::biology::cell::{self, CellState, Phase};
use crate::biology::hormones;
use crate::biology::production;

pub struct CellsPlugin;

impl Plugin for CellsPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(
            FixedUpdate,
            (
                divide_stem_cells,
                residents::refill_resident_pools,
                remove_apoptotic_cells,
                mature_and_divide_cells,
                release_immature_cells,
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
    let mutant_share = conditions.effects.mutant_share;
    let (mut weights, mut mutant_weights) = (None, None);
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
        // A JAK2-mutant stem cell's daughter commits as if its hormones were high.
        let mutant = mutant_share > 0.0 && rng.random::<f64>() < mutant_share;
        let weights = if mutant {
            mutant_weights.get_or_insert_with(|| {
                let levels = body.felt_levels(k, true);
                production::commit_weights(k, &levels, model.erythroid_drive)
            })
        } else {
            weights.get_or_insert_with(|| {
                production::commit_weights(k, &body.hormones, model.erythroid_drive)
            })
        };
        // ...and its progenitors expand more: sometimes it commits more than one daughter.
        let daughters = if mutant {
            1 + stochastic_round(k.conditions.polycythaemia_vera.extra_daughters, rng)
        } else {
            1
        };
        for n in 0..daughters {
            if n > 0 && !pop.try_add(k.max_agents) {
                break;
            }
            let lineage = production::pick(weights, rng.random());
            let mut state = CellState::new(k, lineage, 0, rng);
            state.mutant = mutant;
            let radius = state.stage_data(k).radius_um;
            let pos = geometry.clamp(
                transform.translation
                    + random_direction(rng) * (k.hsc.radius_um + radius) * k.hsc.daughter_offset,
                radius,
            );
            spawn_cell(&mut commands, k, &geometry, state, pos);
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
        let blocked = stage
            .clone_block
            .map_or(0.0, |b| b as f64 * conditions.maturation_block);
        if maturing && (stage.death > 0.0 || blocked > 0.0) {
            let mut death = stage.death as f64;
            if stage.hormone_sensitive {
                death *= body.cell_effect(k, state, hormones::death_factor);
            }
            // A leukaemic clone's block: normal precursors that cannot mature die.
            let death = 1.0 - (1.0 - death.min(1.0)) * (1.0 - blocked);
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
        // Crowding slows only a clone's self-renewal.
        let renew = if k.lineages[state.lineage as usize].malignant {
            renew
        } else {
            1.0
        };
        if ev.divided && pop.try_add(k.max_agents) {
            flows.divisions += 1;
            let mut daughter = *state;
            daughter.settle(k, ev, renew, rng);
            let r = daughter.stage_data(k).radius_um;
            let offset = random_direction(rng) * r * k.window.daughter_offset;
            let pos = geometry.clamp(transform.translation + offset, r);
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

/// Under the lineage hormone's push some cells leave before they are mature: bands and, in
/// severe stress, metamyelocytes reach the blood (the left shift of infection).
fn release_immature_cells(
    model: Res<Model>,
    body: Res<Body>,
    clock: Res<SimClock>,
    mut rng: ResMut<SimRng>,
    mut cells: Query<&mut Cell>,
) {
    let k = &model.k;
    let dt = clock.tick_hours;
    for mut cell in &mut cells {
        let state = &mut cell.0;
        if state.phase != Phase::Maturing {
            continue;
        }
        let Some(early) = &state.stage_data(k).early_release else {
            continue;
        };
        let level = body.lineage_effect(k, state.lineage, |_, level| level);
        let hazard = early.hazard(level);
        if rng.0.random::<f64>() < 1.0 - (-hazard * dt).exp() {
            state.phase = Phase::Migrating { hours: 0.0 };
        }
    }
}
