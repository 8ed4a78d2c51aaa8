//! The life of one agent, as a small state machine independent of the ECS.

use rand::Rng;
use serde::{Deserialize, Serialize};

use super::kinetics::{Kinetics, Stage};

/// What a cell is doing besides maturing.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Phase {
    /// Going through its stages.
    Maturing,
    /// Finished its last stage; crawling toward the sinusoid for `hours`.
    Migrating { hours: f32 },
    /// A megakaryocyte at the sinusoid wall shedding fragments; `hours_left` to go.
    Shedding { hours_left: f32 },
}

/// Where a cell is in its lineage.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct CellState {
    pub lineage: u16,
    pub stage: u16,
    /// Hours spent in the current stage.
    pub age_h: f32,
    /// This cell's duration of the current stage.
    pub stage_h: f32,
    pub divisions_left: u8,
    pub phase: Phase,
    /// Descends from a stem cell with the JAK2-like mutation (polycythaemia vera): feels its
    /// hormones' signal even when they are low.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub mutant: bool,
}

/// What one step did to a cell.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StepEvents {
    /// The cell divided; the daughter is an identical copy (taken before any stage change).
    pub divided: bool,
    /// The cell moved on to its next stage.
    pub next_stage: bool,
    /// The cell finished its last stage.
    pub finished: bool,
}

impl CellState {
    /// A new cell at the start of `stage` of `lineage`.
    pub fn new(k: &Kinetics, lineage: usize, stage: usize, rng: &mut impl Rng) -> Self {
        let mut c = CellState {
            lineage: lineage as u16,
            stage: stage as u16,
            age_h: 0.0,
            stage_h: 1.0,
            divisions_left: 0,
            phase: Phase::Maturing,
            mutant: false,
        };
        c.enter_stage(k, stage, rng);
        c
    }

    pub fn stage_data<'k>(&self, k: &'k Kinetics) -> &'k Stage {
        &k.lineages[self.lineage as usize].stages[self.stage as usize]
    }

    pub fn is_last_stage(&self, k: &Kinetics) -> bool {
        self.stage as usize + 1 == k.lineages[self.lineage as usize].stages.len()
    }

    /// Starts `stage` with a jittered duration.
    pub fn enter_stage(&mut self, k: &Kinetics, stage: usize, rng: &mut impl Rng) {
        let s = &k.lineages[self.lineage as usize].stages[stage];
        let jitter = 1.0 + k.stage_jitter * (2.0 * rng.random::<f32>() - 1.0);
        self.stage = stage as u16;
        self.age_h = 0.0;
        self.stage_h = (s.hours * jitter).max(k.tick_hours);
        self.divisions_left = s.divisions;
    }

    /// Hours into the stage at which the next division is due.
    pub fn next_division_h(&self, k: &Kinetics) -> f32 {
        let total = self.stage_data(k).divisions as f32;
        let done = total - self.divisions_left as f32;
        self.stage_h * (done + 1.0) / total.max(1.0)
    }

    /// Ages a maturing cell by `dt_h` (already scaled by any hormone speed-up).
    /// At most one division per step; a stage ends only once its divisions are done.
    pub fn advance(&mut self, k: &Kinetics, dt_h: f32) -> StepEvents {
        let mut ev = StepEvents::default();
        if self.phase != Phase::Maturing {
            return ev;
        }
        self.age_h += dt_h;
        if self.divisions_left > 0 && self.age_h >= self.next_division_h(k) {
            self.divisions_left -= 1;
            ev.divided = true;
        }
        if self.divisions_left == 0 && self.age_h >= self.stage_h {
            if self.is_last_stage(k) {
                ev.finished = true;
            } else {
                ev.next_stage = true;
            }
        }
        ev
    }

    /// Applies the stage change of `ev` (call on the mother and on a fresh daughter alike).
    /// A self-renewing stage starts over with probability `renew x renew_scale` (crowding
    /// lowers `renew_scale` below 1).
    pub fn settle(&mut self, k: &Kinetics, ev: StepEvents, renew_scale: f32, rng: &mut impl Rng) {
        // A marrow-resident cell never leaves: it starts its one stage over.
        if ev.finished && k.lineages[self.lineage as usize].resident.is_some() {
            self.enter_stage(k, self.stage as usize, rng);
            return;
        }
        if ev.next_stage || ev.finished {
            let renew = self.stage_data(k).renew;
            if renew > 0.0 && rng.random::<f32>() < renew * renew_scale {
                self.enter_stage(k, self.stage as usize, rng);
                return;
            }
        }
        if ev.next_stage {
            self.enter_stage(k, self.stage as usize + 1, rng);
        } else if ev.finished {
            self.phase = Phase::Migrating { hours: 0.0 };
        }
    }
}

