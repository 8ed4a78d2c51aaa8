//! Screenshots: F12 at any time, and `--screenshot PATH --frames N` (render N frames, save
//! the window, print the frame times, exit), with `--sequence S --every K` S more shots K
//! frames apart after it.

use std::path::PathBuf;

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, save_to_disk};

use crate::session::Notice;
use crate::sim::SimClock;
use crate::sim::agents::Cell;

/// `--screenshot PATH --frames N`: render N frames, save the window to PATH, exit.
#[derive(Resource, Clone, Debug)]
pub struct ScreenshotRequest {
    pub path: PathBuf,
    pub frames: u32,
    /// Shots after the first.
    pub sequence: u32,
    /// Frames between shots.
    pub every: u32,
}

impl ScreenshotRequest {
    /// Every file the request writes, in order: PATH, then PATH-01.png, PATH-02.png, ….
    pub fn paths(&self) -> Vec<PathBuf> {
        let stem = self.path.with_extension("");
        let ext = self
            .path
            .extension()
            .map(|e| e.to_string_lossy().into_owned())
            .unwrap_or_else(|| "png".into());
        std::iter::once(self.path.clone())
            .chain(
                (1..=self.sequence)
                    .map(|i| PathBuf::from(format!("{}-{i:02}.{ext}", stem.display()))),
            )
            .collect()
    }

    /// The frame each shot is taken on.
    fn frame_of(&self, shot: usize) -> u32 {
        self.frames + shot as u32 * self.every.max(1)
    }
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        save_screenshot_on_f12.in_set(super::screen::GuiSet::Present),
    )
    .add_systems(
        Update,
        screenshot_then_exit.run_if(resource_exists::<ScreenshotRequest>),
    )
    .init_resource::<FrameCpu>()
    .add_systems(
        RunFixedMainLoop,
        start_frame_clock.in_set(RunFixedMainLoopSystems::AfterFixedMainLoop),
    )
    .add_systems(Last, stop_frame_clock);
}

/// The CPU time of each frame's own systems: from the end of the frame's simulation ticks to
/// the end of the main world's frame (`Update`, `PostUpdate`, `Last`: input, the vessel's
/// steps, gliding, cut-away, panels, transform propagation), without the simulation's ticks
/// and without rendering (which runs after, in the render world).
#[derive(Resource, Default)]
struct FrameCpu {
    started: Option<std::time::Instant>,
    ms: Vec<f32>,
}

fn start_frame_clock(mut cpu: ResMut<FrameCpu>) {
    cpu.started = Some(std::time::Instant::now());
}

fn stop_frame_clock(mut cpu: ResMut<FrameCpu>) {
    if let Some(t) = cpu.started.take() {
        cpu.ms.push(t.elapsed().as_secs_f32() * 1e3);
    }
}

/// F12 saves the window to `screenshots/marrow-day<D>-<n>.png` in the working directory.
fn save_screenshot_on_f12(
    mut commands: Commands,
    keys: Res<ButtonInput<KeyCode>>,
    clock: Res<SimClock>,
    mut notices: MessageWriter<Notice>,
    mut count: Local<u32>,
) {
    if !keys.just_pressed(KeyCode::F12) {
        return;
    }
    let dir = PathBuf::from("screenshots");
    if let Err(e) = std::fs::create_dir_all(&dir) {
        notices.write(Notice::new(format!("Cannot save screenshot: {e}"), 5.0));
        return;
    }
    *count += 1;
    let path = dir.join(format!("marrow-day{}-{}.png", clock.day(), *count));
    notices.write(Notice::new(format!("Saved {}", path.display()), 4.0));
    commands
        .spawn(Screenshot::primary_window())
        .observe(save_to_disk(path));
}

fn screenshot_then_exit(
    mut commands: Commands,
    request: Res<ScreenshotRequest>,
    time: Res<Time<Real>>,
    cells: Query<(), With<Cell>>,
    mut frame: Local<u32>,
    mut frame_ms: Local<Vec<f32>>,
    cpu: Res<FrameCpu>,
    mut exit: MessageWriter<AppExit>,
) {
    *frame += 1;
    // Frame times after the first few (start-up and shader compilation) until the shot.
    if *frame > 5 && *frame <= request.frames {
        frame_ms.push(time.delta_secs() * 1000.0);
    }
    if *frame == request.frames && !frame_ms.is_empty() {
        let mut sorted = frame_ms.clone();
        sorted.sort_by(f32::total_cmp);
        let mean = sorted.iter().sum::<f32>() / sorted.len() as f32;
        let p95 = sorted[((sorted.len() as f32 * 0.95) as usize).min(sorted.len() - 1)];
        eprintln!(
            "frame time over {} frames with {} cells: mean {mean:.1} ms, p95 {p95:.1} ms",
            sorted.len(),
            cells.iter().count()
        );
        let mut own: Vec<f32> = cpu.ms.iter().skip(5).copied().collect();
        if !own.is_empty() {
            own.sort_by(f32::total_cmp);
            let mean = own.iter().sum::<f32>() / own.len() as f32;
            let median = own[own.len() / 2];
            eprintln!(
                "the frame's own systems (Update to Last, no simulation ticks, no rendering): mean {mean:.2} ms, median {median:.2} ms"
            );
        }
    }
    let paths = request.paths();
    for (shot, path) in paths.iter().enumerate() {
        if *frame == request.frame_of(shot) {
            commands
                .spawn(Screenshot::primary_window())
                .observe(save_to_disk(path.clone()));
        }
    }
    let last = request.frame_of(paths.len() - 1);
    if *frame > last && paths.iter().all(|p| p.exists()) {
        exit.write(AppExit::Success);
    }
    if *frame > last + 600 {
        let missing: Vec<String> = paths
            .iter()
            .filter(|p| !p.exists())
            .map(|p| p.display().to_string())
            .collect();
        error!("screenshot was not written to {}", missing.join(", "));
        exit.write(AppExit::error());
    }
}
