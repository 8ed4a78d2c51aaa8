//! Chemotaxis toward islands and the sinusoid, egress through its wall, platelet shedding.

use bevy::prelude::*;
use rand::Rng;

use super::agents::{Anchor, Cell, Dominance, Hsc, Velocity, Wander, random_direction};
use super::body::Body;
use super::geometry::MarrowGeometry;
use super::mechanics::{MechanicsSet, PHYSICS_DT, physics_step_dt};
use super::run::{CellEvent, Flows, Population, SimClock, SimRng, SimSet};
use super::setup::Model;
use crate::biology::cell::Phase;
use crate::biology::hormones;
use crate::biology::kinetics::{Fate, Home, Hormone};

pub struct MotionPlugin;

impl Plugin for MotionPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(
            FixedUpdate,
            (
                hold_stem_cells_in_niches,
                steer_cells,
                egress_through_sinusoid,
                shed_platelets,
            )
                .chain()
                .in_set(SimSet::Motion)
                .before(MechanicsSet::Gather),
        );
    }
}

/// Crawling speed in physics units (µm per physics second), raised to make up for the
/// damping the mechanics apply within the step.
fn crawl_speed(model: &Model, clock: &SimClock) -> f32 {
    let k = &model.k;
    let damping_loss = 1.0 + k.window.damping * physics_step_dt(k);
    k.window.crawl_um_per_hour * clock.tick_hours as f32 / PHYSICS_DT * damping_loss
}

/// Dominance group of a crawling cell: it displaces resting cells rather than being stopped
/// by them (fixed fat and bone still stop it).
const CRAWLER_DOMINANCE: i8 = 1;

/// Sets a crawling velocity toward `target` unless already within `near` of it; never
/// overshoots within one physics step of `step_dt`.
fn crawl_toward(
    velocity: &mut Mut<Velocity>,
    from: Vec3,
    target: Vec3,
    near: f32,
    speed: f32,
    step_dt: f32,
) {
    let d = target - from;
    let dist = d.length();
    if dist > near {
        velocity.linear = d / dist * speed.min(dist / step_dt);
    }
}

/// Niche adhesion: a stem cell pushed off its niche crawls back.
fn hold_stem_cells_in_niches(
    model: Res<Model>,
    clock: Res<SimClock>,
    mut stem_cells: Query<(&Hsc, &Transform, &mut Velocity)>,
) {
    let speed = crawl_speed(&model, &clock);
    let step = physics_step_dt(&model.k);
    for (hsc, transform, mut velocity) in &mut stem_cells {
        crawl_toward(
            &mut velocity,
            transform.translation,
            hsc.niche,
            model.k.hsc.hold_radius_um,
            speed,
            step,
        );
    }
}

/// Mature cells crawl to the sinusoid by a biased random walk (a pull toward the wall plus a
/// persistent random heading, which lets them find their way around fat and crowds);
/// erythroblasts keep to their island; megakaryocytes settle against the sinusoid wall.
fn steer_cells(
    model: Res<Model>,
    clock: Res<SimClock>,
    g: Res<MarrowGeometry>,
    mut rng: ResMut<SimRng>,
    mut cells: Query<(
        &Cell,
        &Transform,
        &mut Velocity,
        &mut Wander,
        &mut Dominance,
        &Anchor,
    )>,
) {
    let k = &model.k;
    let speed = crawl_speed(&model, &clock);
    let step = physics_step_dt(&model.k);
    let reroll = (clock.tick_hours as f32 / k.window.wander_persistence_hours).min(1.0);
    let resting_speed = speed * k.window.resting_crawl_factor;
    for (Cell(state), transform, mut velocity, mut wander, mut dominance, anchor) in &mut cells {
        let p = transform.translation;
        let crawling = matches!(state.phase, Phase::Migrating { .. });
        let group = if crawling { CRAWLER_DOMINANCE } else { 0 };
        if dominance.group != group {
            dominance.group = group;
        }
        let stage = state.stage_data(k);
        let (dist, dir) = g.to_vessel_axis(p);
        let wall_point = p + dir * (dist - g.vessel_radius - stage.radius_um);
        match state.phase {
            Phase::Migrating { .. } => {
                if wander.0 == Vec3::ZERO || rng.0.random::<f32>() < reroll {
                    wander.0 = random_direction(&mut rng.0);
                }
                let heading = (dir + wander.0 * k.window.wander_weight).normalize_or(dir);
                let reach = (dist - g.vessel_radius - stage.radius_um).max(0.0);
                velocity.linear = heading * speed.min(reach / step + 1.0);
            }
            Phase::Shedding { .. } => {}
            Phase::Maturing => match stage.home {
                Home::Stay => {}
                Home::Sinusoid => crawl_toward(
                    &mut velocity,
                    p,
                    wall_point,
                    k.window.egress_gap_um,
                    resting_speed,
                    step,
                ),
                Home::Island => {
                    if let Anchor(Some(island)) = *anchor {
                        crawl_toward(
                            &mut velocity,
                            p,
                            island,
                            k.window.island_radius_um,
                            resting_speed,
                            step,
                        );
                    }
                }
            },
        }
    }
}

