//! Feedback hormones: EPO senses haemoglobin, TPO platelets, G-CSF neutrophils.
//! Levels are relative to a healthy baseline of 1.

use super::kinetics::{Hormone, HormoneParams, HormoneTable};

/// Current relative levels of the three hormones.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct HormoneLevels(pub [f64; 3]);

impl Default for HormoneLevels {
    fn default() -> Self {
        Self([1.0; 3])
    }
}

impl HormoneLevels {
    pub fn get(&self, h: Hormone) -> f64 {
        self.0[h.index()]
    }

    /// Moves every level toward its target for `dt_h` hours.
    /// `sensed` holds Hb (g/dL), platelets (10^3/µL) and ANC (10^3/µL); `extra` multiplies
    /// each target (e.g. infection raising G-CSF).
    pub fn relax(&mut self, table: &HormoneTable, sensed: [f64; 3], extra: [f64; 3], dt_h: f64) {
        for h in Hormone::ALL {
            let p = table.get(h);
            let target = target_level(p, sensed[h.index()]) * extra[h.index()];
            let target = target.clamp(p.min_level, p.max_level);
            let level = &mut self.0[h.index()];
            *level = relax_toward(*level, target, dt_h, p.tau_hours);
        }
    }
}

/// Level the hormone heads for when the sensed count is `sensed`:
/// (set_point / sensed)^gain, clamped to the hormone's range.
pub fn target_level(p: &HormoneParams, sensed: f64) -> f64 {
    let sensed = if sensed.is_finite() {
        sensed.max(p.set_point * 1e-3)
    } else {
        p.set_point
    };
    (p.set_point / sensed)
        .powf(p.gain)
        .clamp(p.min_level, p.max_level)
}

/// First-order approach of `value` to `target` with time constant `tau` (exact for constant target).
pub fn relax_toward(value: f64, target: f64, dt: f64, tau: f64) -> f64 {
    target + (value - target) * (-dt / tau).exp()
}

/// Multiplier of a stage's apoptosis under a hormone level (more hormone, less death).
pub fn death_factor(p: &HormoneParams, level: f64) -> f64 {
    level.powf(-p.death_exp)
}

/// Multiplier of a lineage's commitment weight.
pub fn commit_factor(p: &HormoneParams, level: f64) -> f64 {
    level.powf(p.commit_exp)
}

/// How much faster a hormone-sensitive last stage ages (earlier release from the marrow).
pub fn release_factor(p: &HormoneParams, level: f64) -> f64 {
    level.powf(p.release_exp)
}

/// Multiplier of fragments shed per cell (TPO raises megakaryocyte ploidy and size).
pub fn shed_factor(p: &HormoneParams, level: f64) -> f64 {
    level.powf(p.shed_exp)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::biology::kinetics::Kinetics;

    #[test]
    fn epo_rises_steeply_when_haemoglobin_falls() {
        let k = Kinetics::bundled();
        let epo = &k.hormones.epo;
        assert!((target_level(epo, epo.set_point) - 1.0).abs() < 1e-12);
        let anaemic = target_level(epo, 10.0);
        assert!(
            anaemic > 5.0,
            "EPO at Hb 10 should be several-fold: {anaemic}"
        );
        assert!(target_level(epo, 18.0) < 1.0);
        assert!(target_level(epo, 0.0) <= epo.max_level);
        assert!(target_level(epo, f64::NAN).is_finite());
    }

    #[test]
    fn levels_relax_with_their_time_constant() {
        let v = relax_toward(1.0, 3.0, 8.0, 8.0);
        assert!((v - (3.0 - 2.0 * (-1.0f64).exp())).abs() < 1e-12);
        let k = Kinetics::bundled();
        let mut levels = HormoneLevels::default();
        let sensed = [
            k.hormones.epo.set_point,
            k.hormones.tpo.set_point,
            k.hormones.gcsf.set_point,
        ];
        levels.relax(&k.hormones, sensed, [1.0; 3], 24.0);
        assert_eq!(levels, HormoneLevels::default());
        levels.relax(&k.hormones, [8.0, 250.0, 4.0], [1.0; 3], 240.0);
        assert!(levels.get(Hormone::Epo) > 10.0);
    }

    #[test]
    fn effects_point_the_right_way() {
        let k = Kinetics::bundled();
        let g = &k.hormones.gcsf;
        assert!(death_factor(g, 4.0) < 1.0);
        assert!(release_factor(g, 4.0) > 1.0);
        assert!(commit_factor(g, 4.0) > 1.0);
        assert_eq!(death_factor(g, 1.0), 1.0);
    }
}
