//! The checks a kinetic table passes before anything runs on it: every number within a range
//! that keeps the model meaningful, the names it refers to known, and a marrow small enough to
//! simulate. A problem comes back as (field path, message), the path as
//! `lineages[0] (erythroid).stages[2] (proerythroblast).hours`, which
//! `scenario::ron_errors::locate` finds in the file's text.
//!
//! They stand above the model's arithmetic (`production`), which they use to size the marrow.

use super::kinetics::{ConditionParams, Fate, Hormone, Kinetics, Survival};
use super::production;
use super::ranges::{problem, table, within};

pub use super::ranges::Problem;

/// Live agents the simulation can hold at most (`max_agents` may not exceed it).
pub const MAX_AGENTS: usize = 200_000;

/// Age cohorts one circulating product may keep (its longest life over `cohort_hours`).
pub const MAX_COHORTS: f64 = 2000.0;

/// Fat cells a window may need to reach the fat share of the oldest age in `fat_by_age`.
pub const MAX_ADIPOCYTES: f64 = 5000.0;

impl Kinetics {
    /// Consistency checks; (field path, message) of the first problem, in the order the
    /// fields stand in `assets/kinetics.ron`.
    pub fn check(&self) -> Result<(), Problem> {
        self.check_run()?;
        self.check_window()?;
        self.check_body_and_stem_cells()?;
        self.check_hormones()?;
        self.check_lineages()?;
        self.check_products()?;
        check_conditions(&self.conditions, self)?;
        self.iron.check()?;
        self.check_size()
    }

    fn check_run(&self) -> Result<(), Problem> {
        within("tick_hours", self.tick_hours as f64, 0.02, 1.0, "hours")?;
        let ticks_per_day = 24.0 / self.tick_hours;
        if (ticks_per_day - ticks_per_day.round()).abs() > 1e-3 {
            return problem(
                "tick_hours",
                "must divide a day into a whole number of ticks",
            );
        }
        within(
            "max_agents",
            self.max_agents as f64,
            100.0,
            MAX_AGENTS as f64,
            "",
        )?;
        within("warmup_days", self.warmup_days as f64, 0.0, 30.0, "days")?;
        within(
            "physics_interval_ticks",
            self.physics_interval_ticks as f64,
            1.0,
            10.0,
            "",
        )?;
        within(
            "physics_solver_iterations",
            self.physics_solver_iterations as f64,
            1.0,
            16.0,
            "",
        )?;
        within("stage_jitter", self.stage_jitter as f64, 0.0, 0.9, "")
    }

    fn check_window(&self) -> Result<(), Problem> {
        let w = &self.window;
        let f = |v: f32| v as f64;
        within("window.size_um", f(w.size_um), 40.0, 1000.0, "µm")?;
        within("window.length_ratio", f(w.length_ratio), 0.5, 40.0, "")?;
        let size = f(w.size_um);
        within(
            "window.bone_thickness_um",
            f(w.bone_thickness_um),
            0.0,
            size / 4.0,
            "µm (up to a quarter of size_um)",
        )?;
        within(
            "window.vessel_radius_um",
            f(w.vessel_radius_um),
            1.0,
            size / 4.0,
            "µm (up to a quarter of size_um)",
        )?;
        within(
            "window.macrophages",
            f(w.macrophages as f32),
            1.0,
            200.0,
            "",
        )?;
        within(
            "window.macrophage_radius_um",
            f(w.macrophage_radius_um),
            1.0,
            50.0,
            "µm",
        )?;
        within(
            "window.stromal_cells",
            f(w.stromal_cells as f32),
            0.0,
            1000.0,
            "",
        )?;
        within(
            "window.stromal_radius_um",
            f(w.stromal_radius_um),
            0.5,
            50.0,
            "µm",
        )?;
        within(
            "window.adipocyte_radius_um",
            f(w.adipocyte_radius_um),
            5.0,
            100.0,
            "µm",
        )?;
        let (lo, hi) = w.adipocyte_radius_jitter;
        within("window.adipocyte_radius_jitter.0", f(lo), 0.5, 1.0, "")?;
        within("window.adipocyte_radius_jitter.1", f(hi), 1.0, 2.0, "")?;
        if lo >= hi {
            return problem(
                "window.adipocyte_radius_jitter",
                format!("({lo}, {hi}): the first must be smaller than the second"),
            );
        }
        within(
            "window.crawl_um_per_hour",
            f(w.crawl_um_per_hour),
            0.1,
            500.0,
            "µm/h",
        )?;
        within(
            "window.resting_crawl_factor",
            f(w.resting_crawl_factor),
            0.0,
            1.0,
            "(share of crawl_um_per_hour)",
        )?;
        within(
            "window.daughter_offset",
            f(w.daughter_offset),
            0.0,
            2.0,
            "(daughter radii)",
        )?;
        within("window.wander_weight", f(w.wander_weight), 0.0, 5.0, "")?;
        within(
            "window.wander_persistence_hours",
            f(w.wander_persistence_hours),
            0.01,
            100.0,
            "h",
        )?;
        within("window.egress_gap_um", f(w.egress_gap_um), 0.1, 50.0, "µm")?;
        within(
            "window.egress_timeout_hours",
            f(w.egress_timeout_hours),
            1.0,
            720.0,
            "h",
        )?;
        within(
            "window.island_radius_um",
            f(w.island_radius_um),
            8.5,
            size / 2.0,
            "µm (from just over the 8 µm inner ring of a seeded island to half of size_um)",
        )?;
        within("window.damping", f(w.damping), 0.0, 100.0, "per second")?;
        table(
            "window.fat_by_age",
            &w.fat_by_age,
            (0.0, 120.0, "years"),
            (0.0, 0.95, "(fraction of the marrow space)"),
        )
    }

