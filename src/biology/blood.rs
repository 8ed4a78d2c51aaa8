//! The body side: age-structured pools of circulating cells and the blood count they give.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use super::kinetics::{Counted, Kinetics, Product, Survival};

/// Cells that entered the blood within one `cohort_hours` window.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cohort {
    /// Age of the oldest member, hours since it reached the blood (negative while delayed).
    pub age_h: f64,
    pub cells: f64,
    /// Haemoglobin (or other content) per cell relative to a normal cell: below 1 for red
    /// cells made short of iron.
    #[serde(default = "one")]
    pub content: f64,
}

fn one() -> f64 {
    1.0
}

/// All cohorts of one product, youngest first.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Pool {
    pub cohorts: VecDeque<Cohort>,
}

/// Every circulating product, in a blood volume that a bleed shrinks and plasma refills.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Circulation {
    pub pools: Vec<Pool>,
    /// Blood volume relative to the normal `body.blood_volume_ul`.
    #[serde(default = "one")]
    pub volume: f64,
}

impl Circulation {
    pub fn empty(k: &Kinetics) -> Self {
        Self {
            pools: vec![Pool::default(); k.products.len()],
            volume: 1.0,
        }
    }

    /// Pools already at steady state for constant inputs `cells_per_hour[product]`.
    pub fn steady_state(k: &Kinetics, cells_per_hour: &[f64]) -> Self {
        let pools = k
            .products
            .iter()
            .zip(cells_per_hour)
            .map(|(p, &rate)| {
                let rate = rate * p.arrival_share;
                let b = p.cohort_hours;
                let delay = p.delay_days * 24.0;
                let max_age = p.survival.max_age_hours();
                let mut cohorts = VecDeque::new();
                let mut oldest = -delay + b;
                // Cohort whose oldest member has age `oldest` holds arrivals of the last b hours
                // before that; its members are, on average, b/2 younger.
                while oldest < max_age {
                    let mean_age = oldest - b / 2.0;
                    let cells = rate * b * p.survival.surviving(mean_age.max(0.0));
                    cohorts.push_back(Cohort {
                        age_h: oldest,
                        cells,
                        content: 1.0,
                    });
                    oldest += b;
                }
                Pool { cohorts }
            })
            .collect();
        Self { pools, volume: 1.0 }
    }

    /// Adds cells that just left the marrow.
    pub fn add(&mut self, k: &Kinetics, product: usize, cells: f64) {
        self.add_with(k, product, cells, 1.0);
    }

    /// Adds cells carrying `content` of a normal cell's haemoglobin.
    pub fn add_with(&mut self, k: &Kinetics, product: usize, cells: f64, content: f64) {
        if !(cells.is_finite() && cells > 0.0) {
            return;
        }
        let p = &k.products[product];
        let entry_age = -p.delay_days * 24.0;
        let pool = &mut self.pools[product];
        match pool.cohorts.front_mut() {
            Some(c) if c.age_h < entry_age + p.cohort_hours => {
                c.content = (c.content * c.cells + content * cells) / (c.cells + cells);
                c.cells += cells;
            }
            _ => pool.cohorts.push_front(Cohort {
                age_h: entry_age,
                cells,
                content,
            }),
        }
    }

    /// Bleeding: whole blood leaves, `fraction` of every cell and of the volume with it, so
    /// the concentrations do not change until plasma refills the vessels.
    pub fn bleed(&mut self, fraction: f64) {
        self.remove_fraction(None, fraction);
        self.volume *= 1.0 - fraction.clamp(0.0, 1.0);
    }

    /// Plasma flows back from the tissues toward the normal volume (time constant `tau_h`).
    pub fn refill(&mut self, dt_h: f64, tau_h: f64) {
        self.volume += (1.0 - self.volume) * (1.0 - (-dt_h / tau_h.max(1e-6)).exp());
    }

    /// Cells of a product in blood times their content: red cells' haemoglobin in units of a
    /// normal cell's.
    pub fn content_total(&self, product: usize) -> f64 {
        self.pools[product]
            .cohorts
            .iter()
            .filter(|c| c.age_h >= 0.0)
            .map(|c| c.cells * c.content)
            .sum()
    }

