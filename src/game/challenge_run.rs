//! A run as the game follows it: the cells the player inspects and the conditions they give
//! (for objectives and the codex), a challenge judged and recorded on its last day, the pause
//! menu opened, the marrow turning behind the menus.

use std::collections::BTreeSet;

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::input::EguiWantsInput;

use super::progress_store::ProgressStore;
use super::quiz::Quiz;
use super::runs::{ChallengeRun, Challenges, Finished};
use crate::biology::kinetics::STEM_CELL;
use crate::learn::challenges;
use crate::learn::codex::{self, Codex};
use crate::learn::names::cell_entries;
use crate::scenario::Scenario;
use crate::scenario::objectives::{PlayerLog, Status};
use crate::session::{CurrentScenario, Notice};
use crate::sim::agents::{Cell, Hsc};
use crate::sim::census::Census;
use crate::sim::conditions::Timeline;
use crate::sim::{Model, SimClock};
use crate::ui::{OpenMenu, PlayerActions};
use crate::view::camera::OrbitCamera;
use crate::view::selection::Selection;
use crate::view::{GuiSet, Screen};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        (
            (
                log_inspections,
                unlock_conditions_on_the_timeline,
                finish_challenge_on_its_last_day,
                toggle_pause_menu,
            )
                .chain()
                .run_if(in_state(Screen::Playing))
                .in_set(GuiSet::Select),
            drift_camera_on_menus.in_set(GuiSet::Present),
        ),
    );
}

/// Notes each cell the player inspects (for objectives) and unlocks its codex entries.
fn log_inspections(
    selection: Res<Selection>,
    model: Res<Model>,
    clock: Res<SimClock>,
    cells: Query<&Cell>,
    stems: Query<(), With<Hsc>>,
    mut actions: ResMut<PlayerActions>,
    mut store: ResMut<ProgressStore>,
    mut notices: MessageWriter<Notice>,
) {
    if !selection.is_changed() {
        return;
    }
    let Some(e) = selection.0 else {
        return;
    };
    let day = clock.days() as f32;
    let ids: Vec<String> = if let Ok(Cell(state)) = cells.get(e) {
        let l = &model.k.lineages[state.lineage as usize];
        actions
            .0
            .inspect(day, &l.name, &l.stages[state.stage as usize].name);
        cell_entries(&model.k, state.lineage, state.stage).to_vec()
    } else if stems.get(e).is_ok() {
        actions.0.inspect(day, STEM_CELL, STEM_CELL);
        vec![codex::kind_id(STEM_CELL)]
    } else {
        return;
    };
    let opened: Vec<String> = ids.iter().flat_map(|id| store.unlock(id)).collect();
    announce(&opened, &mut notices);
}

/// A notice naming newly unlocked codex entries.
pub fn announce(opened: &[String], notices: &mut MessageWriter<Notice>) {
    if opened.is_empty() {
        return;
    }
    notices.write(Notice::new(
        format!("📖 New in the codex: {}", opened.join(", ")),
        6.0,
    ));
}

/// Conditions the patient has had unlock their codex entries once they begin.
fn unlock_conditions_on_the_timeline(
    timeline: Res<Timeline>,
    clock: Res<SimClock>,
    mut actions: ResMut<PlayerActions>,
    mut store: ResMut<ProgressStore>,
    mut notices: MessageWriter<Notice>,
    mut seen: Local<BTreeSet<String>>,
) {
    if timeline.is_changed() {
        actions.0.take_given(&timeline);
    }
    let day = clock.days() as f32;
    for entry in &timeline.entries {
        if entry.event.start_day <= day {
            let id = codex::condition_id(entry.event.condition);
            if seen.insert(id.clone()) {
                let opened = store.unlock(&id);
                announce(&opened, &mut notices);
            }
        }
    }
}

/// Judges every objective of the current challenge now.
pub fn judge(
    scenario: &Scenario,
    census: &Census,
    log: &PlayerLog,
    clock: &SimClock,
) -> Vec<Status> {
    scenario
        .objectives
        .iter()
        .map(|o| o.status(&census.rows, scenario.days, log, clock.days()))
        .collect()
}

/// What judging a finished challenge reads.
#[derive(SystemParam)]
struct Judged<'w> {
    current: Res<'w, CurrentScenario>,
    census: Res<'w, Census>,
    clock: Res<'w, SimClock>,
    challenges: Res<'w, Challenges>,
    actions: Res<'w, PlayerActions>,
}

/// When a challenge's run reaches its last day: score it, record the result in the progress
/// at once (so closing the game on the results screen keeps it) and show the results.
fn finish_challenge_on_its_last_day(
    judged: Judged,
    mut run: ResMut<ChallengeRun>,
    mut next: ResMut<NextState<Screen>>,
    mut store: ResMut<ProgressStore>,
) {
    let Judged {
        current,
        census,
        clock,
        challenges,
        actions,
    } = judged;
    let scenario = &current.0;
    let Some(index) = run.challenge else {
        return;
    };
    if run.finished.is_some()
        || clock.day() < scenario.days as u64
        || scenario.title != challenges.0[index].scenario.title
    {
        return;
    }
    let statuses: Vec<Status> = judge(scenario, &census, &actions.0, &clock)
        .into_iter()
        .map(|s| match s {
            Status::Pending => Status::Failed(clock.day(), f64::NAN),
            s => s,
        })
        .collect();
    let outcome = challenges::outcome(&statuses, 0);
    let file = challenges.0[index].file;
    let quiz = Quiz::new(
        Codex::bundled(),
        &scenario.codex,
        store
            .progress
            .challenges
            .get(file)
            .map_or(0, |r| r.attempts) as u64
            + index as u64 * 1000,
    );
    for id in &scenario.codex {
        store.unlock(id);
    }
    store.progress.record(file, outcome.stars, outcome.score);
    store.touch();
    run.finished = Some(Finished {
        challenge: index,
        statuses,
        outcome,
        quiz,
    });
    next.set(Screen::Results);
}

/// Esc with nothing selected (or the Menu button) opens the pause menu.
fn toggle_pause_menu(
    keys: Res<ButtonInput<KeyCode>>,
    egui_input: Res<EguiWantsInput>,
    selection: Res<Selection>,
    mut requests: MessageReader<OpenMenu>,
    mut run: ResMut<ChallengeRun>,
    mut had_selection: Local<bool>,
    mut time: ResMut<Time<Virtual>>,
) {
    let selected_before = *had_selection;
    *had_selection = selection.0.is_some();
    if requests.read().count() > 0 {
        run.menu_open = true;
    }
    if egui_input.wants_any_keyboard_input() {
        return;
    }
    if keys.just_pressed(KeyCode::Escape) && !selected_before {
        run.menu_open = !run.menu_open;
        if run.menu_open {
            time.pause();
        }
    }
}

/// The marrow turns slowly behind the menus.
fn drift_camera_on_menus(
    state: Res<State<Screen>>,
    time: Res<Time<Real>>,
    mut orbit: ResMut<OrbitCamera>,
) {
    if matches!(state.get(), Screen::Title | Screen::Challenges) {
        orbit.yaw += time.delta_secs() * 0.06;
    }
}
