//! egui panels: the clock and time controls, the blood count against its reference ranges,
//! the marrow and the hormones.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use crate::biology::reference::{self, Flag};
use crate::sim::body::Body;
use crate::sim::census::Census;
use crate::sim::{Model, Population, SimClock};

pub struct UiPlugin;

impl Plugin for UiPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(EguiPrimaryContextPass, draw_side_panel);
    }
}

/// Simulated hours per real second offered by the speed control.
const SPEEDS: [f64; 6] = [0.5, 1.0, 3.0, 6.0, 12.0, 24.0];

fn draw_side_panel(
    mut contexts: EguiContexts,
    model: Res<Model>,
    clock: Res<SimClock>,
    body: Res<Body>,
    census: Res<Census>,
    pop: Res<Population>,
    mut virtual_time: ResMut<Time<Virtual>>,
    mut fixed: ResMut<Time<Fixed>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut viewport_ui = egui::Ui::new(
        ctx.clone(),
        "viewport".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    );
    egui::Panel::left("marrow_panel")
        .resizable(false)
        .default_size(300.0)
        .show(&mut viewport_ui, |ui| {
            ui.heading("Marrow");
            ui.label(&model.scenario.title)
                .on_hover_text(&model.scenario.description);
            ui.separator();

            let hours = clock.hours();
            ui.label(
                egui::RichText::new(format!(
                    "Day {}  {:02}:{:02}",
                    (hours / 24.0).floor(),
                    (hours % 24.0).floor(),
                    ((hours * 60.0) % 60.0).floor()
                ))
                .size(20.0),
            );
            ui.horizontal(|ui| {
                let paused = virtual_time.is_paused();
                if ui
                    .button(if paused { "▶ Play" } else { "⏸ Pause" })
                    .on_hover_text("Start or stop simulated time (Space)")
                    .clicked()
                {
                    if paused {
                        virtual_time.unpause()
                    } else {
                        virtual_time.pause()
                    }
                }
                let tick_hours = model.k.tick_hours as f64;
                let current = tick_hours / fixed.timestep().as_secs_f64();
                egui::ComboBox::from_id_salt("speed")
                    .selected_text(format!("{current:.1} h/s"))
                    .show_ui(ui, |ui| {
                        for s in SPEEDS {
                            if ui
                                .selectable_label(
                                    (current - s).abs() < 1e-6,
                                    format!("{s} simulated h per second"),
                                )
                                .clicked()
                            {
                                fixed.set_timestep_hz(s / tick_hours);
                            }
                        }
                    })
                    .response
                    .on_hover_text("How fast simulated time runs");
            });
            ui.separator();

            ui.strong("Blood count").on_hover_text(
                "Complete blood count of the simulated patient, with adult reference ranges",
            );
            egui::Grid::new("cbc")
                .striped(true)
                .num_columns(4)
                .show(ui, |ui| {
                    for (analyte, value) in reference::report(&body.cbc, model.scenario.patient.sex)
                    {
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
            ui.separator();

            ui.strong("Marrow");
            ui.label(format!("Agents in the window: {}", pop.agents))
                .on_hover_text("Each sphere stands for many real cells of its kind");
            if let Some(row) = census.rows.last() {
                ui.label(format!("Cellularity: {:.0} %", row.marrow.cellularity_pct))
                    .on_hover_text(
                        "Share of the marrow space filled by blood-forming cells rather than fat",
                    );
                ui.label(format!(
                    "Blasts: {:.1} % of nucleated cells",
                    row.marrow.blast_pct
                ))
                .on_hover_text("Immature precursors; above 20 % defines acute leukaemia");
            }
            ui.separator();
            ui.strong("Hormones (× normal)");
            for h in crate::biology::kinetics::Hormone::ALL {
                ui.label(format!("{}: {:.2}", h.label(), body.hormones.get(h)));
            }
            ui.separator();
            ui.weak("Drag to orbit · scroll to zoom · Home resets the view");
        });
    Ok(())
}