    fn check_body_and_stem_cells(&self) -> Result<(), Problem> {
        let (b, h) = (&self.body, &self.hsc);
        within(
            "body.blood_volume_ul",
            b.blood_volume_ul,
            1.0e5,
            2.0e7,
            "µL",
        )?;
        within("body.mch_pg", b.mch_pg, 10.0, 60.0, "pg")?;
        within(
            "body.retic_blood_hours",
            b.retic_blood_hours,
            1.0,
            96.0,
            "h",
        )?;
        within(
            "body.female_erythroid_drive",
            b.female_erythroid_drive,
            0.5,
            1.5,
            "",
        )?;
        within("body.mcv_fl", b.mcv_fl, 50.0, 130.0, "fL")?;
        within("body.normal_hct_pct", b.normal_hct_pct, 20.0, 70.0, "%")?;
        table(
            "body.retic_shift_by_hct",
            &b.retic_shift_by_hct,
            (0.0, 100.0, "%"),
            (0.5, 5.0, "(times retic_blood_hours)"),
        )?;
        within(
            "body.plasma_refill_hours",
            b.plasma_refill_hours,
            0.5,
            240.0,
            "h",
        )?;
        within(
            "hsc.endosteal_niches",
            h.endosteal_niches as f64,
            0.0,
            500.0,
            "",
        )?;
        within(
            "hsc.perivascular_niches",
            h.perivascular_niches as f64,
            0.0,
            500.0,
            "",
        )?;
        if h.endosteal_niches + h.perivascular_niches == 0 {
            return problem("hsc", "needs at least one niche");
        }
        within("hsc.cycle_hours", h.cycle_hours as f64, 0.5, 2000.0, "h")?;
        within("hsc.cycle_jitter", h.cycle_jitter as f64, 0.0, 0.9, "")?;
        within("hsc.radius_um", h.radius_um as f64, 0.5, 30.0, "µm")?;
        for (i, c) in h.color.iter().enumerate() {
            within(format!("hsc.color.{i}"), *c as f64, 0.0, 1.0, "")?;
        }
        within(
            "hsc.hold_radius_um",
            h.hold_radius_um as f64,
            0.1,
            20.0,
            "µm",
        )?;
        within(
            "hsc.daughter_offset",
            h.daughter_offset as f64,
            0.0,
            2.0,
            "(of the two radii)",
        )?;
        within("hsc.pad_radius_um", h.pad_radius_um as f64, 0.5, 20.0, "µm")?;
        within("hsc.pad_gap_um", h.pad_gap_um as f64, 0.0, 20.0, "µm")
    }

