//! The drawn vessel's rapier world: it never changes the model, it repeats itself step for
//! step, it holds a fixed number of bodies, and the physics it shows (margination,
//! proplatelets breaking into platelets) happens.

use bevy::prelude::*;
use bevy_rapier3d::prelude::Velocity;
use marrow::sim::geometry::MarrowGeometry;
use marrow::sim::{Start, headless_app_with, run_days};
use marrow::vessel::{
    Arrivals, FlowKind, Flowing, Lumen, Proplatelets, VesselDrive, VesselParams, VesselPlugin,
    step_vessel,
};

use super::healthy;

fn with_vessel(drive: VesselDrive) -> App {
    headless_app_with(Start::Fresh(healthy()), |app| {
        app.add_plugins(VesselPlugin { drive });
    })
}

/// Every body in the lumen: kind, and the bits of its position, rotation and velocity.
fn lumen_state(app: &mut App) -> Vec<(FlowKind, [u32; 10])> {
    let mut q = app.world_mut().query::<(&Flowing, &Transform, &Velocity)>();
    q.iter(app.world())
        .filter(|(f, ..)| f.in_lumen)
        .map(|(f, t, v)| {
            let (p, r, l) = (t.translation, t.rotation, v.linear);
            let bits = [p.x, p.y, p.z, r.x, r.y, r.z, r.w, l.x, l.y, l.z].map(f32::to_bits);
            (f.kind, bits)
        })
        .collect()
}

/// Distance from the axis over the vessel's radius, mean over the bodies in the lumen of `kind`.
fn mean_radial(app: &mut App, kind: impl Fn(&FlowKind) -> bool) -> (usize, f32) {
    let g = app.world().resource::<MarrowGeometry>().clone();
    let mut q = app.world_mut().query::<(&Flowing, &Transform)>();
    let r: Vec<f32> = q
        .iter(app.world())
        .filter(|(f, _)| f.in_lumen && kind(&f.kind))
        .map(|(_, t)| {
            Vec2::new(t.translation.y - g.vessel_y, t.translation.z - g.vessel_z).length()
        })
        .map(|d| d / g.vessel_radius)
        .collect();
    (r.len(), r.iter().sum::<f32>() / r.len().max(1) as f32)
}

#[test]
fn the_blood_counts_are_the_same_with_and_without_the_vessel() {
    let rows = |app: &mut App| {
        run_days(app, 3, |_| {});
        let census = app.world().resource::<marrow::sim::census::Census>();
        format!("{:?}", census.rows)
    };
    let mut plain = headless_app_with(Start::Fresh(healthy()), |_| {});
    let mut drawn = with_vessel(VesselDrive::PerUpdate(1));
    assert_eq!(rows(&mut plain), rows(&mut drawn));
    // And the vessel did run: red cells flow, cells that left the marrow arrived.
    let (reds, _) = mean_radial(&mut drawn, |k| *k == FlowKind::RedCell);
    let (whites, _) = mean_radial(&mut drawn, |k| matches!(k, FlowKind::WhiteCell { .. }));
    assert!(reds > 300 && whites > 0, "{reds} red, {whites} white");
}

#[test]
fn the_vessel_repeats_itself_step_for_step() {
    let run = || {
        let mut app = with_vessel(VesselDrive::PerUpdate(2));
        for _ in 0..300 {
            app.update();
        }
        lumen_state(&mut app)
    };
    let (a, b) = (run(), run());
    assert!(a.len() > 300);
    assert_eq!(a, b);
}

