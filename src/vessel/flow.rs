//! The blood's flow: a Poiseuille profile along the sinusoid, toward which every body's
//! velocity relaxes (its drag), the spin the shear gives it (red cells tumble), the lift that
//! keeps deformable red cells off the wall, and the bodies carried out downstream: red cells
//! come back upstream, white cells and platelets go back to their pools.

use bevy::prelude::*;
use bevy_rapier3d::prelude::*;
use rand::Rng;

use super::VesselSet;
use super::lumen::{FlowKind, Flowing, Lumen, across, axis_at, park_spot};
use super::params::VesselParams;
use crate::sim::geometry::MarrowGeometry;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(super::VesselStep, steer_with_flow.in_set(VesselSet::Steer))
        .add_systems(
            super::VesselStep,
            (recycle_downstream, admit_red_cells)
                .chain()
                .in_set(VesselSet::Tidy),
        );
}

/// Blood velocity at `offset` from the axis (y, z) in a lumen of `radius` with `centre` speed
/// on the axis: U (1 − r²/R²) along x, zero at and beyond the wall.
pub fn poiseuille(offset: Vec2, radius: f32, centre: f32) -> Vec3 {
    let rho2 = (offset.length_squared() / (radius * radius)).min(1.0);
    Vec3::X * centre * (1.0 - rho2)
}

/// Half the flow's vorticity at `offset`: the rate at which the shear turns a small body.
pub fn half_vorticity(offset: Vec2, radius: f32, centre: f32) -> Vec3 {
    if offset.length() >= radius {
        return Vec3::ZERO;
    }
    let k = centre / (radius * radius);
    // curl of (u(y, z), 0, 0) = (0, ∂u/∂z, −∂u/∂y), with ∂u/∂y = −2 U y / R².
    Vec3::new(0.0, -k * offset.y, k * offset.x)
}

/// Lift speed toward the axis of a red cell whose centre is `gap` from the wall.
pub fn wall_lift(p: &VesselParams, gap: f32) -> f32 {
    let a = p.red_cell_radius_um;
    p.lift_um_per_s * (a / gap.max(0.5 * a)).powi(2)
}

/// Each body in the lumen: velocity relaxed toward the flow's (plus lift for red cells) over
/// its drag time, spin toward the shear's.
fn steer_with_flow(
    g: Res<MarrowGeometry>,
    p: Res<VesselParams>,
    mut bodies: Query<(&Flowing, &Transform, &mut Velocity)>,
) {
    let dt = p.dt();
    let (radius, centre) = (g.vessel_radius, p.centre_speed_um_per_s);
    for (f, t, mut v) in &mut bodies {
        if !f.in_lumen {
            continue;
        }
        let offset = across(&g, t.translation);
        let mut want = poiseuille(offset, radius, centre);
        if f.kind == FlowKind::RedCell && offset.length() > 1e-3 {
            let gap = radius - offset.length();
            let inward = -offset.normalize() * wall_lift(&p, gap);
            want += Vec3::new(0.0, inward.x, inward.y);
        }
        let keep = (-dt / p.drag_time(t.scale.x)).exp();
        let spin = half_vorticity(offset, radius, centre);
        let keep_spin = (-dt / p.spin_time_s).exp();
        let new = Velocity {
            linear: want + (v.linear - want) * keep,
            angular: spin + (v.angular - spin) * keep_spin,
        };
        *v = new;
    }
}

