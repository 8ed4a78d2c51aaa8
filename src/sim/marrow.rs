//! The marrow window: bone, sinusoid, niches, stroma, fat; and its seeding at steady state.

use bevy::prelude::*;
use rand::Rng;

use super::cells::{Hsc, cell_body, spawn_cell};
use super::{Model, Population, SimRng};
use crate::biology::cell::{CellState, Phase};
use crate::biology::kinetics::{Home, Kinetics};

/// Static parts of the window, for drawing and queries.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Structure {
    Bone,
    Vessel,
    Wall,
    Niche,
    Macrophage,
    Stroma,
    Adipocyte,
}

/// Thickness of the window's walls (they lie outside the marrow space).
pub const WALL_UM: f32 = 5.0;

/// A sphere in the window.
#[derive(Clone, Copy, Debug)]
pub struct Ball {
    pub center: Vec3,
    pub radius: f32,
}

/// Where everything is. The window is a box centred on the origin (a cube unless
/// `window.length_ratio` stretches it along x); bone lines its floor and the sinusoid runs
/// along x.
#[derive(Resource, Clone, Debug, Default)]
pub struct MarrowGeometry {
    /// Half the window's height and depth (y and z).
    pub half: f32,
    /// Half the window's length along the sinusoid (x).
    pub half_x: f32,
    /// Top surface of the bone slab (y).
    pub bone_top: f32,
    /// The sinusoid's axis passes through (·, vessel_y, vessel_z) along x.
    pub vessel_y: f32,
    pub vessel_z: f32,
    pub vessel_radius: f32,
    pub niches: Vec<Vec3>,
    pub macrophages: Vec<Ball>,
    pub stroma: Vec<Ball>,
    pub adipocytes: Vec<Ball>,
    /// Share of the marrow space (not bone, not vessel) taken by fat, as measured.
    pub fat_fraction: f32,
}

impl MarrowGeometry {
    /// Distance from `p` to the sinusoid's axis, and the unit direction toward it.
    pub fn to_vessel_axis(&self, p: Vec3) -> (f32, Vec3) {
        let d = Vec3::new(0.0, self.vessel_y - p.y, self.vessel_z - p.z);
        let len = d.length();
        (len, if len > 1e-6 { d / len } else { Vec3::Y })
    }

    /// Gap between a ball at `p` of `radius` and the sinusoid wall.
    pub fn vessel_gap(&self, p: Vec3, radius: f32) -> f32 {
        self.to_vessel_axis(p).0 - self.vessel_radius - radius
    }

    pub fn in_marrow_space(&self, p: Vec3) -> bool {
        p.y > self.bone_top
            && p.x.abs() < self.half_x
            && p.y < self.half
            && p.z.abs() < self.half
            && self.vessel_gap(p, 0.0) > 0.0
    }

    pub fn in_fat(&self, p: Vec3) -> bool {
        self.adipocytes
            .iter()
            .any(|b| b.center.distance_squared(p) < b.radius * b.radius)
    }

    /// A random point in marrow space with room for a cell of `radius`.
    pub fn random_free_point(&self, radius: f32, rng: &mut impl Rng) -> Vec3 {
        let mut p = Vec3::ZERO;
        for _ in 0..64 {
            p = self.random_point(radius, rng);
            let clear = |b: &Ball| b.center.distance(p) > b.radius + radius;
            if self.vessel_gap(p, radius) > 0.5
                && self.adipocytes.iter().all(clear)
                && self.macrophages.iter().all(clear)
                && self.stroma.iter().all(clear)
            {
                break;
            }
        }
        p
    }

    /// A uniform point inside the marrow-space box, `margin` from the walls and bone.
    pub fn random_point(&self, margin: f32, rng: &mut impl Rng) -> Vec3 {
        let lo = self.bone_top + margin;
        let hi = self.half - margin;
        let hx = self.half_x - margin;
        Vec3::new(
            rng.random_range(-hx..hx),
            rng.random_range(lo..hi),
            rng.random_range(-hi..hi),
        )
    }

    /// The centre of a ball of `radius` resting against the outside of the sinusoid wall, at a
    /// random angle and a random place along the vessel.
    pub fn random_wall_point(&self, radius: f32, rng: &mut impl Rng) -> Vec3 {
        let angle = rng.random_range(0.0..std::f32::consts::TAU);
        let r = self.vessel_radius + radius + 0.5;
        let x = rng.random_range(-(self.half_x - radius)..(self.half_x - radius));
        Vec3::new(
            x,
            self.vessel_y + r * angle.sin(),
            self.vessel_z + r * angle.cos(),
        )
    }

    /// Nearest macrophage (erythroblastic island centre) to `p`.
    pub fn nearest_island(&self, p: Vec3) -> Option<Vec3> {
        self.macrophages
            .iter()
            .map(|b| b.center)
            .min_by(|a, b| a.distance_squared(p).total_cmp(&b.distance_squared(p)))
    }

