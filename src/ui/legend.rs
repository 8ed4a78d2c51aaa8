//! The legend: each lineage's colour with a box to hide its cells, and the structures'.

use bevy_egui::egui;

use crate::learn::names::lineage_label;
use crate::learn::progress::Palette;
use crate::sim::Model;
use crate::sim::geometry::Structure;
use crate::view::cell_looks::structure_colour;
use crate::view::settings::LineageFilter;

pub fn egui_colour(c: [f32; 3]) -> egui::Color32 {
    egui::Color32::from_rgb(
        (c[0] * 255.0) as u8,
        (c[1] * 255.0) as u8,
        (c[2] * 255.0) as u8,
    )
}

fn lineage_colour(model: &Model, lineage: usize, palette: Palette) -> egui::Color32 {
    let stages = &model.k.lineages[lineage].stages;
    egui_colour(crate::learn::palette::stage_colour(
        &model.k,
        palette,
        lineage,
        stages.len() / 2,
    ))
}

/// The cells' colours by lineage, each with a box to hide it, and the structures' colours.
pub(super) fn legend_section(
    ui: &mut egui::Ui,
    model: &Model,
    filter: &mut LineageFilter,
    palette: Palette,
) {
    ui.checkbox(
        &mut filter.cut_away,
        "Cut away the tissue in front of the vessel (C)",
    )
    .on_hover_text(
        "Hide the cells and fat between the camera and the sinusoid, so that the vessel, \
             the megakaryocytes at its wall and the blood in it stay in sight as you turn the view",
    );
    ui.strong("Cells")
        .on_hover_text("Untick a lineage to hide its cells in the 3D view");
    for (i, lineage) in model.k.lineages.iter().enumerate() {
        ui.horizontal(|ui| {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
            ui.painter()
                .circle_filled(rect.center(), 6.0, lineage_colour(model, i, palette));
            let mut shown = !filter.is_hidden(i);
            if ui
                .checkbox(&mut shown, lineage_label(&lineage.name))
                .on_hover_text(format!(
                    "{} — {} stages",
                    lineage.about,
                    lineage.stages.len()
                ))
                .changed()
            {
                if filter.hidden.len() <= i {
                    filter.hidden.resize(i + 1, false);
                }
                filter.hidden[i] = !shown;
            }
        });
    }
    let swatch = |ui: &mut egui::Ui, c: [f32; 3], name: &str, tip: &str| {
        ui.horizontal(|ui| {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
            ui.painter()
                .circle_filled(rect.center(), 6.0, egui_colour(c));
            ui.label(name).on_hover_text(tip);
        });
    };
    swatch(
        ui,
        model.k.hsc.color,
        "Stem cell",
        "Haematopoietic stem cells, each held in a niche on the bone or beside the sinusoid",
    );
    for (kind, name, tip) in [
        (
            Structure::Macrophage,
            "Macrophage",
            "The centre of an erythroblastic island: young red cells cluster around it",
        ),
        (
            Structure::Adipocyte,
            "Fat cell",
            "Adipocytes take more of the marrow with age",
        ),
        (
            Structure::Vessel,
            "Sinusoid",
            "The vessel mature cells squeeze into to reach the blood",
        ),
        (
            Structure::Bone,
            "Bone",
            "Trabecular bone lines the floor of the window",
        ),
    ] {
        swatch(ui, structure_colour(kind), name, tip);
    }
}
