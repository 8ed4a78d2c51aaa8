//! The lumen's fixed wall and its pools of bodies: every red cell, white cell, platelet and
//! proplatelet anchor the world will ever hold, spawned once and parked far outside the marrow
//! while unused.

use std::f32::consts::TAU;

use bevy::prelude::*;
use bevy_rapier3d::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::VesselSet;
use super::params::VesselParams;
use crate::sim::body::Body;
use crate::sim::geometry::MarrowGeometry;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        super::VesselStep,
        (build_lumen, lay_out_lumen, match_haematocrit)
            .chain()
            .in_set(VesselSet::Layout),
    );
}

/// What a body in the vessel is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlowKind {
    RedCell,
    /// A white cell that left the marrow: its lineage and stage in the kinetic table.
    WhiteCell {
        lineage: u16,
        stage: u16,
    },
    Platelet,
    /// A platelet-to-be on a megakaryocyte's proplatelet, still tethered.
    Bud,
}

/// A body of the vessel's world. Its transform's scale is its radius.
#[derive(Component, Clone, Copy, Debug, PartialEq)]
pub struct Flowing {
    pub kind: FlowKind,
    /// In the lumen (else parked in its pool, out of sight).
    pub in_lumen: bool,
    /// The marrow cell this body shows, when it is one that just left the marrow (the view
    /// hands a selection over to it).
    pub came_from: Option<Entity>,
}

/// A proplatelet's fixed root on the inside of the wall.
#[derive(Component, Clone, Copy, Debug)]
pub struct Anchor;

/// The vessel wall.
#[derive(Component, Clone, Copy, Debug)]
pub struct VesselWall;

/// The pools, in a fixed order, and the vessel's own random numbers (apart from the model's).
#[derive(Resource)]
pub struct Lumen {
    pub red: Vec<Entity>,
    pub white: Vec<Entity>,
    pub platelets: Vec<Entity>,
    pub anchors: Vec<Entity>,
    pub wall: Entity,
    pub rng: ChaCha8Rng,
    /// Red cells the haematocrit asks for (at most the pool).
    pub red_wanted: usize,
}

/// Where the `i`-th pooled body waits: far below the marrow, 20 µm from its neighbours.
pub fn park_spot(g: &MarrowGeometry, i: usize) -> Vec3 {
    Vec3::new(
        -g.half_x - 500.0 - (i % 40) as f32 * 20.0,
        -g.half - 500.0 - (i / 40) as f32 * 20.0,
        0.0,
    )
}

/// The sinusoid's axis at `x`.
pub fn axis_at(g: &MarrowGeometry, x: f32) -> Vec3 {
    Vec3::new(x, g.vessel_y, g.vessel_z)
}

/// A body's offset from the axis across the lumen (y, z).
pub fn across(g: &MarrowGeometry, p: Vec3) -> Vec2 {
    Vec2::new(p.y - g.vessel_y, p.z - g.vessel_z)
}

/// The point just inside the wall nearest to `outside` (a cell beyond the wall), for a body of
/// `radius`.
pub fn entry_point(g: &MarrowGeometry, outside: Vec3, radius: f32) -> Vec3 {
    let d = across(g, outside);
    let dir = if d.length() > 1e-3 {
        d.normalize()
    } else {
        Vec2::Y
    };
    let r = (g.vessel_radius - radius - 0.3).max(0.0);
    axis_at(g, outside.x.clamp(-g.half_x, g.half_x)) + Vec3::new(0.0, dir.x, dir.y) * r
}

fn dynamic_body(collider: Collider, at: Vec3, radius: f32, kind: FlowKind) -> impl Bundle {
    (
        Flowing {
            kind,
            in_lumen: false,
            came_from: None,
        },
        RigidBody::Dynamic,
        collider,
        Velocity::zero(),
        Friction::coefficient(0.05),
        Restitution::coefficient(0.0),
        Transform::from_translation(at).with_scale(Vec3::splat(radius)),
    )
}

