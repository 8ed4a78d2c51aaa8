//! `marrow bench`: the cost of one simulation tick at several marrow sizes, against the same
//! bodies stepped by a general physics engine (rapier) alone, and how a whole scenario runs
//! headless.
//!
//! A larger marrow is the bundled one scaled by a factor `f`: `f` times the stem-cell niches
//! (so `f` times the agents), each agent standing for `1/f` as many real cells (so the blood
//! counts do not change), and `f` times the volume (so the packing does not change). The volume
//! grows along the sinusoid (`window.length_ratio`), so that every cell keeps the same distance
//! to bone and vessel: more of the same tissue. ([`Shape::Cube`] grows the cube instead, which
//! leaves one sinusoid for `f` times the cells; a marrow under half the bundled size always
//! shrinks as a cube.)

use std::time::Instant;

use bevy::prelude::*;
use serde::Serialize;

use crate::biology::kinetics::Kinetics;
use crate::scenario::Scenario;
use crate::sim::agents::{Dominance, Velocity};
use crate::sim::geometry::{MarrowGeometry, WALL_UM};
use crate::sim::mechanics::{PhysicsTimes, physics_step_dt};
use crate::sim::{Model, Population, SimSetup, headless_app, run_days};

/// Agents in the bundled healthy marrow, roughly (the scale factor's reference).
pub const BASE_AGENTS: f64 = 1960.0;

/// The shortest window grown along the sinusoid, as a share of its edge; a marrow scaled below
/// this shrinks as a cube (a shorter window would not hold a fat cell).
pub const MIN_LENGTH_RATIO: f32 = 0.5;

/// How a larger window grows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Shape {
    /// Longer along the sinusoid: the same tissue, more of it.
    #[default]
    AlongVessel,
    /// A bigger cube: longer paths to the one sinusoid and less bone per cell.
    Cube,
}

/// What `marrow bench` measures besides the sizes.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Contact passes per physics step (and rapier's solver iterations) instead of the table's.
    pub solver_iterations: Option<u32>,
    pub shape: Shape,
}

/// The bundled table scaled to about `agents` live agents, grown along the sinusoid.
pub fn scaled_kinetics(base: &Kinetics, agents: usize) -> Kinetics {
    scaled_kinetics_as(base, agents, Shape::AlongVessel)
}

/// The bundled table scaled to about `agents` live agents, its window grown or shrunk as `shape`
/// says (below half the bundled size it always shrinks as a cube).
pub fn scaled_kinetics_as(base: &Kinetics, agents: usize, shape: Shape) -> Kinetics {
    let f = (agents as f64 / BASE_AGENTS).max(0.05);
    let mut k = base.clone();
    let niches = |n: u32| ((n as f64 * f).round() as u32).max(1);
    let old = (k.hsc.endosteal_niches + k.hsc.perivascular_niches) as f64;
    k.hsc.endosteal_niches = niches(k.hsc.endosteal_niches);
    k.hsc.perivascular_niches = niches(k.hsc.perivascular_niches);
    // The exact factor after rounding the niches, so production matches the bundled marrow.
    let exact = (k.hsc.endosteal_niches + k.hsc.perivascular_niches) as f64 / old;
    for l in &mut k.lineages {
        l.cells_per_agent /= exact;
    }
    let w = &mut k.window;
    if exact >= MIN_LENGTH_RATIO as f64 && shape == Shape::AlongVessel {
        w.length_ratio *= exact as f32;
    } else {
        w.size_um *= exact.cbrt() as f32;
    }
    w.macrophages = ((w.macrophages as f64 * exact).round() as u32).max(1);
    w.stromal_cells = ((w.stromal_cells as f64 * exact).round() as u32).max(1);
    k.max_agents = k.max_agents.max((agents as f64 * 2.5) as usize);
    k
}

/// Milliseconds per tick at one size.
#[derive(Clone, Debug, PartialEq)]
pub struct SizeResult {
    /// The size asked for.
    pub target: usize,
    /// Live agents while measuring (mean).
    pub agents: f64,
    pub full_mean_ms: f64,
    pub full_p95_ms: f64,
    /// The simulation's own physics steps within those ticks, per tick.
    pub mechanics_mean_ms: f64,
    /// Rapier alone stepping the same bodies, per tick (its step time over the ticks per step).
    pub bare_mean_ms: f64,
    pub bare_p95_ms: f64,
}

