//! The marrow's resident pools: mature lymphocytes and plasma cells that live in the marrow
//! without being made in the window. Each pool dies at its stage's hazard and is refilled by
//! cells arriving from the blood, faster while it is short, so it holds its share of the
//! marrow through a marrow failure and regrows after chemotherapy. Space taken by a malignant
//! clone or by fibres is space the pool loses.

use bevy::prelude::*;

use super::agents::{Cell, spawn_cell, stochastic_round};
use super::conditions::ConditionState;
use super::geometry::MarrowGeometry;
use super::run::{Population, SimClock, SimRng};
use super::setup::Model;
use crate::biology::cell::CellState;
use crate::biology::kinetics::{Kinetics, Resident};

/// Cells arriving per hour into a resident pool of `count` agents that should hold `size`:
/// its losses at full size, plus `refill_gain` of the shortfall per stage length.
pub fn arrivals_per_hour(r: &Resident, death: f64, stage_hours: f64, size: f64, count: f64) -> f64 {
    let hazard = if death >= 1.0 {
        1.0 / stage_hours
    } else {
        -(1.0 - death).ln() / stage_hours
    };
    hazard * size + r.refill_gain * (size - count).max(0.0) / stage_hours
}

/// Agents of each lineage in the window (resident lineages only; others stay 0).
fn resident_counts(k: &Kinetics, cells: &Query<&Cell>) -> Vec<f64> {
    let mut counts = vec![0.0; k.lineages.len()];
    for Cell(c) in cells {
        if k.lineages[c.lineage as usize].resident.is_some() {
            counts[c.lineage as usize] += 1.0;
        }
    }
    counts
}

/// New resident cells come in from the blood and settle beside the sinusoid they crossed.
pub fn refill_resident_pools(
    mut commands: Commands,
    model: Res<Model>,
    clock: Res<SimClock>,
    conditions: Res<ConditionState>,
    geometry: Res<MarrowGeometry>,
    mut rng: ResMut<SimRng>,
    mut pop: ResMut<Population>,
    cells: Query<&Cell>,
) {
    let k = &model.k;
    if k.lineages.iter().all(|l| l.resident.is_none()) {
        return;
    }
    let counts = resident_counts(k, &cells);
    // The pools keep to the patient's marrow (its age, or its share of production before
    // birth) and to the room a clone or fibres leave them.
    let room = (1.0 - conditions.load.clone_occupancy).clamp(0.0, 1.0)
        * (1.0 - conditions.effects.fibrosis).clamp(0.0, 1.0);
    let output = model.baseline_output(clock.hours().max(0.0) / 24.0) * room;
    let rng = &mut rng.0;
    for (li, lineage) in k.lineages.iter().enumerate() {
        let Some(r) = &lineage.resident else {
            continue;
        };
        let stage = &lineage.stages[0];
        let size = model.steady.lineages[li].stage_agents[0] * output;
        let per_h = arrivals_per_hour(r, stage.death as f64, stage.hours as f64, size, counts[li]);
        for _ in 0..stochastic_round(per_h * clock.tick_hours, rng) {
            if !pop.try_add(k.max_agents) {
                return;
            }
            let state = CellState::new(k, li, 0, rng);
            let pos = geometry.random_wall_point(stage.radius_um, rng);
            spawn_cell(&mut commands, k, &geometry, state, pos);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_pool_replaces_its_losses_and_a_short_one_refills_faster() {
        let r = Resident {
            share: 0.1,
            refill_gain: 2.0,
        };
        // 63.2 % die over 100 h: hazard 0.01 /h.
        let full = arrivals_per_hour(&r, 1.0 - (-1.0f64).exp(), 100.0, 200.0, 200.0);
        assert!((full - 2.0).abs() < 1e-9, "{full}");
        let half = arrivals_per_hour(&r, 1.0 - (-1.0f64).exp(), 100.0, 200.0, 100.0);
        assert!((half - 4.0).abs() < 1e-9, "{half}");
        // An overfull pool gets only its losses' worth at full size: it shrinks back.
        let over = arrivals_per_hour(&r, 1.0 - (-1.0f64).exp(), 100.0, 200.0, 300.0);
        assert!((over - 2.0).abs() < 1e-9, "{over}");
    }
}
