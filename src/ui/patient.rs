//! The patient section: age and sex, or an unborn patient's gestational age; Apply builds a
//! new marrow for them and starts again.

use bevy::prelude::*;
use bevy_egui::egui;

use super::panel_state::{Controls, PendingConditions};
use crate::biology::reference::Sex;
use crate::session::ScenarioStarter;
use crate::sim::Model;

/// The patient of the run, and edits to it that Apply restarts the run with.
pub(super) fn patient_section(ui: &mut egui::Ui, model: &Model, c: &mut Controls) {
    ui.strong("Patient");
    let pending = &mut *c.pending;
    let patient = model.patient();
    let mut unborn = pending
        .gestation
        .unwrap_or(patient.gestation_weeks)
        .is_some();
    let mut weeks = pending
        .gestation
        .flatten()
        .or(patient.gestation_weeks)
        .unwrap_or(8.0);
    ui.checkbox(&mut unborn, "Before birth").on_hover_text(
        "Play fetal development: blood is made first in the yolk sac, then the liver and spleen, and the marrow takes over by the third trimester. Applying restarts the run.",
    );
    if unborn {
        ui.add(
            egui::Slider::new(&mut weeks, 3.0..=40.0)
                .step_by(1.0)
                .suffix(" weeks")
                .text("Gestation"),
        )
        .on_hover_text("Gestational age on day 0; it advances a week every 7 simulated days");
    }
    let gestation = unborn.then_some(weeks);
    pending.gestation = (gestation != patient.gestation_weeks).then_some(gestation);
    let mut age = pending.age_years.unwrap_or(patient.age_years);
    ui.add_enabled(
        !unborn,
        egui::Slider::new(&mut age, 0.0..=100.0)
            .step_by(1.0)
            .suffix(" years")
            .text("Age"),
    )
    .on_hover_text("Fat replaces blood-forming marrow with age (about half the marrow is cells from 30 to 69 years, about a third after 70) and old stem cells make less, so counts sit nearer the low edge of normal. Applying restarts the patient.");
    pending.age_years = (age != patient.age_years).then_some(age);
    let mut sex = pending.sex.unwrap_or(patient.sex);
    ui.horizontal(|ui| {
        ui.label("Sex").on_hover_text(
            "Women have a lower normal haemoglobin; the Hb reference range follows.",
        );
        ui.radio_value(&mut sex, Sex::Female, "female");
        ui.radio_value(&mut sex, Sex::Male, "male");
    });
    pending.sex = (sex != patient.sex).then_some(sex);
    let button = ui
        .add_enabled(
            pending.changed(),
            egui::Button::new("Apply — restart with this patient"),
        )
        .on_hover_text("Builds a new marrow for this patient and starts again at day 0")
        .on_disabled_hover_text("Change the patient above first");
    if button.clicked() {
        request_reset(model, &mut c.starter, pending);
    }
    ui.weak(format!("Now: {}", patient.describe()));
}

/// Starts this patient over from day 0, with any edits to the patient applied.
pub fn request_reset(
    model: &Model,
    starter: &mut ScenarioStarter,
    pending: &mut PendingConditions,
) {
    let mut setup = model.setup.clone();
    pending.apply_to(&mut setup);
    starter.restart(setup);
}