    /// Keeps a point inside the window.
    pub fn clamp(&self, p: Vec3, radius: f32) -> Vec3 {
        let h = self.half - radius;
        let hx = self.half_x - radius;
        Vec3::new(
            p.x.clamp(-hx, hx),
            p.y.clamp(self.bone_top + radius, h),
            p.z.clamp(-h, h),
        )
    }

    /// The five walls of the window (each `WALL_UM` thick, outside the marrow space) and the
    /// bone slab under it, as boxes: kind, centre, half extents.
    pub fn boxes(&self) -> [(Structure, Vec3, Vec3); 6] {
        let (h, hx, t) = (self.half, self.half_x, WALL_UM);
        let bone_half = (self.bone_top + h) / 2.0;
        [
            (Structure::Wall, Vec3::X * (hx + t), Vec3::new(t, h, h)),
            (Structure::Wall, Vec3::NEG_X * (hx + t), Vec3::new(t, h, h)),
            (Structure::Wall, Vec3::Y * (h + t), Vec3::new(hx, t, h)),
            (Structure::Wall, Vec3::Z * (h + t), Vec3::new(hx, h, t)),
            (Structure::Wall, Vec3::NEG_Z * (h + t), Vec3::new(hx, h, t)),
            (
                Structure::Bone,
                Vec3::new(0.0, -h + bone_half, 0.0),
                Vec3::new(hx, bone_half, h),
            ),
        ]
    }

    /// Where the sinusoid lies: its axis through `translation`, along the transform's y axis
    /// (turned onto x).
    pub fn vessel_transform(&self) -> Transform {
        Transform::from_xyz(0.0, self.vessel_y, self.vessel_z)
            .with_rotation(Quat::from_rotation_z(std::f32::consts::FRAC_PI_2))
    }

    /// Every fixed ball: macrophages, stroma, fat, and a small stromal pad just behind each
    /// niche's stem cell (of `hsc_radius`).
    pub fn fixed_balls(&self, hsc_radius: f32) -> impl Iterator<Item = (Structure, Ball)> + '_ {
        let pads = self.niches.iter().map(move |&n| {
            let behind = if n.y < self.bone_top + 2.0 * hsc_radius {
                Vec3::NEG_Y
            } else {
                -self.to_vessel_axis(n).1
            };
            let pad = Ball {
                center: n + behind * (hsc_radius + 2.0),
                radius: 2.5,
            };
            (Structure::Niche, pad)
        });
        let tag = |kind: Structure| move |&b: &Ball| (kind, b);
        (self.macrophages.iter().map(tag(Structure::Macrophage)))
            .chain(self.stroma.iter().map(tag(Structure::Stroma)))
            .chain(self.adipocytes.iter().map(tag(Structure::Adipocyte)))
            .chain(pads)
    }

    /// Lays out a window for kinetics `k` and a patient of `age_years`.
    pub fn generate(k: &Kinetics, age_years: f32, rng: &mut impl Rng) -> Self {
        let w = &k.window;
        let half = w.size_um / 2.0;
        let bone_top = -half + w.bone_thickness_um;
        let mut g = MarrowGeometry {
            half,
            half_x: half * w.length_ratio,
            bone_top,
            vessel_y: (bone_top + half) / 2.0,
            vessel_z: 0.0,
            vessel_radius: w.vessel_radius_um,
            ..default()
        };
        let r_hsc = k.hsc.radius_um;
        for _ in 0..k.hsc.endosteal_niches {
            let p = g.random_point(r_hsc + 2.0, rng);
            g.niches.push(Vec3::new(p.x, bone_top + r_hsc + 0.5, p.z));
        }
        for _ in 0..k.hsc.perivascular_niches {
            let p = g.random_wall_point(r_hsc, rng);
            g.niches.push(p);
        }
        let keep_clear = |g: &MarrowGeometry, p: Vec3, r: f32, gap: f32| {
            g.vessel_gap(p, r) > gap
                && p.y - r > bone_top + gap
                && g.niches.iter().all(|n| n.distance(p) > r + r_hsc + gap)
                && g.macrophages
                    .iter()
                    .chain(&g.stroma)
                    .all(|b| b.center.distance(p) > b.radius + r + gap)
        };
        for _ in 0..w.macrophages {
            let r = w.macrophage_radius_um;
            for _ in 0..100 {
                let p = g.random_point(w.island_radius_um, rng);
                if keep_clear(&g, p, w.island_radius_um, 4.0) {
                    g.macrophages.push(Ball {
                        center: p,
                        radius: r,
                    });
                    break;
                }
            }
        }
        for _ in 0..w.stromal_cells {
            let r = w.stromal_radius_um;
            for _ in 0..50 {
                let p = g.random_point(r, rng);
                if keep_clear(&g, p, r, 2.0) {
                    g.stroma.push(Ball {
                        center: p,
                        radius: r,
                    });
                    break;
                }
            }
        }
        let target = k.fat_fraction(age_years);
        let samples = space_samples(&g);
        let mut fat_points = vec![false; samples.len()];
        let mut attempts = 0;
        let max_attempts = (4000.0 * w.length_ratio) as u32;
        while g.fat_fraction < target && attempts < max_attempts {
            attempts += 1;
            let r = w.adipocyte_radius_um * rng.random_range(0.8..1.25);
            let p = g.random_point(r * 0.5, rng);
            if !keep_clear(&g, p, r, 1.0) {
                continue;
            }
            let b = Ball {
                center: p,
                radius: r,
            };
            for (hit, s) in fat_points.iter_mut().zip(&samples) {
                *hit |= s.distance_squared(b.center) < r * r;
            }
            g.adipocytes.push(b);
            g.fat_fraction =
                fat_points.iter().filter(|h| **h).count() as f32 / samples.len().max(1) as f32;
        }
        g
    }
}

