//! What a run is started from, and the constants of the model derived from it.

use std::sync::Arc;

use bevy::prelude::*;

use crate::biology::conditions::ConditionEvent;
use crate::biology::kinetics::{FetalBloodAt, Kinetics, Survival};
use crate::biology::patient::Patient;
use crate::biology::production::{self, SteadyState};
use crate::biology::reference::Sex;

/// What a simulation starts from: the kinetic table (any overrides applied), the patient, the
/// timeline's first events and the seed. The same setup always gives the same run.
#[derive(Clone, Debug, PartialEq)]
pub struct SimSetup {
    pub kinetics: Kinetics,
    pub patient: Patient,
    pub events: Vec<ConditionEvent>,
    pub seed: u64,
}

impl SimSetup {
    /// A healthy patient (the default adult) on `kinetics`, with nothing on the timeline.
    pub fn healthy(kinetics: Kinetics, seed: u64) -> Self {
        Self {
            kinetics,
            patient: Patient::default(),
            events: Vec::new(),
            seed,
        }
    }
}

/// The model's fixed inputs for this run.
#[derive(Resource, Clone)]
pub struct Model {
    /// What this run was started from (kinetics before patient adjustments).
    pub setup: SimSetup,
    /// The kinetic table adjusted for the patient.
    pub k: Arc<Kinetics>,
    pub erythroid_drive: f64,
    pub steady: Arc<SteadyState>,
    /// Real nucleated marrow cells of the lineages each hormone drives, at steady state.
    pub driven_mass: [f64; 3],
}

impl Model {
    pub fn new(setup: &SimSetup) -> Self {
        let mut k = setup.kinetics.clone();
        let erythroid_drive = match setup.patient.sex {
            Sex::Male => 1.0,
            Sex::Female => k.body.female_erythroid_drive,
        };
        // A woman's EPO defends a lower haemoglobin, in step with her lower erythroid drive.
        k.hormones.epo.set_point *= erythroid_drive;
        // The thymus of the patient's age: fewer new T cells, longer-lived old ones.
        for p in &mut k.products {
            if let Some(t) = &p.thymus {
                let (share, life) = t.at_age(setup.patient.fat_age());
                p.arrival_share = share;
                if let Survival::HalfLife { hours, .. } = &mut p.survival {
                    *hours *= life;
                }
            }
        }
        let steady = production::steady_state(&k, erythroid_drive);
        let mut driven_mass = [0.0; 3];
        for (l, ls) in k.lineages.iter().zip(&steady.lineages) {
            if let Some(h) = l.hormone {
                for (s, n) in l.stages.iter().zip(&ls.stage_agents) {
                    if s.nucleated {
                        driven_mass[h.index()] += n * l.cells_per_agent;
                    }
                }
            }
        }
        Self {
            setup: setup.clone(),
            k: Arc::new(k),
            erythroid_drive,
            steady: Arc::new(steady),
            driven_mass,
        }
    }

    /// The patient of this run.
    pub fn patient(&self) -> &Patient {
        &self.setup.patient
    }

    /// The fetus's own blood `day` days into the run, while the patient is unborn and the
    /// table describes it.
    pub fn fetal_blood(&self, day: f64) -> Option<FetalBloodAt> {
        let week = self.patient().gestation_at(day)?;
        self.k.conditions.fetal.blood.as_ref().map(|b| b.at(week))
    }

    /// The reference ranges that apply `day` days into the run.
    pub fn reference_ranges(&self, day: f64) -> crate::biology::reference::Ranges {
        use crate::biology::reference::Ranges;
        match (self.patient().gestation_at(day), self.fetal_blood(day)) {
            (Some(week), Some(f)) => Ranges::Fetal {
                week,
                f,
                mcv_fl: self.k.body.mcv_fl,
                mch_pg: self.k.body.mch_pg,
            },
            _ => Ranges::Adult(self.patient().sex),
        }
    }

    /// Stem-cell output of the patient before any condition, `day` days into the run: less
    /// with age, and before birth only the marrow's share of all production.
    pub fn baseline_output(&self, day: f64) -> f64 {
        let p = &self.k.conditions;
        let patient = self.patient();
        match patient.gestation_at(day) {
            Some(week) => p.fetal.marrow_share(week),
            None => p.aging_output(patient.age_years),
        }
    }
}
