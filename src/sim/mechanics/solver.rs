//! Overdamped soft-sphere mechanics for the cells of the marrow window: pure math, no ECS.
//!
//! Cells in marrow live at a very low Reynolds number: inertia plays no part, a cell goes where
//! it crawls and where its neighbours push it. So a physics step here is not a rigid-body solve
//! but three plain moves:
//!
//! 1. every cell moves by its crawling velocity (damped over the step, see [`Params::damping`]);
//! 2. cells that overlap are pushed apart along the line of their centres, a few passes over the
//!    touching pairs (position projection, Gauss–Seidel in space order). The larger cell moves
//!    less; a crawling cell (higher [`group`](Step::group)) pushes a resting one aside
//!    and is not pushed back;
//! 3. nothing may end in bone, in the sinusoid, in fat, stroma or a macrophage, or outside
//!    the window: each pass ends by pushing cells out of them.
//!
//! Neighbours are found on a uniform grid rebuilt every step by a counting sort, and the cells
//! are visited in the grid's order, so the cost grows with the number of cells and nothing
//! else: the data of a step is a few dozen bytes per cell, read mostly in order.

use bevy::math::Vec3;

/// A fixed sphere (fat, stroma, a macrophage, a niche pad).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sphere {
    pub center: Vec3,
    pub radius: f32,
}

/// Everything that does not move: the window's box (bone below `min.y`), the sinusoid (a
/// cylinder along x) and fixed spheres.
#[derive(Clone, Debug, Default)]
pub struct Obstacles {
    /// The corners of the space cells may occupy (their surfaces, not their centres).
    pub min: Vec3,
    pub max: Vec3,
    /// The sinusoid: axis through (·, y, z) along x, and its radius.
    pub vessel: Option<(f32, f32, f32)>,
    spheres: Vec<Sphere>,
    grid: Grid,
    /// For each cell of `grid`, the spheres that reach into it (ranges in `sphere_items`).
    sphere_start: Vec<u32>,
    sphere_items: Vec<u32>,
}

/// Edge of the cells of the fixed spheres' grid (µm).
const SPHERE_GRID_UM: f32 = 16.0;

impl Obstacles {
    pub fn new(
        min: Vec3,
        max: Vec3,
        vessel: Option<(f32, f32, f32)>,
        spheres: Vec<Sphere>,
    ) -> Self {
        let grid = Grid::new(min, max, SPHERE_GRID_UM);
        let mut lists: Vec<Vec<u32>> = vec![Vec::new(); grid.cells()];
        for (i, s) in spheres.iter().enumerate() {
            let r = Vec3::splat(s.radius);
            let (lo, hi) = (grid.coords(s.center - r), grid.coords(s.center + r));
            for z in lo[2]..=hi[2] {
                for y in lo[1]..=hi[1] {
                    for x in lo[0]..=hi[0] {
                        lists[grid.index([x, y, z])].push(i as u32);
                    }
                }
            }
        }
        let mut sphere_start = Vec::with_capacity(lists.len() + 1);
        let mut sphere_items = Vec::new();
        sphere_start.push(0);
        for l in &lists {
            sphere_items.extend_from_slice(l);
            sphere_start.push(sphere_items.len() as u32);
        }
        Self {
            min,
            max,
            vessel,
            spheres,
            grid,
            sphere_start,
            sphere_items,
        }
    }

    /// Moves a ball of `radius` at `p` into the box and out of the sinusoid.
    fn confine(&self, p: Vec3, radius: f32) -> Vec3 {
        let lo = self.min + Vec3::splat(radius);
        let hi = self.max - Vec3::splat(radius);
        let mut q = Vec3::new(
            clamp_or_mid(p.x, lo.x, hi.x),
            clamp_or_mid(p.y, lo.y, hi.y),
            clamp_or_mid(p.z, lo.z, hi.z),
        );
        if let Some((vy, vz, vr)) = self.vessel {
            let (dy, dz) = (q.y - vy, q.z - vz);
            let d2 = dy * dy + dz * dz;
            let reach = vr + radius;
            if d2 < reach * reach {
                let d = d2.sqrt();
                let (ny, nz) = if d > 1e-6 {
                    (dy / d, dz / d)
                } else {
                    (1.0, 0.0)
                };
                q.y = vy + ny * reach;
                q.z = vz + nz * reach;
            }
        }
        q
    }
}

