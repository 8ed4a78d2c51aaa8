//! The kinetic table: lineages, stages, products and hormone laws, as plain data.
//!
//! The bundled table lives in `assets/kinetics.ron` and is compiled into the binary so the
//! program runs from any directory. [`Kinetics::check`] (in `kinetics_checks.rs`) holds every
//! number to a range that keeps the model meaningful; the arithmetic of the conditions'
//! parameters is in `conditions.rs`.

use serde::{Deserialize, Serialize};

pub use super::iron::IronParams;
pub use super::table::interpolate;

use super::condition_kind::ConditionKind;

/// The name `follow` and `--inspect` use for the stem cells (they belong to no lineage).
pub const STEM_CELL: &str = "stem_cell";
/// The name `follow` and `--inspect` use for a megakaryocyte whose proplatelet reaches into
/// the sinusoid (followed close up once one does).
pub const PROPLATELET: &str = "proplatelet";

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
    /// Body iron (see `biology::iron`).
    #[serde(default)]
    pub iron: IronParams,
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
    /// Each fat cell's radius is `adipocyte_radius_um` times a uniform draw in this range.
    #[serde(default = "default_adipocyte_jitter")]
    pub adipocyte_radius_jitter: (f32, f32),
    /// Crawling speed of a migrating cell.
    pub crawl_um_per_hour: f32,
    /// A maturing cell that keeps to a home (its island, the sinusoid wall) crawls there at
    /// this share of `crawl_um_per_hour`.
    #[serde(default = "default_resting_crawl")]
    pub resting_crawl_factor: f32,
    /// A daughter cell starts this many of its own radii from its mother, in a random
    /// direction.
    #[serde(default = "default_daughter_offset")]
    pub daughter_offset: f32,
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
    /// Mean corpuscular volume of a red cell made with enough iron, fL.
    #[serde(default = "default_mcv")]
    pub mcv_fl: f64,
    /// Haematocrit at which reticulocytes spend `retic_blood_hours` in blood (the reference
    /// of the reticulocyte production index), %.
    #[serde(default = "default_normal_hct")]
    pub normal_hct_pct: f64,
    /// Reticulocyte maturation shift: time in blood as a multiple of `retic_blood_hours`, by
    /// haematocrit: (Hct %, factor).
    #[serde(default = "default_retic_shift")]
    pub retic_shift_by_hct: Vec<(f32, f32)>,
    /// Time constant of the plasma refill after a bleed (haemodilution), hours.
    #[serde(default = "default_plasma_refill")]
    pub plasma_refill_hours: f64,
}

fn default_mcv() -> f64 {
    90.0
}
fn default_normal_hct() -> f64 {
    45.0
}
fn default_retic_shift() -> Vec<(f32, f32)> {
    vec![(15.0, 2.5), (25.0, 2.0), (35.0, 1.5), (45.0, 1.0)]
}
fn default_plasma_refill() -> f64 {
    12.0
}

impl BodyParams {
    /// How many times longer than normal reticulocytes stay in blood at haematocrit `hct`.
    pub fn retic_shift(&self, hct: f64) -> f64 {
        (interpolate(&self.retic_shift_by_hct, hct as f32) as f64).max(0.1)
    }
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
    /// A stem cell pushed farther than this from its niche crawls back (niche adhesion).
    #[serde(default = "default_hold_radius")]
    pub hold_radius_um: f32,
    /// A committed daughter starts this share of the two cells' radii from its stem cell.
    #[serde(default = "default_hsc_daughter_offset")]
    pub daughter_offset: f32,
    /// The small stromal pad behind each niche's stem cell: its radius, and the gap between
    /// its centre and the stem cell's surface.
    #[serde(default = "default_pad_radius")]
    pub pad_radius_um: f32,
    #[serde(default = "default_pad_gap")]
    pub pad_gap_um: f32,
}

// The defaults of the fields a kinetic table written before they existed leaves out (the
// values the simulation used before they were data).
fn default_adipocyte_jitter() -> (f32, f32) {
    (0.8, 1.25)
}
fn default_resting_crawl() -> f32 {
    0.5
}
fn default_daughter_offset() -> f32 {
    0.6
}
fn default_hold_radius() -> f32 {
    1.5
}
fn default_hsc_daughter_offset() -> f32 {
    0.8
}
fn default_pad_radius() -> f32 {
    2.5
}
fn default_pad_gap() -> f32 {
    2.0
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
    /// A pool of mature cells that live in the marrow without being made there (lymphocytes,
    /// plasma cells): seeded at its share, refilled from the blood, never leaving.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resident: Option<Resident>,
    /// Where the marrow differential counts this lineage's cells, if apart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counted_in_marrow: Option<MarrowCount>,
    /// A short explanation for the inspector.
    #[serde(default)]
    pub about: String,
}

