//! Daily records: the blood count, the marrow differential and the hormones, one row a day;
//! and their columns, the one list that the CSV and the objectives' measures both read.

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

use super::agents::Cell;
use super::body::Body;
use super::conditions::ConditionState;
use super::geometry::MarrowGeometry;
use super::run::{Flows, Population, SimClock, SimSet};
use super::setup::Model;
use crate::biology::blood::Cbc;
use crate::biology::kinetics::MarrowCount;

/// One simulated day, as written to the CSV.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DayRow {
    pub day: u64,
    pub cbc: Cbc,
    pub marrow: MarrowCensus,
    pub extramedullary_pct: f64,
    pub agents: usize,
    pub hormones: [f64; 3],
    /// Serum ferritin, µg/L: the body's iron stores.
    #[serde(default)]
    pub ferritin_ug_l: f64,
    /// Spleen length relative to normal.
    #[serde(default)]
    pub spleen_rel: f64,
    /// Share of the marrow space filled by fibres, %.
    #[serde(default)]
    pub fibrosis_pct: f64,
    pub flows: Flows,
    /// Divisions and commitments refused so far because the entity cap was reached.
    pub suppressed_by_cap: u64,
}

/// Composition of the marrow window.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MarrowCensus {
    /// Blasts as a percentage of nucleated marrow cells.
    pub blast_pct: f64,
    /// Haematopoietic share of the marrow space, percent.
    pub cellularity_pct: f64,
    /// Real nucleated cells the window's agents stand for.
    pub nucleated_cells: f64,
    /// Malignant clones (leukaemia, lymphoma, myeloma) as a percentage of nucleated cells.
    pub clone_pct: f64,
    /// Lymphocytes (B, T and NK, precursors and mature) as a percentage of nucleated cells.
    #[serde(default)]
    pub lymph_pct: f64,
    /// Plasma cells, normal and myeloma, as a percentage of nucleated cells.
    #[serde(default)]
    pub plasma_pct: f64,
}

/// All rows so far.
#[derive(Resource, Clone, Debug, Default)]
pub struct Census {
    pub rows: Vec<DayRow>,
}

pub struct CensusPlugin;

impl Plugin for CensusPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<Census>()
            .add_systems(FixedUpdate, record_day.in_set(SimSet::Census));
    }
}

/// Counts the marrow by real cells (agents × cells per agent).
pub fn marrow_census<'a>(
    model: &Model,
    geometry: &MarrowGeometry,
    cells: impl Iterator<Item = &'a Cell>,
) -> MarrowCensus {
    let k = &model.k;
    let (mut nucleated, mut blasts, mut clone) = (0.0, 0.0, 0.0);
    let (mut lymph, mut plasma) = (0.0, 0.0);
    for Cell(state) in cells {
        let stage = state.stage_data(k);
        if !stage.nucleated {
            continue;
        }
        let lineage = &k.lineages[state.lineage as usize];
        let weight = lineage.cells_per_agent;
        nucleated += weight;
        if stage.blast {
            blasts += weight;
        }
        if lineage.malignant {
            clone += weight;
        }
        match lineage.counted_in_marrow {
            Some(MarrowCount::Lymphocyte) => lymph += weight,
            Some(MarrowCount::PlasmaCell) => plasma += weight,
            None => {}
        }
    }
    let pct = |x: f64| {
        if nucleated > 0.0 {
            100.0 * x / nucleated
        } else {
            0.0
        }
    };
    let space = 1.0 - geometry.fat_fraction as f64;
    let fill = nucleated / model.steady.nucleated_cells.max(1.0);
    MarrowCensus {
        blast_pct: pct(blasts),
        cellularity_pct: (100.0 * space * fill).min(100.0),
        nucleated_cells: nucleated,
        clone_pct: pct(clone),
        lymph_pct: pct(lymph),
        plasma_pct: pct(plasma),
    }
}

fn record_day(
    clock: Res<SimClock>,
    model: Res<Model>,
    geometry: Res<MarrowGeometry>,
    mut body: ResMut<Body>,
    pop: Res<Population>,
    mut flows: ResMut<Flows>,
    mut census: ResMut<Census>,
    conditions: Res<ConditionState>,
    cells: Query<&Cell>,
) {
    if !clock.is_day_end() {
        return;
    }
    census.rows.push(DayRow {
        day: clock.day(),
        cbc: body.cbc,
        marrow: marrow_census(&model, &geometry, cells.iter()),
        extramedullary_pct: body
            .output
            .extramedullary_pct(&model.k, &model.steady.product_cells_per_h),
        agents: pop.agents,
        hormones: body.hormones.0,
        ferritin_ug_l: body.ferritin_ug_l(&model.k),
        spleen_rel: body.spleen_rel,
        fibrosis_pct: 100.0 * conditions.effects.fibrosis,
        flows: *flows,
        suppressed_by_cap: pop.suppressed,
    });
    *flows = Flows::default();
    body.output.clear();
}

/// One column of the daily record: its CSV name, a label and unit for people, the decimals the
/// CSV writes, and how it is read from a day's row.
pub struct Column {
    pub name: &'static str,
    pub label: &'static str,
    pub unit: &'static str,
    pub decimals: usize,
    pub value: fn(&DayRow) -> f64,
}

const fn column(
    name: &'static str,
    label: &'static str,
    unit: &'static str,
    decimals: usize,
    value: fn(&DayRow) -> f64,
) -> Column {
    Column {
        name,
        label,
        unit,
        decimals,
        value,
    }
}