#[test]
fn the_vessel_holds_the_same_bodies_however_long_it_runs() {
    let mut app = with_vessel(VesselDrive::PerUpdate(1));
    let count = |app: &mut App| {
        let mut bodies = app.world_mut().query::<&Flowing>();
        let mut joints = app
            .world_mut()
            .query::<&bevy_rapier3d::prelude::ImpulseJoint>();
        (
            bodies.iter(app.world()).count(),
            joints.iter(app.world()).count(),
        )
    };
    app.update();
    app.update();
    let (bodies, _) = count(&mut app);
    let p = VesselParams::bundled();
    assert_eq!(
        bodies,
        p.max_red_cells + p.white_cell_pool + p.platelet_pool
    );
    let mut most_joints = 0;
    for _ in 0..20 {
        for _ in 0..100 {
            app.update();
        }
        let (now, joints) = count(&mut app);
        assert_eq!(now, bodies);
        most_joints = most_joints.max(joints);
    }
    // Each joint ties a bud or a platelet: never more joints than the platelet pool.
    assert!(most_joints <= p.platelet_pool, "{most_joints} joints");
}

/// White cells and platelets placed near the axis, then `steps` steps; their mean distance
/// from the axis (over the radius) after, with the red cells flowing or without them.
fn drift_from_axis(with_red_cells: bool, kind: FlowKind, steps: u32) -> f32 {
    let mut app = with_vessel(VesselDrive::PerUpdate(0));
    app.update();
    // Only the bodies placed here: none of the cells that left the marrow in the warm-up.
    app.world_mut().resource_mut::<Arrivals>().0.clear();
    step_vessel(app.world_mut(), 2);
    let g = app.world().resource::<MarrowGeometry>().clone();
    let (white, platelets, red) = {
        let l = app.world().resource::<Lumen>();
        (l.white.clone(), l.platelets[..40].to_vec(), l.red.clone())
    };
    if !with_red_cells {
        app.world_mut().resource_mut::<Lumen>().red_wanted = 0;
        for (i, e) in red.iter().enumerate() {
            let mut body = app.world_mut().entity_mut(*e);
            body.get_mut::<Flowing>().unwrap().in_lumen = false;
            body.get_mut::<Transform>().unwrap().translation =
                Vec3::new(-5000.0 - 20.0 * i as f32, -5000.0, 0.0);
        }
    }
    // A few white cells and platelets, spread along the vessel near its axis.
    let white = if kind == FlowKind::Platelet {
        &white[..0]
    } else {
        &white[..8]
    };
    let platelets = if kind == FlowKind::Platelet {
        &platelets[..]
    } else {
        &platelets[..0]
    };
    for (i, e) in white.iter().chain(platelets).enumerate() {
        let is_white = i < white.len();
        let j = if is_white { i } else { i - white.len() };
        let a = j as f32 * 2.4;
        let r = 0.2 * g.vessel_radius * ((j % 3) as f32 / 3.0);
        // White cells 22 µm apart; five platelets 2.5 µm apart in each gap between them.
        let x = if is_white {
            -g.half_x + 15.0 + 22.0 * j as f32
        } else {
            -g.half_x + 15.0 + 11.0 + 22.0 * (j / 5) as f32 + 2.5 * (j % 5) as f32 - 5.0
        };
        let mut body = app.world_mut().entity_mut(*e);
        let mut f = body.get_mut::<Flowing>().unwrap();
        f.in_lumen = true;
        if is_white {
            f.kind = FlowKind::WhiteCell {
                lineage: 0,
                stage: 0,
            };
        }
        let mut t = body.get_mut::<Transform>().unwrap();
        t.translation = Vec3::new(x, g.vessel_y + r * a.sin(), g.vessel_z + r * a.cos());
        t.scale = Vec3::splat(if is_white { 4.5 } else { 1.2 });
    }
    step_vessel(app.world_mut(), steps);
    mean_radial(&mut app, |k| {
        std::mem::discriminant(k) == std::mem::discriminant(&kind)
    })
    .1
}

#[test]
fn red_cells_push_white_cells_and_platelets_toward_the_wall() {
    let white = FlowKind::WhiteCell {
        lineage: 0,
        stage: 0,
    };
    for kind in [white, FlowKind::Platelet] {
        let with = drift_from_axis(true, kind, 150);
        let alone = drift_from_axis(false, kind, 150);
        println!(
            "{kind:?}: {with:.3} of the radius from the axis with red cells, {alone:.3} alone"
        );
        assert!(
            alone < 0.2 && with > alone + 0.1,
            "{kind:?}: {with:.3} with, {alone:.3} alone"
        );
    }
}

