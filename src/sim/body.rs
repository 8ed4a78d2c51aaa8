//! The body: circulating cohorts, the blood count, and the hormones that feed back on the marrow.

use bevy::prelude::*;

use serde::{Deserialize, Serialize};

use super::conditions::ConditionState;
use super::run::{SimClock, SimSet};
use super::setup::Model;
use crate::biology::blood::{Cbc, Circulation, Draw, extra_red_cell_hazard};
use crate::biology::cell::CellState;
use crate::biology::hormones::{self, HormoneLevels, relax_toward};
use crate::biology::iron::{self, IronState};
use crate::biology::kinetics::{Counted, Hormone, HormoneParams, Kinetics};

/// Everything outside the marrow window.
#[derive(Resource, Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Body {
    pub circulation: Circulation,
    pub hormones: HormoneLevels,
    /// The blood count as of the last tick.
    pub cbc: Cbc,
    /// Output of the liver and spleen, as a share of a healthy marrow's.
    pub extramedullary: f64,
    /// Cells delivered to the blood today, by source.
    pub output: OutputTally,
    /// Storage iron, and the iron of aged red cells on its way back to the marrow.
    #[serde(default = "IronState::unknown")]
    pub iron: IronState,
    /// Red cells ready to leave the marrow (or the liver and spleen), waiting for their iron.
    #[serde(default)]
    pub red_cells_due: f64,
    /// Teardrop-shaped red cells in the blood (squeezed out of a fibrotic marrow).
    #[serde(default)]
    pub teardrops: f64,
    /// Share of iron release held back by hepcidin in inflammation, following the infection.
    #[serde(default)]
    pub iron_block: f64,
    /// Spleen length relative to normal.
    #[serde(default = "one")]
    pub spleen_rel: f64,
}

fn one() -> f64 {
    1.0
}

/// Cells delivered to the blood since the last census, per product.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OutputTally {
    pub marrow: Vec<f64>,
    pub extramedullary: Vec<f64>,
}

impl OutputTally {
    fn new(products: usize) -> Self {
        Self {
            marrow: vec![0.0; products],
            extramedullary: vec![0.0; products],
        }
    }

    /// Extramedullary share of output, percent, each product weighted by its normal output
    /// (so red cells do not outweigh everything else).
    pub fn extramedullary_pct(&self, k: &Kinetics, normal_per_h: &[f64]) -> f64 {
        let (mut emh, mut all) = (0.0, 0.0);
        for name in &k.conditions.extramedullary.products {
            let Some(p) = k.product_index(name) else {
                continue;
            };
            if normal_per_h[p] <= 0.0 {
                continue;
            }
            emh += self.extramedullary[p] / normal_per_h[p];
            all += (self.extramedullary[p] + self.marrow[p]) / normal_per_h[p];
        }
        if all > 0.0 { 100.0 * emh / all } else { 0.0 }
    }

    pub fn clear(&mut self) {
        self.marrow.iter_mut().for_each(|x| *x = 0.0);
        self.extramedullary.iter_mut().for_each(|x| *x = 0.0);
    }
}

