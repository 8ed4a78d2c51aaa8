//! The blood panel's numbers: the complete blood count against its reference ranges, the
//! marrow's composition, cells that should not be in blood, the liver and spleen, hormones.

use bevy_egui::egui;

use super::panel_state::RunView;
use crate::biology::kinetics::Hormone;
use crate::biology::reference::{self, Flag, Sex};

/// The complete blood count with its ranges and flags, the marrow, abnormal cells, the liver
/// and spleen, and the hormones.
pub(super) fn blood_section(ui: &mut egui::Ui, run: &RunView, sex: Sex) {
    let (body, pop, history) = (&run.body, &run.pop, &run.history);
    ui.strong("Blood count").on_hover_text(
        "Complete blood count of the simulated patient, with adult reference ranges",
    );
    egui::Grid::new("cbc")
        .striped(true)
        .num_columns(4)
        .show(ui, |ui| {
            for (analyte, value) in reference::report(&body.cbc, sex) {
                ui.label(analyte.name).on_hover_text(format!(
                    "Adult reference range {}–{} {}; L = below it, H = above it",
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
    if body.extramedullary >= 0.005 {
        ui.label(format!(
            "Liver & spleen output: {:.0} % of a healthy marrow's",
            body.extramedullary * 100.0
        ))
        .on_hover_text("Extramedullary haematopoiesis: outside the marrow, as before birth, when the marrow cannot keep up");
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
