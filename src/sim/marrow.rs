//! Seeding the marrow window: its layout, its fixed parts as entities, and every stage
//! filled to its steady-state number at the start of a run.

use bevy::prelude::*;
use rand::Rng;

use super::agents::{Cell, Hsc, cell_body, spawn_cell, stochastic_round};
use super::geometry::{MarrowGeometry, Structure, uniform};
use super::run::{Population, SimRng};
use super::setup::Model;
use crate::biology::cell::{CellState, Phase};
use crate::biology::kinetics::{Fate, Home, Kinetics};

/// Despawns every agent and structure of the window.
pub fn clear_window(world: &mut World) {
    let mut doomed = world.query_filtered::<Entity, Or<(With<Cell>, With<Hsc>, With<Structure>)>>();
    let doomed: Vec<Entity> = doomed.iter(world).collect();
    for e in doomed {
        world.despawn(e);
    }
}

/// Lays out the window, builds its structures and seeds its cells (at start-up and on restart).
pub fn seed_window(world: &mut World) {
    world
        .run_system_cached(lay_out_marrow)
        .expect("lay out the marrow");
    world
        .run_system_cached(spawn_structures)
        .expect("spawn structures");
    world
        .run_system_cached(seed_steady_state)
        .expect("seed cells");
}

fn lay_out_marrow(mut commands: Commands, model: Res<Model>, mut rng: ResMut<SimRng>) {
    let g = MarrowGeometry::generate(&model.k, model.patient().fat_age(), &mut rng.0);
    commands.insert_resource(g);
}

/// The window's fixed parts as entities (for drawing and picking): walls, bone, the sinusoid,
/// niche stroma, macrophages and fat. Cells cannot enter them (`mechanics::Obstacles`).
pub fn spawn_structures(mut commands: Commands, g: Res<MarrowGeometry>, model: Res<Model>) {
    for (kind, centre, _) in g.boxes() {
        commands.spawn((kind, Transform::from_translation(centre)));
    }
    commands.spawn((Structure::Vessel, g.vessel_transform()));
    let balls: Vec<_> = g
        .fixed_balls(&model.k.hsc)
        .map(|(kind, b)| {
            (
                kind,
                Transform::from_translation(b.center).with_scale(Vec3::splat(b.radius)),
            )
        })
        .collect();
    commands.spawn_batch(balls);
}

/// Stem cells in every niche and each stage filled to its steady-state number, so that the
/// marrow produces at its normal rate from the first tick.
fn seed_steady_state(
    mut commands: Commands,
    model: Res<Model>,
    g: Res<MarrowGeometry>,
    mut rng: ResMut<SimRng>,
    mut pop: ResMut<Population>,
) {
    let k = &model.k;
    let rng = &mut rng.0;
    // An older (or unborn) patient's marrow starts at its own, lower output.
    let output = model.baseline_output(0.0);
    for &niche in &g.niches {
        let hsc = Hsc::new(niche, k, rng);
        commands.spawn((hsc, cell_body(niche, k.hsc.radius_um)));
        pop.agents += 1;
    }
    for (li, (lineage, steady)) in k.lineages.iter().zip(&model.steady.lineages).enumerate() {
        for (si, stage) in lineage.stages.iter().enumerate() {
            let n = stochastic_round(steady.stage_agents[si] * output, rng);
            for _ in 0..n {
                let mut state = CellState::new(k, li, si, rng);
                let frac = rng.random::<f32>();
                state.age_h = frac * state.stage_h;
                let done = (frac * stage.divisions as f32).floor() as u8;
                state.divisions_left = stage.divisions - done.min(stage.divisions);
                spawn_seeded(&mut commands, k, &g, state, rng, &mut pop);
            }
        }
        let shedding = stochastic_round(steady.shedding_agents * output, rng);
        if let Fate::Shed { hours, .. } = lineage.fate {
            for _ in 0..shedding {
                let mut state = CellState::new(k, li, lineage.stages.len() - 1, rng);
                state.age_h = state.stage_h;
                state.phase = Phase::Shedding {
                    hours_left: hours * rng.random::<f32>(),
                };
                spawn_seeded(&mut commands, k, &g, state, rng, &mut pop);
            }
        }
    }
}

fn spawn_seeded(
    commands: &mut Commands,
    k: &Kinetics,
    g: &MarrowGeometry,
    state: CellState,
    rng: &mut impl Rng,
    pop: &mut Population,
) {
    if !pop.try_add(k.max_agents) {
        return;
    }
    let s = state.stage_data(k);
    let at_wall = matches!(state.phase, Phase::Shedding { .. }) || s.home == Home::Sinusoid;
    let pos = if at_wall {
        g.random_wall_point(s.radius_um, rng)
    } else if s.home == Home::Island && !g.macrophages.is_empty() {
        // (A window too small to hold an island seeds its island cells anywhere.)
        let island = g.macrophages[rng.random_range(0..g.macrophages.len())].center;
        let dir = Vec3::new(
            rng.random::<f32>() - 0.5,
            rng.random::<f32>() - 0.5,
            rng.random::<f32>() - 0.5,
        )
        .normalize_or(Vec3::X);
        g.clamp(
            island + dir * uniform(rng, 8.0, k.window.island_radius_um),
            s.radius_um,
        )
    } else {
        g.random_free_point(s.radius_um, rng)
    };
    spawn_cell(commands, k, g, state, pos);
}
