//! The conditions panel: start, stop and dose conditions on the running patient, and the
//! timeline of what has been given.

use bevy::prelude::*;
use bevy_egui::egui;

use crate::biology::conditions::{ConditionEvent, ConditionKind};
use crate::sim::conditions::Timeline;
use crate::sim::{Model, SimClock};

// (The panel's drafts are UI state; the timeline is the simulation's.)

/// Strength and length chosen in the panel for each condition, before it is started.
#[derive(Resource, Clone, Debug)]
pub struct ConditionDrafts {
    drafts: Vec<(ConditionKind, Draft)>,
}

#[derive(Clone, Copy, Debug)]
struct Draft {
    strength: f32,
    days: f32,
}

impl Default for ConditionDrafts {
    fn default() -> Self {
        let draft = |kind, strength, days| (kind, Draft { strength, days });
        Self {
            drafts: vec![
                draft(ConditionKind::Chemotherapy, 0.95, 1.0),
                draft(ConditionKind::GcsfTherapy, 1.0, 10.0),
                draft(ConditionKind::Infection, 0.7, 7.0),
                draft(ConditionKind::BloodLoss, 0.3, 0.0),
                draft(ConditionKind::OralIron, 1.0, 84.0),
                draft(ConditionKind::AplasticAnaemia, 0.9, 0.0),
                draft(ConditionKind::Myelofibrosis, 0.7, 0.0),
                draft(ConditionKind::Aml, 0.05, 0.0),
                draft(ConditionKind::All, 0.05, 0.0),
                draft(ConditionKind::Lymphoma, 0.08, 0.0),
                draft(ConditionKind::Myeloma, 0.08, 0.0),
                draft(ConditionKind::PolycythaemiaVera, 0.8, 0.0),
                draft(ConditionKind::Phlebotomy, 1.0, 0.0),
            ],
        }
    }
}

/// How a condition is started and stopped from the panel.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Control {
    /// A course of chosen length (chemotherapy, G-CSF, infection).
    Course,
    /// A one-off event (a bleed).
    Dose,
    /// Goes on until stopped (failure, clones).
    Ongoing,
}

fn control(kind: ConditionKind) -> Control {
    match kind {
        ConditionKind::Chemotherapy
        | ConditionKind::GcsfTherapy
        | ConditionKind::Infection
        | ConditionKind::OralIron => Control::Course,
        ConditionKind::BloodLoss | ConditionKind::Phlebotomy => Control::Dose,
        _ => Control::Ongoing,
    }
}

/// Longest course the panel offers, days.
fn max_course_days(kind: ConditionKind) -> f32 {
    match kind {
        ConditionKind::Chemotherapy => 7.0,
        ConditionKind::GcsfTherapy => 14.0,
        ConditionKind::OralIron => 168.0,
        // A long infection shows the anaemia of inflammation.
        ConditionKind::Infection => 90.0,
        _ => 28.0,
    }
}

/// What the strength slider says, in the condition's own terms.
fn strength_label(kind: ConditionKind) -> &'static str {
    match kind {
        ConditionKind::Chemotherapy => "kill",
        ConditionKind::GcsfTherapy => "dose",
        ConditionKind::Infection => "severity",
        ConditionKind::BloodLoss => "of blood volume",
        ConditionKind::OralIron => "of a tablet a day",
        ConditionKind::AplasticAnaemia => "of stem-cell output lost",
        ConditionKind::Myelofibrosis => "of marrow fibrotic in the end",
        ConditionKind::PolycythaemiaVera => "of stem-cell output JAK2-mutant",
        ConditionKind::Phlebotomy => "of 450 mL",
        _ => "of marrow at start",
    }
}

fn start_label(kind: ConditionKind) -> &'static str {
    match control(kind) {
        Control::Course if kind == ConditionKind::Infection => "Infect now",
        Control::Course => "Give now",
        Control::Dose if kind == ConditionKind::Phlebotomy => "Take blood now",
        Control::Dose => "Bleed now",
        Control::Ongoing if kind.is_clone() => "Seed clone",
        Control::Ongoing => "Start",
    }
}

fn stop_label(kind: ConditionKind) -> &'static str {
    if kind.is_clone() {
        "Clear clone"
    } else if kind == ConditionKind::Infection {
        "Cure"
    } else {
        "Stop"
    }
}