    /// Ages every cohort by `dt_h` hours: deaths by each product's survival law.
    pub fn step(&mut self, k: &Kinetics, dt_h: f64) {
        for (pool, p) in self.pools.iter_mut().zip(&k.products) {
            let decay = match p.survival {
                Survival::HalfLife { hours, .. } => (-dt_h * std::f64::consts::LN_2 / hours).exp(),
                Survival::Lifespan { .. } => 1.0,
            };
            let max_age = p.survival.max_age_hours();
            for c in pool.cohorts.iter_mut() {
                let was_in_blood = c.age_h >= 0.0;
                c.age_h += dt_h;
                if was_in_blood {
                    c.cells *= decay;
                }
            }
            while pool.cohorts.back().is_some_and(|c| c.age_h >= max_age) {
                pool.cohorts.pop_back();
            }
        }
    }

    /// Removes a fraction of every circulating cell (e.g. bleeding, or tissue consumption).
    pub fn remove_fraction(&mut self, product: Option<usize>, fraction: f64) {
        let keep = 1.0 - fraction.clamp(0.0, 1.0);
        for (i, pool) in self.pools.iter_mut().enumerate() {
            if product.is_none_or(|p| p == i) {
                for c in pool.cohorts.iter_mut().filter(|c| c.age_h >= 0.0) {
                    c.cells *= keep;
                }
            }
        }
    }

    /// Cells of a product in the intravascular pool (marginated included).
    pub fn total(&self, product: usize) -> f64 {
        self.pools[product]
            .cohorts
            .iter()
            .filter(|c| c.age_h >= 0.0)
            .map(|c| c.cells)
            .sum()
    }

    /// Cells younger than `hours` in blood. A cohort's members span `cohort_hours` of ages
    /// below its oldest member; the share of them under `hours` is counted.
    pub fn younger_than(&self, k: &Kinetics, product: usize, hours: f64) -> f64 {
        let width = k.products[product].cohort_hours;
        self.pools[product]
            .cohorts
            .iter()
            .filter(|c| c.age_h >= 0.0)
            .map(|c| {
                let span = width.min(c.age_h).max(1e-9);
                let youngest = c.age_h - span;
                c.cells * ((hours - youngest) / span).clamp(0.0, 1.0)
            })
            .sum()
    }

    /// Blood volume now, µL.
    pub fn volume_ul(&self, k: &Kinetics) -> f64 {
        k.body.blood_volume_ul * self.volume.max(1e-6)
    }

    /// Cells per µL that a blood draw sees.
    pub fn per_ul(&self, k: &Kinetics, product: usize) -> f64 {
        let p: &Product = &k.products[product];
        self.total(product) * p.circulating_fraction / self.volume_ul(k)
    }

    /// The complete blood count.
    pub fn cbc(&self, k: &Kinetics) -> Cbc {
        self.cbc_with(k, &Draw::default())
    }

