//! Daily records: the blood count, the marrow differential and the hormones, one row a day.

use bevy::prelude::*;

use super::body::Body;
use super::cells::Cell;
use super::marrow::MarrowGeometry;
use super::{Flows, Model, Population, SimClock, SimSet};
use crate::biology::blood::Cbc;

/// One simulated day, as written to the CSV.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct DayRow {
    pub day: u64,
    pub cbc: Cbc,
    pub marrow: MarrowCensus,
    pub extramedullary_pct: f64,
    pub agents: usize,
    pub hormones: [f64; 3],
    pub flows: Flows,
    /// Divisions and commitments refused so far because the entity cap was reached.
    pub suppressed_by_cap: u64,
}

impl PartialEq for Flows {
    fn eq(&self, o: &Self) -> bool {
        (
            self.commitments,
            self.divisions,
            self.deaths,
            self.egressed,
            self.timed_out,
        ) == (
            o.commitments,
            o.divisions,
            o.deaths,
            o.egressed,
            o.timed_out,
        )
    }
}

/// Composition of the marrow window.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct MarrowCensus {
    /// Blasts as a percentage of nucleated marrow cells.
    pub blast_pct: f64,
    /// Haematopoietic share of the marrow space, percent.
    pub cellularity_pct: f64,
    /// Real nucleated cells the window's agents stand for.
    pub nucleated_cells: f64,
    /// Malignant clones (leukaemia, lymphoma, myeloma) as a percentage of nucleated cells.
    pub clone_pct: f64,
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
        flows: *flows,
        suppressed_by_cap: pop.suppressed,
    });
    *flows = Flows::default();
    body.output.clear();
}

/// Column names of the headless CSV, in order.
pub const CSV_HEADER: &str = "day,hb_g_dl,rbc_e6_ul,wbc_e3_ul,anc_e3_ul,lymph_e3_ul,mono_e3_ul,eos_e3_ul,baso_e3_ul,plt_e3_ul,retic_pct,marrow_blast_pct,cellularity_pct,extramedullary_pct,agents,epo_rel,tpo_rel,gcsf_rel,abnormal_e3_ul,marrow_clone_pct";

impl DayRow {
    pub fn csv_line(&self) -> String {
        let c = &self.cbc;
        format!(
            "{},{:.2},{:.3},{:.2},{:.2},{:.2},{:.3},{:.3},{:.3},{:.1},{:.2},{:.2},{:.1},{:.2},{},{:.3},{:.3},{:.3},{:.2},{:.2}",
            self.day,
            c.hb_g_dl,
            c.rbc_e6_ul,
            c.wbc_e3_ul,
            c.anc_e3_ul,
            c.lymph_e3_ul,
            c.mono_e3_ul,
            c.eos_e3_ul,
            c.baso_e3_ul,
            c.plt_e3_ul,
            c.retic_pct,
            self.marrow.blast_pct,
            self.marrow.cellularity_pct,
            self.extramedullary_pct,
            self.agents,
            self.hormones[0],
            self.hormones[1],
            self.hormones[2],
            c.abnormal_e3_ul,
            self.marrow.clone_pct,
        )
    }
}

/// The whole CSV text for `rows`.
pub fn to_csv(rows: &[DayRow]) -> String {
    let mut out = String::with_capacity(64 + rows.len() * 120);
    out.push_str(CSV_HEADER);
    out.push('\n');
    for r in rows {
        out.push_str(&r.csv_line());
        out.push('\n');
    }
    out
}