fn clamp_or_mid(v: f32, lo: f32, hi: f32) -> f32 {
    if lo <= hi {
        v.clamp(lo, hi)
    } else {
        0.5 * (lo + hi)
    }
}

/// A uniform grid over a box.
#[derive(Clone, Debug, Default)]
struct Grid {
    origin: Vec3,
    inv_cell: f32,
    dims: [usize; 3],
}

/// The most cells a grid may have; a larger box gets coarser cells.
const MAX_GRID_CELLS: usize = 1 << 22;

impl Grid {
    fn new(min: Vec3, max: Vec3, cell: f32) -> Self {
        let extent = (max - min).max(Vec3::splat(1e-3));
        let mut cell = cell.max(1e-2);
        loop {
            let d = (extent / cell).ceil();
            let dims = [d.x as usize + 1, d.y as usize + 1, d.z as usize + 1];
            if dims.iter().product::<usize>() <= MAX_GRID_CELLS {
                return Self {
                    origin: min,
                    inv_cell: 1.0 / cell,
                    dims,
                };
            }
            cell *= 1.25;
        }
    }

    fn cells(&self) -> usize {
        self.dims.iter().product()
    }

    fn coords(&self, p: Vec3) -> [usize; 3] {
        let c = (p - self.origin) * self.inv_cell;
        let f = |v: f32, n: usize| (v.max(0.0) as usize).min(n - 1);
        [
            f(c.x, self.dims[0]),
            f(c.y, self.dims[1]),
            f(c.z, self.dims[2]),
        ]
    }

    fn index(&self, c: [usize; 3]) -> usize {
        (c[2] * self.dims[1] + c[1]) * self.dims[0] + c[0]
    }

    /// The grid cells within `reach` cells of `c` along each axis.
    fn around(&self, c: [usize; 3], reach: usize) -> impl Iterator<Item = usize> + '_ {
        let lo = |i: usize| c[i].saturating_sub(reach);
        let hi = |i: usize| (c[i] + reach).min(self.dims[i] - 1);
        let (x0, x1, y0, y1, z0, z1) = (lo(0), hi(0), lo(1), hi(1), lo(2), hi(2));
        (z0..=z1).flat_map(move |z| {
            (y0..=y1).flat_map(move |y| (x0..=x1).map(move |x| self.index([x, y, z])))
        })
    }
}

/// How a step moves the cells.
#[derive(Clone, Copy, Debug)]
pub struct Params {
    /// Length of the step (physics seconds).
    pub dt: f32,
    /// Velocities fall by `1 / (1 + damping · dt)` each step, before they move the cell.
    pub damping: f32,
    /// Passes over the touching pairs.
    pub passes: u32,
}

/// Pairs closer than this (surface to surface, µm) when a step starts are checked in every pass
/// of that step, so contacts made by the pushing within the step are resolved in it.
pub const CONTACT_SKIN_UM: f32 = 2.0;

/// The cells a step moves, in any order; the step keeps that order.
pub struct Step<'a> {
    pub position: &'a mut [Vec3],
    pub velocity: &'a mut [Vec3],
    pub radius: &'a [f32],
    /// A cell of a higher group pushes one of a lower group without being pushed back.
    pub group: &'a [i8],
}

/// Working buffers, kept between steps so that a step allocates nothing once warm.
#[derive(Default)]
pub struct Solver {
    order: Vec<u32>,
    keys: Vec<u32>,
    cell_start: Vec<u32>,
    pos: Vec<Vec3>,
    rad: Vec<f32>,
    grp: Vec<i8>,
    pairs: Vec<(u32, u32)>,
    sphere_pairs: Vec<(u32, u32)>,
    scratch: Vec<f32>,
}

/// Share of the cells the neighbour grid is sized for; larger cells search farther.
const GRID_QUANTILE: f32 = 0.95;

