//! The kinetic table: lineages, stages, products and hormone laws, as plain data.
//!
//! The bundled table lives in `assets/kinetics.ron` and is compiled into the binary so the
//! program runs from any directory.

use serde::{Deserialize, Serialize};

pub use super::conditions::ConditionParams;

/// Everything the model needs to know about cell kinetics, geometry and the body.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Kinetics {
    /// Simulated hours per fixed tick.
    pub tick_hours: f32,
    /// Hard limit on live agents in the marrow window.
    pub max_agents: usize,
    /// Days the marrow runs before day 0 with the body held steady (see `sim::SimClock`).
    pub warmup_days: f32,
    /// Physics steps once every this many ticks (cells move slowly; see `sim::step_physics`).
    pub physics_interval_ticks: u32,
    /// Passes over the touching cells per physics step, pushing overlapping pairs apart (4
    /// unless set; more passes leave less overlap in a dense crowd).
    #[serde(default = "default_solver_iterations")]
    pub physics_solver_iterations: u32,
    /// Relative spread (uniform, ±) of each cell's time in a stage.
    pub stage_jitter: f32,
    pub window: WindowParams,
    pub body: BodyParams,
    pub hsc: HscParams,
    pub hormones: HormoneTable,
    pub lineages: Vec<Lineage>,
    pub products: Vec<Product>,
    /// How each condition acts on the model (see `biology::conditions`).
    pub conditions: ConditionParams,
}

fn default_solver_iterations() -> u32 {
    4
}

/// Geometry of the marrow window (micrometres) and cell motility.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct WindowParams {
    /// Edge of the window across the sinusoid (its height and depth).
    pub size_um: f32,
    /// The window's length along the sinusoid, as a multiple of `size_um` (1 = a cube). A
    /// longer window is more of the same tissue: the same distances to bone and vessel.
    #[serde(default = "one_f32")]
    pub length_ratio: f32,
    /// Thickness of the trabecular bone slab along the floor of the window.
    pub bone_thickness_um: f32,
    /// Radius of the sinusoid running through the window.
    pub vessel_radius_um: f32,
    /// Erythroblastic islands (a macrophage each).
    pub macrophages: u32,
    pub macrophage_radius_um: f32,
    /// Stromal (reticular) cells scattered through the marrow.
    pub stromal_cells: u32,
    pub stromal_radius_um: f32,
    /// Adipocyte radius; their number follows the fat fraction set by age.
    pub adipocyte_radius_um: f32,
    /// Crawling speed of a migrating cell.
    pub crawl_um_per_hour: f32,
    /// Chemotaxis is a biased random walk: weight of the random heading against the pull
    /// toward the sinusoid (0 = straight line).
    pub wander_weight: f32,
    /// Mean hours a random heading persists before a new one is drawn.
    pub wander_persistence_hours: f32,
    /// A migrating cell this close to the sinusoid wall squeezes through it.
    pub egress_gap_um: f32,
    /// A migrating cell that cannot reach the wall in this time leaves anyway.
    pub egress_timeout_hours: f32,
    /// Cells of an erythroblastic island stay within this distance of its macrophage.
    pub island_radius_um: f32,
    /// Linear damping of every cell body (1/s of physics time).
    pub damping: f32,
    /// Marrow fat fraction (0..1) by age: (age in years, fraction), linearly interpolated.
    pub fat_by_age: Vec<(f32, f32)>,
}

/// Blood and body constants.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct BodyParams {
    pub blood_volume_ul: f64,
    /// Mean corpuscular haemoglobin, pg per red cell.
    pub mch_pg: f64,
    /// Red cells younger than this in blood count as reticulocytes.
    pub retic_blood_hours: f64,
    /// Erythroid drive of a female patient relative to a male one; it also scales the
    /// haemoglobin that EPO defends (15 g/dL x 0.9 = 13.5 g/dL).
    pub female_erythroid_drive: f64,
}