/// A marrow-resident pool: its cells arrive from the blood into the sinusoid wall's
/// surroundings, live out their stage's death hazard in the marrow and are replaced.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Resident {
    /// Share of the marrow's nucleated cells the pool holds in a healthy adult.
    pub share: f64,
    /// Arrivals per hour = the pool's losses at full size + refill_gain x its shortfall (in
    /// cells) per stage length: how fast a pool emptied by chemotherapy fills again.
    pub refill_gain: f64,
}

/// Cell classes the marrow differential reports apart.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub enum MarrowCount {
    Lymphocyte,
    PlasmaCell,
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
    /// Cells of this stage may leave for the blood before they finish maturing (bands and
    /// metamyelocytes under G-CSF: the left shift).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub early_release: Option<EarlyRelease>,
    /// Share of normal cells in this stage that die instead of maturing when a leukaemic
    /// clone's maturation block is at its full strength (ineffective haematopoiesis).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clone_block: Option<f32>,
    /// A short explanation for the inspector.
    #[serde(default)]
    pub about: String,
}

fn yes() -> bool {
    true
}

/// Release of a not yet mature stage into the blood.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct EarlyRelease {
    /// The product such a cell becomes in the blood.
    pub product: String,
    /// Chance per hour that a cell of the stage leaves early, at the lineage hormone's
    /// baseline level...
    pub per_hour: f32,
    /// ...times level^hormone_exp as the hormone rises...
    pub hormone_exp: f32,
    /// ...up to this level, where the stage's release saturates (default: no limit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_level: Option<f32>,
}

impl EarlyRelease {
    /// Chance per hour that a cell leaves early at a hormone `level` (1 = baseline).
    pub fn hazard(&self, level: f64) -> f64 {
        let level = self.max_level.map_or(level, |m| level.min(m as f64));
        self.per_hour as f64 * level.powf(self.hormone_exp as f64)
    }
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
    /// The product matures in the thymus on its way to the blood (T cells).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thymus: Option<Thymus>,
    /// Share of the cells leaving the marrow that reach the blood as this product, set for the
    /// patient (the thymus's output at their age); 1 otherwise.
    #[serde(skip, default = "one")]
    pub arrival_share: f64,
}

/// The thymus, which turns marrow-born precursors into T cells and shrinks after puberty.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Thymus {
    /// The thymus's output of new T cells by age in years, relative to a 40-year-old's.
    pub output_by_age: Vec<(f32, f32)>,
    /// The T cells already in the body live longer (and divide to fill the room) when fewer new
    /// ones come: their half-life is multiplied by output^(−homeostasis).
    pub homeostasis: f32,
}

impl Thymus {
    /// (share of precursors that arrive, half-life multiplier) at `age_years`.
    pub fn at_age(&self, age_years: f32) -> (f64, f64) {
        let out = (interpolate(&self.output_by_age, age_years) as f64).max(1e-3);
        (out, out.powf(-(self.homeostasis as f64)))
    }
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
    /// Band neutrophils: among the neutrophils, and counted apart as bands.
    Band,
    /// Immature granulocytes (metamyelocytes, myelocytes) in blood, in the white count.
    Immature,
    /// Nucleated red cells, reported per 100 white cells and not in the white count.
    NucleatedRed,
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

    /// Share of the nucleated marrow that the resident pools hold together.
    pub fn resident_share(&self) -> f64 {
        self.lineages
            .iter()
            .filter_map(|l| l.resident.as_ref())
            .map(|r| r.share)
            .sum()
    }

    /// Marrow fat fraction at an age, from the `fat_by_age` table.
    pub fn fat_fraction(&self, age_years: f32) -> f32 {
        interpolate(&self.window.fat_by_age, age_years).clamp(0.0, 0.95)
    }

    /// Fixed ticks in one simulated day.
    pub fn ticks_per_day(&self) -> i64 {
        (24.0 / self.tick_hours as f64).round() as i64
    }

