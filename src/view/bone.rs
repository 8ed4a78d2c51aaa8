//! The bone under the marrow drawn as trabecular bone rather than a slab: its top a surface of
//! low ridges and resorption pits (all below the top the cells rest on, so no cell is drawn
//! inside it), its colour mottled, and under it the spongy lattice of struts and plates that
//! trabecular bone is (seen at the window's edges and from below; no cell goes there).

use bevy::asset::RenderAssetUsages;
use bevy::mesh::{Indices, PrimitiveTopology};
use bevy::prelude::*;

/// Depth of the pits and grooves below the bone's top, µm.
const RELIEF_UM: f32 = 5.0;
/// Grid points along each side of the top surface.
const GRID: usize = 64;

/// Height below the top (0 at the ridges, up to 1 in the pits) at (x, z), in µm.
fn pit_depth(x: f32, z: f32) -> f32 {
    let waves = (x * 0.055).sin() * (z * 0.047 + 1.3).cos()
        + 0.6 * (x * 0.13 + z * 0.09).sin()
        + 0.35 * (x * 0.031 - z * 0.11 + 0.7).cos();
    ((waves / 1.95) * 0.5 + 0.5).clamp(0.0, 1.0)
}

/// Spacing of the lattice's joints under the plate, µm (trabeculae are 100–200 µm apart in
/// real bone; closer here so a window of 220 µm shows the lattice).
const STRUT_SPACING_UM: f32 = 45.0;
/// How far the lattice hangs below the plate, µm.
const LATTICE_DEPTH_UM: f32 = 70.0;

/// A number in 0..1 fixed by three integers (the lattice is the same every time).
fn hash01(a: i32, b: i32, c: i32) -> f32 {
    let mut h = (a as u32).wrapping_mul(0x9E37_79B1)
        ^ (b as u32).wrapping_mul(0x85EB_CA77)
        ^ (c as u32).wrapping_mul(0xC2B2_AE3D);
    h ^= h >> 15;
    h = h.wrapping_mul(0x2C1B_3C6D);
    h ^= h >> 12;
    (h & 0xFFFF) as f32 / 65535.0
}

/// One strut from `a` to `b`, `radius` thick, shaded `shade` (vertex colours).
fn strut(a: Vec3, b: Vec3, radius: f32, shade: f32) -> Option<Mesh> {
    let along = b - a;
    let length = along.length();
    if length < 1.0 {
        return None;
    }
    let mut m = Capsule3d::new(radius, length)
        .mesh()
        .longitudes(10)
        .latitudes(6)
        .build()
        .transformed_by(
            Transform::from_translation((a + b) / 2.0)
                .with_rotation(Quat::from_rotation_arc(Vec3::Y, along / length)),
        );
    let count = m.count_vertices();
    m.insert_attribute(
        Mesh::ATTRIBUTE_COLOR,
        vec![[shade, shade * 0.97, shade * 0.9, 1.0]; count],
    );
    m.remove_attribute(Mesh::ATTRIBUTE_UV_0);
    Some(m)
}

/// The lattice under the plate: two layers of knots, each joined to some of its neighbours by
/// struts of varying thickness (some missing, as in real bone), slanting up to the plate and
/// across to the other layer; each knot a swelling where its struts meet.
fn lattice(half_x: f32, half_z: f32, bottom: f32) -> Vec<Mesh> {
    let s = STRUT_SPACING_UM;
    let (nx, nz) = ((half_x / s).ceil() as i32, (half_z / s).ceil() as i32);
    // Knots and struts kept inside the window's footprint, less a strut's thickness.
    let (half_x, half_z) = ((half_x - 9.0).max(1.0), (half_z - 9.0).max(1.0));
    let knot = |i: i32, k: i32, layer: i32| {
        let jitter = |c: i32| (hash01(i, k, layer * 7 + c) - 0.5) * 0.8 * s;
        Vec3::new(
            (i as f32 * s + jitter(1)).clamp(-half_x, half_x),
            bottom - LATTICE_DEPTH_UM * (layer as f32 + 1.0) / 2.0 + jitter(2) * 0.5,
            (k as f32 * s + jitter(3)).clamp(-half_z, half_z),
        )
    };
    let radius = |i: i32, k: i32, c: i32| 2.5 + 6.0 * hash01(i, k, 40 + c).powi(2);
    let mut out = Vec::new();
    for layer in 0..2 {
        // Deeper struts darker, as the light reaches them less.
        let shade = 0.86 - 0.16 * layer as f32;
        for i in -nx..=nx {
            for k in -nz..=nz {
                let here = knot(i, k, layer);
                let mut links = Vec::new();
                if i < nx && hash01(i, k, 10 + layer) < 0.6 {
                    links.push(knot(i + 1, k, layer));
                }
                if k < nz && hash01(i, k, 20 + layer) < 0.6 {
                    links.push(knot(i, k + 1, layer));
                }
                if layer == 0 {
                    if hash01(i, k, 30) < 0.75 {
                        let lean = |c: i32| (hash01(i, k, 50 + c) - 0.5) * s;
                        links.push(Vec3::new(
                            (here.x + lean(0)).clamp(-half_x, half_x),
                            bottom + 1.0,
                            (here.z + lean(1)).clamp(-half_z, half_z),
                        ));
                    }
                } else {
                    let (di, dk) = if hash01(i, k, 31) < 0.5 {
                        (1, 0)
                    } else {
                        (0, 1)
                    };
                    if hash01(i, k, 32) < 0.8 {
                        links.push(knot((i + di).min(nx), (k + dk).min(nz), 0));
                    }
                }
                let thickest = (0..links.len())
                    .map(|c| radius(i, k, c as i32 + layer * 4))
                    .fold(0.0_f32, f32::max);
                for (c, to) in links.into_iter().enumerate() {
                    out.extend(strut(here, to, radius(i, k, c as i32 + layer * 4), shade));
                }
                if thickest > 0.0 {
                    out.extend(strut(here, here + Vec3::Y * 1.5, thickest * 1.35, shade));
                }
            }
        }
    }
    out
}