impl Body {
    /// The body at steady state for `model`, hormones at baseline.
    pub fn at_steady_state(model: &Model) -> Self {
        let mut circulation =
            Circulation::steady_state(&model.k, &model.steady.product_cells_per_h);
        // An unborn patient starts with the fetal blood of its week: fewer, larger and younger
        // red cells (their shorter survival thins the older cohorts).
        if let (Some(f), Some(red)) = (model.fetal_blood(0.0), model.k.product_index("rbc")) {
            let lifespan = model.k.products[red].survival.max_age_hours() / 24.0;
            let per_day = extra_red_cell_hazard(f.red_cell_survival_days, lifespan);
            let cohorts = &mut circulation.pools[red].cohorts;
            for c in cohorts.iter_mut() {
                c.cells *= (-per_day * c.age_h.max(0.0) / 24.0).exp();
                c.content = f.red_cell_size;
            }
            let hb = circulation.cbc(&model.k).hb_g_dl.max(1e-6);
            for c in &mut circulation.pools[red].cohorts {
                c.cells *= f.hb_g_dl / hb;
            }
        }
        let cbc = circulation.cbc(&model.k);
        let k = &model.k;
        let patient = model.patient();
        let red_iron_per_h = normal_red_iron_mg_per_h(model);
        Self {
            circulation,
            hormones: HormoneLevels::default(),
            cbc,
            extramedullary: 0.0,
            output: OutputTally::new(k.products.len()),
            iron: IronState {
                stores_mg: k.iron.initial_stores_mg(patient.sex, patient.ferritin_ug_l),
                recycling_mg: red_iron_per_h * k.iron.recycle_hours,
                marrow_mg: red_iron_per_h * 24.0 * k.iron.marrow_buffer_days,
            },
            red_cells_due: 0.0,
            teardrops: 0.0,
            iron_block: 0.0,
            spleen_rel: 1.0,
        }
    }

    /// Cells of `product` leaving the marrow window for the blood. Red cells wait for their
    /// iron (`supply_iron`).
    pub fn deliver(&mut self, k: &Kinetics, product: usize, cells: f64) {
        self.enter_blood(k, product, cells);
        self.output.marrow[product] += cells;
    }

    /// New cells of `product` entering the blood; red cells first wait for their iron.
    pub fn enter_blood(&mut self, k: &Kinetics, product: usize, cells: f64) {
        if k.product_index("rbc") == Some(product) {
            self.red_cells_due += cells;
        } else {
            let cells = cells * k.products[product].arrival_share;
            self.circulation.add(k, product, cells);
        }
    }

    /// Serum ferritin, µg/L, read from the stores.
    pub fn ferritin_ug_l(&self, k: &Kinetics) -> f64 {
        k.iron.ferritin_ug_l(self.iron.stores_mg)
    }

    /// Hormone `h` as a cell feels it: the level in the blood, plus, for a JAK2-mutant cell
    /// (polycythaemia vera), its own constitutive signal.
    pub fn felt(&self, k: &Kinetics, h: Hormone, mutant: bool) -> f64 {
        let own = if mutant {
            k.conditions.polycythaemia_vera.autonomous(h)
        } else {
            0.0
        };
        self.hormones.get(h) + own
    }

    /// Every hormone as a cell feels it (see [`Body::felt`]).
    pub fn felt_levels(&self, k: &Kinetics, mutant: bool) -> HormoneLevels {
        HormoneLevels(Hormone::ALL.map(|h| self.felt(k, h, mutant)))
    }

    /// `effect` of the hormone driving `cell`'s lineage on it, as the cell feels it.
    pub fn cell_effect(
        &self,
        k: &Kinetics,
        cell: &CellState,
        effect: fn(&HormoneParams, f64) -> f64,
    ) -> f64 {
        k.lineages[cell.lineage as usize].hormone.map_or(1.0, |h| {
            effect(k.hormones.get(h), self.felt(k, h, cell.mutant))
        })
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
            (
                age_circulation,
                bleed_and_consume,
                refill_plasma,
                supply_iron,
                count_blood,
                regulate_hormones,
                produce_extramedullary,
            )
                .chain()
                .in_set(SimSet::Body)
                .run_if(body_is_live),
        );
    }
}

/// During the warm-up the body is held at its steady state; its systems run from day 0.
fn body_is_live(clock: Res<SimClock>) -> bool {
    !clock.warming_up()
}