/// A migrating cell that reaches the sinusoid wall squeezes through it into the blood; a
/// megakaryocyte stays at the wall and starts shedding platelets instead.
fn egress_through_sinusoid(
    mut commands: Commands,
    model: Res<Model>,
    clock: Res<SimClock>,
    g: Res<MarrowGeometry>,
    mut body: ResMut<Body>,
    mut pop: ResMut<Population>,
    mut flows: ResMut<Flows>,
    mut events: MessageWriter<CellEvent>,
    mut cells: Query<(Entity, &mut Cell, &Transform, &mut Velocity)>,
) {
    let k = &model.k;
    let dt = clock.tick_hours as f32;
    for (entity, mut cell, transform, mut velocity) in &mut cells {
        let Phase::Migrating { hours } = cell.0.phase else {
            continue;
        };
        let hours = hours + dt;
        cell.0.phase = Phase::Migrating { hours };
        let radius = cell.0.stage_data(k).radius_um;
        let at_wall = g.vessel_gap(transform.translation, radius) < k.window.egress_gap_um;
        let timed_out = hours > k.window.egress_timeout_hours;
        if !(at_wall || timed_out) {
            continue;
        }
        let lineage = &k.lineages[cell.0.lineage as usize];
        // A cell that left before its last stage enters the blood as its immature form.
        let early = cell.0.stage_data(k).early_release.as_ref();
        match lineage.fate {
            Fate::Egress { ref product } => {
                let product = early.map_or(product.as_str(), |e| e.product.as_str());
                let product = k.product_index(product).expect("checked table");
                if !clock.warming_up() {
                    body.deliver(k, product, lineage.cells_per_agent);
                }
                pop.remove(&mut commands, entity);
                flows.egressed += 1;
                events.write(CellEvent::Left {
                    cell: entity,
                    at: transform.translation,
                    radius,
                    lineage: cell.0.lineage,
                    stage: cell.0.stage,
                });
                flows.timed_out += u64::from(timed_out && !at_wall);
            }
            Fate::Shed { hours, .. } => {
                cell.0.phase = Phase::Shedding { hours_left: hours };
                velocity.linear = Vec3::ZERO;
            }
        }
    }
}

/// Megakaryocytes at the wall release platelets into the sinusoid, then their nucleus is
/// cleared away. TPO raises the number shed per cell.
fn shed_platelets(
    mut commands: Commands,
    model: Res<Model>,
    clock: Res<SimClock>,
    mut body: ResMut<Body>,
    mut pop: ResMut<Population>,
    mut cells: Query<(Entity, &mut Cell)>,
) {
    let k = &model.k;
    let dt = clock.tick_hours as f32;
    let tpo = |mutant| hormones::shed_factor(&k.hormones.tpo, body.felt(k, Hormone::Tpo, mutant));
    let (normal_tpo, mutant_tpo) = (tpo(false), tpo(true));
    for (entity, mut cell) in &mut cells {
        let Phase::Shedding { hours_left } = cell.0.phase else {
            continue;
        };
        let lineage = &k.lineages[cell.0.lineage as usize];
        let Fate::Shed {
            ref product,
            per_cell,
            hours,
        } = lineage.fate
        else {
            continue;
        };
        let step = dt.min(hours_left);
        let product = k.product_index(product).expect("checked table");
        let tpo = if cell.0.mutant {
            mutant_tpo
        } else {
            normal_tpo
        };
        let shed = lineage.cells_per_agent * per_cell * tpo * (step / hours) as f64;
        if !clock.warming_up() {
            body.deliver(k, product, shed);
        }
        let hours_left = hours_left - dt;
        if hours_left <= 0.0 {
            pop.remove(&mut commands, entity);
        } else {
            cell.0.phase = Phase::Shedding { hours_left };
        }
    }
}
