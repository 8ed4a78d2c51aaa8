//! Conditions that disturb haematopoiesis: what each one is, its parameters (data in the
//! `conditions` section of `assets/kinetics.ron`) and the pure arithmetic of its effects.
//!
//! A condition enters a run as a [`ConditionEvent`] on the scenario's timeline (or from the
//! conditions panel): active from `start_day` until `end_day`, at a `strength` whose meaning
//! each kind states in [`ConditionKind::strength_meaning`]. Age and gestation are properties
//! of the patient rather than events.

use serde::{Deserialize, Serialize};

use super::kinetics::{Hormone, Stage, interpolate};

/// Every condition a timeline can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ConditionKind {
    /// Cytotoxic drugs that kill dividing cells.
    Chemotherapy,
    /// Injected G-CSF (filgrastim) raising the hormone's level.
    GcsfTherapy,
    /// A bacterial infection: G-CSF up, reserve released, neutrophils used up in tissue.
    Infection,
    /// Bleeding: a fraction of the blood volume lost.
    BloodLoss,
    /// Marrow failure (aplasia or fibrosis): stem-cell output lost.
    MarrowFailure,
    /// Acute myeloid leukaemia: a clone of myeloblasts that divide without maturing.
    Aml,
    /// Acute lymphoblastic leukaemia: the lymphoid counterpart.
    All,
    /// Lymphoma cells infiltrating the marrow and spilling into blood.
    Lymphoma,
    /// Multiple myeloma: clonal plasma cells filling the marrow.
    Myeloma,
}

impl ConditionKind {
    pub const ALL: [ConditionKind; 9] = [
        ConditionKind::Chemotherapy,
        ConditionKind::GcsfTherapy,
        ConditionKind::Infection,
        ConditionKind::BloodLoss,
        ConditionKind::MarrowFailure,
        ConditionKind::Aml,
        ConditionKind::All,
        ConditionKind::Lymphoma,
        ConditionKind::Myeloma,
    ];