/// The bone: a box of `half_x` × `half_z` from `bottom` to `top`, whose top is a relief surface.
/// Vertex colours are shades (1 on the ridges), multiplied by the bone material's colour.
pub fn trabecular_bone(half_x: f32, half_z: f32, bottom: f32, top: f32) -> Mesh {
    let mut positions = Vec::new();
    let mut colours = Vec::new();
    let mut indices = Vec::new();
    let n = GRID;
    for i in 0..=n {
        for j in 0..=n {
            let x = -half_x + 2.0 * half_x * i as f32 / n as f32;
            let z = -half_z + 2.0 * half_z * j as f32 / n as f32;
            let d = pit_depth(x, z);
            positions.push([x, top - RELIEF_UM * d, z]);
            // Pits darker and warmer, ridges paler.
            let shade = 1.0 - 0.18 * d;
            colours.push([shade, shade * 0.98, shade * 0.93, 1.0]);
        }
    }
    let at = |i: usize, j: usize| (i * (n + 1) + j) as u32;
    for i in 0..n {
        for j in 0..n {
            indices.extend([
                at(i, j),
                at(i, j + 1),
                at(i + 1, j),
                at(i + 1, j),
                at(i, j + 1),
                at(i + 1, j + 1),
            ]);
        }
    }
    let mut top_surface = Mesh::new(
        PrimitiveTopology::TriangleList,
        RenderAssetUsages::default(),
    )
    .with_inserted_attribute(Mesh::ATTRIBUTE_POSITION, positions)
    .with_inserted_attribute(Mesh::ATTRIBUTE_COLOR, colours)
    .with_inserted_indices(Indices::U32(indices));
    top_surface.compute_smooth_normals();
    // The sides and floor: a box up to the deepest pit, in the same colour.
    let body_top = top - RELIEF_UM;
    let mut body = Cuboid::new(2.0 * half_x, (body_top - bottom).max(0.1), 2.0 * half_z)
        .mesh()
        .build()
        .translated_by(Vec3::Y * (bottom + body_top) / 2.0);
    let count = body.count_vertices();
    let c = [0.82, 0.80, 0.76, 1.0];
    body.insert_attribute(Mesh::ATTRIBUTE_COLOR, vec![c; count]);
    body.remove_attribute(Mesh::ATTRIBUTE_UV_0);
    top_surface.merge(&body).expect("same vertex layout");
    for s in lattice(half_x, half_z, bottom) {
        top_surface.merge(&s).expect("same vertex layout");
    }
    top_surface
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_relief_stays_below_the_top_the_cells_rest_on() {
        for i in 0..200 {
            let (x, z) = (i as f32 * 3.7 - 370.0, i as f32 * 1.9 - 190.0);
            let d = pit_depth(x, z);
            assert!((0.0..=1.0).contains(&d), "{d}");
        }
        let m = trabecular_bone(110.0, 110.0, -110.0, -90.0);
        assert!(m.count_vertices() > (GRID + 1) * (GRID + 1));
        // The lattice stays under the plate and inside the window's footprint.
        for s in lattice(110.0, 110.0, -110.0) {
            let Some(bevy::mesh::VertexAttributeValues::Float32x3(p)) =
                s.attribute(Mesh::ATTRIBUTE_POSITION)
            else {
                panic!("positions");
            };
            for v in p {
                assert!(v[1] < -110.0 + 10.0, "{v:?}");
                assert!(
                    v[0].abs() < 110.0 + 10.0 && v[2].abs() < 110.0 + 10.0,
                    "{v:?}"
                );
            }
        }
    }
}
