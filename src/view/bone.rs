//! The bone under the marrow drawn as trabecular bone rather than a slab: its top a surface of
//! low ridges and resorption pits (all below the top the cells rest on, so no cell is drawn
//! inside it), its colour mottled.

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
    }
}
