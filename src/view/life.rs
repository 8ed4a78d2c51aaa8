//! What makes the marrow's cells look alive: a pinch when a cell divides and a shrink when it
//! dies. (The blood in the sinusoid, the cells that enter it and the platelets that break off
//! megakaryocytes are bodies of the vessel's world: [`super::blood_flow`].) Drawing only; the
//! simulation is unchanged.

use bevy::prelude::*;

use super::cell_looks::CellLook;
use crate::sim::agents::Cell;
use crate::sim::{CellEvent, Model};

/// Seconds an apoptotic cell takes to shrink away.
const DYING_S: f32 = 1.2;
/// Seconds a dividing cell shows its pinched shape.
const PINCH_S: f32 = 0.7;
/// At most this many dying cells drawn at once.
const MAX_VISUALS: usize = 400;

/// An apoptotic cell shrinking away.
#[derive(Component)]
struct Dying {
    radius: f32,
    age: f32,
}

/// A cell mid-division, drawn pinched in two.
#[derive(Component)]
pub struct Pinch(pub f32);

pub struct LifePlugin;

impl Plugin for LifePlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(
            Update,
            (show_cell_events, shrink_dying_cells, finish_pinches)
                .in_set(super::screen::GuiSet::Present),
        );
    }
}

/// Turns the simulation's cell events into animations.
fn show_cell_events(
    mut commands: Commands,
    mut events: MessageReader<CellEvent>,
    look: Option<Res<CellLook>>,
    model: Res<Model>,
    visuals: Query<(), With<Dying>>,
) {
    let Some(look) = look else {
        events.clear();
        return;
    };
    let mut budget = MAX_VISUALS.saturating_sub(visuals.iter().count());
    for event in events.read() {
        match *event {
            CellEvent::Divided { mother, daughter } => {
                for e in [mother, daughter] {
                    commands.entity(e).try_insert(Pinch(PINCH_S));
                }
            }
            CellEvent::Died {
                at,
                radius,
                lineage,
                stage,
            } if budget > 0 => {
                budget -= 1;
                let material = look.dimmed[lineage as usize][stage as usize].clone();
                commands.spawn((
                    Dying { radius, age: 0.0 },
                    look.shape(&model, lineage, stage, at, radius, material),
                ));
            }
            _ => {}
        }
    }
}

fn shrink_dying_cells(
    mut commands: Commands,
    time: Res<Time>,
    mut cells: Query<(Entity, &mut Dying, &mut Transform)>,
) {
    let dt = time.delta_secs();
    for (e, mut d, mut t) in &mut cells {
        d.age += dt;
        let left = 1.0 - d.age / DYING_S;
        if left <= 0.0 {
            commands.entity(e).despawn();
        } else {
            t.scale = Vec3::splat(d.radius * left);
        }
    }
}

/// The pinch runs on real time, so cells that divided just before a pause (or during the
/// replay of a loaded game) finish splitting on screen rather than freezing as doublets.
fn finish_pinches(
    mut commands: Commands,
    time: Res<Time<Real>>,
    look: Option<Res<CellLook>>,
    model: Res<Model>,
    mut cells: Query<(Entity, &Cell, &mut Pinch, &mut Mesh3d)>,
) {
    let Some(look) = look else { return };
    let dt = time.delta_secs();
    for (e, cell, mut pinch, mut mesh) in &mut cells {
        pinch.0 -= dt;
        let want = if pinch.0 > 0.0 {
            look.peanut.clone()
        } else {
            look.mesh_for(&model, cell.0.lineage, cell.0.stage)
        };
        if mesh.0 != want {
            mesh.0 = want;
        }
        if pinch.0 <= 0.0 {
            commands.entity(e).remove::<Pinch>();
        }
    }
}