    /// The products' names, for error messages.
    pub fn product_names(&self) -> String {
        self.products
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
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
    #[serde(default)]
    pub oral_iron: OralIronParams,
    #[serde(default)]
    pub myelofibrosis: MyelofibrosisParams,
    #[serde(default)]
    pub spleen: SpleenParams,
    #[serde(default)]
    pub polycythaemia_vera: PolycythaemiaParams,
    #[serde(default)]
    pub phlebotomy: PhlebotomyParams,
}

/// A JAK2-mutant clone: its cells feel each hormone's signal as if `autonomous` (relative to
/// the normal level) were added to what is in the blood.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PolycythaemiaParams {
    pub autonomous_epo: f64,
    pub autonomous_tpo: f64,
    pub autonomous_gcsf: f64,
    /// A mutant stem cell's division commits this many extra daughters on average (its
    /// progenitors expand more: the marrow grows hypercellular in every line).
    pub extra_daughters: f64,
}

impl PolycythaemiaParams {
    /// The signal a mutant cell adds to hormone `h`.
    pub fn autonomous(&self, h: Hormone) -> f64 {
        match h {
            Hormone::Epo => self.autonomous_epo,
            Hormone::Tpo => self.autonomous_tpo,
            Hormone::Gcsf => self.autonomous_gcsf,
        }
    }
}

impl Default for PolycythaemiaParams {
    fn default() -> Self {
        Self {
            autonomous_epo: 1.2,
            autonomous_tpo: 1.6,
            autonomous_gcsf: 1.5,
            extra_daughters: 0.25,
        }
    }
}

/// Therapeutic phlebotomy: one unit is `unit_ml` of whole blood, taken over `hours`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PhlebotomyParams {
    pub unit_ml: f64,
    pub hours: f32,
}

