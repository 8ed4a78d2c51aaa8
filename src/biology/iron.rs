//! Body iron: the stores (read as serum ferritin), what the gut absorbs, what the stores can
//! hand to the marrow, and how short supply makes red cells smaller and paler.
//!
//! Iron moves in a near-closed loop: macrophages recycle the iron of every aged red cell to
//! the marrow, the gut replaces the little lost each day, and the stores buffer the rest.
//! Bleeding breaks the loop (the iron leaves with the cells), so repeated bleeds end in
//! iron-deficiency anaemia. The numbers are in the `iron` section of `assets/kinetics.ron`.

use serde::{Deserialize, Serialize};

use super::ranges::{Problem, table, within};
use super::sex::Sex;
use super::table::interpolate;

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct IronParams {
    /// Iron in one gram of haemoglobin, mg.
    pub mg_per_g_hb: f64,
    /// Storage iron per µg/L of serum ferritin, mg.
    pub stores_mg_per_ferritin: f64,
    /// Storage iron of a healthy adult man and woman, mg.
    pub stores_male_mg: f64,
    pub stores_female_mg: f64,
    /// Iron lost every day from gut, skin and (for a woman, averaged) menstruation, mg.
    pub loss_male_mg_per_day: f64,
    pub loss_female_mg_per_day: f64,
    /// Dietary iron absorbed per day by the size of the stores: (stores mg, mg/day). Low stores
    /// open the gut (less hepcidin).
    pub absorption_by_stores: Vec<(f32, f32)>,
    /// Iron the stores can hand to the marrow per day beyond what recycling brings, by their
    /// size: (stores mg, mg/day).
    pub release_by_stores: Vec<(f32, f32)>,
    /// A new red cell made short of iron carries at least this share of the normal
    /// haemoglobin; below it, fewer cells are made (ineffective erythropoiesis).
    pub min_content: f64,
    /// Mean time macrophages hold the iron of an aged red cell before it returns to the
    /// marrow, hours.
    pub recycle_hours: f64,
    /// Iron on its way into haemoglobin (plasma transferrin and the erythroblasts taking it
    /// up), in days of normal red-cell output: the stores top it up to this, and iron beyond
    /// it goes back to the stores.
    pub marrow_buffer_days: f64,
}

impl Default for IronParams {
    fn default() -> Self {
        Self {
            mg_per_g_hb: 3.47,
            stores_mg_per_ferritin: 8.0,
            stores_male_mg: 1000.0,
            stores_female_mg: 300.0,
            loss_male_mg_per_day: 1.0,
            loss_female_mg_per_day: 1.5,
            absorption_by_stores: vec![
                (0.0, 3.0),
                (100.0, 2.2),
                (300.0, 1.5),
                (1000.0, 1.0),
                (2000.0, 0.5),
            ],
            release_by_stores: vec![
                (0.0, 0.0),
                (100.0, 0.5),
                (250.0, 1.5),
                (500.0, 6.0),
                (1000.0, 35.0),
                (2000.0, 50.0),
            ],
            min_content: 0.6,
            recycle_hours: 12.0,
            marrow_buffer_days: 1.0,
        }
    }
}

impl IronParams {
    /// Every number within a range that keeps the iron balance meaningful.
    pub fn check(&self) -> Result<(), Problem> {
        within("iron.mg_per_g_hb", self.mg_per_g_hb, 1.0, 10.0, "mg/g")?;
        within(
            "iron.stores_mg_per_ferritin",
            self.stores_mg_per_ferritin,
            1.0,
            50.0,
            "mg per µg/L",
        )?;
        within(
            "iron.stores_male_mg",
            self.stores_male_mg,
            0.0,
            5000.0,
            "mg",
        )?;
        within(
            "iron.stores_female_mg",
            self.stores_female_mg,
            0.0,
            5000.0,
            "mg",
        )?;
        within(
            "iron.loss_male_mg_per_day",
            self.loss_male_mg_per_day,
            0.0,
            20.0,
            "mg/day",
        )?;
        within(
            "iron.loss_female_mg_per_day",
            self.loss_female_mg_per_day,
            0.0,
            20.0,
            "mg/day",
        )?;
        let stores = (0.0, 10000.0, "mg");
        table(
            "iron.absorption_by_stores",
            &self.absorption_by_stores,
            stores,
            (0.0, 20.0, "mg/day"),
        )?;
        table(
            "iron.release_by_stores",
            &self.release_by_stores,
            stores,
            (0.0, 500.0, "mg/day"),
        )?;
        within(
            "iron.min_content",
            self.min_content,
            0.2,
            1.0,
            "(share of normal)",
        )?;
        within("iron.recycle_hours", self.recycle_hours, 0.1, 720.0, "h")?;
        within(
            "iron.marrow_buffer_days",
            self.marrow_buffer_days,
            0.1,
            30.0,
            "days",
        )
    }