/// Haematopoietic stem cells held in niches.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct HscParams {
    /// Niches on the bone surface (endosteal).
    pub endosteal_niches: u32,
    /// Niches beside the sinusoid (perivascular).
    pub perivascular_niches: u32,
    /// Mean hours between two divisions of one stem-cell agent.
    pub cycle_hours: f32,
    /// Relative spread of that interval (uniform, ±).
    pub cycle_jitter: f32,
    pub radius_um: f32,
    pub color: [f32; 3],
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Hash)]
pub enum Family {
    Erythroid,
    Myeloid,
    Megakaryocytic,
    Lymphoid,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Hash)]
pub enum Hormone {
    Epo,
    Tpo,
    Gcsf,
}

impl Hormone {
    pub const ALL: [Hormone; 3] = [Hormone::Epo, Hormone::Tpo, Hormone::Gcsf];
    pub fn index(self) -> usize {
        self as usize
    }
    pub fn label(self) -> &'static str {
        match self {
            Hormone::Epo => "EPO",
            Hormone::Tpo => "TPO",
            Hormone::Gcsf => "G-CSF",
        }
    }
}

/// One differentiation path from a committed stem-cell daughter to a product in blood.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Lineage {
    pub name: String,
    pub family: Family,
    /// Relative share of stem-cell commitments.
    pub commit_weight: f64,
    /// Real cells in the body that one agent of this lineage stands for.
    pub cells_per_agent: f64,
    /// The hormone that drives this lineage, if any.
    #[serde(default)]
    pub hormone: Option<Hormone>,
    pub stages: Vec<Stage>,
    pub fate: Fate,
    /// A malignant clone (leukemia, lymphoma, myeloma): never committed to by normal stem
    /// cells, seeded by a condition, slowed by crowding, counted in the clone share.
    #[serde(default)]
    pub malignant: bool,
    /// A short explanation for the inspector.
    #[serde(default)]
    pub about: String,
}

/// Where a cell of a stage wants to be.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub enum Home {
    /// Stays where it is (pushed around by neighbours only).
    #[default]
    Stay,
    /// Clusters around its erythroblastic-island macrophage.
    Island,
    /// Moves to the sinusoid wall (megakaryocytes).
    Sinusoid,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    pub name: String,
    /// Mean time spent in the stage.
    pub hours: f32,
    /// Divisions during the stage, evenly spaced; the last one ends the stage.
    #[serde(default)]
    pub divisions: u8,
    /// Fraction of cells that die by apoptosis during the stage.
    #[serde(default)]
    pub death: f32,
    pub radius_um: f32,
    /// sRGB colour, 0..1 each.
    pub color: [f32; 3],
    /// Counted as a blast in the marrow differential.
    #[serde(default)]
    pub blast: bool,
    /// Has a nucleus (counts toward marrow cellularity and differential).
    #[serde(default = "yes")]
    pub nucleated: bool,
    /// Death and (for the last stage) release speed respond to the lineage hormone.
    #[serde(default)]
    pub hormone_sensitive: bool,
    /// The lineage hormone shortens this stage (time runs faster by level^release_exp):
    /// early release of reticulocytes, faster neutrophil maturation under G-CSF.
    #[serde(default)]
    pub accelerates: bool,
    /// Probability that a cell finishing this stage starts it again instead of moving on
    /// (self-renewal of a malignant clone); crowding lowers it.
    #[serde(default)]
    pub renew: f32,
    /// Share of the chemotherapy kill this stage suffers (1 = the most sensitive). Without
    /// it, dividing stages get `conditions.chemotherapy`'s cycling rule and resting ones its
    /// `resting_sensitivity`.
    #[serde(default)]
    pub chemo_sensitivity: Option<f32>,
    #[serde(default)]
    pub home: Home,
    /// A short explanation for the inspector.
    #[serde(default)]
    pub about: String,
}

fn yes() -> bool {
    true
}

/// What happens when a cell finishes its last stage.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub enum Fate {
    /// Migrates to the sinusoid and squeezes through its wall into the blood.
    Egress { product: String },
    /// Sits at the sinusoid wall and sheds `per_cell` fragments of `product` over `hours`.
    Shed {
        product: String,
        per_cell: f64,
        hours: f32,
    },
}

