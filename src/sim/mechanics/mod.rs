//! Cell mechanics in the ECS: every cell is a ball (its transform's scale is its radius) with a
//! crawling velocity; a physics step moves the balls with [`solver::Solver`] every
//! `physics_interval_ticks` ticks.

pub mod solver;

use bevy::ecs::schedule::ScheduleLabel;
use bevy::prelude::*;

use super::marrow::MarrowGeometry;
use super::{Model, SimClock, SimSet};
use crate::biology::kinetics::Kinetics;

/// Physics time per simulation tick (the mechanics' own clock, not simulated hours). Physics
/// steps every `physics_interval_ticks` ticks and then advances that many times this.
pub const PHYSICS_DT: f32 = 1.0 / 60.0;

/// Physics seconds advanced by one physics step.
pub fn physics_step_dt(k: &Kinetics) -> f32 {
    PHYSICS_DT * k.physics_interval_ticks as f32
}

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

/// What cells cannot enter: the window's walls, bone, sinusoid and fixed cells.
#[derive(Resource, Default)]
pub struct Obstacles(pub solver::Obstacles);

/// The schedule holding one physics step; run from `FixedUpdate` at the physics cadence.
#[derive(ScheduleLabel, Debug, Clone, PartialEq, Eq, Hash)]
pub struct PhysicsStep;

/// Milliseconds each physics step took, recorded only while this resource exists (`marrow
/// bench` inserts it and empties it). Timing only: nothing in the simulation reads it.
#[derive(Resource, Default, Debug)]
pub struct PhysicsTimes(pub Vec<f64>);

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
            .init_schedule(PhysicsStep)
            .add_systems(PhysicsStep, move_cells)
            .add_systems(FixedUpdate, step_physics.after(SimSet::Census));
    }
}

/// The fixed obstacles of a laid-out window (at start-up and on restart, after the layout).
pub fn build_obstacles(mut commands: Commands, g: Res<MarrowGeometry>, model: Res<Model>) {
    let min = Vec3::new(-g.half_x, g.bone_top, -g.half);
    let max = Vec3::new(g.half_x, g.half, g.half);
    let spheres = g
        .fixed_balls(model.k.hsc.radius_um)
        .map(|(_, b)| solver::Sphere {
            center: b.center,
            radius: b.radius,
        })
        .collect();
    commands.insert_resource(Obstacles(solver::Obstacles::new(
        min,
        max,
        Some((g.vessel_y, g.vessel_z, g.vessel_radius)),
        spheres,
    )));
}

/// Cells move micrometres per hour, far slower than the biology ticks: physics steps only
/// every `physics_interval_ticks` ticks, with a correspondingly longer step.
fn step_physics(world: &mut World) {
    let clock = *world.resource::<SimClock>();
    let interval = world.resource::<Model>().k.physics_interval_ticks as i64;
    if clock.tick.rem_euclid(interval) == 0 {
        let started = std::time::Instant::now();
        world.run_schedule(PhysicsStep);
        if let Some(mut times) = world.get_resource_mut::<PhysicsTimes>() {
            times.0.push(started.elapsed().as_secs_f64() * 1e3);
        }
    }
}

/// One physics step: gathers every cell, moves them all, writes back what changed.
fn move_cells(
    model: Res<Model>,
    obstacles: Res<Obstacles>,
    mut ws: ResMut<Workspace>,
    mut cells: Query<(&mut Transform, &mut Velocity, &Dominance)>,
) {
    let ws = &mut *ws;
    ws.position.clear();
    ws.velocity.clear();
    ws.radius.clear();
    ws.group.clear();
    for (t, v, d) in &cells {
        ws.position.push(t.translation);
        ws.velocity.push(v.linear);
        ws.radius.push(t.scale.x);
        ws.group.push(d.group);
    }
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
    for ((mut t, mut v, _), (p, vel)) in cells.iter_mut().zip(ws.position.iter().zip(&ws.velocity))
    {
        if t.translation != *p {
            t.translation = *p;
        }
        if v.linear != *vel {
            v.linear = *vel;
        }
    }
}
