//! The blood panel's numbers: the complete blood count against its reference ranges, the
//! marrow's composition, cells that should not be in blood, the liver and spleen, hormones.

use bevy_egui::egui;

use super::panel_state::RunView;
use crate::biology::kinetics::Hormone;
use crate::biology::reference::{self, Flag, Ranges};

/// The complete blood count with its ranges and flags, the marrow, abnormal cells, the liver
/// and spleen, and the hormones.
pub(super) fn blood_section(ui: &mut egui::Ui, run: &RunView, ranges: &Ranges) {
    let (body, pop, history) = (&run.body, &run.pop, &run.history);
    let which = ranges.label();
    ui.strong("Blood count").on_hover_text(format!(
        "Complete blood count of the simulated patient, with {which} reference ranges"
    ));
    if let Ranges::Fetal { week, .. } = ranges {
        ui.weak(format!(
            "Unborn, week {week:.0}: red-cell ranges are a fetus's of this week"
        ))
        .on_hover_text("Fetal blood sampled from the umbilical cord: haemoglobin rises from about 9 g/dL at week 10 to about 15 at term, red cells are larger, reticulocytes and nucleated red cells are many. White-cell and platelet ranges stay an adult's.");
    }
    egui::Grid::new("cbc")
        .striped(true)
        .num_columns(4)
        .show(ui, |ui| {
            for (analyte, value) in reference::report_for(&body.cbc, ranges) {
                ui.label(analyte.name).on_hover_text(format!(
                    "Reference range ({which}) {}–{} {}; L = below it, H = above it",
                    analyte.low, analyte.high, analyte.unit
                ));
                let d = analyte.decimals;
                let (text, colour) = match analyte.flag(value) {
                    Flag::Low => (
                        format!("{value:.d$} L"),
                        egui::Color32::from_rgb(120, 170, 255),
                    ),
                    Flag::High => (
                        format!("{value:.d$} H"),
                        egui::Color32::from_rgb(255, 150, 90),
                    ),
                    Flag::Normal => (format!("{value:.d$}"), ui.visuals().text_color()),
                };
                ui.colored_label(colour, text);
                ui.label(analyte.unit);
                ui.weak(format!("{}–{}", analyte.low, analyte.high));
                ui.end_row();
            }
        });
    if let Some(grade) = reference::neutropenia(body.cbc.anc_e3_ul) {
        ui.colored_label(egui::Color32::from_rgb(255, 150, 90), format!("⚠ {grade}"));
    }
    ui.separator();
    ui.strong("Marrow");
    ui.label(format!("Agents in the window: {}", pop.agents))
        .on_hover_text("Each sphere stands for many real cells of its kind");
    if let Some(m) = history.last_marrow() {
        ui.label(format!("Cellularity: {:.0} %", m.cellularity_pct))
            .on_hover_text(
                "Share of the marrow space filled by blood-forming cells rather than fat",
            );
        ui.label(format!("Blasts: {:.1} % of nucleated cells", m.blast_pct))
            .on_hover_text(
                "Immature precursors; normally under 5 %, 20 % or more defines acute leukaemia",
            );
        ui.label(format!(
            "Lymphocytes: {:.0} %   Plasma cells: {:.1} %",
            m.lymph_pct, m.plasma_pct
        ))
        .on_hover_text("Of the nucleated marrow cells. Normal adult marrow: lymphocytes about 10-20 %, plasma cells 0.4-4 %. Most came from the blood rather than being made here; after the blood-making cells are lost (aplastic anaemia, chemotherapy) they make up most of what is left");
        if m.clone_pct > 0.0 {
            ui.colored_label(
                egui::Color32::from_rgb(255, 150, 90),
                format!("Malignant clone: {:.1} % of nucleated cells", m.clone_pct),
            )
            .on_hover_text("Leukaemia, lymphoma or myeloma cells; 10 % clonal plasma cells is a threshold for myeloma");
        }
    }
    if body.cbc.abnormal_e3_ul >= 0.005 {
        ui.colored_label(
            egui::Color32::from_rgb(255, 150, 90),
            format!("Abnormal cells in blood: {:.2} ×10³/µL", body.cbc.abnormal_e3_ul),
        )
        .on_hover_text("Blasts or plasma cells on the blood smear; a healthy count has none. They are included in the white count.");
    }
    if let Some(day) = run.census.rows.last().filter(|d| d.fibrosis_pct >= 0.5) {
        ui.colored_label(
            egui::Color32::from_rgb(255, 150, 90),
            format!("Fibrosis: {:.0} % of the marrow space", day.fibrosis_pct),
        )
        .on_hover_text("Reticulin and collagen fibres laid down in myelofibrosis; the pale strands in the 3D view. They take the stem cells' niches, so the marrow makes less.");
    }
    smear_section(ui, &body.cbc);
    if body.extramedullary >= 0.005 {
        ui.label(format!(
            "Liver & spleen output: {:.0} % of a healthy marrow's",
            body.extramedullary * 100.0
        ))
        .on_hover_text("Extramedullary haematopoiesis: stem cells driven out of a fibrotic marrow make blood in the liver and spleen, as those organs did before birth");
    }
    if body.spleen_rel >= 1.05 {
        let size = if body.spleen_rel >= 1.6 {
            "massively enlarged"
        } else if body.spleen_rel >= 1.2 {
            "enlarged, can be felt below the ribs"
        } else {
            "slightly enlarged"
        };
        ui.colored_label(
            egui::Color32::from_rgb(255, 150, 90),
            format!("Spleen: {:.1} × normal length, {size}", body.spleen_rel),
        )
        .on_hover_text("A spleen making blood grows; a big spleen also holds back platelets, so the count falls (hypersplenism). Normal length is about 11 cm.");
    }
    ui.horizontal(|ui| {
        for h in Hormone::ALL {
            ui.label(format!("{} ×{:.2}", h.label(), body.hormones.get(h)))
                .on_hover_text(match h {
                    Hormone::Epo => {
                        "Erythropoietin relative to normal: rises when haemoglobin falls"
                    }
                    Hormone::Tpo => "Thrombopoietin relative to normal: rises when platelets fall",
                    Hormone::Gcsf => "G-CSF relative to normal: rises when neutrophils fall",
                });
        }
    });
}