    fn check_hormones(&self) -> Result<(), Problem> {
        for hormone in Hormone::ALL {
            let p = self.hormones.get(hormone);
            let name = format!(
                "hormones.{}",
                hormone.label().to_lowercase().replace('-', "")
            );
            let at = |f: &str| format!("{name}.{f}");
            // What each hormone senses, and the range of set points that is a blood count.
            let (lo, hi, unit) = match hormone {
                Hormone::Epo => (3.0, 25.0, "g/dL of haemoglobin"),
                Hormone::Tpo => (10.0, 2000.0, "×10³ platelets/µL"),
                Hormone::Gcsf => (0.1, 50.0, "×10³ neutrophils/µL"),
            };
            within(at("set_point"), p.set_point, lo, hi, unit)?;
            within(at("gain"), p.gain, 0.0, 50.0, "")?;
            within(at("tau_hours"), p.tau_hours, 0.1, 1000.0, "h")?;
            within(at("min_level"), p.min_level, 0.01, 1.0, "× normal")?;
            within(at("max_level"), p.max_level, 1.0, 1000.0, "× normal")?;
            for (field, v) in [
                ("commit_exp", p.commit_exp),
                ("death_exp", p.death_exp),
                ("release_exp", p.release_exp),
                ("shed_exp", p.shed_exp),
                ("clearance_exp", p.clearance_exp),
            ] {
                within(at(field), v, 0.0, 5.0, "")?;
            }
        }
        Ok(())
    }

    fn check_lineages(&self) -> Result<(), Problem> {
        if self.lineages.is_empty() || self.lineages.len() > 250 {
            return problem("lineages", "must list 1..=250 lineages");
        }
        for (i, l) in self.lineages.iter().enumerate() {
            let at = |f: &str| format!("lineages[{i}] ({}).{f}", l.name);
            if l.name.trim().is_empty() {
                return problem(at("name"), "must not be empty");
            }
            if let Some(first) = self.lineages[..i].iter().position(|o| o.name == l.name) {
                return problem(
                    at("name"),
                    format!("{:?} is already the name of lineages[{first}]", l.name),
                );
            }
            within(
                at("commit_weight"),
                l.commit_weight,
                0.0,
                100.0,
                "(relative share)",
            )?;
            if l.malignant && l.commit_weight != 0.0 {
                return problem(
                    at("commit_weight"),
                    "must be 0 for a malignant lineage (clones are seeded by conditions)",
                );
            }
            within(
                at("cells_per_agent"),
                l.cells_per_agent,
                1.0e3,
                1.0e12,
                "real cells",
            )?;
            if l.stages.is_empty() || l.stages.len() > 250 {
                return problem(at("stages"), "must list 1..=250 stages");
            }
            if let Some(r) = &l.resident {
                if l.malignant || l.commit_weight != 0.0 {
                    return problem(
                        at("resident"),
                        "a resident pool is neither malignant nor made by stem cells (commit_weight 0)",
                    );
                }
                if l.stages.len() != 1 || l.stages[0].divisions != 0 {
                    return problem(
                        at("stages"),
                        "a resident pool has exactly one stage, without divisions (arrivals replace its losses)",
                    );
                }
                within(
                    at("resident.share"),
                    r.share,
                    0.0,
                    0.5,
                    "(share of nucleated cells)",
                )?;
                within(at("resident.refill_gain"), r.refill_gain, 0.0, 20.0, "")?;
            }
            if self.product_index(l.fate.product()).is_none() {
                return problem(
                    at("fate"),
                    format!(
                        "unknown product {:?}; known: {}",
                        l.fate.product(),
                        self.product_names()
                    ),
                );
            }
            if let Fate::Shed {
                per_cell, hours, ..
            } = l.fate
            {
                within(at("fate.per_cell"), per_cell, 1.0, 1.0e6, "fragments")?;
                within(at("fate.hours"), hours as f64, 0.1, 720.0, "h")?;
            }
            for (j, s) in l.stages.iter().enumerate() {
                let at =
                    |f: &str| format!("lineages[{i}] ({}).stages[{j}] ({}).{f}", l.name, s.name);
                within(at("hours"), s.hours as f64, 0.01, 8760.0, "h")?;
                within(at("divisions"), s.divisions as f64, 0.0, 8.0, "")?;
                within(at("death"), s.death as f64, 0.0, 1.0, "(fraction)")?;
                within(at("radius_um"), s.radius_um as f64, 0.5, 60.0, "µm")?;
                within(at("renew"), s.renew as f64, 0.0, 0.99, "(probability)")?;
                if let Some(c) = s.chemo_sensitivity {
                    within(at("chemo_sensitivity"), c as f64, 0.0, 1.0, "(fraction)")?;
                }
                if let Some(b) = s.clone_block {
                    within(at("clone_block"), b as f64, 0.0, 1.0, "(share)")?;
                }
                if let Some(e) = &s.early_release {
                    if self.product_index(&e.product).is_none() {
                        return problem(
                            at("early_release.product"),
                            format!(
                                "unknown product {:?}; known: {}",
                                e.product,
                                self.product_names()
                            ),
                        );
                    }
                    within(
                        at("early_release.per_hour"),
                        e.per_hour as f64,
                        0.0,
                        1.0,
                        "/h",
                    )?;
                    within(
                        at("early_release.hormone_exp"),
                        e.hormone_exp as f64,
                        0.0,
                        5.0,
                        "",
                    )?;
                    if let Some(m) = e.max_level {
                        within(at("early_release.max_level"), m as f64, 1.0, 1000.0, "")?;
                    }
                }
                for (n, c) in s.color.iter().enumerate() {
                    within(at(&format!("color.{n}")), *c as f64, 0.0, 1.0, "")?;
                }
            }
        }
        let resident = self.resident_share();
        if resident > 0.6 {
            return problem(
                "lineages",
                format!(
                    "the resident pools' shares add up to {resident}; at most 0.6 leaves room for the cells the marrow makes"
                ),
            );
        }
        if !self
            .lineages
            .iter()
            .any(|l| !l.malignant && l.commit_weight > 0.0)
        {
            return problem(
                "lineages",
                "no normal lineage has a commit_weight above 0, so stem cells would make nothing",
            );
        }
        Ok(())
    }

