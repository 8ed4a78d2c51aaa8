//! Conditions that disturb haematopoiesis: what each one is, its parameters (data in the
//! `conditions` section of `assets/kinetics.ron`) and the pure arithmetic of its effects.
//!
//! A condition enters a run as a [`ConditionEvent`] on the scenario's timeline (or from the
//! conditions panel): active from `start_day` until `end_day`, at a `strength` whose meaning
//! each kind states in [`ConditionKind::strength_meaning`]. Age and gestation are properties
//! of the patient rather than events.

use serde::{Deserialize, Serialize};

pub use super::condition_kind::ConditionKind;
use super::kinetics::{ChemoParams, ConditionParams, CrowdingParams, Stage, interpolate};

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
            .or_else(|| p.course_days(self.condition).map(|d| self.start_day + d))
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

impl ConditionParams {
    /// Days the condition lasts when no end day is given; `None`: until the run ends.
    pub fn course_days(&self, kind: ConditionKind) -> Option<f32> {
        let p = self;
        match kind {
            ConditionKind::Chemotherapy => Some(p.chemotherapy.course_days),
            ConditionKind::GcsfTherapy => Some(p.gcsf_therapy.course_days),
            ConditionKind::Infection => Some(p.infection.course_days),
            ConditionKind::BloodLoss => Some(p.blood_loss.hours / 24.0),
            ConditionKind::Phlebotomy => Some(p.phlebotomy.hours / 24.0),
            ConditionKind::OralIron => Some(p.oral_iron.course_days),
            _ => None,
        }
    }

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

    /// How strongly a clone of `lineage` blocks normal maturation (0 for lineages that are
    /// not clones or do not block).
    pub fn clone_block_weight(&self, lineage: &str) -> f64 {
        self.clones
            .iter()
            .find(|c| c.lineage == lineage)
            .map_or(0.0, |c| c.maturation_block)
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

    /// Extramedullary output, as a share of a healthy marrow's, once stem cells driven out
    /// of the marrow have settled in the liver and spleen (`colonised`: 0 = none, 1 = all
    /// that fibrosis can drive out) and the hormone `levels` push them. Without colonising
    /// stem cells hormones alone make none: in aplastic anaemia the liver and spleen stay
    /// quiet.
    pub fn extramedullary_target(
        &self,
        levels: &super::hormones::HormoneLevels,
        colonised: f64,
    ) -> f64 {
        let e = &self.extramedullary;
        let stress = e
            .stress_hormones
            .iter()
            .map(|h| levels.get(*h))
            .fold(0.0, f64::max);
        let t = if stress <= e.stress_threshold {
            0.0
        } else {
            (stress / e.stress_threshold).ln() / (e.stress_saturation / e.stress_threshold).ln()
        };
        let push = e.unstressed_share + (1.0 - e.unstressed_share) * t.clamp(0.0, 1.0);
        e.max_share * colonised.clamp(0.0, 1.0) * push
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
    /// Iron absorbed from tablets, mg per hour.
    pub oral_iron_mg_per_h: f64,
    /// Share of the marrow space filled by fibres.
    pub fibrosis: f64,
    /// Tissue demand for lymphocytes: the share of blood lymphocytes it holds out of the blood.
    pub lymph_redistribution: f64,
    /// Share of iron release that inflammation (hepcidin) calls to be blocked.
    pub iron_block: f64,
    /// Share of stem-cell divisions whose daughter carries the JAK2-like mutation.
    pub mutant_share: f64,
    /// Whole blood taken off by phlebotomy, mL per hour.
    pub phlebotomy_ml_per_h: f64,
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
            oral_iron_mg_per_h: 0.0,
            fibrosis: 0.0,
            lymph_redistribution: 0.0,
            iron_block: 0.0,
            mutant_share: 0.0,
            phlebotomy_ml_per_h: 0.0,
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
    for ev in events
        .iter()
        .filter(|e| e.condition == ConditionKind::Myelofibrosis)
    {
        let left = 1.0 - fx.fibrosis;
        fx.fibrosis += left * fibrosis_at(p, ev, hours);
    }
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
                let i = &p.infection;
                fx.neutrophil_use_per_h += s.powf(i.consumption_exponent) * i.consumption_per_hour;
                fx.demargination = (fx.demargination + s * i.demargination).min(1.0);
                fx.lymph_redistribution =
                    (fx.lymph_redistribution + s * i.lymph_redistribution).min(0.95);
                fx.iron_block = (fx.iron_block + s * i.iron_block).min(0.95);
            }
            ConditionKind::BloodLoss => fx.bleed_per_h += spread_hazard(s, end - start),
            ConditionKind::OralIron => {
                fx.oral_iron_mg_per_h += s * p.oral_iron.absorbed_mg_per_day / 24.0
            }
            ConditionKind::AplasticAnaemia => fx.failure_output *= 1.0 - s,
            ConditionKind::Myelofibrosis => {}
            ConditionKind::PolycythaemiaVera => {
                fx.mutant_share = 1.0 - (1.0 - fx.mutant_share) * (1.0 - s)
            }
            ConditionKind::Phlebotomy => {
                fx.phlebotomy_ml_per_h += s * p.phlebotomy.unit_ml / (end - start).max(1e-3)
            }
            ConditionKind::Aml
            | ConditionKind::All
            | ConditionKind::Lymphoma
            | ConditionKind::Myeloma => {}
        }
    }
    fx
}