/// What a blood smear shows beyond the count: young forms that a healthy marrow keeps back,
/// and misshapen red cells. Shown only when there are some to see.
fn smear_section(ui: &mut egui::Ui, cbc: &crate::biology::blood::Cbc) {
    let anc = cbc.anc_e3_ul.max(1e-9);
    let band_pct = 100.0 * cbc.bands_e3_ul / anc;
    let ig_pct = 100.0 * cbc.ig_e3_ul / cbc.wbc_e3_ul.max(1e-9);
    let lines = [
        (
            band_pct >= 10.0,
            format!("Bands: {band_pct:.0} % of neutrophils (left shift)"),
            "Young neutrophils with an unsegmented nucleus. A few per cent is normal; G-CSF in infection releases many more early.",
        ),
        (
            cbc.ig_e3_ul >= 0.1,
            format!(
                "Immature granulocytes: {:.2} ×10³/µL ({ig_pct:.1} % of white cells)",
                cbc.ig_e3_ul
            ),
            "Metamyelocytes and myelocytes, normally kept in the marrow: seen in severe infection and when the liver and spleen make blood.",
        ),
        (
            cbc.nrbc_per_100_wbc >= 0.5,
            format!(
                "Nucleated red cells: {:.1} per 100 white cells",
                cbc.nrbc_per_100_wbc
            ),
            "Red cells that still have their nucleus; a healthy adult's blood has none. With immature granulocytes they make a leukoerythroblastic picture.",
        ),
        (
            cbc.teardrop_pct >= 0.5,
            format!("Teardrop red cells: {:.1} % of red cells", cbc.teardrop_pct),
            "Dacrocytes: red cells pulled into a teardrop squeezing out of a scarred (fibrotic) marrow.",
        ),
    ];
    for (show, text, about) in lines {
        if show {
            ui.colored_label(egui::Color32::from_rgb(255, 150, 90), text)
                .on_hover_text(about);
        }
    }
}