impl Solver {
    /// Moves every cell by one step; see the module's notes.
    pub fn step(&mut self, obstacles: &Obstacles, cells: Step, params: Params) {
        let n = cells.position.len();
        assert!(
            cells.velocity.len() == n && cells.radius.len() == n && cells.group.len() == n,
            "one velocity, radius and group per cell"
        );
        if n == 0 {
            return;
        }
        let decay = 1.0 / (1.0 + params.damping.max(0.0) * params.dt);
        for i in 0..n {
            let v = cells.velocity[i] * decay;
            let v = if v.is_finite() { v } else { Vec3::ZERO };
            cells.velocity[i] = v;
            cells.position[i] =
                obstacles.confine(cells.position[i] + v * params.dt, cells.radius[i]);
        }
        let (grid, small) = self.sort(obstacles, &cells);
        self.find_pairs(&grid, small);
        self.find_sphere_pairs(obstacles);
        for _ in 0..params.passes.max(1) {
            self.relax(obstacles);
        }
        for (k, &i) in self.order.iter().enumerate() {
            cells.position[i as usize] = self.pos[k];
        }
    }

    /// Sorts the cells by grid cell (a counting sort, stable), gathering their data in that
    /// order. Returns the grid and the radius it is sized for.
    fn sort(&mut self, obstacles: &Obstacles, cells: &Step) -> (Grid, f32) {
        let n = cells.position.len();
        self.scratch.clear();
        self.scratch.extend_from_slice(cells.radius);
        let q = (((n - 1) as f32) * GRID_QUANTILE) as usize;
        let (_, &mut small, _) = self.scratch.select_nth_unstable_by(q, f32::total_cmp);
        let small = small.max(0.1);
        let grid = Grid::new(obstacles.min, obstacles.max, 2.0 * small + CONTACT_SKIN_UM);
        self.keys.clear();
        self.keys.extend(
            cells
                .position
                .iter()
                .map(|&p| grid.index(grid.coords(p)) as u32),
        );
        self.cell_start.clear();
        self.cell_start.resize(grid.cells() + 1, 0);
        for &key in &self.keys {
            self.cell_start[key as usize + 1] += 1;
        }
        for c in 1..self.cell_start.len() {
            self.cell_start[c] += self.cell_start[c - 1];
        }
        self.order.clear();
        self.order.resize(n, 0);
        let mut next = self.cell_start.clone();
        for (i, &key) in self.keys.iter().enumerate() {
            let slot = &mut next[key as usize];
            self.order[*slot as usize] = i as u32;
            *slot += 1;
        }
        self.pos.clear();
        self.rad.clear();
        self.grp.clear();
        for &i in &self.order {
            self.pos.push(cells.position[i as usize]);
            self.rad.push(cells.radius[i as usize]);
            self.grp.push(cells.group[i as usize]);
        }
        (grid, small)
    }

    /// Every pair of cells closer than the contact skin, each once, in space order.
    fn find_pairs(&mut self, grid: &Grid, small: f32) {
        self.pairs.clear();
        let n = self.pos.len();
        let largest = self.rad.iter().copied().fold(0.0, f32::max);
        let cell = 1.0 / grid.inv_cell;
        let [nx, ny, _] = grid.dims;
        for a in 0..n {
            let (pa, ra) = (self.pos[a], self.rad[a]);
            let here = grid.coords(pa);
            if ra <= small {
                // A small cell meets small cells within one grid cell. Those that come after it in
                // the sort sit in its own grid cell or in the ones after it, so only those are
                // read: whole runs along x at once, as the sort lays them out in a row.
                let [cx, cy, cz] = here;
                let hi = |c: usize, i: usize| (c + 1).min(grid.dims[i] - 1);
                let (x0, y0) = (cx.saturating_sub(1), cy.saturating_sub(1));
                for z in cz..=hi(cz, 2) {
                    for y in (if z == cz { cy } else { y0 })..=hi(cy, 1) {
                        let own_row = z == cz && y == cy;
                        let row = (z * ny + y) * nx;
                        let first = row + if own_row { cx } else { x0 };
                        let mut from = self.cell_start[first] as usize;
                        if own_row {
                            from = from.max(a + 1);
                        }
                        let to = self.cell_start[row + hi(cx, 0) + 1] as usize;
                        for b in from..to {
                            let rb = self.rad[b];
                            let r = ra + rb + CONTACT_SKIN_UM;
                            if rb <= small && pa.distance_squared(self.pos[b]) < r * r {
                                self.pairs.push((a as u32, b as u32));
                            }
                        }
                    }
                }
                continue;
            }
            // A large cell searches as far as the largest cell could reach and takes every
            // pair with a small cell itself, and with the large cells after it.
            let reach = ((ra + largest + CONTACT_SKIN_UM) / cell).ceil() as usize;
            for c in grid.around(here, reach) {
                let (s, e) = (self.cell_start[c] as usize, self.cell_start[c + 1] as usize);
                for b in s..e {
                    if self.rad[b] > small && b <= a {
                        continue;
                    }
                    let r = ra + self.rad[b] + CONTACT_SKIN_UM;
                    if pa.distance_squared(self.pos[b]) < r * r {
                        let (lo, hi) = (a.min(b), a.max(b));
                        self.pairs.push((lo as u32, hi as u32));
                    }
                }
            }
        }
    }