/// Bodies past the downstream end (or, rarely, squeezed through the wall): red cells come in
/// again upstream while the haematocrit wants them, everything else is parked.
fn recycle_downstream(
    g: Res<MarrowGeometry>,
    p: Res<VesselParams>,
    lumen: Option<ResMut<Lumen>>,
    mut bodies: Query<(&mut Flowing, &mut Transform, &mut Velocity)>,
) {
    let Some(mut lumen) = lumen else { return };
    let lumen = &mut *lumen;
    let mut in_lumen = red_cells_flowing(lumen, |e| bodies.get(e).is_ok_and(|(f, ..)| f.in_lumen));
    let every = lumen.red.iter().chain(&lumen.white).chain(&lumen.platelets);
    for (i, e) in every.enumerate() {
        let Ok((mut f, mut t, mut v)) = bodies.get_mut(*e) else {
            continue;
        };
        if !f.in_lumen || f.kind == FlowKind::Bud {
            continue;
        }
        let out_end = t.translation.x > g.half_x + t.scale.x;
        let escaped = across(&g, t.translation).length() > g.vessel_radius + 1.0
            || t.translation.x < -g.half_x - 30.0;
        if !out_end && !escaped {
            continue;
        }
        f.came_from = None;
        if f.kind == FlowKind::RedCell && in_lumen <= lumen.red_wanted {
            enter_upstream(&g, &p, &mut lumen.rng, &mut t, &mut v);
        } else {
            if f.kind == FlowKind::RedCell {
                in_lumen -= 1;
            }
            f.in_lumen = false;
            t.translation = park_spot(&g, i + 1);
            *v = Velocity::zero();
        }
    }
}

/// Red cells now in the lumen (`in_lumen` says whether a body is).
fn red_cells_flowing(lumen: &Lumen, in_lumen: impl Fn(Entity) -> bool) -> usize {
    lumen.red.iter().filter(|e| in_lumen(**e)).count()
}

/// A red cell comes in at the upstream end, at a random place across the lumen, moving at
/// the mean speed of the flow.
fn enter_upstream(
    g: &MarrowGeometry,
    p: &VesselParams,
    rng: &mut impl Rng,
    t: &mut Transform,
    v: &mut Velocity,
) {
    let offset = random_across(g, p, rng);
    t.translation = axis_at(g, -g.half_x - t.scale.x) + offset;
    v.linear = Vec3::X * p.centre_speed_um_per_s * 0.5;
}

/// A point across the lumen (an offset from the axis) where a red cell may enter.
fn random_across(g: &MarrowGeometry, p: &VesselParams, rng: &mut impl Rng) -> Vec3 {
    let reach = (g.vessel_radius - p.red_cell_radius_um - 0.5).max(0.0);
    let r = reach * rng.random::<f32>().sqrt();
    let a = rng.random_range(0.0..std::f32::consts::TAU);
    Vec3::new(0.0, r * a.sin(), r * a.cos())
}

/// While the haematocrit wants more red cells than flow, one parked red cell a step enters
/// upstream.
fn admit_red_cells(
    g: Res<MarrowGeometry>,
    p: Res<VesselParams>,
    lumen: Option<ResMut<Lumen>>,
    mut bodies: Query<(&mut Flowing, &mut Transform, &mut Velocity)>,
) {
    let Some(mut lumen) = lumen else { return };
    let lumen = &mut *lumen;
    let flowing = red_cells_flowing(lumen, |e| bodies.get(e).is_ok_and(|(f, ..)| f.in_lumen));
    if flowing >= lumen.red_wanted {
        return;
    }
    let parked = lumen
        .red
        .iter()
        .find(|e| bodies.get(**e).is_ok_and(|(f, ..)| !f.in_lumen));
    if let Some(&e) = parked {
        if let Ok((mut f, mut t, mut v)) = bodies.get_mut(e) {
            f.in_lumen = true;
            enter_upstream(&g, &p, &mut lumen.rng, &mut t, &mut v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flow_is_fastest_on_the_axis_and_still_at_the_wall() {
        assert_eq!(poiseuille(Vec2::ZERO, 15.0, 60.0), Vec3::X * 60.0);
        assert!((poiseuille(Vec2::new(7.5, 0.0), 15.0, 60.0).x - 45.0).abs() < 1e-4);
        assert_eq!(poiseuille(Vec2::new(0.0, 15.0), 15.0, 60.0), Vec3::ZERO);
    }

    #[test]
    fn the_shear_turns_bodies_one_way_on_each_side_of_the_axis() {
        let above = half_vorticity(Vec2::new(5.0, 0.0), 15.0, 60.0);
        let below = half_vorticity(Vec2::new(-5.0, 0.0), 15.0, 60.0);
        assert!(above.z > 0.0 && below.z < 0.0);
        assert_eq!(half_vorticity(Vec2::ZERO, 15.0, 60.0), Vec3::ZERO);
    }
}
