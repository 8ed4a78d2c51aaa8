//! What makes the marrow look alive: blood flowing in the sinusoid, cells carried away after
//! they squeeze into it, platelet fragments breaking off megakaryocytes, a pinch when a cell
//! divides and a shrink when it dies. All of it is drawing only; the simulation is unchanged.

use bevy::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::cell_looks::CellLook;
use crate::biology::cell::Phase;
use crate::sim::agents::{Cell, random_direction};
use crate::sim::geometry::MarrowGeometry;
use crate::sim::{CellEvent, Model};

/// Blood speed in the sinusoid, µm per second of (virtual) time.
const FLOW_UM_PER_S: f32 = 45.0;
/// Seconds a leaving cell takes to cross the wall onto the vessel axis.
const SQUEEZE_S: f32 = 0.6;
/// Seconds an apoptotic cell takes to shrink away.
const DYING_S: f32 = 1.2;
/// Seconds a dividing cell shows its pinched shape.
const PINCH_S: f32 = 0.7;
/// At most this many departing or dying visuals at once.
const MAX_VISUALS: usize = 400;
/// Red cells drawn flowing in the sinusoid.
const FLOWING_RED_CELLS: usize = 70;

/// A red cell drawn flowing through the sinusoid.
#[derive(Component)]
struct FlowingCell {
    speed: f32,
}

/// A cell (or platelet) that left the marrow: crosses the wall, then rides the flow away.
#[derive(Component)]
struct Departing {
    from: Vec3,
    age: f32,
}

/// An apoptotic cell shrinking away.
#[derive(Component)]
struct Dying {
    radius: f32,
    age: f32,
}

/// A cell mid-division, drawn pinched in two.
#[derive(Component)]
pub struct Pinch(pub f32);

/// Random numbers for drawing only, apart from the simulation's generator.
#[derive(Resource)]
struct VisualRng(ChaCha8Rng);

pub struct LifePlugin;

impl Plugin for LifePlugin {
    fn build(&self, app: &mut App) {
        app.insert_resource(VisualRng(ChaCha8Rng::seed_from_u64(7)))
            .add_systems(
                Update,
                (
                    fill_sinusoid_with_blood,
                    show_cell_events,
                    break_off_platelets,
                    flow_blood,
                    carry_departing_cells,
                    shrink_dying_cells,
                    finish_pinches,
                )
                    .in_set(super::screen::GuiSet::Present),
            );
    }
}

/// A point inside the sinusoid's cross-section at `x`, `margin` from its wall.
fn in_vessel(g: &MarrowGeometry, x: f32, margin: f32, rng: &mut impl Rng) -> Vec3 {
    let r = (g.vessel_radius - margin).max(0.5) * rng.random::<f32>().sqrt();
    let a = rng.random_range(0.0..std::f32::consts::TAU);
    Vec3::new(x, g.vessel_y + r * a.sin(), g.vessel_z + r * a.cos())
}

fn fill_sinusoid_with_blood(
    mut commands: Commands,
    look: Option<Res<CellLook>>,
    g: Res<MarrowGeometry>,
    existing: Query<(), With<FlowingCell>>,
    mut rng: ResMut<VisualRng>,
) {
    let Some(look) = look else { return };
    if !existing.is_empty() || g.vessel_radius <= 0.0 {
        return;
    }
    for _ in 0..FLOWING_RED_CELLS {
        let x = rng.0.random_range(-g.half_x..g.half_x);
        let p = in_vessel(&g, x, 3.5, &mut rng.0);
        commands.spawn((
            FlowingCell {
                speed: FLOW_UM_PER_S * rng.0.random_range(0.7..1.3),
            },
            Mesh3d(look.disc.clone()),
            MeshMaterial3d(look.red_cell.clone()),
            Transform::from_translation(p)
                .with_scale(Vec3::splat(3.4))
                .with_rotation(Quat::from_rotation_z(rng.0.random_range(0.0..3.0))),
        ));
    }
}

fn flow_blood(
    time: Res<Time>,
    g: Res<MarrowGeometry>,
    mut cells: Query<(&FlowingCell, &mut Transform)>,
) {
    let dt = time.delta_secs();
    for (c, mut t) in &mut cells {
        t.translation.x += c.speed * dt;
        if t.translation.x > g.half_x + 5.0 {
            t.translation.x -= 2.0 * g.half_x + 10.0;
        }
        t.rotate_x(dt * 1.5);
    }
}

/// Turns the simulation's cell events into animations.
fn show_cell_events(
    mut commands: Commands,
    mut events: MessageReader<CellEvent>,
    look: Option<Res<CellLook>>,
    model: Res<Model>,
    visuals: Query<(), Or<(With<Departing>, With<Dying>)>>,
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
            CellEvent::Left {
                at,
                radius,
                lineage,
                stage,
            } if budget > 0 => {
                budget -= 1;
                let material = look.stages[lineage as usize][stage as usize].clone();
                commands.spawn((
                    Departing { from: at, age: 0.0 },
                    look.shape(&model, lineage, stage, at, radius, material),
                ));
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

/// Megakaryocytes at the wall let go of small platelet fragments into the flow.
fn break_off_platelets(
    mut commands: Commands,
    time: Res<Time>,
    look: Option<Res<CellLook>>,
    cells: Query<(&Cell, &Transform)>,
    visuals: Query<(), With<Departing>>,
    mut rng: ResMut<VisualRng>,
) {
    let Some(look) = look else { return };
    let dt = time.delta_secs();
    if dt <= 0.0 || visuals.iter().count() >= MAX_VISUALS {
        return;
    }
    for (cell, t) in &cells {
        if matches!(cell.0.phase, Phase::Shedding { .. }) && rng.0.random::<f32>() < dt * 3.0 {
            let from = t.translation + random_direction(&mut rng.0) * t.scale.x * 0.8;
            commands.spawn((
                Departing { from, age: 0.0 },
                Mesh3d(look.disc.clone()),
                MeshMaterial3d(look.platelet.clone()),
                Transform::from_translation(from).with_scale(Vec3::splat(1.3)),
            ));
        }
    }
}

fn carry_departing_cells(
    mut commands: Commands,
    time: Res<Time>,
    g: Res<MarrowGeometry>,
    mut cells: Query<(Entity, &mut Departing, &mut Transform)>,
) {
    let dt = time.delta_secs();
    for (e, mut d, mut t) in &mut cells {
        d.age += dt;
        let axis = Vec3::new(d.from.x, g.vessel_y, g.vessel_z);
        if d.age < SQUEEZE_S {
            let s = d.age / SQUEEZE_S;
            t.translation = d.from.lerp(axis, s * s * (3.0 - 2.0 * s));
        } else {
            t.translation = axis + Vec3::X * (d.age - SQUEEZE_S) * FLOW_UM_PER_S * 1.2;
            if t.translation.x > g.half_x + 10.0 {
                commands.entity(e).despawn();
            }
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