impl Default for PhlebotomyParams {
    fn default() -> Self {
        Self {
            unit_ml: 450.0,
            hours: 0.5,
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MyelofibrosisParams {
    /// Time constant (days) with which fibrosis reaches the event's strength.
    pub build_days: f64,
    /// Share of the red cells leaving a fully fibrotic marrow squeezed into teardrop shapes.
    pub teardrop_share: f64,
    /// Teardrop cells are culled early by the spleen: their mean life in blood, days.
    pub teardrop_life_days: f64,
}

impl Default for MyelofibrosisParams {
    fn default() -> Self {
        Self {
            build_days: 45.0,
            teardrop_share: 0.3,
            teardrop_life_days: 30.0,
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SpleenParams {
    /// Spleen volume added per unit of extramedullary output (share of a healthy marrow's),
    /// in normal spleen volumes.
    pub volume_per_share: f64,
    /// Share of the body's platelets pooled in a normal spleen; a bigger spleen pools more.
    pub platelet_pool: f64,
}

impl Default for SpleenParams {
    fn default() -> Self {
        Self {
            volume_per_share: 25.0,
            platelet_pool: 0.33,
        }
    }
}

impl SpleenParams {
    /// Spleen length relative to normal when the liver and spleen make `share` of a healthy
    /// marrow's output (volume grows, length as its cube root).
    pub fn length_rel(&self, share: f64) -> f64 {
        (1.0 + self.volume_per_share * share.max(0.0)).cbrt()
    }

    /// Platelets seen in a blood draw relative to a normal spleen's, the rest pooled.
    pub fn platelets_seen(&self, share: f64) -> f64 {
        let v = 1.0 + self.volume_per_share * share.max(0.0);
        let p = self.platelet_pool.clamp(0.0, 0.95);
        let pooled = v * p / (v * p + 1.0 - p);
        (1.0 - pooled) / (1.0 - p)
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct OralIronParams {
    /// Iron absorbed per day from a full daily dose (strength 1), mg.
    pub absorbed_mg_per_day: f64,
    /// A course lasts this many days when an event gives no end day.
    pub course_days: f32,
}

impl Default for OralIronParams {
    fn default() -> Self {
        Self {
            absorbed_mg_per_day: 8.0,
            course_days: 84.0,
        }
    }
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
    /// Time constant of that regrowth, for a young adult.
    pub progenitor_recovery_days: f32,
    /// (age in years, factor): an older marrow regrows its progenitors more slowly, so the
    /// time constant is multiplied by the factor at the patient's age (none: factor 1).
    #[serde(default)]
    pub recovery_by_age: Vec<(f32, f32)>,
}

impl ChemoParams {
    /// Time constant of progenitor regrowth at `age_years`, in days.
    pub fn recovery_days(&self, age_years: f32) -> f64 {
        let factor = if self.recovery_by_age.is_empty() {
            1.0
        } else {
            interpolate(&self.recovery_by_age, age_years)
        };
        (self.progenitor_recovery_days * factor) as f64
    }
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
    /// Tissue use grows as strength^exponent: a severe infection (sepsis) can use up
    /// neutrophils faster than the marrow sends them.
    #[serde(default = "one")]
    pub consumption_exponent: f64,
    /// Share of blood lymphocytes that leave the blood for tissues and nodes at strength 1.
    #[serde(default)]
    pub lymph_redistribution: f64,
    /// Share of iron release from stores and recycling blocked by hepcidin per unit of
    /// strength (the block stops at 0.95)...
    #[serde(default)]
    pub iron_block: f64,
    /// ...reached with this time constant (days), and lifted as slowly after the infection.
    #[serde(default = "one")]
    pub iron_block_days: f64,
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
    /// Clone share of the nucleated marrow at which a leukaemic clone's maturation block
    /// reaches half its strength: block = share / (share + half).
    #[serde(default = "default_block_half_share")]
    pub block_half_share: f64,
}

fn default_block_half_share() -> f64 {
    0.02
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
    /// How strongly the clone blocks the maturation of normal erythroid, megakaryocytic and
    /// granulocytic precursors (0 = not at all; 1 = each stage's full `clone_block`).
    #[serde(default)]
    pub maturation_block: f64,
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
    /// Without sustained hormone stress, the output of colonised sites is this share of
    /// what full stress calls for.
    #[serde(default = "half")]
    pub unstressed_share: f64,
    /// The liver and spleen lack the marrow's barrier: a share of each product leaves as an
    /// immature form (nucleated red cells, bands, immature granulocytes).
    #[serde(default)]
    pub immature: Vec<ImmatureRelease>,
}

fn half() -> f64 {
    0.5
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ImmatureRelease {
    pub product: String,
    /// Released as this product instead.
    pub released_as: String,
    pub share: f64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FetalParams {
    /// Relative output of each site by gestational week: (week, weight).
    pub sites: Vec<FetalSite>,
    /// Days from stem cells settling in the marrow to their first cells reaching the blood;
    /// the liver and spleen keep up their share until then.
    pub marrow_lag_days: f32,
    /// The fetus's own blood by gestational week; without it an unborn patient has an
    /// adult's blood.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blood: Option<FetalBlood>,
}

/// Fetal blood by gestational week, each table (week, value) (docs/model.md §9.7).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FetalBlood {
    /// Haemoglobin the fetal EPO loop defends, g/dL; also the centre of the fetal range.
    pub hb_by_week: Vec<(f32, f32)>,
    /// Haemoglobin in a new red cell relative to an adult's (fetal red cells are larger).
    pub red_cell_size_by_week: Vec<(f32, f32)>,
    /// Mean survival of a red cell in the fetal circulation, days.
    pub red_cell_survival_days_by_week: Vec<(f32, f32)>,
    /// Time reticulocytes count as such in fetal blood, relative to an adult's.
    pub retic_time_by_week: Vec<(f32, f32)>,
    /// Reticulocyte percentage measured in fetal blood, the centre of the fetal range.
    pub retic_pct_by_week: Vec<(f32, f32)>,
    /// The fetal liver and spleen let out this many times an adult stress site's share of
    /// immature cells (nucleated red cells).
    pub immature_release: f32,
    /// Fetal EPO answers a haemoglobin shortfall this many times as steeply as an adult's.
    pub epo_gain_scale: f32,
}

/// The fetal blood at one week.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FetalBloodAt {
    pub hb_g_dl: f64,
    pub red_cell_size: f64,
    pub red_cell_survival_days: f64,
    pub retic_time: f64,
    pub retic_pct: f64,
}

impl FetalBlood {
    pub fn at(&self, week: f32) -> FetalBloodAt {
        let f = |t: &[(f32, f32)]| interpolate(t, week) as f64;
        FetalBloodAt {
            hb_g_dl: f(&self.hb_by_week),
            red_cell_size: f(&self.red_cell_size_by_week),
            red_cell_survival_days: f(&self.red_cell_survival_days_by_week),
            retic_time: f(&self.retic_time_by_week),
            retic_pct: f(&self.retic_pct_by_week),
        }
    }
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

/// How Marrow reads RON: `Some(x)` may be written as plain `x`.
pub fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
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
        // Hartsock 1965: about half the marrow space is fat from 30 to 69 years, more after 70,
        // and a child's marrow is mostly cells.
        for age in [30.0, 45.0, 60.0, 69.0] {
            let fat = k.fat_fraction(age);
            assert!((0.45..=0.6).contains(&fat), "{age} y: fat {fat}");
        }
        assert!(k.fat_fraction(75.0) > k.fat_fraction(60.0) + 0.1);
        assert!(k.fat_fraction(5.0) < 0.2);
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
