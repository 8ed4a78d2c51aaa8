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
}

/// All cohorts of one product, youngest first.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Pool {
    pub cohorts: VecDeque<Cohort>,
}

/// Every circulating product.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Circulation {
    pub pools: Vec<Pool>,
}

impl Circulation {
    pub fn empty(k: &Kinetics) -> Self {
        Self {
            pools: vec![Pool::default(); k.products.len()],
        }
    }

    /// Pools already at steady state for constant inputs `cells_per_hour[product]`.
    pub fn steady_state(k: &Kinetics, cells_per_hour: &[f64]) -> Self {
        let pools = k
            .products
            .iter()
            .zip(cells_per_hour)
            .map(|(p, &rate)| {
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
                    });
                    oldest += b;
                }
                Pool { cohorts }
            })
            .collect();
        Self { pools }
    }

    /// Adds cells that just left the marrow.
    pub fn add(&mut self, k: &Kinetics, product: usize, cells: f64) {
        if !(cells.is_finite() && cells > 0.0) {
            return;
        }
        let p = &k.products[product];
        let entry_age = -p.delay_days * 24.0;
        let pool = &mut self.pools[product];
        match pool.cohorts.front_mut() {
            Some(c) if c.age_h < entry_age + p.cohort_hours => c.cells += cells,
            _ => pool.cohorts.push_front(Cohort {
                age_h: entry_age,
                cells,
            }),
        }
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

    /// Cells per µL that a blood draw sees.
    pub fn per_ul(&self, k: &Kinetics, product: usize) -> f64 {
        let p: &Product = &k.products[product];
        self.total(product) * p.circulating_fraction / k.body.blood_volume_ul
    }

    /// The complete blood count.
    pub fn cbc(&self, k: &Kinetics) -> Cbc {
        self.cbc_with(k, 0.0)
    }

    /// The blood count when `demargination` (0..1) of the marginated neutrophils have been
    /// pushed back into the flowing blood (stress, infection).
    pub fn cbc_with(&self, k: &Kinetics, demargination: f64) -> Cbc {
        let per = |name: &str| k.product_index(name).map_or(0.0, |i| self.per_ul(k, i));
        let rbc = per("rbc");
        let retic = k.product_index("rbc").map_or(0.0, |i| {
            self.younger_than(k, i, k.body.retic_blood_hours) / k.body.blood_volume_ul
        });
        let (mut lymph, mut abnormal) = (per("b_cell") + per("nk_cell") + per("t_cell"), 0.0);
        for (i, p) in k.products.iter().enumerate() {
            match p.counted_as {
                Counted::ByName => {}
                Counted::Lymphocytes => lymph += self.per_ul(k, i),
                Counted::Abnormal => abnormal += self.per_ul(k, i),
            }
        }
        let anc = k.product_index("neutrophil").map_or(0.0, |i| {
            let seen = k.products[i].circulating_fraction;
            let seen = seen + (1.0 - seen) * demargination.clamp(0.0, 1.0);
            self.total(i) * seen / k.body.blood_volume_ul
        });
        let (mono, eos, baso) = (per("monocyte"), per("eosinophil"), per("basophil"));
        Cbc {
            hb_g_dl: rbc * k.body.mch_pg * 1e-7,
            rbc_e6_ul: rbc / 1e6,
            wbc_e3_ul: (anc + lymph + mono + eos + baso + abnormal) / 1e3,
            anc_e3_ul: anc / 1e3,
            lymph_e3_ul: lymph / 1e3,
            mono_e3_ul: mono / 1e3,
            eos_e3_ul: eos / 1e3,
            baso_e3_ul: baso / 1e3,
            plt_e3_ul: per("platelet") / 1e3,
            retic_pct: if rbc > 0.0 { 100.0 * retic / rbc } else { 0.0 },
            abnormal_e3_ul: abnormal / 1e3,
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
}

#[cfg(test)]
mod tests {
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
        rates[rbc] = 2.0e11 / 24.0;
        let c = Circulation::steady_state(&k, &rates);
        let retic = c.younger_than(&k, rbc, 24.0);
        assert!((retic / 2.0e11 - 1.0).abs() < 0.02, "{retic:e}");
        // One day out of a 120-day life: ~0.83 %.
        assert!((c.cbc(&k).retic_pct - 100.0 / 120.0).abs() < 0.03);
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