    fn check_products(&self) -> Result<(), Problem> {
        for (i, p) in self.products.iter().enumerate() {
            let at = |f: &str| format!("products[{i}] ({}).{f}", p.name);
            if let Some(t) = &p.thymus {
                table(
                    &at("thymus.output_by_age"),
                    &t.output_by_age,
                    (0.0, 130.0, "years"),
                    (0.01, 10.0, "(relative to a 40-year-old's)"),
                )?;
                within(at("thymus.homeostasis"), t.homeostasis as f64, 0.0, 1.0, "")?;
            }
            if let Some(first) = self.products[..i].iter().position(|o| o.name == p.name) {
                return problem(
                    at("name"),
                    format!("{:?} is already the name of products[{first}]", p.name),
                );
            }
            within(
                at("circulating_fraction"),
                p.circulating_fraction,
                0.01,
                1.0,
                "(fraction)",
            )?;
            within(at("delay_days"), p.delay_days, 0.0, 365.0, "days")?;
            within(at("cohort_hours"), p.cohort_hours, 1.0, 240.0, "h")?;
            match p.survival {
                Survival::Lifespan { days } => {
                    within(at("survival.days"), days, 0.01, 3650.0, "days")?
                }
                Survival::HalfLife { hours, max_days } => {
                    within(at("survival.hours"), hours, 0.1, 87_600.0, "h")?;
                    within(at("survival.max_days"), max_days, 0.01, 3650.0, "days")?;
                }
            }
            let cohorts = (p.survival.max_age_hours() + p.delay_days * 24.0) / p.cohort_hours;
            if cohorts > MAX_COHORTS {
                return problem(
                    at("cohort_hours"),
                    format!(
                        "{} hours keeps {cohorts:.0} age cohorts for this product's life; at most {MAX_COHORTS} (make the cohorts wider)",
                        p.cohort_hours
                    ),
                );
            }
        }
        Ok(())
    }

