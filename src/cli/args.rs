//! The command line: `marrow [play options]` or `marrow COMMAND [options]`.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use marrow::scenario::MAX_DAYS;

#[derive(Parser)]
#[command(
    name = "marrow",
    version,
    about = "A 3D simulation game of hematopoiesis: how bone marrow makes blood.",
    // `marrow --demo` plays as `marrow play --demo` does; a command takes its own options.
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub play: PlayArgs,
}

#[derive(Subcommand)]
pub enum Command {
    /// Open the game window (the default).
    Play(PlayArgs),
    /// Run a scenario headless (no window, no GPU) and write one CSV row per simulated day.
    Run(RunArgs),
    /// Check a scenario file; prints `file:line:col: message` and exits 2 if it is bad.
    Validate {
        /// Scenario file (RON).
        file: PathBuf,
    },
    /// Time one simulation tick at several marrow sizes, against a general physics engine
    /// (rapier) alone on the same bodies, and a whole chemotherapy scenario. Build with
    /// --release for real figures.
    Bench(BenchArgs),
    /// Run every condition at its weakest and strongest, alone and all together, and check
    /// that no number goes NaN or infinite and the agents stay under the cap.
    Stress {
        /// Simulated days per case.
        #[arg(long, value_name = "N", default_value_t = 365, value_parser = clap::value_parser!(u32).range(1..=36500))]
        days: u32,
        /// Scale the marrow to about this many agents (default: the bundled size).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(100..=50_000))]
        agents: Option<u32>,
        /// Only the cases whose name contains this (e.g. `Aml` or `all-max`).
        #[arg(long, value_name = "TEXT")]
        case: Option<String>,
    },
    /// Run the healthy marrow for years and report the process's resident memory each year.
    Soak {
        /// Simulated years.
        #[arg(long, value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u32).range(2..=100))]
        years: u32,
    },
    /// List every kinetic parameter a scenario's `overrides` can set, with its bundled value.
    Parameters {
        /// Only names containing this text (e.g. `erythroid` or `hours`).
        filter: Option<String>,
    },
}

#[derive(clap::Args)]
pub struct RunArgs {
    /// Scenario file (RON). Default: the bundled healthy adult.
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,
    /// The day to run to. Default: the scenario's own length.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=MAX_DAYS as i64))]
    pub days: Option<u32>,
    /// Random seed. Default: the scenario's seed. Same seed and scenario give identical output.
    #[arg(long, value_name = "S", allow_hyphen_values = true)]
    pub seed: Option<u64>,
    /// Output CSV file. Default: standard output.
    #[arg(long, value_name = "FILE.csv")]
    pub out: Option<PathBuf>,
    /// A whole kinetic table to use instead of the bundled assets/kinetics.ron.
    #[arg(long, value_name = "FILE")]
    pub kinetics: Option<PathBuf>,
    /// Save the whole state of the run at its end to this file (continue it with --resume).
    #[arg(long, value_name = "FILE.ron")]
    pub save_state: Option<PathBuf>,
    /// Continue a saved run (from --save-state or the game's Save button) up to day --days
    /// (default: the scenario's length); the CSV holds every day since day 1.
    #[arg(long, value_name = "FILE.ron", conflicts_with_all = ["scenario", "kinetics", "seed"])]
    pub resume: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct BenchArgs {
    /// Live-agent sizes to measure, comma-separated.
    #[arg(long, value_name = "N,N,...", value_delimiter = ',', default_value = "1000,2000,4000,8000,16000",
          value_parser = clap::value_parser!(u32).range(100..=50_000))]
    pub sizes: Vec<u32>,
    /// Ticks measured at each size (after the warm-up).
    #[arg(long, value_name = "N", default_value_t = 300, value_parser = clap::value_parser!(u32).range(10..=100_000))]
    pub ticks: u32,
    /// Print one JSON object instead of the table.
    #[arg(long)]
    pub json: bool,
    /// Leave out the 28-day chemotherapy run.
    #[arg(long)]
    pub no_scenario: bool,
    /// Contact passes per physics step (and rapier's solver iterations) instead of the
    /// table's (for profiling).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=16))]
    pub solver_iterations: Option<u32>,
    /// Grow the larger marrows as a cube around the one sinusoid instead of along it.
    #[arg(long)]
    pub cube: bool,
}

#[derive(clap::Args, Default)]
pub struct PlayArgs {
    /// Scenario file (RON). Default: the bundled healthy adult.
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,
    /// Save a screenshot of the window to this PNG file after `--frames` frames, then exit.
    #[arg(long, value_name = "PATH.png")]
    pub screenshot: Option<PathBuf>,
    /// Simulated hours per real second at start (0.01 to 100).
    #[arg(long, value_name = "H", value_parser = parse_speed)]
    pub speed: Option<f64>,
    /// A whole kinetic table to use instead of the bundled assets/kinetics.ron.
    #[arg(long, value_name = "FILE")]
    pub kinetics: Option<PathBuf>,
    /// Select the most mature cell of this lineage at start (e.g. megakaryocyte, erythroid,
    /// or stem_cell) and follow it; `proplatelet`: a megakaryocyte shedding into the sinusoid,
    /// close up.
    #[arg(long, value_name = "LINEAGE")]
    pub inspect: Option<String>,
    /// Screen to open on: title, challenges, playing, codex or settings. Default: the title
    /// screen, or playing when a scenario, challenge, --inspect or --screenshot is given.
    #[arg(long, value_name = "NAME")]
    pub screen: Option<String>,
    /// Start a bundled challenge at once: its number (1, 2, …) or file name (e.g. 05_chemo_gcsf).
    #[arg(long, value_name = "N|NAME", conflicts_with = "scenario")]
    pub challenge: Option<String>,
    /// Demonstration mode for teaching: large text, fewer panels, labels, number keys for scenarios.
    #[arg(long)]
    pub demo: bool,
    /// Frames to render before the screenshot.
    #[arg(long, value_name = "N", default_value_t = 30, requires = "screenshot",
          value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub frames: u32,
    /// After the screenshot, save this many more (PATH-01.png, PATH-02.png, …), `--every`
    /// frames apart: a sequence to see motion in.
    #[arg(long, value_name = "N", default_value_t = 0, requires = "screenshot",
          value_parser = clap::value_parser!(u32).range(0..=999))]
    pub sequence: u32,
    /// Frames between the shots of a `--sequence`.
    #[arg(long, value_name = "K", default_value_t = 1, requires = "sequence",
          value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub every: u32,
}

fn parse_speed(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|_| format!("{s:?} is not a number"))?;
    if (0.01..=100.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!(
            "{v} is outside 0.01..=100 simulated hours per second"
        ))
    }
}