/// Circulating cells age and die by their survival laws; fetal red cells die sooner.
fn age_circulation(model: Res<Model>, clock: Res<SimClock>, mut body: ResMut<Body>) {
    let red = model.k.product_index("rbc");
    let before = red.map_or(0.0, |i| body.circulation.content_total(i));
    body.circulation.step(&model.k, clock.tick_hours);
    if let (Some(f), Some(i)) = (model.fetal_blood(clock.days()), red) {
        let lifespan = model.k.products[i].survival.max_age_hours() / 24.0;
        let per_day = extra_red_cell_hazard(f.red_cell_survival_days, lifespan);
        let lost = 1.0 - (-per_day * clock.tick_hours / 24.0).exp();
        body.circulation.remove_fraction(Some(i), lost);
    }
    // Macrophages take up the aged red cells and send their iron back toward the marrow.
    let after = red.map_or(0.0, |i| body.circulation.content_total(i));
    body.iron.recycling_mg += (before - after).max(0.0) * iron_per_red_cell_mg(&model.k);
}

/// Iron in one normal red cell, mg.
fn iron_per_red_cell_mg(k: &Kinetics) -> f64 {
    k.iron.per_red_cell_mg(k.body.mch_pg)
}

/// Bleeding takes every kind of circulating cell; infected tissue draws neutrophils out.
fn bleed_and_consume(
    model: Res<Model>,
    clock: Res<SimClock>,
    state: Res<ConditionState>,
    mut body: ResMut<Body>,
) {
    let fx = &state.effects;
    let dt = clock.tick_hours;
    if fx.bleed_per_h > 0.0 {
        let lost = 1.0 - (-fx.bleed_per_h * dt).exp();
        body.circulation.bleed(lost);
        body.teardrops *= 1.0 - lost;
    }
    if fx.phlebotomy_ml_per_h > 0.0 {
        let volume_ml = model.k.body.blood_volume_ul / 1000.0 * body.circulation.volume;
        let taken = (fx.phlebotomy_ml_per_h * dt / volume_ml.max(1.0)).min(0.5);
        body.circulation.bleed(taken);
        body.teardrops *= 1.0 - taken;
    }
    if fx.neutrophil_use_per_h > 0.0 {
        if let Some(n) = model.k.product_index("neutrophil") {
            body.circulation
                .remove_fraction(Some(n), 1.0 - (-fx.neutrophil_use_per_h * dt).exp());
        }
    }
}

/// Fluid from the tissues refills the vessels after a bleed, diluting the cells left.
fn refill_plasma(model: Res<Model>, clock: Res<SimClock>, mut body: ResMut<Body>) {
    body.circulation
        .refill(clock.tick_hours, model.k.body.plasma_refill_hours);
}