    /// The marrow the table describes must fit the simulation: its steady state within
    /// [`MAX_AGENTS`] agents and its fat within [`MAX_ADIPOCYTES`] cells.
    fn check_size(&self) -> Result<(), Problem> {
        let agents = production::steady_state(self, 1.0).agents();
        if !(agents.is_finite() && agents <= MAX_AGENTS as f64) {
            return problem(
                "lineages",
                format!(
                    "a healthy marrow of this table holds {agents:.0} agents at steady state; at most {MAX_AGENTS} fit (raise cells_per_agent, or lower the niches or stage hours)"
                ),
            );
        }
        let w = &self.window;
        let half = w.size_um as f64 / 2.0;
        let space = (2.0 * half * w.length_ratio as f64)
            * (2.0 * half - w.bone_thickness_um as f64)
            * (2.0 * half);
        let fat = w.fat_by_age.iter().map(|p| p.1 as f64).fold(0.0, f64::max);
        let ball = 4.0 / 3.0 * std::f64::consts::PI * (w.adipocyte_radius_um as f64).powi(3);
        let adipocytes = space * fat / ball;
        if adipocytes > MAX_ADIPOCYTES {
            return problem(
                "window.adipocyte_radius_um",
                format!(
                    "{} µm fat cells would take {adipocytes:.0} of them to fill this window's fat share; at most {MAX_ADIPOCYTES} (make them larger or the window smaller)",
                    w.adipocyte_radius_um
                ),
            );
        }
        Ok(())
    }
}

