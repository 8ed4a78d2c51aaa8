//! Stem-cell commitment and the analytic steady state of the kinetic table.
//!
//! The steady state seeds the simulation (agents per stage, blood pools) so that day 1 already
//! shows a normal marrow and blood count, and gives the reference marrow mass for cellularity.

use super::hormones::{self, HormoneLevels};
use super::kinetics::{Family, Fate, Kinetics};

/// Commitment weights of each lineage under the current hormone levels.
/// `erythroid_drive` scales the erythroid family (lower in women).
pub fn commit_weights(k: &Kinetics, levels: &HormoneLevels, erythroid_drive: f64) -> Vec<f64> {
    k.lineages
        .iter()
        .map(|l| {
            let hormone = l.hormone.map_or(1.0, |h| {
                hormones::commit_factor(k.hormones.get(h), levels.get(h))
            });
            let drive = if l.family == Family::Erythroid {
                erythroid_drive
            } else {
                1.0
            };
            l.commit_weight * hormone * drive
        })
        .collect()
}

/// Picks a lineage index from weights with a uniform draw `u` in [0, 1).
pub fn pick(weights: &[f64], u: f64) -> usize {
    let total: f64 = weights.iter().sum();
    let mut acc = 0.0;
    for (i, w) in weights.iter().enumerate() {
        acc += w / total;
        if u < acc {
            return i;
        }
    }
    weights.len() - 1
}

/// Expected state of one lineage at steady state.
#[derive(Clone, Debug, Default)]
pub struct LineageSteady {
    /// Agents entering the first stage per hour.
    pub commitments_per_h: f64,
    /// Mean number of agents in each stage.
    pub stage_agents: Vec<f64>,
    /// Agents finishing the last stage per hour.
    pub finished_per_h: f64,
    /// Agents shedding at the sinusoid wall at any time (megakaryocytes).
    pub shedding_agents: f64,
}

/// Expected state of the whole table at steady state.
#[derive(Clone, Debug, Default)]
pub struct SteadyState {
    pub hsc_agents: f64,
    pub lineages: Vec<LineageSteady>,
    /// Cells entering the blood per hour, per product.
    pub product_cells_per_h: Vec<f64>,
    /// Real nucleated marrow cells (agents x cells_per_agent), the reference for cellularity.
    pub nucleated_cells: f64,
}

impl SteadyState {
    pub fn agents(&self) -> f64 {
        self.hsc_agents
            + self
                .lineages
                .iter()
                .map(|l| l.stage_agents.iter().sum::<f64>() + l.shedding_agents)
                .sum::<f64>()
    }
}

/// Agents-hours spent in a stage per agent entering it, and agents leaving per agent entering.
fn stage_integral(hours: f64, divisions: u8, death: f64) -> (f64, f64) {
    let hazard = if death >= 1.0 {
        f64::INFINITY
    } else {
        -(1.0 - death).ln() / hours
    };
    let steps = 400;
    let dt = hours / steps as f64;
    let mut stock = 0.0;
    for i in 0..steps {
        let t = (i as f64 + 0.5) * dt;
        let done = if divisions == 0 {
            0
        } else {
            ((t / hours) * divisions as f64).floor() as i32
        };
        stock += 2f64.powi(done) * (-hazard * t).exp() * dt;
    }
    (stock, 2f64.powi(divisions as i32) * (1.0 - death))
}