#[test]
fn proplatelets_stretch_in_the_flow_and_break_into_platelets() {
    let mut app = with_vessel(VesselDrive::PerUpdate(1));
    for _ in 0..1200 {
        app.update();
    }
    let pp = app.world().resource::<Proplatelets>();
    let per_piece = pp.piece_buds as f64 / pp.pieces.max(1) as f64;
    println!(
        "{} pieces of {per_piece:.1} buds, {} breaks, {} freed",
        pp.pieces, pp.breaks, pp.freed
    );
    // Pieces break off under tension, several buds long, and break on into platelets.
    assert!(
        pp.pieces >= 5 && per_piece >= 2.0,
        "{} pieces of {per_piece:.1}",
        pp.pieces
    );
    assert!(
        pp.breaks > pp.pieces,
        "{} breaks, {} pieces",
        pp.breaks,
        pp.pieces
    );
}

/// Frames drawn at `frames_per_tick` between ticks of a real run: the largest jump of a drawn
/// cell from one frame to the next, and of its simulated position from one tick to the next,
/// each over the cell's radius.
#[cfg(feature = "gui")]
fn largest_jumps(frames_per_tick: u32, ticks: u32) -> (f32, f32) {
    use marrow::view::glide::{Glide, glide_span};
    let mut app = headless_app_with(Start::Fresh(healthy()), |_| {});
    app.update();
    let span = glide_span(app.world().resource::<marrow::sim::Model>());
    let poses = |app: &mut App| {
        let mut q = app
            .world_mut()
            .query::<(Entity, &Transform, &marrow::sim::agents::Cell)>();
        q.iter(app.world())
            .map(|(e, t, _)| (e, *t))
            .collect::<std::collections::HashMap<_, _>>()
    };
    let mut glides: std::collections::HashMap<Entity, (Glide, Vec3, Vec3)> = poses(&mut app)
        .into_iter()
        .map(|(e, t)| (e, (Glide::at_rest(&t, 0.0), t.translation, t.translation)))
        .collect();
    let (mut drawn_jump, mut sim_jump) = (0.0f32, 0.0f32);
    for tick in 1..=ticks {
        app.update();
        let now = poses(&mut app);
        glides.retain(|e, _| now.contains_key(e));
        for (e, t) in &now {
            let Some((g, last_sim, _)) = glides.get_mut(e) else {
                continue;
            };
            let r = t.scale.x;
            sim_jump = sim_jump.max(t.translation.distance(*last_sim) / r);
            *last_sim = t.translation;
            if t.translation != g.to || t.scale.x != g.to_size {
                g.retarget(t, tick as f64, span);
            }
        }
        for f in 0..frames_per_tick {
            let frame = tick as f64 + f as f64 / frames_per_tick as f64;
            for (e, (g, _, last_drawn)) in glides.iter_mut() {
                let (at, _) = g.pose(frame, span);
                drawn_jump = drawn_jump.max(at.distance(*last_drawn) / now[e].scale.x);
                *last_drawn = at;
            }
        }
    }
    (drawn_jump, sim_jump)
}

#[cfg(feature = "gui")]
#[test]
fn cells_glide_between_mechanics_steps_at_every_speed() {
    // 60 frames a second at 0.1, 1 and 6 simulated hours a second (a tick is 0.1 h).
    // The largest step spreads evenly over the frames of a mechanics step (5 ticks).
    for (speed, frames_per_tick, limit) in [(0.1, 60, 0.02), (1.0, 6, 0.15)] {
        let (drawn, sim) = largest_jumps(frames_per_tick, 60);
        let frames_per_step = 5.0 * frames_per_tick as f32;
        println!("{speed} h/s: largest jump per frame {drawn:.3} radius, per step {sim:.3}");
        assert!(sim > 1.0, "the simulated positions step: {sim:.3}");
        assert!(
            drawn < limit && drawn <= 1.1 * sim / frames_per_step,
            "{speed} h/s: {drawn:.3}"
        );
    }
}