/// Iron reaches the marrow from recycled red cells, the gut (and tablets) and, when that is
/// not enough, the stores; the red cells due take theirs from it. Short of iron they come
/// out smaller and paler, then fewer. Iron beyond a day's need goes back to the stores.
fn supply_iron(
    model: Res<Model>,
    clock: Res<SimClock>,
    state: Res<ConditionState>,
    mut body: ResMut<Body>,
) {
    let k = &model.k;
    let p = &k.iron;
    let dt = clock.tick_hours;
    let body = &mut *body;
    // Inflammation: hepcidin shuts the gut and the macrophages' iron exporter, so recycled
    // iron stays in the stores and little reaches the marrow (anaemia of inflammation).
    let i = &k.conditions.infection;
    body.iron_block = relax_toward(
        body.iron_block,
        state.effects.iron_block,
        dt,
        i.iron_block_days * 24.0,
    );
    let open = 1.0 - body.iron_block.clamp(0.0, 1.0);
    let fe = &mut body.iron;
    let recycled = fe.recycling_mg * (1.0 - (-dt / p.recycle_hours.max(1e-6)).exp());
    fe.recycling_mg -= recycled;
    fe.stores_mg += recycled * (1.0 - open);
    let absorbed = (p.absorption_mg_per_day(fe.stores_mg) * dt / 24.0
        + state.effects.oral_iron_mg_per_h * dt)
        * open;
    fe.marrow_mg += recycled * open + absorbed;
    let target = normal_red_iron_mg_per_h(&model) * 24.0 * p.marrow_buffer_days;
    // Before birth the placenta brings the iron the fetus needs: its stores are not drawn on,
    // and it has no losses of its own.
    let fetal = model.fetal_blood(clock.days());
    if fetal.is_some() {
        fe.marrow_mg = fe.marrow_mg.max(target);
    }
    if fe.marrow_mg < target {
        let released = (p.release_mg_per_day(fe.stores_mg) * dt / 24.0 * open)
            .min(target - fe.marrow_mg)
            .min(fe.stores_mg);
        fe.stores_mg -= released;
        fe.marrow_mg += released;
    } else {
        fe.stores_mg += fe.marrow_mg - target;
        fe.marrow_mg = target;
    }
    let due = std::mem::take(&mut body.red_cells_due);
    // Fetal red cells are larger and carry more haemoglobin (and iron) each.
    let size = fetal.map_or(1.0, |f| f.red_cell_size);
    let need_mg = due * size * iron_per_red_cell_mg(k);
    if fetal.is_some() {
        fe.marrow_mg += (need_mg - fe.marrow_mg).max(0.0);
    }
    let given = iron::supply(p, need_mg, fe.marrow_mg);
    fe.marrow_mg -= given.used_mg;
    let loss = if fetal.is_some() {
        0.0
    } else {
        p.loss_mg_per_day(model.patient().sex) * dt / 24.0
    };
    fe.stores_mg = (fe.stores_mg - loss).max(0.0);
    if let Some(red) = k.product_index("rbc") {
        let new = due * given.cells;
        body.circulation.add_with(k, red, new, given.content * size);
        // Red cells squeezed out through a fibrotic marrow take a teardrop shape; the spleen
        // culls them early.
        let m = &k.conditions.myelofibrosis;
        body.teardrops += new * state.effects.fibrosis * m.teardrop_share;
        body.teardrops *= (-dt / (m.teardrop_life_days.max(0.1) * 24.0)).exp();
    }
}

/// Iron a healthy marrow puts into new red cells per hour, mg.
fn normal_red_iron_mg_per_h(model: &Model) -> f64 {
    model.k.product_index("rbc").map_or(0.0, |i| {
        model.steady.product_cells_per_h[i] * iron_per_red_cell_mg(&model.k)
    })
}

/// The blood count a draw would give now.
fn count_blood(
    model: Res<Model>,
    clock: Res<SimClock>,
    state: Res<ConditionState>,
    mut body: ResMut<Body>,
) {
    let k = &model.k;
    let fx = &state.effects;
    let adult_sites = if model.patient().gestation_weeks.is_some() {
        0.0
    } else {
        body.extramedullary
    };
    body.spleen_rel = k.conditions.spleen.length_rel(adult_sites);
    let draw = Draw {
        demargination: fx.demargination,
        lymph_redistribution: fx.lymph_redistribution,
        platelets_seen: k.conditions.spleen.platelets_seen(adult_sites),
        retic_time: model
            .fetal_blood(clock.days())
            .map_or(1.0, |f| f.retic_time),
    };
    let mut cbc = body.circulation.cbc_with(k, &draw);
    let red = k
        .product_index("rbc")
        .map_or(0.0, |i| body.circulation.total(i));
    cbc.teardrop_pct = if red > 0.0 {
        (100.0 * body.teardrops / red).min(100.0)
    } else {
        0.0
    };
    body.cbc = cbc;
}

