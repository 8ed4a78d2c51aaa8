//! The top bar: the menu, the clock, Play/Pause, Step, the speed, Reset, and the scenario and
//! file buttons; with their keys (Space, `.`, R).

use bevy::prelude::*;
use bevy_egui::egui;
use bevy_egui::input::EguiWantsInput;

use super::panel_state::{
    Controls, OpenMenu, PendingConditions, RunView, StepRequest, Surroundings,
};
use super::patient::request_reset;
use super::saves_window;
use crate::session::ScenarioStarter;
use crate::sim::{Model, SimClock, run_ticks};
use crate::view::GuiSet;

/// Simulated hours per real second offered by the speed control.
const SPEEDS: [(f64, &str); 8] = [
    (0.1, "0.1 h/s — watch cells crawl"),
    (0.5, "0.5 h/s"),
    (1.0, "1 h/s"),
    (3.0, "3 h/s"),
    (6.0, "6 h/s"),
    (12.0, "12 h/s — a day in 2 s"),
    (24.0, "24 h/s — a day a second"),
    (48.0, "48 h/s — fast forward"),
];

/// Hours the Step button advances while paused.
const STEP_HOURS: f64 = 1.0;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<StepRequest>()
        .add_systems(PreUpdate, run_requested_steps)
        .add_systems(Update, time_hotkeys.in_set(GuiSet::Input));
}

fn run_requested_steps(world: &mut World) {
    let n = std::mem::take(&mut world.resource_mut::<StepRequest>().0);
    run_ticks(world, n);
}

fn request_step(model: &Model, steps: &mut StepRequest) {
    steps.0 += (STEP_HOURS / model.k.tick_hours as f64).round() as u32;
}

fn toggle_pause(time: &mut Time<Virtual>) {
    if time.is_paused() {
        time.unpause();
    } else {
        time.pause();
    }
}

/// Space pauses, `.` steps one hour, R resets; never while egui has the keyboard.
fn time_hotkeys(
    keys: Res<ButtonInput<KeyCode>>,
    egui_input: Res<EguiWantsInput>,
    model: Res<Model>,
    mut virtual_time: ResMut<Time<Virtual>>,
    mut steps: ResMut<StepRequest>,
    mut starter: ScenarioStarter,
    mut pending: ResMut<PendingConditions>,
) {
    if egui_input.wants_any_keyboard_input() {
        return;
    }
    if keys.just_pressed(KeyCode::Space) {
        toggle_pause(&mut virtual_time);
    }
    if keys.just_pressed(KeyCode::Period) {
        virtual_time.pause();
        request_step(&model, &mut steps);
    }
    if keys.just_pressed(KeyCode::KeyR) {
        request_reset(&model, &mut starter, &mut pending);
    }
}

/// "Day 3  07:30": whole days and the time of day since day 0.
pub fn clock_text(clock: &SimClock) -> String {
    let hours = clock.hours().max(0.0);
    let day = (hours / 24.0).floor();
    let h = hours - day * 24.0;
    format!(
        "Day {day:.0}  {:02}:{:02}",
        h.floor(),
        ((h - h.floor()) * 60.0).floor()
    )
}

/// The bar's contents.
pub(super) fn show(ui: &mut egui::Ui, run: &RunView, c: &mut Controls, around: &mut Surroundings) {
    let model = &run.model;
    ui.horizontal(|ui| {
        if ui
            .button("☰ Menu")
            .on_hover_text(
                "Pause and open the menu: challenges, codex, settings, title screen (Esc)",
            )
            .clicked()
        {
            around.menu.write(OpenMenu);
            c.virtual_time.pause();
        }
        ui.heading("Marrow");
        let scenario = &c.starter.current.0;
        ui.label(&scenario.title)
            .on_hover_text(&scenario.description);
        ui.separator();
        ui.label(
            egui::RichText::new(clock_text(&run.clock))
                .size(18.0)
                .monospace(),
        )
        .on_hover_text("Simulated time since the start of the run");
        time_controls(ui, model, c);
        ui.separator();
        file_buttons(ui, c, around);
        let loading = around.legacy.0.as_ref().map(|r| r.progress(&run.clock));
        if let Some((day, of)) = loading {
            ui.separator();
            ui.spinner();
            ui.label(format!(
                "Loading saved game: rebuilding day {day:.0} of {of:.0}…"
            ));
        } else if let Some(text) = around.toast.showing(around.time_real.elapsed_secs_f64()) {
            ui.separator();
            ui.label(text);
        }
    });
}

fn time_controls(ui: &mut egui::Ui, model: &Model, c: &mut Controls) {
    let paused = c.virtual_time.is_paused();
    if ui
        .button(if paused { "▶ Play" } else { "⏸ Pause" })
        .on_hover_text("Start or stop time (Space)")
        .clicked()
    {
        toggle_pause(&mut c.virtual_time);
    }
    if ui
        .button("⏭ Step 1 h")
        .on_hover_text("Pause and advance one simulated hour (.)")
        .clicked()
    {
        c.virtual_time.pause();
        request_step(model, &mut c.steps);
    }
    let tick_hours = model.k.tick_hours as f64;
    let current = tick_hours / c.fixed.timestep().as_secs_f64();
    egui::ComboBox::from_id_salt("speed")
        .selected_text(format!("Speed {current:.1} h/s"))
        .show_ui(ui, |ui| {
            for (s, label) in SPEEDS {
                if ui.selectable_label((current - s).abs() < 1e-6, label).clicked() {
                    c.fixed.set_timestep_hz(s / tick_hours);
                }
            }
        })
        .response
        .on_hover_text("Simulated hours per real second. Slow speeds show cells moving; fast ones show counts changing over days.");
    if ui
        .button("⟲ Reset")
        .on_hover_text("Start this patient over from day 0 (R)")
        .clicked()
    {
        request_reset(model, &mut c.starter, &mut c.pending);
    }
}

fn file_buttons(ui: &mut egui::Ui, c: &mut Controls, around: &Surroundings) {
    if around.layout.clutter_hidden {
        return;
    }
    if ui
        .button("📂 Scenarios")
        .on_hover_text("Pick a bundled scenario or one of your own")
        .clicked()
    {
        c.picker.open = !c.picker.open;
    }
    let loading = around.legacy.0.is_some();
    if ui
        .add_enabled(!loading, egui::Button::new("💾 Save"))
        .on_hover_text("Save this run to continue it later")
        .clicked()
    {
        c.files.save = true;
    }
    if ui
        .add_enabled(!loading, egui::Button::new("📁 Load"))
        .on_hover_text("Continue a saved run")
        .clicked()
    {
        saves_window::open_saves(&mut c.saves);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_shows_the_day_from_day_0() {
        let clock = |tick| SimClock {
            tick,
            tick_hours: 0.1,
            ticks_per_day: 240,
        };
        assert_eq!(clock_text(&clock(0)), "Day 0  00:00");
        assert_eq!(clock_text(&clock(-30)), "Day 0  00:00");
        assert_eq!(clock_text(&clock(75)), "Day 0  07:30");
        assert_eq!(clock_text(&clock(240 * 3 + 5)), "Day 3  00:30");
    }
}