/// The `conditions` section: (field path, message) of the first problem.
fn check_conditions(c: &ConditionParams, k: &Kinetics) -> Result<(), Problem> {
    let at = |f: &str| format!("conditions.{f}");
    table(
        &at("aging.output_by_age"),
        &c.aging.output_by_age,
        (0.0, 120.0, "years"),
        (0.0, 1.5, "(× a young adult's output)"),
    )?;
    let ch = &c.chemotherapy;
    if !ch.recovery_by_age.is_empty() {
        table(
            &at("chemotherapy.recovery_by_age"),
            &ch.recovery_by_age,
            (0.0, 120.0, "years"),
            (0.1, 10.0, "(× a young adult's recovery time)"),
        )?;
    }
    within(
        at("chemotherapy.course_days"),
        ch.course_days as f64,
        0.01,
        60.0,
        "days",
    )?;
    within(
        at("chemotherapy.reference_cycle_hours"),
        ch.reference_cycle_hours as f64,
        1.0,
        1000.0,
        "h",
    )?;
    within(
        at("chemotherapy.cycling_exponent"),
        ch.cycling_exponent as f64,
        0.0,
        4.0,
        "",
    )?;
    within(
        at("chemotherapy.resting_sensitivity"),
        ch.resting_sensitivity as f64,
        0.0,
        1.0,
        "(fraction)",
    )?;
    within(
        at("chemotherapy.progenitor_sensitivity"),
        ch.progenitor_sensitivity as f64,
        0.0,
        1.0,
        "(fraction)",
    )?;
    within(
        at("chemotherapy.progenitor_recovery_days"),
        ch.progenitor_recovery_days as f64,
        0.1,
        365.0,
        "days",
    )?;
    let g = &c.gcsf_therapy;
    within(
        at("gcsf_therapy.course_days"),
        g.course_days as f64,
        0.1,
        60.0,
        "days",
    )?;
    within(
        at("gcsf_therapy.max_boost"),
        g.max_boost,
        1.0,
        100.0,
        "× normal",
    )?;
    let i = &c.infection;
    within(
        at("infection.course_days"),
        i.course_days as f64,
        0.1,
        60.0,
        "days",
    )?;
    within(
        at("infection.gcsf_boost"),
        i.gcsf_boost,
        1.0,
        100.0,
        "× normal",
    )?;
    within(
        at("infection.consumption_per_hour"),
        i.consumption_per_hour,
        0.0,
        10.0,
        "(fraction per hour)",
    )?;
    within(
        at("infection.demargination"),
        i.demargination,
        0.0,
        1.0,
        "(fraction)",
    )?;
    within(
        at("infection.consumption_exponent"),
        i.consumption_exponent,
        0.2,
        12.0,
        "",
    )?;
    within(
        at("infection.lymph_redistribution"),
        i.lymph_redistribution,
        0.0,
        0.95,
        "(fraction)",
    )?;
    within(
        at("infection.iron_block"),
        i.iron_block,
        0.0,
        3.0,
        "(share blocked at strength 1; the block itself stops at 0.95)",
    )?;
    within(
        at("infection.iron_block_days"),
        i.iron_block_days,
        0.05,
        60.0,
        "days",
    )?;
    let m = &c.myelofibrosis;
    within(
        at("myelofibrosis.build_days"),
        m.build_days,
        1.0,
        3650.0,
        "days",
    )?;
    within(
        at("myelofibrosis.teardrop_share"),
        m.teardrop_share,
        0.0,
        1.0,
        "(fraction)",
    )?;
    within(
        at("myelofibrosis.teardrop_life_days"),
        m.teardrop_life_days,
        0.5,
        120.0,
        "days",
    )?;
    within(
        at("spleen.volume_per_share"),
        c.spleen.volume_per_share,
        0.0,
        200.0,
        "normal volumes",
    )?;
    within(
        at("spleen.platelet_pool"),
        c.spleen.platelet_pool,
        0.0,
        0.9,
        "(fraction)",
    )?;
    within(
        at("blood_loss.hours"),
        c.blood_loss.hours as f64,
        0.1,
        720.0,
        "h",
    )?;
    within(
        at("oral_iron.absorbed_mg_per_day"),
        c.oral_iron.absorbed_mg_per_day,
        0.0,
        100.0,
        "mg/day",
    )?;
    within(
        at("oral_iron.course_days"),
        c.oral_iron.course_days as f64,
        1.0,
        3650.0,
        "days",
    )?;
    let cr = &c.crowding;
    within(
        at("crowding.packed_capacity"),
        cr.packed_capacity,
        1.0,
        5.0,
        "× normal",
    )?;
    within(
        at("crowding.renew_exponent"),
        cr.renew_exponent,
        0.5,
        50.0,
        "",
    )?;
    within(
        at("crowding.suppression_exponent"),
        cr.suppression_exponent,
        0.0,
        10.0,
        "",
    )?;
    within(
        at("crowding.block_half_share"),
        cr.block_half_share,
        0.001,
        1.0,
        "(share of the marrow)",
    )?;
    for (n, cl) in c.clones.iter().enumerate() {
        within(
            at(&format!("clones[{n}].suppression")),
            cl.suppression,
            0.0,
            20.0,
            "",
        )?;
        within(
            at(&format!("clones[{n}].maturation_block")),
            cl.maturation_block,
            0.0,
            1.0,
            "",
        )?;
        if !cl.condition.is_clone() {
            return problem(
                at(&format!("clones[{n}].condition")),
                format!("{} is not a clone condition", cl.condition.name()),
            );
        }
        match k.lineage_index(&cl.lineage) {
            Some(l) if k.lineages[l].malignant => {}
            Some(_) => {
                return problem(
                    at(&format!("clones[{n}].lineage")),
                    format!("lineage {:?} is not marked malignant", cl.lineage),
                );
            }
            None => {
                return problem(
                    at(&format!("clones[{n}].lineage")),
                    format!("unknown lineage {:?}", cl.lineage),
                );
            }
        }
    }
    let e = &c.extramedullary;
    within(
        at("extramedullary.stress_threshold"),
        e.stress_threshold,
        1.0,
        1000.0,
        "× normal",
    )?;
    within(
        at("extramedullary.stress_saturation"),
        e.stress_saturation,
        e.stress_threshold * 1.01,
        1000.0,
        "× normal (above stress_threshold)",
    )?;
    within(
        at("extramedullary.max_share"),
        e.max_share,
        0.0,
        2.0,
        "(of a healthy marrow's output)",
    )?;
    within(
        at("extramedullary.tau_days"),
        e.tau_days,
        0.1,
        365.0,
        "days",
    )?;
    if let Some(p) = e.products.iter().find(|p| k.product_index(p).is_none()) {
        return problem(
            at("extramedullary.products"),
            format!("unknown product {p:?}; known: {}", k.product_names()),
        );
    }
    within(
        at("extramedullary.unstressed_share"),
        e.unstressed_share,
        0.0,
        1.0,
        "(fraction)",
    )?;
    for (n, r) in e.immature.iter().enumerate() {
        let at = |f: &str| at(&format!("extramedullary.immature[{n}].{f}"));
        for (field, name) in [("product", &r.product), ("released_as", &r.released_as)] {
            if k.product_index(name).is_none() {
                return problem(
                    at(field),
                    format!("unknown product {name:?}; known: {}", k.product_names()),
                );
            }
        }
        within(at("share"), r.share, 0.0, 0.5, "(fraction)")?;
    }
    within(
        at("fetal.marrow_lag_days"),
        c.fetal.marrow_lag_days as f64,
        0.0,
        60.0,
        "days",
    )?;
    for (n, site) in c.fetal.sites.iter().enumerate() {
        table(
            &at(&format!("fetal.sites[{n}].by_week")),
            &site.by_week,
            (0.0, 45.0, "weeks"),
            (0.0, 100.0, "(relative weight)"),
        )?;
    }
    if !c.fetal.sites.iter().any(|s| s.name == "marrow") {
        return problem(at("fetal.sites"), "needs a site named \"marrow\"");
    }
    if let Some(b) = &c.fetal.blood {
        let weeks = (0.0, 45.0, "weeks");
        let f = |n: &str| at(&format!("fetal.blood.{n}"));
        table(&f("hb_by_week"), &b.hb_by_week, weeks, (3.0, 25.0, "g/dL"))?;
        table(
            &f("red_cell_size_by_week"),
            &b.red_cell_size_by_week,
            weeks,
            (0.5, 2.0, "(relative to an adult's)"),
        )?;
        table(
            &f("red_cell_survival_days_by_week"),
            &b.red_cell_survival_days_by_week,
            weeks,
            (5.0, 120.0, "days (at most an adult's 120)"),
        )?;
        table(
            &f("retic_time_by_week"),
            &b.retic_time_by_week,
            weeks,
            (0.2, 10.0, "(relative to an adult's)"),
        )?;
        table(
            &f("retic_pct_by_week"),
            &b.retic_pct_by_week,
            weeks,
            (0.0, 50.0, "%"),
        )?;
        within(
            f("immature_release"),
            b.immature_release as f64,
            0.0,
            100.0,
            "",
        )?;
        within(f("epo_gain_scale"), b.epo_gain_scale as f64, 0.1, 10.0, "")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_table_passes() {
        Kinetics::bundled().check().unwrap();
    }

    /// Each of these broke the model once they passed: a run that never ends, counts of 0 or
    /// NaN. Each is now refused, naming its field.
    #[test]
    fn numbers_that_would_hang_or_empty_the_model_are_refused() {
        let cases: Vec<(&str, Box<dyn Fn(&mut Kinetics)>)> = vec![
            (
                "commit_weight",
                Box::new(|k| k.lineages[0].commit_weight = 1e308),
            ),
            (
                "commit_weight",
                Box::new(|k| k.lineages[1].commit_weight = 1e6),
            ),
            (
                "cells_per_agent",
                Box::new(|k| k.lineages[0].cells_per_agent = 1.0),
            ),
            (
                "lineages",
                Box::new(|k| {
                    k.hsc.endosteal_niches = 500;
                    k.hsc.perivascular_niches = 500;
                    k.hsc.cycle_hours = 0.5;
                }),
            ),
            ("tick_hours", Box::new(|k| k.tick_hours = 1e-6)),
            (
                "hours",
                Box::new(|k| k.lineages[0].stages[0].hours = f32::NAN),
            ),
            (
                "cohort_hours",
                Box::new(|k| k.products[0].cohort_hours = 1.0),
            ),
            (
                "adipocyte_radius_um",
                Box::new(|k| {
                    k.window.size_um = 1000.0;
                    k.window.adipocyte_radius_um = 5.0;
                }),
            ),
            ("set_point", Box::new(|k| k.hormones.epo.set_point = 0.0)),
            (
                "stress_saturation",
                Box::new(|k| k.conditions.extramedullary.stress_saturation = 2.0),
            ),
            (
                "lineages",
                Box::new(|k| k.lineages.iter_mut().for_each(|l| l.commit_weight = 0.0)),
            ),
            (
                "name",
                Box::new(|k| k.lineages[1].name = k.lineages[0].name.clone()),
            ),
        ];
        for (field, change) in cases {
            let mut k = Kinetics::bundled();
            change(&mut k);
            let (path, message) = k.check().expect_err(field);
            assert!(
                path.ends_with(field) || path.contains(&format!("{field}[")),
                "{field}: {path}: {message}"
            );
        }
    }

    #[test]
    fn a_range_error_names_the_value_and_the_range() {
        let mut k = Kinetics::bundled();
        k.lineages[0].stages[2].death = 1.5;
        let (path, message) = k.check().unwrap_err();
        assert_eq!(
            path,
            "lineages[0] (erythroid).stages[2] (basophilic erythroblast).death"
        );
        assert_eq!(message, "1.5 is outside the valid range 0..=1 (fraction)");
    }
}
