//! The guided tour: a first-run walkthrough of the camera, time, the inspector, conditions
//! and plots. Each step finishes when the player has done it; the tour can be skipped and
//! taken again from the title screen, the pause menu or settings.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::progress_store::ProgressStore;
use crate::sim::SimClock;
use crate::sim::conditions::Timeline;
use crate::view::camera::OrbitCamera;
use crate::view::selection::Selection;
use crate::view::{GuiSet, Screen};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        check_tutorial_step
            .run_if(in_state(Screen::Playing))
            .in_set(GuiSet::Select),
    )
    .add_systems(
        EguiPrimaryContextPass,
        draw_tutorial.run_if(in_state(Screen::Playing)),
    );
}

/// What the player has to do to finish a step.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Task {
    /// Read, then press Next.
    Read,
    /// Turn or zoom the camera.
    MoveCamera,
    /// Let at least this many simulated hours pass.
    RunTime(f64),
    /// Click a cell.
    Inspect,
    /// Start a condition from the panel.
    GiveCondition,
}

struct Step {
    title: &'static str,
    text: &'static str,
    task: Task,
}

const STEPS: &[Step] = &[
    Step {
        title: "Welcome to the marrow",
        text: "You are looking into a block of bone marrow about half a millimetre across. The pale slab at the bottom is bone, the red tube is a sinusoid (a wide, leaky blood vessel), the pale yellow balls are fat cells. Every coloured sphere is a group of blood-forming cells of one kind and stage.",
        task: Task::Read,
    },
    Step {
        title: "Look around",
        text: "Drag with the left mouse button to turn the view, drag with the right button to slide it, and use the wheel to zoom. (Arrow keys and W/A/S/D work too; Home puts the view back.)",
        task: Task::MoveCamera,
    },
    Step {
        title: "Run time",
        text: "Press ▶ Play in the top bar (or Space) and pick a faster speed from the Speed list. Cells divide, mature, die and crawl to the sinusoid; the clock shows simulated days and hours.",
        task: Task::RunTime(12.0),
    },
    Step {
        title: "Inspect a cell",
        text: "Click any cell. The inspector names its kind and stage, how long it has been there and what it will become; 📖 Codex opens its entry. Your codex fills up with every kind of cell you inspect.",
        task: Task::Inspect,
    },
    Step {
        title: "Change the patient",
        text: "On the left, under Conditions, find Bacterial infection and press Infect now. The body answers within hours: G-CSF rises and the marrow releases its stored neutrophils.",
        task: Task::GiveCondition,
    },
    Step {
        title: "Read the blood count",
        text: "On the right is the complete blood count, with the normal range beside each number and L or H when it is outside. The plots below show the last weeks; dashed lines mark the normal range. Watch the white cells climb as the infection takes hold.",
        task: Task::RunTime(24.0),
    },
    Step {
        title: "You are ready",
        text: "Esc opens the menu: try the Challenges (patients with goals and a quiz), read the Codex, or load your own scenarios with 📂 in the top bar. You can take this tour again from the menu.",
        task: Task::Read,
    },
];

/// Where the tour is.
#[derive(Resource, Default, Debug)]
pub struct Tutorial {
    pub active: bool,
    step: usize,
    /// The state when the step began: camera (yaw, pitch, distance), tick, journal length.
    baseline: Option<([f32; 3], i64, usize)>,
    done: bool,
}

impl Tutorial {
    /// Starts the tour from its first step.
    pub fn start(&mut self) {
        *self = Tutorial {
            active: true,
            ..default()
        };
    }
}

fn check_tutorial_step(
    mut tutorial: ResMut<Tutorial>,
    orbit: Res<OrbitCamera>,
    clock: Res<SimClock>,
    selection: Res<Selection>,
    timeline: Res<Timeline>,
) {
    if !tutorial.active || tutorial.done {
        return;
    }
    let now = (
        [orbit.yaw, orbit.pitch, orbit.distance],
        clock.tick,
        timeline.journal.len(),
    );
    let Some((cam, tick, journal)) = tutorial.baseline else {
        tutorial.baseline = Some(now);
        return;
    };
    let done = match STEPS[tutorial.step].task {
        Task::Read => false,
        Task::MoveCamera => {
            (now.0[0] - cam[0]).abs() + (now.0[1] - cam[1]).abs() > 0.25
                || (now.0[2] / cam[2] - 1.0).abs() > 0.15
        }
        Task::RunTime(hours) => (now.1 - tick) as f64 * clock.tick_hours >= hours,
        Task::Inspect => selection.0.is_some(),
        Task::GiveCondition => now.2 > journal,
    };
    tutorial.done = done;
}

fn draw_tutorial(
    mut contexts: EguiContexts,
    mut tutorial: ResMut<Tutorial>,
    mut store: ResMut<ProgressStore>,
) -> Result {
    if !tutorial.active {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?;
    let step = &STEPS[tutorial.step];
    let last = tutorial.step + 1 == STEPS.len();
    let mut advance = false;
    let mut back = false;
    let mut close = false;
    egui::Window::new(format!(
        "ℹ Guided tour — {} of {}",
        tutorial.step + 1,
        STEPS.len()
    ))
    .id(egui::Id::new("tutorial"))
    .anchor(egui::Align2::CENTER_BOTTOM, egui::vec2(0.0, -16.0))
    .collapsible(false)
    .resizable(false)
    .default_width(520.0)
    .show(ctx, |ui| {
        ui.set_max_width(520.0);
        ui.label(egui::RichText::new(step.title).size(20.0).strong());
        ui.label(step.text);
        ui.add_space(4.0);
        let ready = step.task == Task::Read || tutorial.done;
        if step.task != Task::Read {
            if tutorial.done {
                ui.colored_label(
                    egui::Color32::from_rgb(120, 220, 120),
                    "✔ Done — press Next",
                );
            } else {
                ui.weak(match step.task {
                    Task::MoveCamera => "Waiting for you to turn or zoom the view…",
                    Task::RunTime(_) => "Waiting for simulated time to pass…",
                    Task::Inspect => "Waiting for you to click a cell…",
                    Task::GiveCondition => "Waiting for you to start a condition…",
                    Task::Read => "",
                });
            }
        }
        ui.horizontal(|ui| {
            if tutorial.step > 0 && ui.button("⬅ Back").clicked() {
                back = true;
            }
            let label = if last { "Finish ✔" } else { "Next ➡" };
            if ui
                .add_enabled(ready, egui::Button::new(label))
                .on_disabled_hover_text("Do the step first (or skip the tour)")
                .clicked()
            {
                advance = true;
            }
            if !last
                && ui
                    .button("Skip tour")
                    .on_hover_text("Close the tour; take it again from the menu (Esc)")
                    .clicked()
            {
                close = true;
            }
        });
    });
    if advance && last {
        close = true;
    } else if advance || back {
        tutorial.step = if advance {
            tutorial.step + 1
        } else {
            tutorial.step - 1
        };
        tutorial.baseline = None;
        tutorial.done = false;
    }
    if close {
        tutorial.active = false;
        store.progress.tutorial_done = true;
        store.touch();
    }
    Ok(())
}