    /// Every cell near a fixed sphere, with that sphere.
    fn find_sphere_pairs(&mut self, obstacles: &Obstacles) {
        self.sphere_pairs.clear();
        let g = &obstacles.grid;
        for (k, (&p, &r)) in self.pos.iter().zip(&self.rad).enumerate() {
            let first = self.sphere_pairs.len();
            let reach = Vec3::splat(r + CONTACT_SKIN_UM);
            let (lo, hi) = (g.coords(p - reach), g.coords(p + reach));
            for z in lo[2]..=hi[2] {
                for y in lo[1]..=hi[1] {
                    for x in lo[0]..=hi[0] {
                        let c = g.index([x, y, z]);
                        let items = obstacles.sphere_start[c] as usize
                            ..obstacles.sphere_start[c + 1] as usize;
                        for &s in &obstacles.sphere_items[items] {
                            let sphere = obstacles.spheres[s as usize];
                            let reach = sphere.radius + r + CONTACT_SKIN_UM;
                            if p.distance_squared(sphere.center) < reach * reach
                                && !self.sphere_pairs[first..].contains(&(k as u32, s))
                            {
                                self.sphere_pairs.push((k as u32, s));
                            }
                        }
                    }
                }
            }
        }
    }

    /// One pass: push overlapping cells apart, then out of fixed spheres, bone, vessel and walls.
    fn relax(&mut self, obstacles: &Obstacles) {
        for &(a, b) in &self.pairs {
            let (a, b) = (a as usize, b as usize);
            let (ra, rb) = (self.rad[a], self.rad[b]);
            let d = self.pos[b] - self.pos[a];
            let touch = ra + rb;
            let d2 = d.length_squared();
            if d2 >= touch * touch {
                continue;
            }
            let dist = d2.sqrt();
            let normal = if dist > 1e-5 {
                d / dist
            } else {
                fallback_direction(a, b)
            };
            let overlap = touch - dist;
            let (wa, wb) = match self.grp[a].cmp(&self.grp[b]) {
                std::cmp::Ordering::Greater => (0.0, 1.0),
                std::cmp::Ordering::Less => (1.0, 0.0),
                std::cmp::Ordering::Equal => {
                    let (ma, mb) = (ra * ra * ra, rb * rb * rb);
                    (mb / (ma + mb), ma / (ma + mb))
                }
            };
            self.pos[a] -= normal * (overlap * wa);
            self.pos[b] += normal * (overlap * wb);
        }
        for &(k, s) in &self.sphere_pairs {
            let (k, sphere) = (k as usize, obstacles.spheres[s as usize]);
            let d = self.pos[k] - sphere.center;
            let reach = sphere.radius + self.rad[k];
            let d2 = d.length_squared();
            if d2 < reach * reach {
                let dist = d2.sqrt();
                let normal = if dist > 1e-5 { d / dist } else { Vec3::Y };
                self.pos[k] = sphere.center + normal * reach;
            }
        }
        for (p, &r) in self.pos.iter_mut().zip(&self.rad) {
            *p = obstacles.confine(*p, r);
        }
    }
}