    /// A healthy patient's stores, or those the scenario gives through serum ferritin.
    pub fn initial_stores_mg(&self, sex: Sex, ferritin_ug_l: Option<f32>) -> f64 {
        match (ferritin_ug_l, sex) {
            (Some(f), _) => f as f64 * self.stores_mg_per_ferritin,
            (None, Sex::Male) => self.stores_male_mg,
            (None, Sex::Female) => self.stores_female_mg,
        }
    }

    pub fn loss_mg_per_day(&self, sex: Sex) -> f64 {
        match sex {
            Sex::Male => self.loss_male_mg_per_day,
            Sex::Female => self.loss_female_mg_per_day,
        }
    }

    pub fn absorption_mg_per_day(&self, stores_mg: f64) -> f64 {
        interpolate(&self.absorption_by_stores, stores_mg as f32).max(0.0) as f64
    }

    pub fn release_mg_per_day(&self, stores_mg: f64) -> f64 {
        interpolate(&self.release_by_stores, stores_mg as f32).max(0.0) as f64
    }

    /// Iron in a red cell carrying `mch_pg` of haemoglobin, mg.
    pub fn per_red_cell_mg(&self, mch_pg: f64) -> f64 {
        mch_pg * 1e-12 * self.mg_per_g_hb
    }

    pub fn ferritin_ug_l(&self, stores_mg: f64) -> f64 {
        stores_mg / self.stores_mg_per_ferritin
    }
}

/// What one moment's iron supply lets the marrow deliver.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Supply {
    /// Share of the red cells due that reach the blood.
    pub cells: f64,
    /// Haemoglobin content of each of them, relative to a normal red cell.
    pub content: f64,
    /// Iron they take, mg.
    pub used_mg: f64,
}

/// Red cells needing `demand_mg` of iron, with `available_mg` to hand.
pub fn supply(p: &IronParams, demand_mg: f64, available_mg: f64) -> Supply {
    if demand_mg <= 0.0 || available_mg >= demand_mg {
        return Supply {
            cells: 1.0,
            content: 1.0,
            used_mg: demand_mg.max(0.0),
        };
    }
    let ratio = (available_mg.max(0.0) / demand_mg).clamp(0.0, 1.0);
    let content = ratio.max(p.min_content);
    let cells = (ratio / content).clamp(0.0, 1.0);
    Supply {
        cells,
        content,
        used_mg: demand_mg * cells * content,
    }
}

/// The body's storage iron, mg (the iron in circulating red cells is counted with them).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct IronState {
    pub stores_mg: f64,
    /// Iron of aged red cells held by macrophages on its way back to the marrow, mg.
    pub recycling_mg: f64,
    /// Iron on its way into new red cells (transferrin, erythroblasts), mg.
    #[serde(default)]
    pub marrow_mg: f64,
}

impl IronState {
    /// Iron not known: read from a save written before the body kept iron.
    pub fn unknown() -> Self {
        Self {
            stores_mg: f64::NAN,
            recycling_mg: f64::NAN,
            marrow_mg: f64::NAN,
        }
    }

    pub fn is_known(&self) -> bool {
        self.stores_mg.is_finite() && self.recycling_mg.is_finite() && self.marrow_mg.is_finite()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_healthy_adult_absorbs_what_they_lose() {
        let p = IronParams::default();
        for sex in [Sex::Male, Sex::Female] {
            let s = p.initial_stores_mg(sex, None);
            let gap = p.absorption_mg_per_day(s) - p.loss_mg_per_day(sex);
            assert!(gap.abs() < 1e-9, "{sex:?}: {gap}");
        }
        assert_eq!(p.ferritin_ug_l(p.stores_male_mg), 125.0);
    }

    #[test]
    fn enough_iron_makes_normal_cells_and_a_shortage_small_then_fewer_ones() {
        let p = IronParams::default();
        assert_eq!(supply(&p, 10.0, 20.0).content, 1.0);
        let short = supply(&p, 10.0, 8.0);
        assert!((short.content - 0.8).abs() < 1e-12 && short.cells == 1.0);
        assert!((short.used_mg - 8.0).abs() < 1e-12);
        let very_short = supply(&p, 10.0, 3.0);
        assert_eq!(very_short.content, p.min_content);
        assert!((very_short.cells - 0.5).abs() < 1e-12);
        assert!((very_short.used_mg - 3.0).abs() < 1e-12);
    }

    #[test]
    fn emptier_stores_release_less_and_open_the_gut() {
        let p = IronParams::default();
        assert!(p.release_mg_per_day(200.0) < p.release_mg_per_day(1000.0));
        assert!(p.absorption_mg_per_day(50.0) > p.absorption_mg_per_day(1000.0));
        assert_eq!(p.release_mg_per_day(0.0), 0.0);
    }
}
