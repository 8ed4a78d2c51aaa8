//! Live plots of the blood count and the marrow over simulated time.

use bevy::prelude::*;
use bevy_egui::egui;
use egui_plot::{HLine, Line, LineStyle, Plot, PlotPoints};

use crate::biology::reference::{self, Ranges};
use crate::scenario::{PlotKind, Scenario};
use crate::sim::agents::Cell;
use crate::sim::body::Body;
use crate::sim::census::{Census, MarrowCensus, marrow_census};
use crate::sim::geometry::MarrowGeometry;
use crate::sim::{Model, SimClock};
use crate::view::GuiSet;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<PlotHistory>()
        .add_systems(Update, sample_history.in_set(GuiSet::Present));
}

/// Samples of the blood count and marrow, one per simulated hour, since the run started (a
/// run continued from a save starts with one sample per recorded day).
#[derive(Resource, Default, Clone, Debug)]
pub struct PlotHistory {
    pub days: Vec<f64>,
    pub hb: Vec<f64>,
    pub wbc: Vec<f64>,
    pub anc: Vec<f64>,
    pub plt: Vec<f64>,
    pub retic: Vec<f64>,
    pub marrow: Vec<MarrowCensus>,
    /// Liver and spleen output, % of a healthy marrow's (not known for the days before a
    /// loaded save).
    pub extramedullary: Vec<Option<f64>>,
    last_tick: i64,
}

impl PlotHistory {
    pub fn last_marrow(&self) -> Option<&MarrowCensus> {
        self.marrow.last()
    }

    fn series<'a>(&'a self, values: impl Iterator<Item = f64> + 'a) -> PlotPoints<'a> {
        self.days.iter().zip(values).map(|(&d, v)| [d, v]).collect()
    }

    /// The liver and spleen's output where it is known.
    fn extramedullary_series(&self) -> PlotPoints<'_> {
        self.days
            .iter()
            .zip(&self.extramedullary)
            .filter_map(|(&d, v)| v.map(|v| [d, v]))
            .collect()
    }

    /// A history holding one sample per recorded day, for a run continued from a save.
    fn from_days(census: &Census, clock: &SimClock) -> Self {
        let mut h = PlotHistory::default();
        for r in &census.rows {
            let c = r.cbc;
            h.days.push(r.day as f64);
            h.hb.push(c.hb_g_dl);
            h.wbc.push(c.wbc_e3_ul);
            h.anc.push(c.anc_e3_ul);
            h.plt.push(c.plt_e3_ul);
            h.retic.push(c.retic_pct);
            h.marrow.push(r.marrow);
            h.extramedullary.push(None);
            h.last_tick = r.day as i64 * clock.ticks_per_day;
        }
        h
    }
}

/// Takes a sample every simulated hour; a new run (a new model) starts the history over.
pub fn sample_history(
    clock: Res<SimClock>,
    model: Res<Model>,
    body: Res<Body>,
    geometry: Res<MarrowGeometry>,
    census: Res<Census>,
    cells: Query<&Cell>,
    mut history: ResMut<PlotHistory>,
) {
    if model.is_changed() {
        *history = PlotHistory::from_days(&census, &clock);
    }
    if clock.warming_up() {
        return;
    }
    let per_hour = (1.0 / clock.tick_hours).round() as i64;
    let due = history.days.is_empty() || clock.tick >= history.last_tick + per_hour;
    if !due {
        return;
    }
    history.last_tick = clock.tick;
    let c = body.cbc;
    history.days.push(clock.days());
    history.hb.push(c.hb_g_dl);
    history.wbc.push(c.wbc_e3_ul);
    history.anc.push(c.anc_e3_ul);
    history.plt.push(c.plt_e3_ul);
    history.retic.push(c.retic_pct);
    let m = marrow_census(&model, &geometry, cells.iter());
    history.marrow.push(m);
    history
        .extramedullary
        .push(Some(100.0 * body.extramedullary));
}

fn reference_lines(plot: &mut egui_plot::PlotUi, low: f64, high: f64) {
    let grey = egui::Color32::from_gray(110);
    plot.hline(
        HLine::new("normal range", low)
            .color(grey)
            .style(LineStyle::dashed_dense()),
    );
    plot.hline(
        HLine::new("normal range", high)
            .color(grey)
            .style(LineStyle::dashed_dense()),
    );
}