/// The analytic steady state at hormone levels of 1.
pub fn steady_state(k: &Kinetics, erythroid_drive: f64) -> SteadyState {
    let hsc_agents = (k.hsc.endosteal_niches + k.hsc.perivascular_niches) as f64;
    let commitments_per_h = hsc_agents / k.hsc.cycle_hours as f64;
    let weights = commit_weights(k, &HormoneLevels::default(), erythroid_drive);
    let total_w: f64 = weights.iter().sum();
    let mut product_cells_per_h = vec![0.0; k.products.len()];
    let mut nucleated_cells = 0.0;
    let mut lineages = k
        .lineages
        .iter()
        .zip(&weights)
        .map(|(l, w)| {
            let entering = commitments_per_h * w / total_w;
            let mut rate = entering;
            let mut stage_agents = Vec::with_capacity(l.stages.len());
            for s in &l.stages {
                let (stock, out) = stage_integral(s.hours as f64, s.divisions, s.death as f64);
                stage_agents.push(rate * stock);
                if s.nucleated {
                    nucleated_cells += rate * stock * l.cells_per_agent;
                }
                rate *= out;
            }
            let product = k.product_index(l.fate.product()).expect("checked table");
            let shedding_agents = match l.fate {
                Fate::Egress { .. } => {
                    product_cells_per_h[product] += rate * l.cells_per_agent;
                    0.0
                }
                Fate::Shed {
                    per_cell, hours, ..
                } => {
                    product_cells_per_h[product] += rate * l.cells_per_agent * per_cell;
                    rate * hours as f64
                }
            };
            LineageSteady {
                commitments_per_h: entering,
                stage_agents,
                finished_per_h: rate,
                shedding_agents,
            }
        })
        .collect::<Vec<LineageSteady>>();
    // The resident pools hold their shares of all nucleated cells, made here or not.
    let resident = k.resident_share();
    let nucleated_cells = nucleated_cells / (1.0 - resident.min(0.9));
    for (l, ls) in k.lineages.iter().zip(&mut lineages) {
        if let (Some(r), Some(first)) = (&l.resident, ls.stage_agents.first_mut()) {
            *first = r.share * nucleated_cells / l.cells_per_agent;
        }
    }
    SteadyState {
        hsc_agents,
        lineages,
        product_cells_per_h,
        nucleated_cells,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::biology::blood::Circulation;

    #[test]
    fn pick_respects_weights() {
        let w = [1.0, 3.0];
        assert_eq!(pick(&w, 0.2), 0);
        assert_eq!(pick(&w, 0.3), 1);
        assert_eq!(pick(&w, 0.999_999), 1);
    }

    #[test]
    fn daily_outputs_match_physiology() {
        let k = Kinetics::bundled();
        let ss = steady_state(&k, 1.0);
        let per_day = |name: &str| ss.product_cells_per_h[k.product_index(name).unwrap()] * 24.0;
        // ~2e11 red cells, ~1e11 neutrophils and ~1e11 platelets a day.
        assert!(
            (1.5e11..3.0e11).contains(&per_day("rbc")),
            "{:e}",
            per_day("rbc")
        );
        assert!(
            (0.5e11..2.0e11).contains(&per_day("neutrophil")),
            "{:e}",
            per_day("neutrophil")
        );
        assert!(
            (0.5e11..2.0e11).contains(&per_day("platelet")),
            "{:e}",
            per_day("platelet")
        );
        // The window stays a few thousand agents.
        assert!((1000.0..4000.0).contains(&ss.agents()), "{}", ss.agents());
    }

    #[test]
    fn steady_state_blood_count_is_normal_and_near_the_hormone_set_points() {
        let k = Kinetics::bundled();
        let ss = steady_state(&k, 1.0);
        let cbc = Circulation::steady_state(&k, &ss.product_cells_per_h).cbc(&k);
        eprintln!(
            "{cbc:?} agents {:.0} nucleated {:e}",
            ss.agents(),
            ss.nucleated_cells
        );
        for (a, v) in crate::biology::reference::report(&cbc, crate::biology::reference::Sex::Male)
        {
            assert_eq!(
                a.flag(v),
                crate::biology::reference::Flag::Normal,
                "{} {v}",
                a.name
            );
        }
        assert!((cbc.hb_g_dl / k.hormones.epo.set_point - 1.0).abs() < 0.03);
        assert!((cbc.plt_e3_ul / k.hormones.tpo.set_point - 1.0).abs() < 0.03);
        assert!((cbc.anc_e3_ul / k.hormones.gcsf.set_point - 1.0).abs() < 0.03);
    }
}
