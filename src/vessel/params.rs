//! The vessel's sizes, speeds and limits, read from `assets/vessel.ron`.

use bevy::prelude::*;
use serde::Deserialize;

/// The bundled vessel table.
pub const BUNDLED_VESSEL: &str = include_str!("../../assets/vessel.ron");

/// See `assets/vessel.ron` for what each field means and where its value comes from.
#[derive(Resource, Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct VesselParams {
    pub centre_speed_um_per_s: f32,
    pub steps_per_second: f32,
    pub max_steps_per_frame: u32,
    pub solver_iterations: usize,
    pub fahraeus_ratio: f32,
    pub max_red_cells: usize,
    pub red_cell_radius_um: f32,
    pub red_cell_half_thickness_um: f32,
    pub red_cell_collision_radius_um: f32,
    pub platelet_radius_um: f32,
    pub drag_time_s: f32,
    pub spin_time_s: f32,
    pub lift_um_per_s: f32,
    pub wall_staves: usize,
    pub white_cell_pool: usize,
    pub platelet_pool: usize,
    pub proplatelet: ProplateletParams,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ProplateletParams {
    pub max_chains: usize,
    pub max_buds: usize,
    pub bud_radius_um: f32,
    pub bud_spacing_um: f32,
    pub bud_every_s: f32,
    pub root_break_force: f32,
    pub link_break_force: f32,
    pub tension_smoothing_s: f32,
}

impl VesselParams {
    /// The bundled table (checked by a test, so this cannot fail in a release).
    pub fn bundled() -> Self {
        ron::from_str(BUNDLED_VESSEL).expect("assets/vessel.ron is valid")
    }

    /// Seconds of game time per vessel step.
    pub fn dt(&self) -> f32 {
        1.0 / self.steps_per_second
    }

    /// Time for a body of `radius` to take up the local flow's velocity.
    pub fn drag_time(&self, radius: f32) -> f32 {
        let r = radius / self.red_cell_radius_um;
        (self.drag_time_s * r * r).max(1e-4)
    }
}

impl Default for VesselParams {
    fn default() -> Self {
        Self::bundled()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_table_reads() {
        let p = VesselParams::bundled();
        assert!(p.max_red_cells > 0 && p.steps_per_second > 0.0);
        assert!(p.proplatelet.root_break_force > p.proplatelet.link_break_force);
    }
}
