//! The agents of the marrow window and what every system that makes them shares: their
//! components, their bodies, and spawning one.

use bevy::prelude::*;
use rand::Rng;

use super::geometry::MarrowGeometry;
use crate::biology::cell::CellState;
use crate::biology::kinetics::{Home, Kinetics};

/// A committed blood-cell agent.
#[derive(Component, Clone, Copy, Debug)]
#[require(Wander, Anchor)]
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

/// The erythroblastic island (macrophage centre) an erythroid cell belongs to, if any. Every
/// cell carries one, so that all cells share one table: the order in which the systems visit
/// them (and so draw their random numbers) is then the order they were made, whatever else the
/// world holds (a component only some cells had split them over two tables, whose order Bevy
/// does not keep when other plugins add resources).
#[derive(Component, Clone, Copy, Debug, Default)]
pub struct Anchor(pub Option<Vec3>);

/// A cell's crawling velocity (µm per physics second), damped over each physics step.
#[derive(Component, Clone, Copy, Debug, Default, PartialEq)]
pub struct Velocity {
    pub linear: Vec3,
}

/// A cell of a higher group pushes one of a lower group aside without being pushed back
/// (a crawling cell squeezes past resting ones).
#[derive(Component, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Dominance {
    pub group: i8,
}

/// The body of a cell: a ball of `radius` (the transform's scale), at rest, in the resting group.
pub fn cell_body(pos: Vec3, radius: f32) -> (Transform, Velocity, Dominance) {
    (
        Transform::from_translation(pos).with_scale(Vec3::splat(radius)),
        Velocity::default(),
        Dominance::default(),
    )
}

/// Whether cells of `lineage` belong to an erythroblastic island.
pub fn island_lineage(k: &Kinetics, lineage: u16) -> bool {
    k.lineages[lineage as usize]
        .stages
        .iter()
        .any(|s| s.home == Home::Island)
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
    let island = island_lineage(k, state.lineage)
        .then(|| g.nearest_island(pos))
        .flatten();
    commands
        .spawn((Cell(state), cell_body(pos, stage.radius_um), Anchor(island)))
        .id()
}

/// A uniformly random unit vector.
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

/// Rounds `x` up with probability equal to its fractional part.
pub fn stochastic_round(x: f64, rng: &mut impl Rng) -> usize {
    let base = x.floor();
    base as usize + usize::from(rng.random::<f64>() < x - base)
}