impl SizeResult {
    /// The whole simulation against rapier alone on the same bodies.
    pub fn ratio(&self) -> f64 {
        self.full_mean_ms / self.bare_mean_ms.max(1e-9)
    }

    /// The whole simulation against its own physics alone.
    pub fn mechanics_ratio(&self) -> f64 {
        self.full_mean_ms / self.mechanics_mean_ms.max(1e-9)
    }
}

fn mean_p95(ms: &mut [f64]) -> (f64, f64) {
    if ms.is_empty() {
        return (0.0, 0.0);
    }
    ms.sort_by(f64::total_cmp);
    let mean = ms.iter().sum::<f64>() / ms.len() as f64;
    let i = ((ms.len() as f64 * 0.95).ceil() as usize).clamp(1, ms.len()) - 1;
    (mean, ms[i])
}

/// Measures `ticks` full ticks of the healthy marrow at about `agents` agents (after its
/// warm-up and `settle_ticks` more), the share of them its physics steps took, and then the same
/// bodies stepped by rapier alone for as many steps (the "bare" cost: what a physics-only
/// program built on a general engine would spend on this marrow).
pub fn measure(
    agents: usize,
    ticks: u32,
    settle_ticks: u32,
    seed: u64,
    options: Options,
) -> SizeResult {
    let mut k = scaled_kinetics_as(&Kinetics::bundled(), agents, options.shape);
    if let Some(n) = options.solver_iterations {
        k.physics_solver_iterations = n;
    }
    let mut app = headless_app(SimSetup::healthy(k, seed));
    for _ in 0..settle_ticks {
        app.update();
    }
    app.world_mut().insert_resource(PhysicsTimes::default());
    let mut full = Vec::with_capacity(ticks as usize);
    let mut live = 0.0;
    for _ in 0..ticks {
        let t = Instant::now();
        app.update();
        full.push(t.elapsed().as_secs_f64() * 1e3);
        live += app.world().resource::<Population>().agents as f64;
    }
    let interval = app
        .world()
        .resource::<Model>()
        .k
        .physics_interval_ticks
        .max(1);
    let steps = std::mem::take(&mut app.world_mut().resource_mut::<PhysicsTimes>().steps_ms);
    let mechanics_mean_ms = steps.iter().sum::<f64>() / ticks.max(1) as f64;
    // Rapier on the same bodies, for as many steps as those ticks held, each step's time
    // spread over the ticks it covers.
    let bare_steps = bare_rapier_steps(app.world_mut(), steps.len().max(1)).step_ms;
    let bare_mean_ms = bare_steps.iter().sum::<f64>() / ticks.max(1) as f64;
    let mut bare: Vec<f64> = bare_steps.iter().map(|ms| ms / interval as f64).collect();
    let (full_mean_ms, full_p95_ms) = mean_p95(&mut full);
    let (_, bare_p95_ms) = mean_p95(&mut bare);
    SizeResult {
        target: agents,
        agents: live / ticks.max(1) as f64,
        full_mean_ms,
        full_p95_ms,
        mechanics_mean_ms,
        bare_mean_ms,
        bare_p95_ms,
    }
}

/// The drawn vessel's cost at one size of marrow.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VesselResult {
    pub target: usize,
    /// Bodies in the lumen while measuring (red cells, white cells, platelets and buds).
    pub bodies: usize,
    pub step_mean_ms: f64,
    pub step_p95_ms: f64,
}