/// Spawns the wall and every pool once, all parked.
fn build_lumen(
    mut commands: Commands,
    lumen: Option<Res<Lumen>>,
    p: Res<VesselParams>,
    g: Res<MarrowGeometry>,
) {
    if lumen.is_some() {
        return;
    }
    let mut i = 0;
    let mut next_spot = || {
        i += 1;
        park_spot(&g, i)
    };
    let a = p.red_cell_radius_um;
    let red = (0..p.max_red_cells)
        .map(|_| {
            // Collides as the sphere of its own volume, drawn and turned as the disc it is.
            let collider = Collider::ball(p.red_cell_collision_radius_um / a);
            commands
                .spawn(dynamic_body(collider, next_spot(), a, FlowKind::RedCell))
                .id()
        })
        .collect();
    let white = (0..p.white_cell_pool)
        .map(|_| {
            let kind = FlowKind::WhiteCell {
                lineage: 0,
                stage: 0,
            };
            commands
                .spawn(dynamic_body(Collider::ball(1.0), next_spot(), 5.0, kind))
                .id()
        })
        .collect();
    let platelets = (0..p.platelet_pool)
        .map(|_| {
            let r = p.platelet_radius_um;
            commands
                .spawn(dynamic_body(
                    Collider::ball(1.0),
                    next_spot(),
                    r,
                    FlowKind::Platelet,
                ))
                .id()
        })
        .collect();
    let anchors = (0..p.proplatelet.max_chains)
        .map(|_| {
            commands
                .spawn((
                    Anchor,
                    RigidBody::Fixed,
                    Transform::from_translation(next_spot()),
                ))
                .id()
        })
        .collect();
    let wall = commands
        .spawn((
            VesselWall,
            RigidBody::Fixed,
            wall_collider(&g, p.wall_staves),
            Transform::from_translation(axis_at(&g, 0.0)),
        ))
        .id();
    commands.insert_resource(Lumen {
        red,
        white,
        platelets,
        anchors,
        wall,
        rng: ChaCha8Rng::seed_from_u64(19),
        red_wanted: 0,
    });
}

/// The wall as flat staves around the axis (x), their inner faces on the vessel's radius,
/// a little longer than the window so that nothing slips out at the ends.
fn wall_collider(g: &MarrowGeometry, staves: usize) -> Collider {
    let n = staves.max(6);
    let r = g.vessel_radius.max(1.0);
    let thick = 2.0;
    let half_width = r * (std::f32::consts::PI / n as f32).tan() + 0.5;
    let half_length = g.half_x + 30.0;
    let parts = (0..n)
        .map(|k| {
            let angle = k as f32 / n as f32 * TAU;
            let normal = Vec3::new(0.0, angle.sin(), angle.cos());
            let centre = normal * (r + thick);
            let rotation = Quat::from_rotation_x(-angle);
            (
                centre,
                rotation,
                Collider::cuboid(half_length, thick, half_width),
            )
        })
        .collect();
    Collider::compound(parts)
}

/// A new layout (the first, or after a restart): the wall moves to the sinusoid, every body
/// goes back to its pool, and the red cells fill the lumen in loose columns.
fn lay_out_lumen(
    mut commands: Commands,
    g: Res<MarrowGeometry>,
    p: Res<VesselParams>,
    body: Res<Body>,
    lumen: Option<ResMut<Lumen>>,
    mut bodies: Query<(&mut Flowing, &mut Transform, &mut Velocity)>,
    mut anchors: Query<&mut Transform, (With<Anchor>, Without<Flowing>)>,
    mut chains: ResMut<super::Proplatelets>,
    mut laid: Local<Option<MarrowGeometry>>,
) {
    let Some(mut lumen) = lumen else { return };
    if laid.as_ref() == Some(&*g) {
        return;
    }
    *laid = Some(g.clone());
    chains.clear(&mut commands);
    commands.entity(lumen.wall).insert((
        wall_collider(&g, p.wall_staves),
        Transform::from_translation(axis_at(&g, 0.0)),
    ));
    let order: Vec<Entity> = (lumen.red.iter().chain(&lumen.white).chain(&lumen.platelets))
        .copied()
        .collect();
    for (i, e) in order.iter().enumerate() {
        if let Ok((mut f, mut t, mut v)) = bodies.get_mut(*e) {
            f.in_lumen = false;
            f.came_from = None;
            t.translation = park_spot(&g, i + 1);
            t.rotation = Quat::IDENTITY;
            *v = Velocity::zero();
        }
    }
    for (i, e) in lumen.anchors.iter().enumerate() {
        if let Ok(mut t) = anchors.get_mut(*e) {
            t.translation = park_spot(&g, order.len() + i + 1);
        }
    }
    let wanted = red_cells_for(&g, &p, &body).min(lumen.red.len());
    let sites = red_cell_sites(&g, &p, &mut lumen.rng);
    lumen.red_wanted = wanted.min(sites.len());
    for (e, (at, rotation)) in lumen
        .red
        .clone()
        .into_iter()
        .zip(sites)
        .take(lumen.red_wanted)
    {
        if let Ok((mut f, mut t, _)) = bodies.get_mut(e) {
            f.in_lumen = true;
            t.translation = at;
            t.rotation = rotation;
        }
    }
}

