//! Cell mechanics in the ECS: every cell is a ball (its transform's scale is its radius) with a
//! crawling velocity; every `physics_interval_ticks` ticks a physics step gathers the cells,
//! moves them with [`solver::Solver`] and writes back what changed (`MechanicsSet`). The
//! systems that steer cells run before the step.

pub mod solver;

use std::time::Instant;

use bevy::prelude::*;

use super::agents::{Cell, Dominance, Hsc, Velocity};
use super::geometry::MarrowGeometry;
use super::run::{SimClock, SimSet};
use super::setup::Model;
use crate::biology::kinetics::Kinetics;

/// Physics time per simulation tick (the mechanics' own clock, not simulated hours). Physics
/// steps every `physics_interval_ticks` ticks and then advances that many times this.
pub const PHYSICS_DT: f32 = 1.0 / 60.0;

/// Physics seconds advanced by one physics step.
pub fn physics_step_dt(k: &Kinetics) -> f32 {
    PHYSICS_DT * k.physics_interval_ticks as f32
}

/// The phases of a physics step, after the census of the tick it ends.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MechanicsSet {
    /// Obstacles rebuilt for a new layout; every cell's position, velocity, radius and group
    /// gathered.
    Gather,
    /// The solver moves them.
    Step,
    /// Positions and velocities that changed are written back to the cells.
    Writeback,
}

/// What cells cannot enter: the window's walls, bone, sinusoid and fixed cells.
#[derive(Resource, Default)]
pub struct Obstacles(pub solver::Obstacles);

/// Milliseconds each physics step took, recorded only while this resource exists (`marrow
/// bench` inserts it and empties it). Timing only: nothing in the simulation reads it.
#[derive(Resource, Default, Debug)]
pub struct PhysicsTimes {
    pub steps_ms: Vec<f64>,
    started: Option<Instant>,
}

/// The solver's buffers and the cells' data gathered for a step.
#[derive(Resource, Default)]
struct Workspace {
    solver: solver::Solver,
    position: Vec<Vec3>,
    velocity: Vec<Vec3>,
    radius: Vec<f32>,
    group: Vec<i8>,
}

pub struct MechanicsPlugin;

impl Plugin for MechanicsPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<Obstacles>()
            .init_resource::<Workspace>()
            .configure_sets(
                FixedUpdate,
                (
                    MechanicsSet::Gather.run_if(physics_due),
                    MechanicsSet::Step.run_if(physics_due),
                    MechanicsSet::Writeback.run_if(physics_due),
                )
                    .chain()
                    .after(SimSet::Census),
            )
            .add_systems(
                FixedUpdate,
                (
                    (start_physics_timer, build_obstacles, gather_cells)
                        .chain()
                        .in_set(MechanicsSet::Gather),
                    move_cells.in_set(MechanicsSet::Step),
                    (write_back_cells, stop_physics_timer)
                        .chain()
                        .in_set(MechanicsSet::Writeback),
                ),
            );
    }
}

/// Cells move micrometres per hour, far slower than the biology ticks: physics steps only
/// every `physics_interval_ticks` ticks, with a correspondingly longer step.
fn physics_due(clock: Res<SimClock>, model: Res<Model>) -> bool {
    clock.tick.rem_euclid(model.k.physics_interval_ticks as i64) == 0
}

/// The fixed obstacles of a laid-out window, rebuilt at the first step after a new layout.
/// (A change seen by the system itself: a run condition would see it on a tick when the set's
/// own condition keeps the system from running, and miss it.)
fn build_obstacles(mut obstacles: ResMut<Obstacles>, g: Res<MarrowGeometry>, model: Res<Model>) {
    if !g.is_changed() {
        return;
    }
    let min = Vec3::new(-g.half_x, g.bone_top, -g.half);
    let max = Vec3::new(g.half_x, g.half, g.half);
    let spheres = g
        .fixed_balls(&model.k.hsc)
        .map(|(_, b)| solver::Sphere {
            center: b.center,
            radius: b.radius,
        })
        .collect();
    obstacles.0 = solver::Obstacles::new(
        min,
        max,
        Some((g.vessel_y, g.vessel_z, g.vessel_radius)),
        spheres,
    );
}

fn start_physics_timer(times: Option<ResMut<PhysicsTimes>>) {
    if let Some(mut times) = times {
        times.started = Some(Instant::now());
    }
}

fn stop_physics_timer(times: Option<ResMut<PhysicsTimes>>) {
    if let Some(mut times) = times {
        if let Some(started) = times.started.take() {
            times.steps_ms.push(started.elapsed().as_secs_f64() * 1e3);
        }
    }
}

/// The bodies the mechanics move: committed cells, then stem cells. Two queries of one table
/// each, so the order (which the solver's result depends on) is the order the bodies were made,
/// whatever other plugins add to the world (one query over both tables would visit them in an
/// order that follows the tables' ids).
#[derive(bevy::ecs::system::SystemParam)]
struct Bodies<'w, 's> {
    cells: Query<
        'w,
        's,
        (
            &'static mut Transform,
            &'static mut Velocity,
            &'static Dominance,
        ),
        (With<Cell>, Without<Hsc>),
    >,
    stem_cells: Query<
        'w,
        's,
        (
            &'static mut Transform,
            &'static mut Velocity,
            &'static Dominance,
        ),
        (With<Hsc>, Without<Cell>),
    >,
}

/// Every body's position, velocity, radius and group, cells first, then stem cells.
fn gather_cells(mut ws: ResMut<Workspace>, bodies: Bodies) {
    let ws = &mut *ws;
    ws.position.clear();
    ws.velocity.clear();
    ws.radius.clear();
    ws.group.clear();
    for (t, v, d) in bodies.cells.iter().chain(bodies.stem_cells.iter()) {
        ws.position.push(t.translation);
        ws.velocity.push(v.linear);
        ws.radius.push(t.scale.x);
        ws.group.push(d.group);
    }
}

/// One solver step over the gathered cells.
fn move_cells(model: Res<Model>, obstacles: Res<Obstacles>, mut ws: ResMut<Workspace>) {
    let ws = &mut *ws;
    let k = &model.k;
    ws.solver.step(
        &obstacles.0,
        solver::Step {
            position: &mut ws.position,
            velocity: &mut ws.velocity,
            radius: &ws.radius,
            group: &ws.group,
        },
        solver::Params {
            dt: physics_step_dt(k),
            damping: k.window.damping,
            passes: k.physics_solver_iterations,
        },
    );
}

/// The moved positions and damped velocities back onto the cells (only what changed, so
/// change detection sees only cells that moved).
fn write_back_cells(ws: Res<Workspace>, mut bodies: Bodies) {
    let Bodies { cells, stem_cells } = &mut bodies;
    let every = cells.iter_mut().chain(stem_cells.iter_mut());
    for ((mut t, mut v, _), (p, vel)) in every.zip(ws.position.iter().zip(&ws.velocity)) {
        if t.translation != *p {
            t.translation = *p;
        }
        if v.linear != *vel {
            v.linear = *vel;
        }
    }
}