impl Fate {
    pub fn product(&self) -> &str {
        match self {
            Fate::Egress { product } | Fate::Shed { product, .. } => product,
        }
    }
}

/// A circulating cell type.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Product {
    pub name: String,
    pub survival: Survival,
    /// Share of the intravascular pool that a blood draw sees (the rest is marginated).
    #[serde(default = "one")]
    pub circulating_fraction: f64,
    /// Days between leaving the marrow and appearing in blood (e.g. thymic maturation).
    #[serde(default)]
    pub delay_days: f64,
    /// Width of one age cohort.
    pub cohort_hours: f64,
    /// Where the blood count shows this product.
    #[serde(default)]
    pub counted_as: Counted,
}

/// Where a product appears in the complete blood count.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub enum Counted {
    /// Under its own name (rbc, neutrophil, platelet, b_cell...).
    #[default]
    ByName,
    /// Among the lymphocytes (e.g. circulating lymphoma cells).
    Lymphocytes,
    /// As abnormal cells on the smear (blasts, plasma cells), included in the white count.
    Abnormal,
}

fn one_f32() -> f32 {
    1.0
}

fn one() -> f64 {
    1.0
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub enum Survival {
    /// Every cell dies at the same age (senescence), e.g. red cells at ~120 days.
    Lifespan { days: f64 },
    /// Cells leave at a constant rate; cohorts older than `max_days` are dropped.
    HalfLife { hours: f64, max_days: f64 },
}

impl Survival {
    /// Fraction still alive at `age_h` hours.
    pub fn surviving(&self, age_h: f64) -> f64 {
        match *self {
            Survival::Lifespan { days } => {
                if age_h < days * 24.0 {
                    1.0
                } else {
                    0.0
                }
            }
            Survival::HalfLife { hours, max_days } => {
                if age_h < max_days * 24.0 {
                    (-(age_h.max(0.0)) * std::f64::consts::LN_2 / hours).exp()
                } else {
                    0.0
                }
            }
        }
    }

    /// Oldest age a cohort is kept.
    pub fn max_age_hours(&self) -> f64 {
        match *self {
            Survival::Lifespan { days } => days * 24.0,
            Survival::HalfLife { max_days, .. } => max_days * 24.0,
        }
    }
}

/// Feedback law and effects of one hormone (levels are relative, 1 = healthy baseline).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct HormoneParams {
    /// Value of the sensed blood count at which the level is 1.
    pub set_point: f64,
    /// Target level = (set_point / sensed)^gain.
    pub gain: f64,
    /// Time constant with which the level follows its target.
    pub tau_hours: f64,
    pub min_level: f64,
    pub max_level: f64,
    /// Commitment weight of the driven lineage is multiplied by level^commit_exp.
    pub commit_exp: f64,
    /// Death in hormone-sensitive stages is multiplied by level^-death_exp.
    pub death_exp: f64,
    /// Hormone-sensitive last stages age level^release_exp times faster (earlier release).
    pub release_exp: f64,
    /// Fragments shed per cell are multiplied by level^shed_exp.
    #[serde(default)]
    pub shed_exp: f64,
    /// The driven lineage's marrow cells carry receptors that remove the hormone: its target
    /// is divided by (their mass / normal)^clearance_exp.
    #[serde(default)]
    pub clearance_exp: f64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct HormoneTable {
    /// Erythropoietin, sensing haemoglobin (g/dL).
    pub epo: HormoneParams,
    /// Thrombopoietin, sensing platelets (10^3/µL).
    pub tpo: HormoneParams,
    /// G-CSF, sensing the absolute neutrophil count (10^3/µL).
    pub gcsf: HormoneParams,
}

impl HormoneTable {
    pub fn get(&self, h: Hormone) -> &HormoneParams {
        match h {
            Hormone::Epo => &self.epo,
            Hormone::Tpo => &self.tpo,
            Hormone::Gcsf => &self.gcsf,
        }
    }
}

/// The bundled table, as text (also the file `assets/kinetics.ron`).
pub const BUNDLED_KINETICS: &str = include_str!("../../assets/kinetics.ron");

impl Kinetics {
    /// The bundled healthy-adult kinetics.
    pub fn bundled() -> Self {
        let k: Kinetics = ron_options()
            .from_str(BUNDLED_KINETICS)
            .expect("assets/kinetics.ron is valid");
        k.check().expect("assets/kinetics.ron passes its checks");
        k
    }

    pub fn lineage_index(&self, name: &str) -> Option<usize> {
        self.lineages.iter().position(|l| l.name == name)
    }

    pub fn product_index(&self, name: &str) -> Option<usize> {
        self.products.iter().position(|p| p.name == name)
    }

    /// Marrow fat fraction at an age, from the `fat_by_age` table.
    pub fn fat_fraction(&self, age_years: f32) -> f32 {
        interpolate(&self.window.fat_by_age, age_years).clamp(0.0, 0.95)
    }

    /// Fixed ticks in one simulated day.
    pub fn ticks_per_day(&self) -> i64 {
        (24.0 / self.tick_hours as f64).round() as i64
    }

    /// Consistency checks; returns (field path, message) of the first problem.
    pub fn check(&self) -> Result<(), (String, String)> {
        let err = |f: &str, m: String| Err((f.to_string(), m));
        let positive = |v: f64| v.is_finite() && v > 0.0;
        if !(self.tick_hours > 0.0 && self.tick_hours <= 1.0) {
            return err(
                "tick_hours",
                format!("must be in (0, 1] hours, got {}", self.tick_hours),
            );
        }
        if self.max_agents < 100 || self.max_agents > 200_000 {
            return err(
                "max_agents",
                format!("must be in 100..=200000, got {}", self.max_agents),
            );
        }
        if !(0.0..=30.0).contains(&self.warmup_days) {
            return err(
                "warmup_days",
                format!("must be in 0..=30, got {}", self.warmup_days),
            );
        }
        let ticks_per_day = 24.0 / self.tick_hours;
        if (ticks_per_day - ticks_per_day.round()).abs() > 1e-3 {
            return err(
                "tick_hours",
                "must divide a day into a whole number of ticks".into(),
            );
        }
        if !(1..=10).contains(&self.physics_interval_ticks) {
            return err(
                "physics_interval_ticks",
                format!("must be in 1..=10, got {}", self.physics_interval_ticks),
            );
        }
        if !(1..=16).contains(&self.physics_solver_iterations) {
            return err(
                "physics_solver_iterations",
                format!("must be in 1..=16, got {}", self.physics_solver_iterations),
            );
        }
        if !(0.0..=0.9).contains(&self.stage_jitter) {
            return err(
                "stage_jitter",
                format!("must be in 0..=0.9, got {}", self.stage_jitter),
            );
        }
        if self.lineages.is_empty() || self.lineages.len() > 250 {
            return err("lineages", "must list 1..=250 lineages".into());
        }
        for (i, l) in self.lineages.iter().enumerate() {
            let at = |f: &str| format!("lineages[{i}] ({}).{f}", l.name);
            if !(l.commit_weight.is_finite() && l.commit_weight >= 0.0) {
                return err(&at("commit_weight"), "must be a finite number >= 0".into());
            }
            if l.malignant && l.commit_weight != 0.0 {
                return err(
                    &at("commit_weight"),
                    "must be 0 for a malignant lineage (clones are seeded by conditions)".into(),
                );
            }
            if !positive(l.cells_per_agent) {
                return err(&at("cells_per_agent"), "must be > 0".into());
            }
            if l.stages.is_empty() || l.stages.len() > 250 {
                return err(&at("stages"), "must list 1..=250 stages".into());
            }
            if self.product_index(l.fate.product()).is_none() {
                return err(
                    &at("fate"),
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
                if !positive(per_cell) || !(hours.is_finite() && hours > 0.0) {
                    return err(&at("fate"), "per_cell and hours must be > 0".into());
                }
            }
            for (j, s) in l.stages.iter().enumerate() {
                let at =
                    |f: &str| format!("lineages[{i}] ({}).stages[{j}] ({}).{f}", l.name, s.name);
                if !(s.hours.is_finite() && s.hours > 0.0 && s.hours <= 24.0 * 365.0) {
                    return err(
                        &at("hours"),
                        format!("must be in (0, 8760], got {}", s.hours),
                    );
                }
                if !(0.0..=1.0).contains(&s.death) {
                    return err(
                        &at("death"),
                        format!("is a fraction in 0..1, got {}", s.death),
                    );
                }
                if s.divisions > 8 {
                    return err(
                        &at("divisions"),
                        format!("must be 0..=8, got {}", s.divisions),
                    );
                }
                if !(s.radius_um.is_finite() && (0.5..=60.0).contains(&s.radius_um)) {
                    return err(
                        &at("radius_um"),
                        format!("must be in 0.5..=60 µm, got {}", s.radius_um),
                    );
                }
                if !(0.0..=0.99).contains(&s.renew) {
                    return err(
                        &at("renew"),
                        format!("is a probability in 0..=0.99, got {}", s.renew),
                    );
                }
                if s.chemo_sensitivity
                    .is_some_and(|c| !(0.0..=1.0).contains(&c))
                {
                    return err(&at("chemo_sensitivity"), "is a fraction in 0..=1".into());
                }
                if s.color.iter().any(|c| !(0.0..=1.0).contains(c)) {
                    return err(&at("color"), "components are in 0..1".into());
                }
            }
        }
        for (i, p) in self.products.iter().enumerate() {
            let at = |f: &str| format!("products[{i}] ({}).{f}", p.name);
            if !(p.circulating_fraction > 0.0 && p.circulating_fraction <= 1.0) {
                return err(
                    &at("circulating_fraction"),
                    "is a fraction in (0, 1]".into(),
                );
            }
            if !(p.delay_days.is_finite() && (0.0..=365.0).contains(&p.delay_days)) {
                return err(&at("delay_days"), "must be in 0..=365".into());
            }
            if !(p.cohort_hours >= 1.0 && p.cohort_hours <= 240.0) {
                return err(&at("cohort_hours"), "must be in 1..=240".into());
            }
            let ok = match p.survival {
                Survival::Lifespan { days } => positive(days) && days <= 3650.0,
                Survival::HalfLife { hours, max_days } => {
                    positive(hours) && positive(max_days) && max_days <= 3650.0
                }
            };
            if !ok {
                return err(
                    &at("survival"),
                    "durations must be > 0 and at most 3650 days".into(),
                );
            }
        }
        for h in Hormone::ALL {
            let p = self.hormones.get(h);
            let name = format!("hormones.{}", h.label().to_lowercase().replace('-', ""));
            if !(positive(p.set_point)
                && positive(p.tau_hours)
                && p.min_level > 0.0
                && p.max_level >= p.min_level)
            {
                return err(
                    &name,
                    "set_point, tau_hours, min_level must be > 0 and max_level >= min_level".into(),
                );
            }
        }
        let w = &self.window;
        if !(40.0..=1000.0).contains(&w.size_um) {
            return err(
                "window.size_um",
                format!("must be in 40..=1000 µm, got {}", w.size_um),
            );
        }
        if !(0.5..=40.0).contains(&w.length_ratio) {
            return err(
                "window.length_ratio",
                format!("must be in 0.5..=40, got {}", w.length_ratio),
            );
        }
        if !(0.0..=5.0).contains(&w.wander_weight) || !(w.wander_persistence_hours > 0.0) {
            return err(
                "window.wander_weight",
                "wander_weight must be in 0..=5 and wander_persistence_hours > 0".into(),
            );
        }
        if !(w.vessel_radius_um > 0.0 && w.vessel_radius_um < w.size_um / 4.0) {
            return err(
                "window.vessel_radius_um",
                "must be > 0 and under a quarter of size_um".into(),
            );
        }
        if self.hsc.endosteal_niches + self.hsc.perivascular_niches == 0 {
            return err("hsc", "needs at least one niche".into());
        }
        if !(self.hsc.cycle_hours > 0.0) {
            return err("hsc.cycle_hours", "must be > 0".into());
        }
        self.check_ranges()?;
        self.conditions.check(self)
    }

    /// Bounds on the window, body, stem-cell and hormone numbers: (field, message).
    fn check_ranges(&self) -> Result<(), (String, String)> {
        let (w, b, h) = (&self.window, &self.body, &self.hsc);
        let size = w.size_um as f64;
        let mut ranges: Vec<(String, f64, f64, f64, &str)> = vec![
            (
                "window.bone_thickness_um".into(),
                w.bone_thickness_um as f64,
                0.0,
                size / 4.0,
                "µm (up to a quarter of size_um)",
            ),
            (
                "window.macrophages".into(),
                w.macrophages as f64,
                1.0,
                200.0,
                "",
            ),
            (
                "window.macrophage_radius_um".into(),
                w.macrophage_radius_um as f64,
                1.0,
                50.0,
                "µm",
            ),
            (
                "window.stromal_cells".into(),
                w.stromal_cells as f64,
                0.0,
                1000.0,
                "",
            ),
            (
                "window.stromal_radius_um".into(),
                w.stromal_radius_um as f64,
                0.5,
                50.0,
                "µm",
            ),
            (
                "window.adipocyte_radius_um".into(),
                w.adipocyte_radius_um as f64,
                5.0,
                100.0,
                "µm",
            ),
            (
                "window.crawl_um_per_hour".into(),
                w.crawl_um_per_hour as f64,
                0.1,
                500.0,
                "µm/h",
            ),
            (
                "window.wander_persistence_hours".into(),
                w.wander_persistence_hours as f64,
                0.01,
                100.0,
                "h",
            ),
            (
                "window.egress_gap_um".into(),
                w.egress_gap_um as f64,
                0.1,
                50.0,
                "µm",
            ),
            (
                "window.egress_timeout_hours".into(),
                w.egress_timeout_hours as f64,
                1.0,
                720.0,
                "h",
            ),
            (
                "window.island_radius_um".into(),
                w.island_radius_um as f64,
                1.0,
                size / 2.0,
                "µm (up to half of size_um)",
            ),
            (
                "window.damping".into(),
                w.damping as f64,
                0.0,
                100.0,
                "per second",
            ),
            (
                "body.blood_volume_ul".into(),
                b.blood_volume_ul,
                1.0e5,
                2.0e7,
                "µL",
            ),
            ("body.mch_pg".into(), b.mch_pg, 10.0, 60.0, "pg"),
            (
                "body.retic_blood_hours".into(),
                b.retic_blood_hours,
                1.0,
                96.0,
                "h",
            ),
            (
                "body.female_erythroid_drive".into(),
                b.female_erythroid_drive,
                0.5,
                1.5,
                "",
            ),
            (
                "hsc.endosteal_niches".into(),
                h.endosteal_niches as f64,
                0.0,
                500.0,
                "",
            ),
            (
                "hsc.perivascular_niches".into(),
                h.perivascular_niches as f64,
                0.0,
                500.0,
                "",
            ),
            (
                "hsc.cycle_hours".into(),
                h.cycle_hours as f64,
                0.5,
                2000.0,
                "h",
            ),
            (
                "hsc.cycle_jitter".into(),
                h.cycle_jitter as f64,
                0.0,
                0.9,
                "",
            ),
            ("hsc.radius_um".into(), h.radius_um as f64, 0.5, 30.0, "µm"),
        ];
        for (i, c) in h.color.iter().enumerate() {
            ranges.push((format!("hsc.color.{i}"), *c as f64, 0.0, 1.0, ""));
        }
        for (i, (age, fat)) in w.fat_by_age.iter().enumerate() {
            ranges.push((
                format!("window.fat_by_age.{i}.0"),
                *age as f64,
                0.0,
                120.0,
                "years",
            ));
            ranges.push((
                format!("window.fat_by_age.{i}.1"),
                *fat as f64,
                0.0,
                0.95,
                "(fraction of the marrow space)",
            ));
        }
        for hormone in Hormone::ALL {
            let p = self.hormones.get(hormone);
            let name = hormone.label().to_lowercase().replace('-', "");
            for (field, v, lo, hi) in [
                ("gain", p.gain, 0.0, 50.0),
                ("tau_hours", p.tau_hours, 0.1, 1000.0),
                ("max_level", p.max_level, 0.0, 1000.0),
                ("commit_exp", p.commit_exp, 0.0, 5.0),
                ("death_exp", p.death_exp, 0.0, 5.0),
                ("release_exp", p.release_exp, 0.0, 5.0),
                ("shed_exp", p.shed_exp, 0.0, 5.0),
                ("clearance_exp", p.clearance_exp, 0.0, 5.0),
            ] {
                ranges.push((format!("hormones.{name}.{field}"), v, lo, hi, ""));
            }
        }
        for (field, v, lo, hi, unit) in ranges {
            if !(v.is_finite() && (lo..=hi).contains(&v)) {
                let unit = if unit.is_empty() {
                    String::new()
                } else {
                    format!(" {unit}")
                };
                return Err((
                    field,
                    format!("{v} is outside the valid range {lo}..={hi}{unit}"),
                ));
            }
        }
        if w.fat_by_age.is_empty() || w.fat_by_age.windows(2).any(|p| p[1].0 <= p[0].0) {
            return Err((
                "window.fat_by_age".into(),
                "needs at least one (age, fraction) pair, ages increasing".into(),
            ));
        }
        Ok(())
    }

    fn product_names(&self) -> String {
        self.products
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// How Marrow reads RON: `Some(x)` may be written as plain `x`.
pub fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// Piecewise-linear interpolation in a sorted (x, y) table, flat outside it.
pub fn interpolate(table: &[(f32, f32)], x: f32) -> f32 {
    match table {
        [] => 0.0,
        [(_, y)] => *y,
        _ => {
            if x <= table[0].0 {
                return table[0].1;
            }
            for w in table.windows(2) {
                let ((x0, y0), (x1, y1)) = (w[0], w[1]);
                if x <= x1 {
                    let t = if x1 > x0 { (x - x0) / (x1 - x0) } else { 1.0 };
                    return y0 + t * (y1 - y0);
                }
            }
            table[table.len() - 1].1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_table_loads_and_checks() {
        let k = Kinetics::bundled();
        assert!(k.lineage_index("erythroid").is_some());
        assert!(k.product_index("platelet").is_some());
    }

    #[test]
    fn fat_fraction_follows_age() {
        let k = Kinetics::bundled();
        // Cellularity ~ (100 - age) %: fat ~ age %.
        assert!((k.fat_fraction(40.0) - 0.40).abs() < 0.05);
        assert!((k.fat_fraction(80.0) - 0.75).abs() < 0.06);
        assert!(k.fat_fraction(5.0) < 0.15);
    }

    #[test]
    fn interpolation_is_flat_outside_and_linear_inside() {
        let t = [(0.0, 0.0), (10.0, 1.0)];
        assert_eq!(interpolate(&t, -5.0), 0.0);
        assert_eq!(interpolate(&t, 5.0), 0.5);
        assert_eq!(interpolate(&t, 50.0), 1.0);
    }

    #[test]
    fn survival_laws() {
        let rbc = Survival::Lifespan { days: 120.0 };
        assert_eq!(rbc.surviving(119.0 * 24.0), 1.0);
        assert_eq!(rbc.surviving(121.0 * 24.0), 0.0);
        let neut = Survival::HalfLife {
            hours: 7.0,
            max_days: 4.0,
        };
        assert!((neut.surviving(7.0) - 0.5).abs() < 1e-9);
        assert_eq!(neut.surviving(5.0 * 24.0), 0.0);
    }
}