    /// The name used in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            ConditionKind::Chemotherapy => "Chemotherapy",
            ConditionKind::GcsfTherapy => "GcsfTherapy",
            ConditionKind::Infection => "Infection",
            ConditionKind::BloodLoss => "BloodLoss",
            ConditionKind::MarrowFailure => "MarrowFailure",
            ConditionKind::Aml => "Aml",
            ConditionKind::All => "All",
            ConditionKind::Lymphoma => "Lymphoma",
            ConditionKind::Myeloma => "Myeloma",
        }
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            ConditionKind::Chemotherapy => "Chemotherapy",
            ConditionKind::GcsfTherapy => "G-CSF injections",
            ConditionKind::Infection => "Bacterial infection",
            ConditionKind::BloodLoss => "Blood loss",
            ConditionKind::MarrowFailure => "Marrow failure",
            ConditionKind::Aml => "Acute myeloid leukaemia",
            ConditionKind::All => "Acute lymphoblastic leukaemia",
            ConditionKind::Lymphoma => "Lymphoma in the marrow",
            ConditionKind::Myeloma => "Multiple myeloma",
        }
    }

    /// What `strength` means for this kind, with its unit.
    pub fn strength_meaning(self) -> &'static str {
        match self {
            ConditionKind::Chemotherapy => {
                "fraction of the most sensitive dividing cells killed over the course"
            }
            ConditionKind::GcsfTherapy => "dose: 1 raises G-CSF to its full therapeutic boost",
            ConditionKind::Infection => "severity: 1 is a severe infection (sepsis)",
            ConditionKind::BloodLoss => "fraction of the blood volume lost",
            ConditionKind::MarrowFailure => "fraction of stem-cell output lost",
            ConditionKind::Aml | ConditionKind::All | ConditionKind::Lymphoma => {
                "initial clone, as a fraction of nucleated marrow cells"
            }
            ConditionKind::Myeloma => "initial clone, as a fraction of nucleated marrow cells",
        }
    }

    /// A sentence for tooltips, in our own words.
    pub fn about(self) -> &'static str {
        match self {
            ConditionKind::Chemotherapy => {
                "Cytotoxic drugs kill cells that are dividing, the fast-cycling ones most. Mature cells already in the reserve keep coming for about a week, then neutrophils, platelets and reticulocytes fall (nadir around days 7-14) until surviving stem cells rebuild the lines."
            }
            ConditionKind::GcsfTherapy => {
                "Injected G-CSF speeds the making and release of neutrophils and keeps their precursors alive, which shortens the neutropenia after chemotherapy."
            }
            ConditionKind::Infection => {
                "Bacteria call for neutrophils: G-CSF rises, the marrow reserve is released and marginated cells return to the stream, so the white count climbs within a day or two while tissues use neutrophils up."
            }
            ConditionKind::BloodLoss => {
                "Bleeding removes red cells, platelets and white cells alike. Haemoglobin falls, the kidney makes EPO, and about a week later a wave of reticulocytes shows the marrow answering."
            }
            ConditionKind::MarrowFailure => {
                "Aplasia or fibrosis takes away stem-cell output. Counts fall, hormones rise, and in time the liver and spleen start making blood cells again, as they did before birth."
            }
            ConditionKind::Aml => {
                "A myeloid clone that keeps dividing without maturing. Its blasts crowd the niches and the marrow space, normal output fails (anaemia, low platelets, low neutrophils) and blasts spill into the blood."
            }
            ConditionKind::All => {
                "The lymphoid counterpart of AML, commonest in children: lymphoblasts fill the marrow and the blood."
            }
            ConditionKind::Lymphoma => {
                "A lymphoma that has spread to the marrow grows slowly, takes space from normal cells and shows in blood as extra, abnormal lymphocytes."
            }
            ConditionKind::Myeloma => {
                "A clone of plasma cells slowly fills the marrow (10 % or more of its cells). It rarely enters blood, but the crowding and its signals cause anaemia."
            }
        }
    }

    /// Highest allowed strength.
    pub fn max_strength(self) -> f32 {
        match self {
            ConditionKind::BloodLoss => 0.6,
            ConditionKind::Aml
            | ConditionKind::All
            | ConditionKind::Lymphoma
            | ConditionKind::Myeloma => 0.5,
            ConditionKind::MarrowFailure => 0.95,
            _ => 1.0,
        }
    }

    /// A malignant clone seeded once (and cleared at its end day, if any).
    pub fn is_clone(self) -> bool {
        matches!(
            self,
            ConditionKind::Aml
                | ConditionKind::All
                | ConditionKind::Lymphoma
                | ConditionKind::Myeloma
        )
    }

    /// Days the condition lasts when no end day is given; `None`: until the run ends.
    pub fn default_days(self, p: &ConditionParams) -> Option<f32> {
        match self {
            ConditionKind::Chemotherapy => Some(p.chemotherapy.course_days),
            ConditionKind::GcsfTherapy => Some(p.gcsf_therapy.course_days),
            ConditionKind::Infection => Some(p.infection.course_days),
            ConditionKind::BloodLoss => Some(p.blood_loss.hours / 24.0),
            _ => None,
        }
    }
}

/// One condition on a timeline.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionEvent {
    pub condition: ConditionKind,
    /// Day (since day 0) it starts.
    pub start_day: f32,
    /// Day it ends; without one (and without `duration_days`), the kind's usual course
    /// length (or the whole run).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_day: Option<f32>,
    /// Days it lasts: another way to give its end (`end_day` = `start_day` + this).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_days: Option<f32>,
    pub strength: f32,
}

impl ConditionEvent {
    /// Start and end in hours (end infinite for an open-ended condition).
    pub fn span_hours(&self, p: &ConditionParams) -> (f64, f64) {
        let start = self.start_day as f64 * 24.0;
        let end = match self
            .end_day
            .or_else(|| self.duration_days.map(|d| self.start_day + d))
            .or_else(|| self.condition.default_days(p).map(|d| self.start_day + d))
        {
            Some(end) => end as f64 * 24.0,
            None => f64::INFINITY,
        };
        (start, end)
    }