pub fn plots_section(
    ui: &mut egui::Ui,
    scenario: &Scenario,
    ranges: &Ranges,
    history: &PlotHistory,
) {
    ui.strong("Over time").on_hover_text(format!(
        "One point per simulated hour; dashed lines mark the reference range ({}) of today",
        ranges.label()
    ));
    if history.days.len() < 2 {
        ui.weak("Plots appear after the first simulated hours.");
        return;
    }
    let show = |kind: PlotKind| {
        scenario
            .display
            .plots
            .as_ref()
            .is_none_or(|p| p.contains(&kind))
    };
    let range = |name: &str| {
        reference::report_for(&Default::default(), ranges)
            .into_iter()
            .find(|(a, _)| a.name == name)
            .map(|(a, _)| (a.low, a.high))
            .unwrap_or((0.0, 0.0))
    };
    let small = |id: &str, y_label: &str| {
        Plot::new(id.to_string())
            .height(95.0)
            .allow_drag(false)
            .allow_zoom(false)
            .allow_scroll(false)
            .allow_boxed_zoom(false)
            .y_axis_label(y_label.to_string())
    };
    let title = |ui: &mut egui::Ui, parts: &[(&str, egui::Color32)]| {
        ui.horizontal(|ui| {
            for (text, colour) in parts {
                ui.colored_label(*colour, *text);
            }
            ui.weak("by day");
        });
    };
    let red = egui::Color32::from_rgb(230, 80, 80);
    let blue = egui::Color32::from_rgb(110, 160, 255);
    let violet = egui::Color32::from_rgb(200, 150, 230);
    if show(PlotKind::Haemoglobin) {
        let (hb_lo, hb_hi) = range("Hb");
        title(ui, &[("Haemoglobin", red)]);
        small("plot_hb", "g/dL")
            .include_y(hb_lo - 1.0)
            .include_y(hb_hi)
            .show(ui, |p| {
                reference_lines(p, hb_lo, hb_hi);
                p.line(Line::new("Hb", history.series(history.hb.iter().copied())).color(red));
            });
    }
    if show(PlotKind::WhiteCells) {
        let (anc_lo, anc_hi) = range("Neutrophils");
        title(
            ui,
            &[
                ("White cells", egui::Color32::LIGHT_GRAY),
                ("neutrophils", blue),
            ],
        );
        small("plot_wbc", "10³/µL")
            .include_y(0.0)
            .include_y(anc_hi + 3.0)
            .show(ui, |p| {
                reference_lines(p, anc_lo, anc_hi);
                p.line(
                    Line::new("WBC", history.series(history.wbc.iter().copied()))
                        .color(egui::Color32::LIGHT_GRAY),
                );
                p.line(Line::new("ANC", history.series(history.anc.iter().copied())).color(blue));
            });
    }
    if show(PlotKind::Platelets) {
        let (plt_lo, plt_hi) = range("Platelets");
        title(ui, &[("Platelets", violet)]);
        small("plot_plt", "10³/µL")
            .include_y(0.0)
            .include_y(plt_hi)
            .show(ui, |p| {
                reference_lines(p, plt_lo, plt_hi);
                p.line(
                    Line::new("Platelets", history.series(history.plt.iter().copied()))
                        .color(violet),
                );
            });
    }
    if show(PlotKind::Reticulocytes) {
        title(ui, &[("Reticulocytes", red)]);
        small("plot_retic", "%")
            .include_y(0.0)
            .include_y(3.0)
            .show(ui, |p| {
                reference_lines(p, 0.5, 2.5);
                p.line(
                    Line::new(
                        "Reticulocytes",
                        history.series(history.retic.iter().copied()),
                    )
                    .color(red),
                );
            });
    }
    if show(PlotKind::Marrow) {
        let has_clone = history.marrow.iter().any(|m| m.clone_pct > 0.0);
        let has_extramedullary = history
            .extramedullary
            .iter()
            .any(|x| x.is_some_and(|x| x > 0.0));
        let mut parts = vec![
            ("Marrow cellularity", egui::Color32::from_rgb(120, 200, 140)),
            ("blasts", egui::Color32::from_rgb(255, 170, 60)),
        ];
        if has_clone {
            parts.push(("clone", egui::Color32::from_rgb(240, 90, 200)));
        }
        if has_extramedullary {
            parts.push(("liver+spleen", egui::Color32::from_rgb(200, 160, 110)));
        }
        title(ui, &parts);
        small("plot_marrow", "%")
            .include_y(0.0)
            .include_y(100.0)
            .show(ui, |p| {
                p.line(
                    Line::new(
                        "Cellularity",
                        history.series(history.marrow.iter().map(|m| m.cellularity_pct)),
                    )
                    .color(egui::Color32::from_rgb(120, 200, 140)),
                );
                p.line(
                    Line::new(
                        "Blasts",
                        history.series(history.marrow.iter().map(|m| m.blast_pct)),
                    )
                    .color(egui::Color32::from_rgb(255, 170, 60)),
                );
                if has_clone {
                    p.line(
                        Line::new(
                            "Clone",
                            history.series(history.marrow.iter().map(|m| m.clone_pct)),
                        )
                        .color(egui::Color32::from_rgb(240, 90, 200)),
                    );
                }
                if has_extramedullary {
                    p.line(
                        Line::new(
                            "Liver & spleen output (% of healthy marrow)",
                            history.extramedullary_series(),
                        )
                        .color(egui::Color32::from_rgb(200, 160, 110)),
                    );
                }
            });
    }
}