/// Share of the marrow space one myelofibrosis event has filled at `hours`: fibres build
/// toward its strength with `build_days`; after an end day (a transplant, say) they regress
/// as slowly.
pub fn fibrosis_at(p: &ConditionParams, ev: &ConditionEvent, hours: f64) -> f64 {
    let (start, end) = ev.span_hours(p);
    if hours < start {
        return 0.0;
    }
    let tau = p.myelofibrosis.build_days.max(1e-3) * 24.0;
    let s = (ev.strength as f64).clamp(0.0, ev.condition.max_strength() as f64);
    let built = s * (1.0 - (-(hours.min(end) - start) / tau).exp());
    if hours > end {
        built * (-(hours - end) / tau).exp()
    } else {
        built
    }
}

/// Progenitor loss after `dt` hours under a chemotherapy hazard `kill_per_h`, starting from
/// `damage` (0 = intact, 1 = all lost): killed by the drug, regrowing with the time constant
/// `recovery_days` (`ChemoParams::recovery_days` at the patient's age).
pub fn progenitor_damage(
    c: &ChemoParams,
    damage: f64,
    kill_per_h: f64,
    recovery_days: f64,
    dt: f64,
) -> f64 {
    let hit = 1.0 - (1.0 - damage) * (-kill_per_h * c.progenitor_sensitivity as f64 * dt).exp();
    hit * (-dt / (recovery_days.max(1e-3) * 24.0)).exp()
}

/// A clone's self-renewal multiplier when the marrow holds `occupancy` of its packed capacity.
pub fn renew_scale(c: &CrowdingParams, occupancy: f64) -> f64 {
    (1.0 - occupancy.max(0.0).powf(c.renew_exponent)).clamp(0.0, 1.0)
}

/// Strength (0..1) of a leukaemic clone's block on normal maturation when blocking clone cells
/// make up `share` of the nucleated marrow: it saturates, so a clone already harms output at
/// a small share. (The kinetics check keeps `block_half_share` above 0.)
pub fn maturation_block(c: &CrowdingParams, share: f64) -> f64 {
    let s = share.clamp(0.0, 1.0);
    s / (s + c.block_half_share)
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
            d = progenitor_damage(c, d, kill, c.recovery_days(40.0), 0.1);
        }
        assert!(d > 0.5, "{d}");
        let after_course = d;
        for _ in 0..(28 * 240) {
            d = progenitor_damage(c, d, 0.0, c.recovery_days(40.0), 0.1);
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
            event(ConditionKind::AplasticAnaemia, 0.0, None, 0.5),
            event(ConditionKind::AplasticAnaemia, 10.0, None, 0.5),
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
    fn a_small_leukaemic_clone_already_blocks_much_maturation() {
        let c = &params().crowding;
        assert_eq!(maturation_block(c, 0.0), 0.0);
        let half = maturation_block(c, c.block_half_share);
        assert!((half - 0.5).abs() < 1e-12, "{half}");
        // Saturating: a tenth of the marrow already blocks most of it; a full marrow is < 1.
        assert!(maturation_block(c, 0.1) > 0.8);
        let full = maturation_block(c, 1.0);
        assert!(full < 1.0 && full > maturation_block(c, 0.5), "{full}");
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
    fn only_stem_cells_settled_outside_the_marrow_make_blood_there() {
        let p = params();
        let calm = super::super::hormones::HormoneLevels::default();
        let stressed = super::super::hormones::HormoneLevels([40.0, 20.0, 1.0]);
        assert_eq!(p.extramedullary_target(&stressed, 0.0), 0.0);
        assert!(p.extramedullary_target(&calm, 0.5) > 0.0);
        assert!(p.extramedullary_target(&stressed, 0.5) > p.extramedullary_target(&calm, 0.5));
    }

    #[test]
    fn fibrosis_builds_over_weeks_and_stays() {
        let p = params();
        let ev = [event(ConditionKind::Myelofibrosis, 0.0, None, 0.8)];
        let at = |d: f64| effects_at(&p, &ev, d * 24.0).fibrosis;
        assert!(at(7.0) < 0.2 && at(7.0) > 0.0, "{}", at(7.0));
        assert!(at(60.0) > 0.4 && at(365.0) <= 0.8 + 1e-9 && at(365.0) > 0.75);
        assert!(at(30.0) < at(60.0));
    }
}