/// Red cells in the drawn lumen for the body's haematocrit: tube haematocrit (the Fåhræus
/// ratio of it) times the lumen's volume over the red cells' mean volume.
pub fn red_cells_for(g: &MarrowGeometry, p: &VesselParams, body: &Body) -> usize {
    let volume = std::f32::consts::PI * g.vessel_radius.powi(2) * 2.0 * g.half_x;
    let hct = (body.cbc.hct_pct as f32 / 100.0).clamp(0.0, 0.9);
    let mcv = (body.cbc.mcv_fl as f32).clamp(50.0, 150.0);
    let n = hct * p.fahraeus_ratio * volume / mcv;
    (n.round() as usize).min(p.max_red_cells)
}

/// Places for the red cells when the lumen is laid out: coin-like columns along the axis on a
/// hexagonal grid across it, each disc facing downstream with a small random tilt.
fn red_cell_sites(g: &MarrowGeometry, p: &VesselParams, rng: &mut ChaCha8Rng) -> Vec<(Vec3, Quat)> {
    let a = p.red_cell_radius_um;
    let reach = g.vessel_radius - a - 0.4;
    let spacing = 2.0 * a + 0.4;
    let pitch = 2.0 * p.red_cell_half_thickness_um + 0.6;
    let mut columns = Vec::new();
    let n = (reach / spacing).ceil() as i32 + 1;
    for i in -n..=n {
        for j in -n..=n {
            let c = Vec2::new(
                (i as f32 + 0.5 * j as f32) * spacing,
                j as f32 * spacing * 0.866,
            );
            if c.length() <= reach.max(0.0) {
                columns.push(c);
            }
        }
    }
    let mut sites = Vec::new();
    let steps = ((2.0 * g.half_x) / pitch).floor() as i32;
    for k in 0..steps {
        for c in &columns {
            let x = -g.half_x + (k as f32 + 0.5) * pitch;
            let tilt = Quat::from_rotation_x(rng.random_range(-0.2..0.2));
            // The disc's own axis is y; facing downstream turns it onto x.
            let rotation = tilt * Quat::from_rotation_z(std::f32::consts::FRAC_PI_2);
            sites.push((axis_at(g, x) + Vec3::new(0.0, c.x, c.y), rotation));
        }
    }
    // Spread the cells over the whole length when there are fewer than places.
    let stride = sites.len() as f32 / p.max_red_cells.max(1) as f32;
    if stride > 1.0 {
        let mut spread = Vec::new();
        let mut at = 0.0;
        while (at as usize) < sites.len() && spread.len() < p.max_red_cells {
            spread.push(sites[at as usize]);
            at += stride;
        }
        return spread;
    }
    sites
}

/// Each day's haematocrit sets how many red cells are in the lumen: more enter upstream, or
/// the ones furthest downstream go back to the pool as they leave.
fn match_haematocrit(
    g: Res<MarrowGeometry>,
    p: Res<VesselParams>,
    body: Res<Body>,
    lumen: Option<ResMut<Lumen>>,
) {
    let Some(mut lumen) = lumen else { return };
    if !body.is_changed() {
        return;
    }
    lumen.red_wanted = red_cells_for(&g, &p, &body).min(lumen.red.len());
}