    /// The blood count a draw gives under `draw`'s shifts between the flowing blood, the
    /// vessel walls, the tissues and the spleen.
    pub fn cbc_with(&self, k: &Kinetics, draw: &Draw) -> Cbc {
        let per = |name: &str| k.product_index(name).map_or(0.0, |i| self.per_ul(k, i));
        let volume = self.volume_ul(k);
        let rbc = per("rbc");
        let red = k.product_index("rbc");
        // Haemoglobin per red cell, relative to normal (iron shortage makes it smaller).
        let content = red.map_or(1.0, |i| {
            let n = self.total(i);
            if n > 0.0 {
                self.content_total(i) / n
            } else {
                1.0
            }
        });
        let mcv = k.body.mcv_fl * content;
        let hct = rbc / 1e6 * mcv / 10.0;
        // In anaemia reticulocytes leave the marrow earlier and stay longer in blood.
        let shift = k.body.retic_shift(hct);
        let retic = red.map_or(0.0, |i| {
            self.younger_than(k, i, k.body.retic_blood_hours * shift * draw.retic_time) / volume
        });
        let retic_pct = if rbc > 0.0 { 100.0 * retic / rbc } else { 0.0 };
        // Marginated neutrophils (and bands) pushed back into the flowing blood by stress.
        let flowing = |i: usize| {
            let seen = k.products[i].circulating_fraction;
            let seen = seen + (1.0 - seen) * draw.demargination.clamp(0.0, 1.0);
            self.total(i) * seen / volume
        };
        let mut lymph = per("b_cell") + per("nk_cell") + per("t_cell");
        let (mut abnormal, mut bands, mut immature, mut nucleated_red) = (0.0, 0.0, 0.0, 0.0);
        for (i, p) in k.products.iter().enumerate() {
            match p.counted_as {
                Counted::ByName => {}
                Counted::Lymphocytes => lymph += self.per_ul(k, i),
                Counted::Abnormal => abnormal += self.per_ul(k, i),
                Counted::Band => bands += flowing(i),
                Counted::Immature => immature += self.per_ul(k, i),
                Counted::NucleatedRed => nucleated_red += self.per_ul(k, i),
            }
        }
        lymph *= 1.0 - draw.lymph_redistribution.clamp(0.0, 1.0);
        let anc = k.product_index("neutrophil").map_or(0.0, flowing) + bands;
        let (mono, eos, baso) = (per("monocyte"), per("eosinophil"), per("basophil"));
        let wbc = anc + lymph + mono + eos + baso + abnormal + immature;
        Cbc {
            hb_g_dl: rbc * content * k.body.mch_pg * 1e-7,
            rbc_e6_ul: rbc / 1e6,
            wbc_e3_ul: wbc / 1e3,
            anc_e3_ul: anc / 1e3,
            lymph_e3_ul: lymph / 1e3,
            mono_e3_ul: mono / 1e3,
            eos_e3_ul: eos / 1e3,
            baso_e3_ul: baso / 1e3,
            plt_e3_ul: per("platelet") * draw.platelets_seen / 1e3,
            retic_pct,
            abnormal_e3_ul: abnormal / 1e3,
            hct_pct: hct,
            mcv_fl: mcv,
            rpi: retic_pct * (hct / k.body.normal_hct_pct) / shift,
            bands_e3_ul: bands / 1e3,
            ig_e3_ul: immature / 1e3,
            nrbc_per_100_wbc: if wbc > 0.0 {
                100.0 * nucleated_red / wbc
            } else {
                0.0
            },
            teardrop_pct: 0.0,
        }
    }
}