/// EPO follows haemoglobin, TPO platelets, G-CSF neutrophils.
fn regulate_hormones(
    model: Res<Model>,
    clock: Res<SimClock>,
    state: Res<ConditionState>,
    mut body: ResMut<Body>,
) {
    let mut sensed = [body.cbc.hb_g_dl, body.cbc.plt_e3_ul, body.cbc.anc_e3_ul];
    // The fetal liver and kidney hold haemoglobin at the fetal level of the week, and answer a
    // shortfall more steeply than an adult's kidney.
    if let (Some(f), Some(b)) = (
        model.fetal_blood(clock.days()),
        model.k.conditions.fetal.blood.as_ref(),
    ) {
        let ratio = body.cbc.hb_g_dl / f.hb_g_dl.max(1.0);
        sensed[0] = model.k.hormones.epo.set_point * ratio.powf(b.epo_gain_scale as f64);
    }
    let body = &mut *body;
    // Receptors on an expanded (or depleted) driven lineage clear more (or less) hormone.
    // Before birth the liver and spleen are the main blood-forming organs, so their share of
    // output counts as clearing tissue too; adult stress foci are small and left out.
    let fetal_sites = if model.patient().gestation_weeks.is_some() {
        body.extramedullary
    } else {
        0.0
    };
    let mut extra = [1.0, 1.0, state.effects.gcsf_extra];
    for h in Hormone::ALL {
        let mass = (state.load.driven_mass[h.index()] + fetal_sites).max(0.05);
        extra[h.index()] *= mass.powf(-model.k.hormones.get(h).clearance_exp);
    }
    body.hormones
        .relax(&model.k.hormones, sensed, extra, clock.tick_hours);
}

/// The liver and spleen make blood cells when the marrow cannot: before birth, by
/// gestational age; after it, when the hormones stay high for weeks.
fn produce_extramedullary(
    model: Res<Model>,
    clock: Res<SimClock>,
    state: Res<ConditionState>,
    mut body: ResMut<Body>,
) {
    let k = &model.k;
    let p = &k.conditions.extramedullary;
    let dt = clock.tick_hours;
    let fetal = model.patient().gestation_weeks.is_some();
    body.extramedullary = if fetal {
        let lag = k.conditions.fetal.marrow_lag_days as f64;
        1.0 - model.baseline_output(clock.days() - lag)
    } else {
        // Stem cells that fibrosis drives out of the marrow settle in the liver and spleen.
        let colonised = state.effects.fibrosis;
        let target = k
            .conditions
            .extramedullary_target(&body.hormones, colonised);
        relax_toward(body.extramedullary, target, dt, p.tau_days * 24.0)
    };
    if body.extramedullary <= 1e-6 {
        return;
    }
    let body = &mut *body;
    // Before birth the liver and spleen make red cells at the pace the fetal blood turns over:
    // its haemoglobin in cells of its size, over their shorter survival.
    let fetal_blood = model.fetal_blood(clock.days());
    let red = k.product_index("rbc");
    for (i, product) in k.products.iter().enumerate() {
        let makes = if fetal {
            product.counted_as == Counted::ByName
        } else {
            p.products.contains(&product.name)
        };
        if makes {
            // These sites lack the marrow's barrier: some cells leave before they are mature
            // (before birth, many more).
            let loose = match fetal_blood.and(k.conditions.fetal.blood.as_ref()) {
                Some(b) if Some(i) == red => b.immature_release as f64,
                _ => 1.0,
            };
            let early: f64 = p
                .immature
                .iter()
                .filter(|r| r.product == product.name)
                .map(|r| r.share * loose)
                .sum();
            // ...and, like the marrow's, their red-cell making answers EPO.
            let turnover = match fetal_blood {
                Some(f) if Some(i) == red => {
                    let lifespan = product.survival.max_age_hours() / 24.0;
                    let epo = &k.hormones.epo;
                    f.hb_g_dl / (epo.set_point * f.red_cell_size)
                        * (lifespan / f.red_cell_survival_days.max(1.0))
                        * hormones::commit_factor(epo, body.hormones.get(Hormone::Epo))
                        / (1.0 - early.min(0.9))
                }
                _ => 1.0,
            };
            let cells = body.extramedullary * model.steady.product_cells_per_h[i] * turnover * dt;
            let mut mature = cells;
            for r in p.immature.iter().filter(|r| r.product == product.name) {
                if let Some(j) = k.product_index(&r.released_as) {
                    let young = (cells * r.share * loose).min(mature);
                    body.enter_blood(k, j, young);
                    mature -= young;
                }
            }
            body.enter_blood(k, i, mature);
            body.output.extramedullary[i] += cells;
        }
    }
}
