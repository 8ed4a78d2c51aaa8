//! The body: circulating cohorts, the blood count, and the hormones that feed back on the marrow.

use bevy::prelude::*;

use super::{Model, SimClock, SimSet};
use crate::biology::blood::{Cbc, Circulation};
use crate::biology::hormones::HormoneLevels;
use crate::biology::kinetics::{HormoneParams, Kinetics};

/// Everything outside the marrow window.
#[derive(Resource, Clone, Debug)]
pub struct Body {
    pub circulation: Circulation,
    pub hormones: HormoneLevels,
    /// The blood count as of the last tick.
    pub cbc: Cbc,
}

impl Body {
    /// The body at steady state for `model`, hormones at baseline.
    pub fn at_steady_state(model: &Model) -> Self {
        let circulation = Circulation::steady_state(&model.k, &model.steady.product_cells_per_h);
        let cbc = circulation.cbc(&model.k);
        Self {
            circulation,
            hormones: HormoneLevels::default(),
            cbc,
        }
    }

    /// `effect` of the hormone driving `lineage` at its current level; 1 for an undriven lineage.
    pub fn lineage_effect(
        &self,
        k: &Kinetics,
        lineage: u16,
        effect: fn(&HormoneParams, f64) -> f64,
    ) -> f64 {
        k.lineages[lineage as usize]
            .hormone
            .map_or(1.0, |h| effect(k.hormones.get(h), self.hormones.get(h)))
    }
}

pub struct BodyPlugin;

impl Plugin for BodyPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(
            FixedUpdate,
            (age_circulation, regulate_hormones)
                .chain()
                .in_set(SimSet::Body),
        );
    }
}

/// Circulating cells age and die by their survival laws.
fn age_circulation(model: Res<Model>, clock: Res<SimClock>, mut body: ResMut<Body>) {
    if clock.warming_up() {
        return;
    }
    body.circulation.step(&model.k, clock.tick_hours);
    body.cbc = body.circulation.cbc(&model.k);
}

/// EPO follows haemoglobin, TPO platelets, G-CSF neutrophils.
fn regulate_hormones(model: Res<Model>, clock: Res<SimClock>, mut body: ResMut<Body>) {
    if clock.warming_up() {
        return;
    }
    let sensed = [body.cbc.hb_g_dl, body.cbc.plt_e3_ul, body.cbc.anc_e3_ul];
    let body = &mut *body;
    body.hormones
        .relax(&model.k.hormones, sensed, [1.0; 3], clock.tick_hours);
}