/// Probability of dying within `dt_h` hours in a stage where a fraction `death` of cells dies
/// over `stage_hours` (constant hazard).
pub fn death_probability(death: f64, stage_hours: f64, dt_h: f64) -> f64 {
    if death >= 1.0 {
        return 1.0;
    }
    if death <= 0.0 {
        return 0.0;
    }
    let hazard = -(1.0 - death).ln() / stage_hours;
    1.0 - (-hazard * dt_h).exp()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    fn run_to_end(k: &Kinetics, lineage: usize) -> (u32, u32, f32) {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let mut cells = vec![CellState::new(k, lineage, 0, &mut rng)];
        let (mut finished, mut hours) = (0, 0.0);
        while !cells.is_empty() {
            let mut next = Vec::new();
            for mut c in cells {
                let ev = c.advance(k, 0.1);
                if ev.divided {
                    let mut d = c;
                    d.settle(k, ev, 1.0, &mut rng);
                    next.push(d);
                }
                c.settle(k, ev, 1.0, &mut rng);
                if matches!(c.phase, Phase::Migrating { .. }) {
                    finished += 1;
                } else {
                    next.push(c);
                }
            }
            cells = next;
            hours += 0.1;
        }
        let divisions: u32 = k.lineages[lineage]
            .stages
            .iter()
            .map(|s| s.divisions as u32)
            .sum();
        (finished, divisions, hours)
    }

    #[test]
    fn a_progenitor_amplifies_by_two_to_the_divisions_without_death() {
        let k = Kinetics::bundled();
        let ery = k.lineage_index("erythroid").unwrap();
        let (finished, divisions, hours) = run_to_end(&k, ery);
        assert_eq!(finished, 1 << divisions);
        // Stage durations sum to 156 h; jitter is ±20 % per stage.
        assert!((120.0..200.0).contains(&hours), "{hours}");
    }

    #[test]
    fn neutrophil_transit_is_ten_to_fourteen_days() {
        let k = Kinetics::bundled();
        let n = k.lineage_index("neutrophil").unwrap();
        let total: f32 = k.lineages[n].stages.iter().map(|s| s.hours).sum();
        assert!((240.0..=336.0).contains(&total), "{total} h");
        let (finished, divisions, _) = run_to_end(&k, n);
        assert_eq!(finished, 1 << divisions);
    }

    #[test]
    fn a_renewing_clone_grows_until_crowding_stops_it() {
        let k = Kinetics::bundled();
        let aml = k.lineage_index("aml_blast").unwrap();
        let count_after = |scale: f32| {
            let mut rng = ChaCha8Rng::seed_from_u64(3);
            let mut cells: Vec<CellState> = (0..400)
                .map(|_| CellState::new(&k, aml, 0, &mut rng))
                .collect();
            for _ in 0..(20 * 24 * 10) {
                let mut next = Vec::with_capacity(cells.len());
                for mut c in cells {
                    let stage = c.stage_data(&k);
                    if c.phase == Phase::Maturing
                        && rng.random::<f64>()
                            < death_probability(stage.death as f64, stage.hours as f64, 0.1)
                    {
                        continue;
                    }
                    let ev = c.advance(&k, 0.1);
                    if ev.divided {
                        let mut d = c;
                        d.settle(&k, ev, scale, &mut rng);
                        next.push(d);
                    }
                    c.settle(&k, ev, scale, &mut rng);
                    if c.phase == Phase::Maturing {
                        next.push(c);
                    }
                }
                cells = next;
            }
            cells.len()
        };
        let free = count_after(1.0);
        let crowded = count_after(0.5);
        // Unhindered, the clone doubles in about ten days; a packed marrow makes it shrink.
        assert!((900..=2800).contains(&free), "{free}");
        assert!(crowded < 200, "{crowded}");
    }

    #[test]
    fn death_probability_integrates_to_the_stage_fraction() {
        let (d, t, dt) = (0.3, 24.0, 0.1);
        let p = death_probability(d, t, dt);
        let survive = (1.0 - p).powf(t / dt);
        assert!((survive - 0.7).abs() < 1e-9);
        assert_eq!(death_probability(1.0, t, dt), 1.0);
        assert_eq!(death_probability(0.0, t, dt), 0.0);
    }
}