/// Milliseconds per step of the vessel's rapier world beside the healthy marrow of about
/// `agents` agents: `steps` steps, one per simulation tick, after a day of both (the flow
/// filled, proplatelets grown). Only the vessel's steps are timed.
pub fn measure_vessel(agents: usize, steps: u32) -> VesselResult {
    use crate::vessel::{Flowing, VesselDrive, VesselPlugin, step_vessel};
    let k = scaled_kinetics(&Kinetics::bundled(), agents);
    let mut app =
        crate::sim::headless_app_with(crate::sim::Start::Fresh(SimSetup::healthy(k, 1)), |app| {
            app.add_plugins(VesselPlugin {
                drive: VesselDrive::PerUpdate(1),
            });
        });
    run_days(&mut app, 1, |_| {});
    app.insert_resource(VesselDrive::PerUpdate(0));
    let mut times = Vec::with_capacity(steps as usize);
    for _ in 0..steps {
        app.update();
        let t = Instant::now();
        step_vessel(app.world_mut(), 1);
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let mut q = app.world_mut().query::<&Flowing>();
    let bodies = q.iter(app.world()).filter(|f| f.in_lumen).count();
    let (step_mean_ms, step_p95_ms) = mean_p95(&mut times);
    VesselResult {
        target: agents,
        bodies,
        step_mean_ms,
        step_p95_ms,
    }
}

/// Worker threads for rapier's pool in the bare measurement: one per core.
pub fn physics_workers() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Builds a rapier world holding the marrow's cells as they are now (damped balls that do not
/// rotate, no gravity, no friction, crawlers in a dominant group, each with its crawling
/// velocity) and its fixed parts (walls, bone, the sinusoid, fixed balls), and times `steps`
/// of its steps after a few untimed ones. Crawlers get their velocity back before every step,
/// as the simulation's motion systems do.
pub fn bare_rapier_steps(world: &mut World, steps: usize) -> Baseline {
    use rapier3d::prelude::{ColliderBuilder, PhysicsWorld, RigidBodyBuilder, Vector};
    let v = |p: Vec3| Vector::new(p.x, p.y, p.z);
    let k = world.resource::<Model>().k.clone();
    let g = world.resource::<MarrowGeometry>().clone();
    let mut w = PhysicsWorld::new();
    w.gravity = Vector::ZERO;
    let ip = &mut w.integration_parameters;
    ip.dt = physics_step_dt(&k);
    ip.length_unit = 5.0;
    ip.num_solver_iterations = k.physics_solver_iterations.max(1) as usize;
    ip.max_ccd_substeps = 0;
    if let Err(e) = w.physics_pipeline.configure_thread_pool(physics_workers()) {
        warn!("rapier runs on the calling thread's pool: {e}");
    }
    for (_, centre, half) in g.boxes() {
        w.insert(
            RigidBodyBuilder::fixed().translation(v(centre)),
            ColliderBuilder::cuboid(half.x, half.y, half.z),
        );
    }
    let vessel = g.vessel_transform();
    w.insert(
        RigidBodyBuilder::fixed()
            .translation(v(vessel.translation))
            .rotation(v(vessel.rotation.to_scaled_axis())),
        ColliderBuilder::cylinder(g.half_x + WALL_UM, g.vessel_radius),
    );
    for (_, b) in g.fixed_balls(&k.hsc) {
        w.insert(
            RigidBodyBuilder::fixed().translation(v(b.center)),
            ColliderBuilder::ball(b.radius),
        );
    }
    let mut crawlers = Vec::new();
    let mut cells = world.query::<(&Transform, &Velocity, &Dominance)>();
    for (tf, vel, dom) in cells.iter(world) {
        let (body, _) = w.insert(
            RigidBodyBuilder::dynamic()
                .translation(v(tf.translation))
                .linvel(v(vel.linear))
                .linear_damping(k.window.damping)
                .angular_damping(1.0)
                .lock_rotations()
                .gravity_scale(0.0)
                .dominance_group(dom.group),
            ColliderBuilder::ball(tf.scale.x).friction(0.0),
        );
        if dom.group > 0 {
            crawlers.push((body, v(vel.linear)));
        }
    }
    let cells = w.bodies.iter().filter(|(_, b)| b.is_dynamic()).count();
    let mut times = Vec::with_capacity(steps);
    for i in 0..steps + 5 {
        for &(body, linvel) in &crawlers {
            w.bodies[body].set_linvel(linvel, true);
        }
        let t = Instant::now();
        w.step();
        if i >= 5 {
            times.push(t.elapsed().as_secs_f64() * 1e3);
        }
    }
    Baseline {
        step_ms: times,
        cells,
    }
}

/// Rapier alone on a marrow's bodies.
#[derive(Clone, Debug)]
pub struct Baseline {
    /// Milliseconds of each timed step.
    pub step_ms: Vec<f64>,
    /// Moving bodies in rapier's world (one per cell).
    pub cells: usize,
}

/// The exponent b of `ms = a · agents^b`, fitted by least squares on logarithms.
pub fn scaling_exponent(points: &[(f64, f64)]) -> f64 {
    let pts: Vec<(f64, f64)> = points
        .iter()
        .filter(|(n, ms)| *n > 0.0 && *ms > 0.0)
        .map(|(n, ms)| (n.ln(), ms.ln()))
        .collect();
    if pts.len() < 2 {
        return f64::NAN;
    }
    let n = pts.len() as f64;
    let mx = pts.iter().map(|p| p.0).sum::<f64>() / n;
    let my = pts.iter().map(|p| p.1).sum::<f64>() / n;
    let sxy: f64 = pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let sxx: f64 = pts.iter().map(|p| (p.0 - mx).powi(2)).sum();
    sxy / sxx
}

/// Wall-clock seconds to run a scenario headless for its length (warm-up included).
pub fn time_scenario(scenario: Scenario) -> Result<(u32, f64), String> {
    let days = scenario.days;
    let setup = scenario.setup_on(&Kinetics::bundled())?;
    let t = Instant::now();
    let mut app = headless_app(setup);
    run_days(&mut app, days as u64, |_| {});
    Ok((days, t.elapsed().as_secs_f64()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scaled_marrow_has_the_same_production_per_real_cell() {
        let base = Kinetics::bundled();
        let big = scaled_kinetics(&base, 8000);
        assert!(big.check().is_ok(), "{:?}", big.check());
        let f = (big.hsc.endosteal_niches + big.hsc.perivascular_niches) as f64
            / (base.hsc.endosteal_niches + base.hsc.perivascular_niches) as f64;
        assert!((f - 8000.0 / BASE_AGENTS).abs() < 0.2, "{f}");
        for (a, b) in base.lineages.iter().zip(&big.lineages) {
            assert!((a.cells_per_agent / b.cells_per_agent - f).abs() < 1e-9);
        }
        // Grown along the sinusoid: same cross-section, f times as long.
        assert_eq!(big.window.size_um, base.window.size_um);
        assert!((big.window.length_ratio as f64 / f - 1.0).abs() < 1e-3);
        let cube = scaled_kinetics_as(&base, 8000, Shape::Cube);
        let volume = (cube.window.size_um / base.window.size_um).powi(3) as f64;
        assert!((volume / f - 1.0).abs() < 1e-3);
        assert_eq!(cube.window.length_ratio, 1.0);
        // Down to half size it shrinks along the sinusoid, below that as a cube.
        let half = scaled_kinetics(&base, 1000);
        assert!(half.window.length_ratio < 0.6 && half.window.size_um == base.window.size_um);
        assert!(half.check().is_ok(), "{:?}", half.check());
        let small = scaled_kinetics(&base, 300);
        assert_eq!(small.window.length_ratio, 1.0);
        assert!(small.window.size_um < base.window.size_um);
        assert!(small.check().is_ok(), "{:?}", small.check());
    }

    #[test]
    fn the_rapier_baseline_steps_every_cell_of_the_marrow() {
        let k = scaled_kinetics(&Kinetics::bundled(), 300);
        let mut app = headless_app(SimSetup::healthy(k, 2));
        app.update();
        let cells = app
            .world_mut()
            .query::<&Velocity>()
            .iter(app.world())
            .count();
        assert!(cells > 100, "{cells} cells");
        let base = bare_rapier_steps(app.world_mut(), 3);
        assert_eq!(base.cells, cells, "one rapier body per cell");
        assert_eq!(base.step_ms.len(), 3);
        assert!(base.step_ms.iter().all(|t| t.is_finite() && *t > 0.0));
    }

    #[test]
    fn the_exponent_of_a_power_law_is_recovered() {
        let pts: Vec<(f64, f64)> = [1000.0, 2000.0, 4000.0, 8000.0]
            .iter()
            .map(|&n: &f64| (n, 0.003 * n.powf(1.05)))
            .collect();
        assert!((scaling_exponent(&pts) - 1.05).abs() < 1e-9);
        let (mean, p95) = mean_p95(&mut [1.0, 2.0, 3.0, 4.0, 100.0]);
        assert_eq!((mean, p95), (22.0, 100.0));
    }
}
