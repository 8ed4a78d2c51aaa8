//! The marrow window's fixed layout as pure geometry: the box, the bone slab, the sinusoid,
//! the niches, macrophages, stroma and fat, laid out for a kinetic table and an age.

use bevy::prelude::*;
use rand::Rng;
use serde::{Deserialize, Serialize};

use crate::biology::kinetics::{HscParams, Kinetics};

/// A uniform draw in `lo..hi`, or their middle (drawing nothing) when the range is empty: a
/// window too small for what it should hold gets its parts packed at the centre rather than a
/// panic.
pub fn uniform(rng: &mut impl Rng, lo: f32, hi: f32) -> f32 {
    if lo < hi {
        rng.random_range(lo..hi)
    } else {
        (lo + hi) / 2.0
    }
}

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
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ball {
    #[serde(with = "vec3")]
    pub center: Vec3,
    pub radius: f32,
}

/// Where everything is. The window is a box centred on the origin (a cube unless
/// `window.length_ratio` stretches it along x); bone lines its floor and the sinusoid runs
/// along x.
#[derive(Resource, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
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
    #[serde(with = "vec3_list")]
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
            uniform(rng, -hx, hx),
            uniform(rng, lo, hi),
            uniform(rng, -hi, hi),
        )
    }

    /// The centre of a ball of `radius` resting against the outside of the sinusoid wall, at a
    /// random angle and a random place along the vessel.
    pub fn random_wall_point(&self, radius: f32, rng: &mut impl Rng) -> Vec3 {
        let angle = rng.random_range(0.0..std::f32::consts::TAU);
        let r = self.vessel_radius + radius + 0.5;
        let x = uniform(rng, -(self.half_x - radius), self.half_x - radius);
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
    /// niche's stem cell (`hsc` sizes the stem cell and its pad).
    pub fn fixed_balls(&self, hsc: &HscParams) -> impl Iterator<Item = (Structure, Ball)> + '_ {
        let (hsc_radius, pad_radius, pad_gap) = (hsc.radius_um, hsc.pad_radius_um, hsc.pad_gap_um);
        let pads = self.niches.iter().map(move |&n| {
            let behind = if n.y < self.bone_top + 2.0 * hsc_radius {
                Vec3::NEG_Y
            } else {
                -self.to_vessel_axis(n).1
            };
            let pad = Ball {
                center: n + behind * (hsc_radius + pad_gap),
                radius: pad_radius,
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
        let mut samples = SpaceSamples::new(&g);
        let mut attempts = 0;
        let max_attempts = (4000.0 * w.length_ratio) as u32;
        let (jitter_lo, jitter_hi) = w.adipocyte_radius_jitter;
        while g.fat_fraction < target && attempts < max_attempts {
            attempts += 1;
            let r = w.adipocyte_radius_um * rng.random_range(jitter_lo..jitter_hi);
            let p = g.random_point(r * 0.5, rng);
            if !keep_clear(&g, p, r, 1.0) {
                continue;
            }
            let b = Ball {
                center: p,
                radius: r,
            };
            samples.cover(b);
            g.adipocytes.push(b);
            g.fat_fraction = samples.covered_share();
        }
        g
    }
}

/// Serde for a `Vec3` as `(x, y, z)`, as save files write positions.
pub mod vec3 {
    use bevy::math::Vec3;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(v: &Vec3, s: S) -> Result<S::Ok, S::Error> {
        v.to_array().serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec3, D::Error> {
        <[f32; 3]>::deserialize(d).map(Vec3::from_array)
    }
}

/// Serde for a list of `Vec3`s as `(x, y, z)` each.
pub mod vec3_list {
    use bevy::math::Vec3;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(v: &[Vec3], s: S) -> Result<S::Ok, S::Error> {
        v.iter()
            .map(|p| p.to_array())
            .collect::<Vec<_>>()
            .serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Vec3>, D::Error> {
        Ok(Vec::<[f32; 3]>::deserialize(d)?
            .into_iter()
            .map(Vec3::from_array)
            .collect())
    }
}

/// A regular grid of points filling the marrow space, for measuring the share fat covers.
struct SpaceSamples {
    /// Points along x, and along y and z.
    nx: usize,
    n: usize,
    step_x: f32,
    step: f32,
    half_x: f32,
    half: f32,
    /// Per grid point: in the marrow space, and covered by fat so far.
    in_space: Vec<bool>,
    covered: Vec<bool>,
    inside: usize,
    hits: usize,
}

impl SpaceSamples {
    fn new(g: &MarrowGeometry) -> Self {
        let n = 28;
        let step = 2.0 * g.half / n as f32;
        let nx = (2.0 * g.half_x / step).round().max(1.0) as usize;
        let step_x = 2.0 * g.half_x / nx as f32;
        let mut s = Self {
            nx,
            n,
            step_x,
            step,
            half_x: g.half_x,
            half: g.half,
            in_space: vec![false; nx * n * n],
            covered: vec![false; nx * n * n],
            inside: 0,
            hits: 0,
        };
        for i in 0..nx {
            for j in 0..n {
                for l in 0..n {
                    let inside = g.in_marrow_space(s.point(i, j, l));
                    s.in_space[(i * n + j) * n + l] = inside;
                    s.inside += usize::from(inside);
                }
            }
        }
        s
    }

    fn point(&self, i: usize, j: usize, l: usize) -> Vec3 {
        Vec3::new(
            -self.half_x + (i as f32 + 0.5) * self.step_x,
            -self.half + (j as f32 + 0.5) * self.step,
            -self.half + (l as f32 + 0.5) * self.step,
        )
    }

    /// Marks the points inside `b` (only those within its bounding box are looked at).
    fn cover(&mut self, b: Ball) {
        let range = |c: f32, half: f32, step: f32, count: usize| {
            let lo = ((c - b.radius + half) / step - 1.5).floor().max(0.0) as usize;
            let hi = (((c + b.radius + half) / step + 0.5).ceil().max(0.0) as usize).min(count);
            lo.min(count)..hi
        };
        let r2 = b.radius * b.radius;
        for i in range(b.center.x, self.half_x, self.step_x, self.nx) {
            for j in range(b.center.y, self.half, self.step, self.n) {
                for l in range(b.center.z, self.half, self.step, self.n) {
                    let at = (i * self.n + j) * self.n + l;
                    if self.in_space[at]
                        && !self.covered[at]
                        && self.point(i, j, l).distance_squared(b.center) < r2
                    {
                        self.covered[at] = true;
                        self.hits += 1;
                    }
                }
            }
        }
    }

    /// Share of the marrow-space points covered.
    fn covered_share(&self) -> f32 {
        self.hits as f32 / self.inside.max(1) as f32
    }
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
