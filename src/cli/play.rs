//! `marrow play` (and `marrow` with play's options): the game window.

use super::args::PlayArgs;
use super::inputs::CliResult;

#[cfg(feature = "gui")]
pub fn play(args: PlayArgs) -> CliResult {
    use marrow::app::{AppConfig, windowed_app};
    use marrow::biology::kinetics::{PROPLATELET, STEM_CELL};
    use marrow::game::GameStart;
    use marrow::view::Screen;
    use marrow::view::screenshot::ScreenshotRequest;

    let scenario = super::inputs::load_scenario(args.scenario.as_deref())?;
    let kinetics = super::inputs::load_table(args.kinetics.as_deref())?;
    if let Some(name) = &args.inspect {
        if name != STEM_CELL && name != PROPLATELET && kinetics.lineage_index(name).is_none() {
            let mut known: Vec<&str> = kinetics.lineages.iter().map(|l| l.name.as_str()).collect();
            known.extend([STEM_CELL, PROPLATELET]);
            return Err(format!(
                "--inspect {name}: unknown lineage; known: {}",
                known.join(", ")
            )
            .into());
        }
    }
    let screenshot = args.screenshot.clone().map(|path| ScreenshotRequest {
        path,
        frames: args.frames,
        sequence: args.sequence,
        every: args.every,
    });
    for path in screenshot.iter().flat_map(ScreenshotRequest::paths) {
        if path.exists() {
            std::fs::remove_file(&path)
                .map_err(|e| format!("--screenshot {}: cannot replace: {e}", path.display()))?;
        }
    }
    let challenge = match &args.challenge {
        Some(name) => Some(find_challenge(name)?),
        None => None,
    };
    let screen = match &args.screen {
        Some(name) => Screen::parse(name)
            .ok_or_else(|| format!("--screen {name}: unknown screen; known: {}", Screen::NAMES))?,
        None if challenge.is_some()
            || args.scenario.is_some()
            || args.inspect.is_some()
            || args.screenshot.is_some() =>
        {
            Screen::Playing
        }
        None => Screen::Title,
    };
    let config = AppConfig {
        scenario,
        scenario_path: args.scenario.clone(),
        base_kinetics: kinetics,
        screenshot,
        hours_per_second: args.speed,
        inspect: args.inspect,
        game: GameStart {
            screen,
            challenge,
            demo: args.demo,
        },
    };
    windowed_app(config)?.run();
    Ok(())
}

/// The bundled challenge named by `--challenge`: a number from 1, or a file name.
#[cfg(feature = "gui")]
fn find_challenge(name: &str) -> Result<usize, String> {
    let all = marrow::learn::challenges::BUNDLED;
    let by_number = name
        .parse::<usize>()
        .ok()
        .filter(|n| (1..=all.len()).contains(n))
        .map(|n| n - 1);
    let stem = name.trim_end_matches(".ron");
    by_number
        .or_else(|| {
            all.iter()
                .position(|(f, _)| f.trim_end_matches(".ron") == stem)
        })
        .ok_or_else(|| {
            let names: Vec<&str> = all
                .iter()
                .map(|(f, _)| f.trim_end_matches(".ron"))
                .collect();
            format!(
                "--challenge {name}: unknown challenge; give 1..={} or one of: {}",
                all.len(),
                names.join(", ")
            )
        })
}

#[cfg(not(feature = "gui"))]
pub fn play(_args: PlayArgs) -> CliResult {
    Err("this build has no window: it was built with --no-default-features; rebuild with the default `gui` feature to play, or use `marrow run`".into())
}