/// A regular grid of points filling the marrow space, for measuring volume fractions.
fn space_samples(g: &MarrowGeometry) -> Vec<Vec3> {
    let n = 28;
    let step = 2.0 * g.half / n as f32;
    let nx = (2.0 * g.half_x / step).round().max(1.0) as usize;
    let step_x = 2.0 * g.half_x / nx as f32;
    let mut pts = Vec::new();
    for i in 0..nx {
        for j in 0..n {
            for l in 0..n {
                let p = Vec3::new(
                    -g.half_x + (i as f32 + 0.5) * step_x,
                    -g.half + (j as f32 + 0.5) * step,
                    -g.half + (l as f32 + 0.5) * step,
                );
                if g.in_marrow_space(p) {
                    pts.push(p);
                }
            }
        }
    }
    pts
}

pub struct MarrowPlugin;

impl Plugin for MarrowPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<MarrowGeometry>()
            .add_systems(Startup, seed_window);
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
        .run_system_cached(super::mechanics::build_obstacles)
        .expect("build obstacles");
    world
        .run_system_cached(seed_steady_state)
        .expect("seed cells");
}

fn lay_out_marrow(mut commands: Commands, model: Res<Model>, mut rng: ResMut<SimRng>) {
    let g = MarrowGeometry::generate(&model.k, model.scenario.patient.fat_age(), &mut rng.0);
    commands.insert_resource(g);
}

/// The window's fixed parts as entities (for drawing and picking): walls, bone, the sinusoid,
/// niche stroma, macrophages and fat. Cells cannot enter them (`mechanics::Obstacles`).
fn spawn_structures(mut commands: Commands, g: Res<MarrowGeometry>, model: Res<Model>) {
    for (kind, centre, _) in g.boxes() {
        commands.spawn((kind, Transform::from_translation(centre)));
    }
    commands.spawn((Structure::Vessel, g.vessel_transform()));
    let balls: Vec<_> = g
        .fixed_balls(model.k.hsc.radius_um)
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
        if let crate::biology::kinetics::Fate::Shed { hours, .. } = lineage.fate {
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
            island + dir * rng.random_range(8.0..k.window.island_radius_um),
            s.radius_um,
        )
    } else {
        g.random_free_point(s.radius_um, rng)
    };
    spawn_cell(commands, k, g, state, pos);
}

/// Rounds `x` up with probability equal to its fractional part.
pub fn stochastic_round(x: f64, rng: &mut impl Rng) -> usize {
    let base = x.floor();
    base as usize + usize::from(rng.random::<f64>() < x - base)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn fat_takes_the_share_that_age_sets() {
        let k = Kinetics::bundled();
        for age in [20.0, 40.0, 70.0] {
            let g = MarrowGeometry::generate(&k, age, &mut ChaCha8Rng::seed_from_u64(3));
            let want = k.fat_fraction(age);
            assert!(
                (g.fat_fraction - want).abs() < 0.06,
                "age {age}: {} vs {want}",
                g.fat_fraction
            );
        }
    }

    #[test]
    fn niches_sit_on_bone_or_vessel() {
        let k = Kinetics::bundled();
        let g = MarrowGeometry::generate(&k, 40.0, &mut ChaCha8Rng::seed_from_u64(1));
        assert_eq!(
            g.niches.len() as u32,
            k.hsc.endosteal_niches + k.hsc.perivascular_niches
        );
        for n in &g.niches {
            let on_bone = (n.y - g.bone_top) < k.hsc.radius_um + 1.0;
            let on_vessel = g.vessel_gap(*n, k.hsc.radius_um) < 1.0;
            assert!(on_bone || on_vessel, "{n:?}");
        }
    }
}