    pub fn active_at(&self, p: &ConditionParams, hours: f64) -> bool {
        let (start, end) = self.span_hours(p);
        hours >= start && hours < end
    }
}

/// Parameters of every condition (the `conditions` section of the kinetic table).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ConditionParams {
    pub aging: AgingParams,
    pub chemotherapy: ChemoParams,
    pub gcsf_therapy: GcsfTherapyParams,
    pub infection: InfectionParams,
    pub blood_loss: BloodLossParams,
    pub crowding: CrowdingParams,
    /// The lineage each clone condition seeds.
    pub clones: Vec<CloneParams>,
    pub extramedullary: ExtramedullaryParams,
    pub fetal: FetalParams,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AgingParams {
    /// Stem-cell output relative to a young adult, by age: (years, factor).
    pub output_by_age: Vec<(f32, f32)>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ChemoParams {
    /// Course length when an event gives no end day.
    pub course_days: f32,
    /// A stage dividing once per this many hours (or faster) is fully sensitive.
    pub reference_cycle_hours: f32,
    /// Sensitivity of slower-cycling stages: (reference / hours per division)^exponent.
    pub cycling_exponent: f32,
    /// Sensitivity of stages that no longer divide.
    pub resting_sensitivity: f32,
    /// Sensitivity of the multipotent progenitors behind the stem cells: their loss cuts
    /// stem-cell output until they regrow.
    pub progenitor_sensitivity: f32,
    /// Time constant of that regrowth.
    pub progenitor_recovery_days: f32,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GcsfTherapyParams {
    pub course_days: f32,
    /// Multiplier of the G-CSF level at strength 1.
    pub max_boost: f64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct InfectionParams {
    pub course_days: f32,
    /// Multiplier of the G-CSF level at strength 1.
    pub gcsf_boost: f64,
    /// Fraction of blood neutrophils drawn into tissue per hour at strength 1.
    pub consumption_per_hour: f64,
    /// Share of the marginated neutrophil pool returned to the flowing blood at strength 1.
    pub demargination: f64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct BloodLossParams {
    /// Hours a bleed lasts when an event gives no end day.
    pub hours: f32,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CrowdingParams {
    /// Nucleated cells a packed marrow holds, relative to a healthy adult's.
    pub packed_capacity: f64,
    /// A clone's self-renewal falls as occupancy^exponent approaches 1.
    pub renew_exponent: f64,
    /// Normal stem-cell output x (1 - clone occupancy)^exponent: niches and space lost.
    pub suppression_exponent: f64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CloneParams {
    pub condition: ConditionKind,
    pub lineage: String,
    /// How strongly the clone suppresses normal output per cell, relative to crowding alone
    /// (myeloma cells also signal erythroblasts to die).
    #[serde(default = "one")]
    pub suppression: f64,
}

fn one() -> f64 {
    1.0
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ExtramedullaryParams {
    /// Hormones whose sustained rise wakes the liver and spleen.
    pub stress_hormones: Vec<Hormone>,
    /// Hormone level (x baseline) at which extramedullary output starts...
    pub stress_threshold: f64,
    /// ...and the level at which it reaches `max_share`.
    pub stress_saturation: f64,
    /// Highest extramedullary output, as a share of a healthy marrow's.
    pub max_share: f64,
    /// Time constant of its growth and decline.
    pub tau_days: f64,
    /// Products the liver and spleen make.
    pub products: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FetalParams {
    /// Relative output of each site by gestational week: (week, weight).
    pub sites: Vec<FetalSite>,
    /// Days from stem cells settling in the marrow to their first cells reaching the blood;
    /// the liver and spleen keep up their share until then.
    pub marrow_lag_days: f32,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FetalSite {
    pub name: String,
    pub by_week: Vec<(f32, f32)>,
}

impl FetalParams {
    /// Each site's share of blood-cell production at `week`, in the order of `sites`.
    pub fn shares(&self, week: f32) -> Vec<f64> {
        let w: Vec<f64> = self
            .sites
            .iter()
            .map(|s| interpolate(&s.by_week, week).max(0.0) as f64)
            .collect();
        let total: f64 = w.iter().sum();
        w.iter()
            .map(|x| if total > 0.0 { x / total } else { 0.0 })
            .collect()
    }

    /// The marrow's share of production at `week`.
    pub fn marrow_share(&self, week: f32) -> f64 {
        self.sites
            .iter()
            .position(|s| s.name == "marrow")
            .map_or(1.0, |i| self.shares(week)[i])
    }
}

impl ConditionParams {
    /// Stem-cell output at an age, relative to a young adult.
    pub fn aging_output(&self, age_years: f32) -> f64 {
        interpolate(&self.aging.output_by_age, age_years).clamp(0.05, 1.5) as f64
    }

    /// The lineage a clone condition seeds.
    pub fn clone_lineage(&self, kind: ConditionKind) -> Option<&str> {
        self.clones
            .iter()
            .find(|c| c.condition == kind)
            .map(|c| c.lineage.as_str())
    }

    /// Suppression weight of a malignant lineage's cells (1 when not listed).
    pub fn clone_suppression_weight(&self, lineage: &str) -> f64 {
        self.clones
            .iter()
            .find(|c| c.lineage == lineage)
            .map_or(1.0, |c| c.suppression)
    }

    /// Share of the chemotherapy kill that `stage` suffers.
    pub fn chemo_sensitivity(&self, stage: &Stage) -> f64 {
        if let Some(s) = stage.chemo_sensitivity {
            return s as f64;
        }
        let c = &self.chemotherapy;
        if stage.divisions == 0 {
            return c.resting_sensitivity as f64;
        }
        let hours_per_division = (stage.hours / stage.divisions as f32).max(1e-3);
        ((c.reference_cycle_hours / hours_per_division).powf(c.cycling_exponent) as f64)
            .clamp(c.resting_sensitivity as f64, 1.0)
    }

    /// Extramedullary output the hormone `levels` call for, as a share of a healthy marrow's.
    pub fn extramedullary_target(&self, levels: &super::hormones::HormoneLevels) -> f64 {
        let e = &self.extramedullary;
        let stress = e
            .stress_hormones
            .iter()
            .map(|h| levels.get(*h))
            .fold(0.0, f64::max);
        if stress <= e.stress_threshold {
            return 0.0;
        }
        let t =
            (stress / e.stress_threshold).ln() / (e.stress_saturation / e.stress_threshold).ln();
        e.max_share * t.clamp(0.0, 1.0)
    }
}

/// What the active conditions do at one moment.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Effects {
    /// Chemotherapy death hazard (per hour) of a fully sensitive cell.
    pub chemo_kill_per_h: f64,
    /// Multiplier of the G-CSF level's target.
    pub gcsf_extra: f64,
    /// Fraction of blood neutrophils drawn into tissue per hour.
    pub neutrophil_use_per_h: f64,
    /// Share of the marginated neutrophils pushed into the flowing blood.
    pub demargination: f64,
    /// Hazard (per hour) of losing any circulating cell by bleeding.
    pub bleed_per_h: f64,
    /// Stem-cell output left by marrow failure (1 = none lost).
    pub failure_output: f64,
}

impl Default for Effects {
    fn default() -> Self {
        Self {
            chemo_kill_per_h: 0.0,
            gcsf_extra: 1.0,
            neutrophil_use_per_h: 0.0,
            demargination: 0.0,
            bleed_per_h: 0.0,
            failure_output: 1.0,
        }
    }
}

/// Hazard per hour that removes `fraction` of a population over `hours`.
pub fn spread_hazard(fraction: f64, hours: f64) -> f64 {
    let f = fraction.clamp(0.0, 0.999_999);
    if hours <= 0.0 || !hours.is_finite() {
        return 0.0;
    }
    -(1.0 - f).ln() / hours
}

/// The combined effect of `events` at `hours` since day 0.
pub fn effects_at(p: &ConditionParams, events: &[ConditionEvent], hours: f64) -> Effects {
    let mut fx = Effects::default();
    for ev in events.iter().filter(|e| e.active_at(p, hours)) {
        let s = (ev.strength as f64).clamp(0.0, ev.condition.max_strength() as f64);
        let (start, end) = ev.span_hours(p);
        match ev.condition {
            ConditionKind::Chemotherapy => fx.chemo_kill_per_h += spread_hazard(s, end - start),
            ConditionKind::GcsfTherapy => {
                fx.gcsf_extra *= 1.0 + s * (p.gcsf_therapy.max_boost - 1.0)
            }
            ConditionKind::Infection => {
                fx.gcsf_extra *= 1.0 + s * (p.infection.gcsf_boost - 1.0);
                fx.neutrophil_use_per_h += s * p.infection.consumption_per_hour;
                fx.demargination = (fx.demargination + s * p.infection.demargination).min(1.0);
            }
            ConditionKind::BloodLoss => fx.bleed_per_h += spread_hazard(s, end - start),
            ConditionKind::MarrowFailure => fx.failure_output *= 1.0 - s,
            ConditionKind::Aml
            | ConditionKind::All
            | ConditionKind::Lymphoma
            | ConditionKind::Myeloma => {}
        }
    }
    fx
}

/// Progenitor loss after `dt` hours under a chemotherapy hazard `kill_per_h`, starting from
/// `damage` (0 = intact, 1 = all lost): killed by the drug, regrowing with its time constant.
pub fn progenitor_damage(c: &ChemoParams, damage: f64, kill_per_h: f64, dt: f64) -> f64 {
    let hit = 1.0 - (1.0 - damage) * (-kill_per_h * c.progenitor_sensitivity as f64 * dt).exp();
    hit * (-dt / (c.progenitor_recovery_days as f64 * 24.0)).exp()
}

/// A clone's self-renewal multiplier when the marrow holds `occupancy` of its packed capacity.
pub fn renew_scale(c: &CrowdingParams, occupancy: f64) -> f64 {
    (1.0 - occupancy.max(0.0).powf(c.renew_exponent)).clamp(0.0, 1.0)
}

/// Normal stem-cell output left when a clone holds `clone_occupancy` of the packed capacity.
pub fn clone_suppression(c: &CrowdingParams, clone_occupancy: f64) -> f64 {
    (1.0 - clone_occupancy.clamp(0.0, 1.0)).powf(c.suppression_exponent)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::biology::kinetics::Kinetics;

    fn params() -> ConditionParams {
        Kinetics::bundled().conditions
    }

    fn event(condition: ConditionKind, start: f32, end: Option<f32>, s: f32) -> ConditionEvent {
        ConditionEvent {
            condition,
            start_day: start,
            end_day: end,
            duration_days: None,
            strength: s,
        }
    }

    #[test]
    fn a_chemotherapy_course_kills_its_strength_over_its_length() {
        let p = params();
        let ev = [event(ConditionKind::Chemotherapy, 2.0, Some(5.0), 0.9)];
        assert_eq!(effects_at(&p, &ev, 24.0).chemo_kill_per_h, 0.0);
        let h = effects_at(&p, &ev, 3.0 * 24.0).chemo_kill_per_h;
        let surviving = (-h * 72.0).exp();
        assert!((surviving - 0.1).abs() < 1e-6, "{surviving}");
        assert_eq!(effects_at(&p, &ev, 5.0 * 24.0).chemo_kill_per_h, 0.0);
    }

    #[test]
    fn progenitors_are_hit_then_regrow() {
        let c = &params().chemotherapy;
        let mut d = 0.0;
        let kill = spread_hazard(0.9, 24.0);
        for _ in 0..240 {
            d = progenitor_damage(c, d, kill, 0.1);
        }
        assert!(d > 0.5, "{d}");
        let after_course = d;
        for _ in 0..(28 * 240) {
            d = progenitor_damage(c, d, 0.0, 0.1);
        }
        assert!(d < 0.1 * after_course, "{d}");
    }

    #[test]
    fn dividing_stages_are_hit_harder_than_resting_ones() {
        let k = Kinetics::bundled();
        let n = &k.lineages[k.lineage_index("neutrophil").unwrap()];
        let s: Vec<f64> = n
            .stages
            .iter()
            .map(|s| k.conditions.chemo_sensitivity(s))
            .collect();
        assert!(
            s[0] > s[2],
            "myeloblast cycles faster than myelocyte: {s:?}"
        );
        assert!(
            s[2] > 4.0 * s[3],
            "myelocyte divides, metamyelocyte does not: {s:?}"
        );
    }

    #[test]
    fn infection_raises_gcsf_and_uses_neutrophils_and_ends() {
        let p = params();
        let ev = [event(ConditionKind::Infection, 1.0, None, 1.0)];
        let fx = effects_at(&p, &ev, 30.0);
        assert!(fx.gcsf_extra > 5.0);
        assert!(fx.neutrophil_use_per_h > 0.0 && fx.demargination > 0.0);
        let after = (1.0 + p.infection.course_days as f64) * 24.0 + 1.0;
        assert_eq!(effects_at(&p, &ev, after), Effects::default());
    }

    #[test]
    fn open_ended_failure_lasts_the_whole_run_and_combines() {
        let p = params();
        let ev = [
            event(ConditionKind::MarrowFailure, 0.0, None, 0.5),
            event(ConditionKind::MarrowFailure, 10.0, None, 0.5),
        ];
        assert_eq!(effects_at(&p, &ev, 5.0 * 24.0).failure_output, 0.5);
        assert_eq!(effects_at(&p, &ev, 1e6).failure_output, 0.25);
    }

    #[test]
    fn strength_beyond_the_maximum_is_held_at_it() {
        let p = params();
        let ev = [event(ConditionKind::BloodLoss, 0.0, Some(1.0), 5.0)];
        let h = effects_at(&p, &ev, 1.0).bleed_per_h;
        assert!(((-h * 24.0).exp() - 0.4).abs() < 1e-6);
    }

    #[test]
    fn crowding_slows_a_clone_and_starves_normal_output() {
        let c = &params().crowding;
        assert!(renew_scale(c, 0.3) > 0.99);
        assert!(renew_scale(c, 1.0) == 0.0);
        assert!(clone_suppression(c, 0.0) == 1.0);
        assert!(clone_suppression(c, 0.5) < 0.5);
    }

    #[test]
    fn production_moves_from_yolk_sac_to_liver_to_marrow() {
        let f = &params().fetal;
        let site = |name: &str, week: f32| {
            let i = f.sites.iter().position(|s| s.name == name).unwrap();
            f.shares(week)[i]
        };
        assert!(site("yolk_sac", 5.0) > 0.5);
        assert!(site("liver", 20.0) > site("marrow", 20.0));
        assert!(f.marrow_share(38.0) > 0.6);
        let total: f64 = f.shares(14.0).iter().sum();
        assert!((total - 1.0).abs() < 1e-9);
    }

    #[test]
    fn sustained_hormone_stress_calls_for_extramedullary_output() {
        let p = params();
        let calm = super::super::hormones::HormoneLevels::default();
        assert_eq!(p.extramedullary_target(&calm), 0.0);
        let stressed = super::super::hormones::HormoneLevels([40.0, 20.0, 1.0]);
        assert!(p.extramedullary_target(&stressed) > 0.0);
    }
}