/// The columns of the headless CSV, in order (the contract of `marrow run`).
pub const COLUMNS: &[Column] = &[
    column("day", "Day", "", 0, |r| r.day as f64),
    column("hb_g_dl", "Haemoglobin", "g/dL", 2, |r| r.cbc.hb_g_dl),
    column("rbc_e6_ul", "Red cells", "10⁶/µL", 3, |r| {
        r.cbc.rbc_e6_ul
    }),
    column("wbc_e3_ul", "White cells", "10³/µL", 2, |r| {
        r.cbc.wbc_e3_ul
    }),
    column("anc_e3_ul", "Neutrophils", "10³/µL", 2, |r| {
        r.cbc.anc_e3_ul
    }),
    column("lymph_e3_ul", "Lymphocytes", "10³/µL", 2, |r| {
        r.cbc.lymph_e3_ul
    }),
    column("mono_e3_ul", "Monocytes", "10³/µL", 3, |r| {
        r.cbc.mono_e3_ul
    }),
    column("eos_e3_ul", "Eosinophils", "10³/µL", 3, |r| {
        r.cbc.eos_e3_ul
    }),
    column("baso_e3_ul", "Basophils", "10³/µL", 3, |r| {
        r.cbc.baso_e3_ul
    }),
    column("plt_e3_ul", "Platelets", "10³/µL", 1, |r| r.cbc.plt_e3_ul),
    column("retic_pct", "Reticulocytes", "%", 2, |r| r.cbc.retic_pct),
    column("marrow_blast_pct", "Marrow blasts", "%", 2, |r| {
        r.marrow.blast_pct
    }),
    column("cellularity_pct", "Marrow cellularity", "%", 1, |r| {
        r.marrow.cellularity_pct
    }),
    column(
        "extramedullary_pct",
        "Liver and spleen output",
        "%",
        2,
        |r| r.extramedullary_pct,
    ),
    column("agents", "Agents in the window", "", 0, |r| r.agents as f64),
    column("epo_rel", "EPO", "× normal", 3, |r| r.hormones[0]),
    column("tpo_rel", "TPO", "× normal", 3, |r| r.hormones[1]),
    column("gcsf_rel", "G-CSF", "× normal", 3, |r| r.hormones[2]),
    column(
        "abnormal_e3_ul",
        "Abnormal cells in blood",
        "10³/µL",
        2,
        |r| r.cbc.abnormal_e3_ul,
    ),
    column("marrow_clone_pct", "Clone in marrow", "%", 2, |r| {
        r.marrow.clone_pct
    }),
    column("hct_pct", "Haematocrit", "%", 1, |r| r.cbc.hct_pct),
    column("mcv_fl", "Red-cell size (MCV)", "fL", 1, |r| r.cbc.mcv_fl),
    column("rpi", "Reticulocyte production index", "", 2, |r| r.cbc.rpi),
    column("ferritin_ug_l", "Ferritin (iron stores)", "µg/L", 0, |r| {
        r.ferritin_ug_l
    }),
    column("bands_e3_ul", "Band neutrophils", "10³/µL", 3, |r| {
        r.cbc.bands_e3_ul
    }),
    column(
        "ig_e3_ul",
        "Immature granulocytes in blood",
        "10³/µL",
        3,
        |r| r.cbc.ig_e3_ul,
    ),
    column(
        "nrbc_per_100_wbc",
        "Nucleated red cells",
        "per 100 white cells",
        2,
        |r| r.cbc.nrbc_per_100_wbc,
    ),
    column(
        "teardrop_pct",
        "Teardrop red cells",
        "% of red cells",
        2,
        |r| r.cbc.teardrop_pct,
    ),
    column("spleen_rel", "Spleen length", "× normal", 2, |r| {
        r.spleen_rel
    }),
    column(
        "fibrosis_pct",
        "Marrow fibrosis",
        "% of marrow space",
        1,
        |r| r.fibrosis_pct,
    ),
    column(
        "marrow_lymph_pct",
        "Marrow lymphocytes",
        "% of nucleated",
        1,
        |r| r.marrow.lymph_pct,
    ),
    column(
        "marrow_plasma_pct",
        "Marrow plasma cells",
        "% of nucleated",
        2,
        |r| r.marrow.plasma_pct,
    ),
];

/// The columns an objective can measure: every one but the day itself.
pub fn measures() -> &'static [Column] {
    &COLUMNS[1..]
}

/// The measure called `name`.
pub fn measure(name: &str) -> Option<&'static Column> {
    measures().iter().find(|c| c.name == name)
}

/// The CSV's header line (without its newline).
pub fn csv_header() -> String {
    COLUMNS.iter().map(|c| c.name).collect::<Vec<_>>().join(",")
}

impl DayRow {
    pub fn csv_line(&self) -> String {
        let mut line = String::with_capacity(120);
        for (i, c) in COLUMNS.iter().enumerate() {
            if i > 0 {
                line.push(',');
            }
            // A value that rounds to zero is written as 0, never as "-0.0".
            let v = (c.value)(self);
            let v = if v.abs() < 0.5 * 10f64.powi(-(c.decimals as i32)) {
                0.0
            } else {
                v
            };
            line.push_str(&format!("{:.*}", c.decimals, v));
        }
        line
    }
}

/// The whole CSV text for `rows`.
pub fn to_csv(rows: &[DayRow]) -> String {
    let mut out = String::with_capacity(64 + rows.len() * 120);
    out.push_str(&csv_header());
    out.push('\n');
    for r in rows {
        out.push_str(&r.csv_line());
        out.push('\n');
    }
    out
}