/// A fixed direction for two cells whose centres coincide, the same on every run.
fn fallback_direction(a: usize, b: usize) -> Vec3 {
    let h = (a as u32).wrapping_mul(0x9E37_79B9) ^ (b as u32).wrapping_mul(0x85EB_CA6B);
    let theta = (h & 0xFFFF) as f32 / 65536.0 * std::f32::consts::TAU;
    let z = ((h >> 16) as f32 / 65536.0) * 2.0 - 1.0;
    let s = (1.0 - z * z).sqrt();
    Vec3::new(s * theta.cos(), s * theta.sin(), z)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open_box() -> Obstacles {
        Obstacles::new(Vec3::splat(-100.0), Vec3::splat(100.0), None, Vec::new())
    }

    fn params() -> Params {
        Params {
            dt: 0.1,
            damping: 0.0,
            passes: 4,
        }
    }

    fn run(
        obstacles: &Obstacles,
        pos: &mut [Vec3],
        vel: &mut [Vec3],
        radius: &[f32],
        group: &[i8],
        steps: usize,
    ) {
        let mut solver = Solver::default();
        for _ in 0..steps {
            solver.step(
                obstacles,
                Step {
                    position: pos,
                    velocity: vel,
                    radius,
                    group,
                },
                params(),
            );
        }
    }

    #[test]
    fn two_overlapping_cells_are_pushed_apart_and_the_larger_moves_less() {
        let mut pos = [Vec3::ZERO, Vec3::new(4.0, 0.0, 0.0)];
        let mut vel = [Vec3::ZERO; 2];
        run(&open_box(), &mut pos, &mut vel, &[5.0, 3.0], &[0, 0], 1);
        assert!((pos[0].distance(pos[1]) - 8.0).abs() < 1e-4, "{pos:?}");
        // Masses go as the cube of the radius: the small one takes 125/152 of the move.
        assert!(pos[0].x < 0.0 && -pos[0].x < pos[1].x - 4.0, "{pos:?}");
        assert!(
            (pos[1].x - 4.0 - 4.0 * 125.0 / 152.0).abs() < 1e-3,
            "{pos:?}"
        );
    }

    #[test]
    fn coincident_cells_separate() {
        let mut pos = [Vec3::ZERO; 2];
        let mut vel = [Vec3::ZERO; 2];
        run(&open_box(), &mut pos, &mut vel, &[4.0, 4.0], &[0, 0], 1);
        assert!((pos[0].distance(pos[1]) - 8.0).abs() < 1e-3, "{pos:?}");
    }

    #[test]
    fn a_crawling_cell_pushes_a_resting_one_aside_and_keeps_its_pace() {
        // The crawler moves 5 µm a step along x into a resting cell in its way.
        let mut pos = [Vec3::ZERO, Vec3::new(9.0, 0.5, 0.0)];
        let mut vel = [Vec3::new(50.0, 0.0, 0.0), Vec3::ZERO];
        let mut solver = Solver::default();
        for _ in 0..4 {
            vel[0] = Vec3::new(50.0, 0.0, 0.0);
            solver.step(
                &open_box(),
                Step {
                    position: &mut pos,
                    velocity: &mut vel,
                    radius: &[4.0, 4.0],
                    group: &[1, 0],
                },
                params(),
            );
        }
        assert!((pos[0].x - 20.0).abs() < 1e-4, "crawler at {:?}", pos[0]);
        assert!(pos[0].distance(pos[1]) >= 8.0 - 1e-3, "{pos:?}");
    }

    #[test]
    fn damping_slows_a_cell_between_steps() {
        let mut pos = [Vec3::ZERO];
        let mut vel = [Vec3::new(10.0, 0.0, 0.0)];
        let mut solver = Solver::default();
        let p = Params {
            dt: 0.1,
            damping: 10.0,
            passes: 1,
        };
        for _ in 0..2 {
            solver.step(
                &open_box(),
                Step {
                    position: &mut pos,
                    velocity: &mut vel,
                    radius: &[1.0],
                    group: &[0],
                },
                p,
            );
        }
        // 10 → 5 → 2.5 µm/s over two steps of 0.1 s.
        assert!((vel[0].x - 2.5).abs() < 1e-5 && (pos[0].x - 0.75).abs() < 1e-5);
    }

    #[test]
    fn nothing_ends_in_a_wall_the_vessel_or_a_fixed_sphere() {
        let fat = Sphere {
            center: Vec3::new(-25.0, -25.0, 0.0),
            radius: 15.0,
        };
        let obstacles = Obstacles::new(
            Vec3::new(-60.0, -60.0, -30.0),
            Vec3::splat(60.0),
            Some((20.0, 0.0, 10.0)),
            vec![fat],
        );
        // A crowd started on one spot, half of it crawling hard in every direction.
        let n = 400;
        let mut pos: Vec<Vec3> = (0..n)
            .map(|i| Vec3::new(-25.0, -25.0 + (i % 7) as f32, (i % 5) as f32))
            .collect();
        let mut vel: Vec<Vec3> = (0..n)
            .map(|i| fallback_direction(i, i + 1) * 80.0 * (i % 2) as f32)
            .collect();
        let radius: Vec<f32> = (0..n).map(|i| 3.0 + (i % 4) as f32).collect();
        let group: Vec<i8> = (0..n).map(|i| (i % 2) as i8).collect();
        run(&obstacles, &mut pos, &mut vel, &radius, &group, 30);
        for (p, &r) in pos.iter().zip(&radius) {
            assert!(p.is_finite());
            assert!(p.cmpge(obstacles.min + r - 1e-3).all(), "{p} r {r}");
            assert!(p.cmple(obstacles.max - r + 1e-3).all(), "{p} r {r}");
            let axis = Vec3::new(0.0, p.y - 20.0, p.z).length();
            assert!(axis >= 10.0 + r - 1e-3, "{p} inside the vessel");
        }
        // The pushing can leave a cell a little inside the fat; never deep.
        let deepest = pos
            .iter()
            .zip(&radius)
            .map(|(p, r)| fat.radius + r - p.distance(fat.center))
            .fold(f32::MIN, f32::max);
        assert!(deepest < 2.0, "{deepest} µm into the fat");
    }

    #[test]
    fn a_packed_crowd_settles_with_little_overlap_and_large_cells_meet_small_ones() {
        let obstacles = Obstacles::new(Vec3::splat(-30.0), Vec3::splat(30.0), None, Vec::new());
        let n = 300;
        let mut pos: Vec<Vec3> = (0..n)
            .map(|i| fallback_direction(i, 7 * i + 3) * (i % 25) as f32)
            .collect();
        let mut vel = vec![Vec3::ZERO; n];
        // A few large cells among small ones: they search farther than the grid's reach.
        let radius: Vec<f32> = (0..n)
            .map(|i| if i % 40 == 0 { 10.0 } else { 3.0 })
            .collect();
        let group = vec![0; n];
        run(&obstacles, &mut pos, &mut vel, &radius, &group, 40);
        let mut worst = 0.0f32;
        for i in 0..n {
            for j in i + 1..n {
                worst = worst.max(radius[i] + radius[j] - pos[i].distance(pos[j]));
            }
        }
        assert!(worst < 0.5, "worst overlap {worst} µm");
    }

    #[test]
    fn extreme_sizes_and_speeds_stay_finite() {
        // Cells wider than the box, a huge box with few cells, absurd speeds, no cells at all.
        let tiny = Obstacles::new(
            Vec3::splat(-20.0),
            Vec3::splat(20.0),
            Some((0.0, 0.0, 15.0)),
            Vec::new(),
        );
        let huge = Obstacles::new(
            Vec3::new(-20_000.0, -500.0, -500.0),
            Vec3::new(20_000.0, 500.0, 500.0),
            None,
            Vec::new(),
        );
        for obstacles in [&tiny, &huge] {
            let n = 50;
            let mut pos: Vec<Vec3> = (0..n).map(|i| fallback_direction(i, 1) * 10.0).collect();
            let mut vel: Vec<Vec3> = (0..n).map(|i| fallback_direction(i, 2) * 1e9).collect();
            vel[0] = Vec3::splat(f32::NAN);
            let radius: Vec<f32> = (0..n)
                .map(|i| if i % 2 == 0 { 60.0 } else { 0.5 })
                .collect();
            run(obstacles, &mut pos, &mut vel, &radius, &vec![0; n], 3);
            assert!(pos.iter().all(|p| p.is_finite()), "{pos:?}");
            assert!(vel.iter().all(|v| v.is_finite()));
        }
        run(&tiny, &mut [], &mut [], &[], &[], 2);
    }

    #[test]
    fn the_same_start_gives_the_same_end() {
        let go = || {
            let n = 200;
            let mut pos: Vec<Vec3> = (0..n).map(|i| fallback_direction(i, 3) * 20.0).collect();
            let mut vel: Vec<Vec3> = (0..n).map(|i| fallback_direction(i, 9) * 10.0).collect();
            let radius: Vec<f32> = (0..n).map(|i| 3.0 + (i % 3) as f32).collect();
            run(&open_box(), &mut pos, &mut vel, &radius, &vec![0; n], 10);
            pos
        };
        assert_eq!(go(), go());
    }
}
