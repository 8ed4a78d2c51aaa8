//! The scenario's objectives with where each stands: met, missed or still open.

use bevy_egui::egui;

use super::panel_state::RunView;
use crate::scenario::{Scenario, objectives};

/// The scenario's objectives with where each stands.
pub(super) fn objectives_section(ui: &mut egui::Ui, scenario: &Scenario, run: &RunView) {
    let (census, log, now) = (&run.census, &run.actions.0, run.clock.days());
    let goals = &scenario.objectives;
    if goals.is_empty() {
        return;
    }
    ui.strong("Objectives").on_hover_text(
        "Set by the scenario; blood counts are checked once a simulated day, your actions at once",
    );
    for o in goals {
        let (icon, colour, note) = match o.status(&census.rows, scenario.days, log, now) {
            objectives::Status::Pending => ("…", egui::Color32::LIGHT_GRAY, String::new()),
            objectives::Status::Met(day) => (
                "✔",
                egui::Color32::from_rgb(120, 220, 120),
                format!(" (met, day {day})"),
            ),
            objectives::Status::Failed(day, v) => (
                "✖",
                egui::Color32::from_rgb(255, 110, 100),
                if v.is_finite() {
                    format!(" (missed on day {day}: {v:.2})")
                } else {
                    format!(" (missed by day {day})")
                },
            ),
        };
        ui.horizontal_wrapped(|ui| {
            ui.colored_label(colour, icon);
            ui.label(format!("{}{note}", o.goal))
                .on_hover_text(o.rule_text(scenario.days));
        });
    }
}