/// Extra death rate (per day) that, on top of senescence at `lifespan_days`, gives red cells
/// a mean survival of `mean_days`: solves (1 − e^(−h L)) / h = S for h by bisection.
pub fn extra_red_cell_hazard(mean_days: f64, lifespan_days: f64) -> f64 {
    if !(mean_days > 0.0) || mean_days >= lifespan_days {
        return 0.0;
    }
    let survival = |h: f64| (1.0 - (-h * lifespan_days).exp()) / h;
    let (mut lo, mut hi) = (1e-9, 10.0 / mean_days);
    for _ in 0..60 {
        let mid = 0.5 * (lo + hi);
        if survival(mid) > mean_days {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// What moves cells between the flowing blood and elsewhere at the moment of a draw.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Draw {
    /// Share (0..1) of the marginated neutrophils pushed back into the flowing blood.
    pub demargination: f64,
    /// Share of blood lymphocytes held in tissues and lymph nodes.
    pub lymph_redistribution: f64,
    /// Platelets seen relative to a normal spleen's pool (below 1 when the spleen is big).
    pub platelets_seen: f64,
    /// Time reticulocytes count as such, relative to `body.retic_blood_hours` (fetal blood).
    pub retic_time: f64,
}

impl Default for Draw {
    fn default() -> Self {
        Self {
            demargination: 0.0,
            lymph_redistribution: 0.0,
            platelets_seen: 1.0,
            retic_time: 1.0,
        }
    }
}

/// A complete blood count in the units of a clinical report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Cbc {
    pub hb_g_dl: f64,
    pub rbc_e6_ul: f64,
    pub wbc_e3_ul: f64,
    pub anc_e3_ul: f64,
    pub lymph_e3_ul: f64,
    pub mono_e3_ul: f64,
    pub eos_e3_ul: f64,
    pub baso_e3_ul: f64,
    pub plt_e3_ul: f64,
    pub retic_pct: f64,
    /// Cells a normal count never shows: blasts, plasma cells (included in the white count).
    pub abnormal_e3_ul: f64,
    /// Haematocrit: the share of blood volume in red cells, %.
    pub hct_pct: f64,
    /// Mean corpuscular volume, fL.
    pub mcv_fl: f64,
    /// Reticulocyte production index: reticulocytes corrected for anaemia and for the longer
    /// time shift reticulocytes spend in blood; about 1 in health.
    pub rpi: f64,
    /// Band neutrophils (included in the neutrophils), 10³/µL.
    #[serde(default)]
    pub bands_e3_ul: f64,
    /// Immature granulocytes (metamyelocytes, myelocytes) in blood, 10³/µL.
    #[serde(default)]
    pub ig_e3_ul: f64,
    /// Nucleated red cells per 100 white cells.
    #[serde(default)]
    pub nrbc_per_100_wbc: f64,
    /// Teardrop-shaped red cells (dacrocytes), % of red cells.
    #[serde(default)]
    pub teardrop_pct: f64,
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_extra_red_cell_hazard_gives_the_mean_survival_asked_for() {
        let lifespan = 120.0;
        for mean in [35.0, 50.0, 70.0, 110.0] {
            let h = super::extra_red_cell_hazard(mean, lifespan);
            let survival = (1.0 - (-h * lifespan).exp()) / h;
            assert!((survival - mean).abs() < 0.01, "{mean}: {survival}");
        }
        assert_eq!(super::extra_red_cell_hazard(120.0, lifespan), 0.0);
        assert_eq!(super::extra_red_cell_hazard(f64::NAN, lifespan), 0.0);
    }

    use super::*;

    fn kinetics() -> Kinetics {
        Kinetics::bundled()
    }

    #[test]
    fn steady_state_pool_stays_steady_under_constant_input() {
        let k = kinetics();
        let rbc = k.product_index("rbc").unwrap();
        let mut rates = vec![0.0; k.products.len()];
        rates[rbc] = 2.0e11 / 24.0;
        let mut c = Circulation::steady_state(&k, &rates);
        let start = c.total(rbc);
        // 120 days x 2e11/day = 2.4e13 red cells.
        assert!((start / 2.4e13 - 1.0).abs() < 0.01, "{start:e}");
        for _ in 0..(30 * 240) {
            c.add(&k, rbc, rates[rbc] * 0.1);
            c.step(&k, 0.1);
        }
        assert!((c.total(rbc) / start - 1.0).abs() < 0.01);
    }

    #[test]
    fn red_cells_die_at_their_lifespan_and_neutrophils_by_half_life() {
        let k = kinetics();
        let (rbc, neut) = (
            k.product_index("rbc").unwrap(),
            k.product_index("neutrophil").unwrap(),
        );
        let mut c = Circulation::empty(&k);
        c.add(&k, rbc, 1e9);
        c.add(&k, neut, 1e9);
        for _ in 0..70 {
            c.step(&k, 0.1);
        }
        assert!(
            (c.total(neut) / 1e9 - 0.5).abs() < 0.01,
            "one half-life later"
        );
        for _ in 0..(119 * 24) {
            c.step(&k, 1.0);
        }
        assert_eq!(c.total(rbc), 1e9, "alive at 119 days");
        for _ in 0..48 {
            c.step(&k, 1.0);
        }
        assert_eq!(c.total(rbc), 0.0, "gone after 121 days");
    }

    #[test]
    fn reticulocytes_are_one_day_of_red_cell_output() {
        let k = kinetics();
        let rbc = k.product_index("rbc").unwrap();
        let mut rates = vec![0.0; k.products.len()];
        // 5 x 10^6 red cells per µL of 90 fL: a haematocrit of 45 %, no maturation shift.
        let per_day = 5.0e6 * k.body.blood_volume_ul / 120.0;
        rates[rbc] = per_day / 24.0;
        let c = Circulation::steady_state(&k, &rates);
        let retic = c.younger_than(&k, rbc, 24.0);
        assert!((retic / per_day - 1.0).abs() < 0.02, "{retic:e}");
        // One day out of a 120-day life: ~0.83 %.
        let cbc = c.cbc(&k);
        assert!((cbc.hct_pct - 45.0).abs() < 0.5, "{}", cbc.hct_pct);
        assert!((cbc.retic_pct - 100.0 / 120.0).abs() < 0.03);
        assert!((cbc.rpi - cbc.retic_pct).abs() < 0.02);
    }

    #[test]
    fn in_anaemia_reticulocytes_count_longer_and_the_index_corrects_for_it() {
        let k = kinetics();
        let rbc = k.product_index("rbc").unwrap();
        let mut rates = vec![0.0; k.products.len()];
        rates[rbc] = 5.0e6 * k.body.blood_volume_ul / 120.0 / 24.0;
        let mut c = Circulation::steady_state(&k, &rates);
        let before = c.cbc(&k);
        // Two thirds of the older red cells lost: haematocrit 15-20 %, output unchanged.
        for cohort in c.pools[rbc].cohorts.iter_mut().filter(|x| x.age_h > 96.0) {
            cohort.cells /= 3.0;
        }
        let after = c.cbc(&k);
        assert!(after.hct_pct < 20.0, "{}", after.hct_pct);
        let shift = k.body.retic_shift(after.hct_pct);
        assert!(shift > 2.0, "{shift}");
        // More reticulocytes counted (longer in blood) and a larger share of fewer cells...
        assert!(
            after.retic_pct > 5.0 * before.retic_pct,
            "{}",
            after.retic_pct
        );
        // ...while the production index still reads the unchanged output as about normal.
        assert!(
            (after.rpi / before.rpi - 1.0).abs() < 0.2,
            "{} {}",
            after.rpi,
            before.rpi
        );
    }

    #[test]
    fn a_bleed_dilutes_the_blood_only_as_plasma_refills() {
        let k = kinetics();
        let rbc = k.product_index("rbc").unwrap();
        let mut c = Circulation::empty(&k);
        c.add(&k, rbc, 5.0e6 * k.body.blood_volume_ul);
        c.step(&k, 1.0);
        let hb = c.cbc(&k).hb_g_dl;
        c.bleed(0.3);
        assert!((c.cbc(&k).hb_g_dl - hb).abs() < 1e-9, "whole blood lost");
        for _ in 0..24 {
            c.refill(1.0, k.body.plasma_refill_hours);
        }
        let day1 = c.cbc(&k).hb_g_dl;
        for _ in 0..48 {
            c.refill(1.0, k.body.plasma_refill_hours);
        }
        let day3 = c.cbc(&k).hb_g_dl;
        assert!(day1 < hb && day3 < day1, "{hb} {day1} {day3}");
        assert!(
            (day3 - 0.7 * hb).abs() < 0.02 * hb,
            "diluted by the loss: {day3}"
        );
    }

    #[test]
    fn delayed_products_appear_only_after_their_delay() {
        let k = kinetics();
        let t = k.product_index("t_cell").unwrap();
        let mut c = Circulation::empty(&k);
        c.add(&k, t, 1e9);
        c.step(&k, 20.0 * 24.0);
        assert_eq!(c.total(t), 0.0);
        c.step(&k, 2.0 * 24.0);
        assert!(c.total(t) > 0.9e9);
    }

    #[test]
    fn haemoglobin_follows_red_cells_and_bleeding_lowers_it() {
        let k = kinetics();
        let rbc = k.product_index("rbc").unwrap();
        let mut c = Circulation::empty(&k);
        c.add(&k, rbc, 5.0e6 * k.body.blood_volume_ul);
        c.step(&k, 1.0);
        let cbc = c.cbc(&k);
        assert!((cbc.rbc_e6_ul - 5.0).abs() < 1e-9);
        assert!(
            (cbc.hb_g_dl - 15.0).abs() < 1e-9,
            "5e6/µL x 30 pg = 15 g/dL"
        );
        c.remove_fraction(None, 0.2);
        assert!((c.cbc(&k).hb_g_dl - 12.0).abs() < 1e-9);
    }
}