/// The conditions section of the left panel.
pub fn conditions_section(
    ui: &mut egui::Ui,
    model: &Model,
    clock: &SimClock,
    timeline: &mut Timeline,
    drafts: &mut ConditionDrafts,
) {
    ui.strong("Conditions").on_hover_text(
        "Give treatments and start diseases in the running patient. Each acts through the model's own mechanisms; hover a name to read how.",
    );
    let now = clock.days().max(0.0) as f32;
    let p = &model.k.conditions;
    let seedable = |kind: ConditionKind| !kind.is_clone() || p.clone_lineage(kind).is_some();
    for (kind, draft) in drafts.drafts.iter_mut() {
        let kind = *kind;
        if !seedable(kind) {
            continue;
        }
        let active = timeline
            .entries
            .iter()
            .any(|e| e.event.active_at(p, clock.hours()) && e.event.condition == kind);
        let tip = format!("{}\n\nStrength: {}.", kind.about(), kind.strength_meaning());
        ui.horizontal(|ui| {
            ui.label(kind.label()).on_hover_text(&tip);
            if active {
                ui.colored_label(egui::Color32::from_rgb(255, 150, 90), "active");
            }
        });
        ui.horizontal(|ui| {
            if kind == ConditionKind::Phlebotomy {
                ui.add(
                    egui::Slider::new(&mut draft.strength, 1.0..=kind.max_strength())
                        .step_by(1.0)
                        .suffix(" unit")
                        .max_decimals(0)
                        .text(strength_label(kind)),
                )
                .on_hover_text(&tip);
                return;
            }
            let mut pct = draft.strength * 100.0;
            ui.add(
                egui::Slider::new(&mut pct, 0.0..=kind.max_strength() * 100.0)
                    .suffix(" %")
                    .max_decimals(0)
                    .text(strength_label(kind)),
            )
            .on_hover_text(&tip);
            draft.strength = pct / 100.0;
        });
        ui.horizontal(|ui| {
            if control(kind) == Control::Course {
                ui.add(
                    egui::Slider::new(&mut draft.days, 1.0..=max_course_days(kind))
                        .step_by(1.0)
                        .max_decimals(0)
                        .suffix(" d")
                        .text("for"),
                )
                .on_hover_text("Length of the course in simulated days");
            }
            let start = ui
                .add_enabled(draft.strength > 0.0, egui::Button::new(start_label(kind)))
                .on_hover_text(format!("Starts now, on day {now:.1}"))
                .on_disabled_hover_text("Set a strength above 0 first");
            if start.clicked() {
                let end_day = match control(kind) {
                    Control::Course => Some(now + draft.days),
                    Control::Dose => None,
                    Control::Ongoing => None,
                };
                timeline.push(
                    clock.tick,
                    ConditionEvent {
                        condition: kind,
                        start_day: now,
                        end_day,
                        duration_days: None,
                        strength: draft.strength,
                    },
                );
            }
            if control(kind) != Control::Dose {
                let stop = ui
                    .add_enabled(active, egui::Button::new(stop_label(kind)))
                    .on_hover_text("Ends it now")
                    .on_disabled_hover_text("Not active");
                if stop.clicked() {
                    stop_now(timeline, model, clock, kind);
                }
            }
        });
        ui.add_space(2.0);
    }
    timeline_list(ui, model, clock, timeline);
}

/// Ends every active event of `kind` now.
fn stop_now(timeline: &mut Timeline, model: &Model, clock: &SimClock, kind: ConditionKind) {
    let p = &model.k.conditions;
    let now = clock.days().max(0.0) as f32;
    let ending: Vec<(usize, f32)> = timeline
        .entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.event.condition == kind && e.event.active_at(p, clock.hours()))
        .map(|(i, e)| (i, now.max(e.event.start_day + 0.01)))
        .collect();
    for (index, end_day) in ending {
        timeline.end(clock.tick, index, end_day);
    }
}

/// The events of this run: past, active and to come.
fn timeline_list(ui: &mut egui::Ui, model: &Model, clock: &SimClock, timeline: &Timeline) {
    if timeline.entries.is_empty() {
        ui.weak("Timeline: nothing given yet.");
        return;
    }
    ui.label("Timeline").on_hover_text(
        "Conditions of this run: those from the scenario file and those started here",
    );
    let p = &model.k.conditions;
    let hours = clock.hours();
    for e in &timeline.entries {
        let ev = &e.event;
        let (start, end) = ev.span_hours(p);
        let when = if end.is_finite() {
            format!("day {:.1}–{:.1}", start / 24.0, end / 24.0)
        } else {
            format!("from day {:.1}", start / 24.0)
        };
        let state = if hours < start {
            "to come"
        } else if hours < end {
            "active"
        } else {
            "over"
        };
        let text = format!(
            "{} {:.0} % · {when} · {state}",
            ev.condition.label(),
            ev.strength * 100.0
        );
        if state == "active" {
            ui.label(text);
        } else {
            ui.weak(text);
        }
    }
}
