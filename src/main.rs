//! The `marrow` command: play (default), run headless, validate a scenario.

/// mimalloc rather than the system allocator: it keeps the many small allocations of cells being
/// born and dying (and, in `marrow bench`, of rapier's contact manifolds) close together, on huge
/// pages where the system allows. The output is byte-identical with either allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use marrow::biology::kinetics::Kinetics;
use marrow::scenario::{MAX_DAYS, Scenario};
use marrow::sim::SimSetup;
use marrow::sim::census::to_csv;

#[derive(Parser)]
#[command(
    name = "marrow",
    version,
    about = "A 3D simulation game of hematopoiesis: how bone marrow makes blood."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Open the game window (the default).
    Play(PlayArgs),
    /// Run a scenario headless (no window, no GPU) and write one CSV row per simulated day.
    Run {
        /// Scenario file (RON). Default: the bundled healthy adult.
        #[arg(long, value_name = "FILE")]
        scenario: Option<PathBuf>,
        /// Simulated days to run. Default: the scenario's own length.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=MAX_DAYS as i64))]
        days: Option<u32>,
        /// Random seed. Default: the scenario's seed. Same seed and scenario give identical output.
        #[arg(long, value_name = "S", allow_hyphen_values = true)]
        seed: Option<u64>,
        /// Output CSV file. Default: standard output.
        #[arg(long, value_name = "FILE.csv")]
        out: Option<PathBuf>,
        /// A whole kinetic table to use instead of the bundled assets/kinetics.ron.
        #[arg(long, value_name = "FILE")]
        kinetics: Option<PathBuf>,
        /// Save the whole state of the run at its end to this file (continue it with --resume).
        #[arg(long, value_name = "FILE.ron")]
        save_state: Option<PathBuf>,
        /// Continue a saved run (from --save-state or the game's Save button) up to --days
        /// (default: the scenario's length); the CSV holds every day since day 1.
        #[arg(long, value_name = "FILE.ron", conflicts_with_all = ["scenario", "kinetics", "seed"])]
        resume: Option<PathBuf>,
    },
    /// Check a scenario file; prints `file:line:col: message` and exits 2 if it is bad.
    Validate {
        /// Scenario file (RON).
        file: PathBuf,
    },
    /// Time one simulation tick at several marrow sizes, against a general physics engine
    /// (rapier) alone on the same bodies, and a whole chemotherapy scenario. Build with
    /// --release for real figures.
    Bench {
        /// Live-agent sizes to measure, comma-separated.
        #[arg(long, value_name = "N,N,...", value_delimiter = ',', default_value = "1000,2000,4000,8000,16000",
              value_parser = clap::value_parser!(u32).range(100..=50_000))]
        sizes: Vec<u32>,
        /// Ticks measured at each size (after the warm-up).
        #[arg(long, value_name = "N", default_value_t = 300, value_parser = clap::value_parser!(u32).range(10..=100_000))]
        ticks: u32,
        /// Print one JSON object instead of the table.
        #[arg(long)]
        json: bool,
        /// Leave out the 28-day chemotherapy run.
        #[arg(long)]
        no_scenario: bool,
        /// Contact passes per physics step (and rapier's solver iterations) instead of the
        /// table's (for profiling).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=16))]
        solver_iterations: Option<u32>,
        /// Grow the larger marrows as a cube around the one sinusoid instead of along it.
        #[arg(long)]
        cube: bool,
    },
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

#[derive(clap::Args, Default)]
struct PlayArgs {
    /// Scenario file (RON). Default: the bundled healthy adult.
    #[arg(long, value_name = "FILE")]
    scenario: Option<PathBuf>,
    /// Save a screenshot of the window to this PNG file after `--frames` frames, then exit.
    #[arg(long, value_name = "PATH.png")]
    screenshot: Option<PathBuf>,
    /// Simulated hours per real second at start (0.01 to 100).
    #[arg(long, value_name = "H", value_parser = parse_speed)]
    speed: Option<f64>,
    /// A whole kinetic table to use instead of the bundled assets/kinetics.ron.
    #[arg(long, value_name = "FILE")]
    kinetics: Option<PathBuf>,
    /// Select the most mature cell of this lineage at start (e.g. megakaryocyte, erythroid,
    /// or stem_cell) and follow it.
    #[arg(long, value_name = "LINEAGE")]
    inspect: Option<String>,
    /// Screen to open on: title, challenges, playing, codex or settings. Default: the title
    /// screen, or playing when a scenario, challenge, --inspect or --screenshot is given.
    #[arg(long, value_name = "NAME")]
    screen: Option<String>,
    /// Start a bundled challenge at once: its number (1, 2, …) or file name (e.g. 05_chemo_gcsf).
    #[arg(long, value_name = "N|NAME", conflicts_with = "scenario")]
    challenge: Option<String>,
    /// Demonstration mode for teaching: large text, fewer panels, labels, number keys for scenarios.
    #[arg(long)]
    demo: bool,
    /// Frames to render before the screenshot.
    #[arg(long, value_name = "N", default_value_t = 30, requires = "screenshot",
          value_parser = clap::value_parser!(u32).range(1..=100_000))]
    frames: u32,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command.unwrap_or(Command::Play(PlayArgs::default())) {
        Command::Play(args) => play(args),
        Command::Run {
            scenario,
            days,
            seed,
            out,
            kinetics,
            save_state,
            resume,
        } => run(RunArgs {
            scenario,
            days,
            seed,
            out,
            kinetics,
            save_state,
            resume,
        }),
        Command::Validate { file } => validate(&file),
        Command::Stress { days, agents, case } => stress(days, agents, case.as_deref()),
        Command::Soak { years } => soak(years),
        Command::Bench {
            sizes,
            ticks,
            json,
            no_scenario,
            solver_iterations,
            cube,
        } => {
            let options = marrow::bench::Options {
                solver_iterations,
                shape: if cube {
                    marrow::bench::Shape::Cube
                } else {
                    marrow::bench::Shape::AlongVessel
                },
            };
            bench(&sizes, ticks, json, !no_scenario, options)
        }
        Command::Parameters { filter } => {
            parameters(filter.as_deref());
            Ok(())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}

type CliResult = Result<(), Box<dyn std::error::Error>>;

fn load_scenario(path: Option<&Path>) -> Result<Scenario, marrow::scenario::ScenarioError> {
    match path {
        Some(p) => Scenario::load(p),
        None => Ok(Scenario::healthy_adult()),
    }
}

fn load_kinetics(path: Option<&Path>) -> Result<Kinetics, marrow::scenario::ScenarioError> {
    match path {
        Some(p) => marrow::scenario::load_kinetics(p),
        None => Ok(Kinetics::bundled()),
    }
}

struct RunArgs {
    scenario: Option<PathBuf>,
    days: Option<u32>,
    seed: Option<u64>,
    out: Option<PathBuf>,
    kinetics: Option<PathBuf>,
    save_state: Option<PathBuf>,
    resume: Option<PathBuf>,
}

fn run(args: RunArgs) -> CliResult {
    let out = args.out.as_deref();
    let (mut app, days, max_agents) = match &args.resume {
        Some(path) => {
            let save = marrow::sim::save::SaveFile::read(path)?;
            let days = args.days.unwrap_or(save.scenario.days) as u64;
            let saved_day = save.state.tick / save.kinetics.ticks_per_day();
            if (days as i64) < saved_day {
                return Err(format!(
                    "--days {days}: the save {} is already at day {saved_day}",
                    path.display()
                )
                .into());
            }
            eprintln!(
                "resuming {} at day {saved_day}: replaying the run to rebuild its state",
                path.display()
            );
            let (app, checked) = marrow::sim::save::resume_headless(&save);
            if let Err(e) = checked {
                eprintln!("warning: {e}");
            }
            (app, days, save.kinetics.max_agents)
        }
        None => {
            let scenario = load_scenario(args.scenario.as_deref())?;
            let days = args.days.unwrap_or(scenario.days) as u64;
            let mut setup = SimSetup::try_new(load_kinetics(args.kinetics.as_deref())?, scenario)?;
            if let Some(seed) = args.seed {
                setup.seed = seed;
            }
            let max_agents = setup.kinetics.max_agents;
            (marrow::headless_app(setup), days, max_agents)
        }
    };
    // Refuse an unwritable output before spending the run.
    let mut file = match out {
        Some(p) => Some(
            std::fs::File::create(p)
                .map_err(|e| format!("--out {}: cannot create file: {e}", p.display()))?,
        ),
        None => None,
    };
    if let Some(p) = &args.save_state {
        // Refuse an unwritable save before spending the run.
        let dir = p.parent().filter(|d| !d.as_os_str().is_empty());
        if p.is_dir() || dir.is_some_and(|d| !d.is_dir()) {
            return Err(format!(
                "--save-state {}: not a file in an existing folder",
                p.display()
            )
            .into());
        }
    }
    let show_progress = std::io::stderr().is_terminal();
    let mut cap_reported = false;
    marrow::run_days(&mut app, days, |row| {
        if show_progress {
            eprint!(
                "\rday {}/{days}  Hb {:.1}  ANC {:.2}  PLT {:.0}  agents {}   ",
                row.day, row.cbc.hb_g_dl, row.cbc.anc_e3_ul, row.cbc.plt_e3_ul, row.agents
            );
        }
        if row.suppressed_by_cap > 0 && !cap_reported {
            cap_reported = true;
            eprintln!(
                "\nwarning: day {}: the entity cap of {max_agents} agents was reached; divisions are suppressed while the marrow is full, so counts from here on are lower than the model would give",
                row.day
            );
        }
    });
    if show_progress {
        eprintln!();
    }
    if let Some(p) = &args.save_state {
        let scenario_path = args.scenario.as_deref();
        marrow::sim::save::save(app.world_mut(), scenario_path)
            .write(p)
            .map_err(|e| format!("--save-state {e}"))?;
    }
    let csv = to_csv(&app.world().resource::<marrow::sim::census::Census>().rows);
    match (&mut file, out) {
        (Some(f), Some(p)) => f
            .write_all(csv.as_bytes())
            .map_err(|e| format!("--out {}: cannot write: {e}", p.display()))?,
        _ => std::io::stdout().write_all(csv.as_bytes())?,
    }
    Ok(())
}

/// Prints `name = value` for every overridable parameter of the bundled table.
fn parameters(filter: Option<&str>) {
    let k = Kinetics::bundled();
    for (name, value) in marrow::scenario::overrides::all_values(&k) {
        if filter.is_none_or(|f| name.contains(f)) {
            match value {
                Some(v) => println!("{name} = {v}"),
                None => println!("{name} = (not set)"),
            }
        }
    }
}

/// Checks a scenario and says what it holds.
fn validate(file: &Path) -> CliResult {
    let s = Scenario::load(file)?;
    println!(
        "{}: ok — \"{}\": {}, {} days, seed {}; {} event(s), {} override(s), {} objective(s)",
        file.display(),
        s.title,
        s.patient.describe(),
        s.days,
        s.seed,
        s.events.len(),
        s.overrides.len(),
        s.objectives.len()
    );
    Ok(())
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

#[cfg(feature = "gui")]
fn play(args: PlayArgs) -> CliResult {
    let scenario = load_scenario(args.scenario.as_deref())?;
    let kinetics = load_kinetics(args.kinetics.as_deref())?;
    if let Some(name) = &args.inspect {
        if name != marrow::view::STEM_CELL && kinetics.lineage_index(name).is_none() {
            let mut known: Vec<&str> = kinetics.lineages.iter().map(|l| l.name.as_str()).collect();
            known.push(marrow::view::STEM_CELL);
            return Err(format!(
                "--inspect {name}: unknown lineage; known: {}",
                known.join(", ")
            )
            .into());
        }
    }
    if let Some(path) = &args.screenshot {
        if path.exists() {
            std::fs::remove_file(path)
                .map_err(|e| format!("--screenshot {}: cannot replace: {e}", path.display()))?;
        }
    }
    let challenge = match &args.challenge {
        Some(name) => Some(find_challenge(name)?),
        None => None,
    };
    let screen = match &args.screen {
        Some(name) => marrow::game::Screen::parse(name).ok_or_else(|| {
            format!(
                "--screen {name}: unknown screen; known: {}",
                marrow::game::Screen::NAMES
            )
        })?,
        None if challenge.is_some()
            || args.scenario.is_some()
            || args.inspect.is_some()
            || args.screenshot.is_some() =>
        {
            marrow::game::Screen::Playing
        }
        None => marrow::game::Screen::Title,
    };
    let game = marrow::game::GameStart {
        screen,
        challenge,
        demo: args.demo,
    };
    let setup = SimSetup::try_new(kinetics.clone(), scenario)?;
    let shot = args.screenshot.map(|path| marrow::view::ScreenshotRequest {
        path,
        frames: args.frames,
    });
    let start = marrow::view::StartOptions {
        hours_per_second: args.speed,
        inspect: args.inspect,
        scenario_path: args.scenario.clone(),
        base_kinetics: Some(kinetics),
    };
    marrow::view::windowed_app(setup, shot, start, game).run();
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
fn play(_args: PlayArgs) -> CliResult {
    Err("this build has no window: it was built with --no-default-features; rebuild with the default `gui` feature to play, or use `marrow run`".into())
}

/// `marrow bench`: the table (or JSON) of tick costs by size, and the chemotherapy timing.
fn bench(
    sizes: &[u32],
    ticks: u32,
    json: bool,
    scenario: bool,
    options: marrow::bench::Options,
) -> CliResult {
    use marrow::bench;
    if cfg!(debug_assertions) {
        eprintln!(
            "note: this is a debug build; time a release build (cargo run --release -- bench)"
        );
    }
    let mut rows = Vec::new();
    for &n in sizes {
        eprint!("measuring {n} agents ({ticks} ticks)…");
        let t = std::time::Instant::now();
        let r = bench::measure(n as usize, ticks, 30, 1, options);
        eprintln!(" {:.1} s", t.elapsed().as_secs_f64());
        rows.push(r);
    }
    let points: Vec<(f64, f64)> = rows.iter().map(|r| (r.agents, r.full_mean_ms)).collect();
    let exponent = bench::scaling_exponent(&points);
    let bare_points: Vec<(f64, f64)> = rows.iter().map(|r| (r.agents, r.bare_mean_ms)).collect();
    let bare_exponent = bench::scaling_exponent(&bare_points);
    let chemo = if scenario {
        eprint!("running the 28-day chemotherapy scenario…");
        let text = include_str!("../assets/scenarios/chemo_single_dose.ron");
        let s = Scenario::parse("chemo_single_dose.ron", text)?;
        let (days, secs) = bench::time_scenario(s)?;
        eprintln!(" {secs:.1} s");
        Some((days, secs))
    } else {
        None
    };
    let mut out = std::io::stdout().lock();
    if json {
        let sizes: Vec<String> = rows
            .iter()
            .map(|r| {
                format!(
                    "{{\"target\":{},\"agents\":{:.0},\"full_mean_ms\":{:.4},\"full_p95_ms\":{:.4},\"mechanics_mean_ms\":{:.4},\"bare_mean_ms\":{:.4},\"bare_p95_ms\":{:.4},\"ratio\":{:.4},\"mechanics_ratio\":{:.4}}}",
                    r.target, r.agents, r.full_mean_ms, r.full_p95_ms, r.mechanics_mean_ms, r.bare_mean_ms, r.bare_p95_ms, r.ratio(), r.mechanics_ratio()
                )
            })
            .collect();
        let chemo = chemo.map_or("null".to_string(), |(d, s)| {
            format!(
                "{{\"days\":{d},\"seconds\":{s:.3},\"days_per_second\":{:.4}}}",
                d as f64 / s
            )
        });
        writeln!(
            out,
            "{{\"ticks\":{ticks},\"physics_workers\":{},\"sizes\":[{}],\"scaling_exponent\":{},\"bare_scaling_exponent\":{},\"chemo_28_days\":{chemo}}}",
            marrow::bench::physics_workers(),
            sizes.join(","),
            json_number(exponent),
            json_number(bare_exponent)
        )?;
        return Ok(());
    }
    writeln!(
        out,
        "ms per fixed tick (0.1 simulated hours), {ticks} ticks per size, on one thread; \
         \"mech\" is the simulation's own physics within those ticks; \"rapier\" is rapier alone \
         stepping the same bodies on {} worker(s)",
        marrow::bench::physics_workers()
    )?;
    writeln!(
        out,
        "{:>7} {:>7} | {:>9} {:>8} | {:>9} | {:>11} {:>10} | {:>12} {:>9}",
        "target",
        "agents",
        "full mean",
        "full p95",
        "mech mean",
        "rapier mean",
        "rapier p95",
        "full/rapier",
        "full/mech"
    )?;
    for r in &rows {
        writeln!(
            out,
            "{:>7} {:>7.0} | {:>9.3} {:>8.3} | {:>9.3} | {:>11.3} {:>10.3} | {:>12.2} {:>9.2}",
            r.target,
            r.agents,
            r.full_mean_ms,
            r.full_p95_ms,
            r.mechanics_mean_ms,
            r.bare_mean_ms,
            r.bare_p95_ms,
            r.ratio(),
            r.mechanics_ratio()
        )?;
    }
    writeln!(
        out,
        "scaling exponent (full, ms ∝ agents^b): {exponent:.3}; rapier alone: {bare_exponent:.3}"
    )?;
    if let Some((days, secs)) = chemo {
        writeln!(
            out,
            "chemotherapy, single dose, {days} days headless: {secs:.1} s ({:.2} simulated days per second)",
            days as f64 / secs
        )?;
    }
    Ok(())
}

fn json_number(v: f64) -> String {
    if v.is_finite() {
        format!("{v:.4}")
    } else {
        "null".into()
    }
}

/// `marrow stress`: one line per extreme case; exit 2 if any failed.
fn stress(days: u32, agents: Option<u32>, filter: Option<&str>) -> CliResult {
    use marrow::stress;
    let cases: Vec<_> = stress::cases()
        .into_iter()
        .filter(|c| filter.is_none_or(|f| c.name.contains(f)))
        .collect();
    if cases.is_empty() {
        let names: Vec<String> = stress::cases().into_iter().map(|c| c.name).collect();
        return Err(format!("--case: no case matches; cases: {}", names.join(", ")).into());
    }
    let mut failed = 0;
    let mut out = std::io::stdout().lock();
    for c in &cases {
        let o = stress::run_case(c, days, agents.map(|n| n as usize), None, 1);
        let verdict = if o.ok() { "ok" } else { "FAILED" };
        failed += usize::from(!o.ok());
        let problem = match o.non_finite {
            Some((day, m)) => format!("; {m} not finite on day {day}"),
            None => String::new(),
        };
        writeln!(
            out,
            "{verdict:>6}  {:<18} {} days in {:.1} s, peak {} agents (cap {}){problem}",
            o.name, o.days, o.seconds, o.peak_agents, o.cap
        )?;
    }
    if failed > 0 {
        return Err(format!("{failed} of {} cases failed", cases.len()).into());
    }
    Ok(())
}

/// `marrow soak`: resident memory each simulated year; exit 2 if it grew 10 % or more after
/// the first year.
fn soak(years: u32) -> CliResult {
    use marrow::stress::resident_kib;
    let mut scenario = Scenario::healthy_adult();
    scenario.days = years * 365;
    let setup = SimSetup::try_new(Kinetics::bundled(), scenario)?;
    let mut app = marrow::headless_app(setup);
    let start = std::time::Instant::now();
    let mut first_year: Option<u64> = None;
    let mut last = 0;
    let mut out = std::io::stdout().lock();
    writeln!(out, "year  resident MiB  agents  seconds")?;
    for year in 1..=years as u64 {
        marrow::run_days(&mut app, year * 365, |_| {});
        let kib = resident_kib().unwrap_or(0);
        let agents = app.world().resource::<marrow::sim::Population>().agents;
        writeln!(
            out,
            "{year:>4}  {:>12.1}  {agents:>6}  {:>7.0}",
            kib as f64 / 1024.0,
            start.elapsed().as_secs_f64()
        )?;
        out.flush()?;
        first_year.get_or_insert(kib);
        last = kib;
    }
    let base = first_year.unwrap_or(0).max(1);
    let growth = (last as f64 / base as f64 - 1.0) * 100.0;
    writeln!(out, "growth after the first year: {growth:+.1} %")?;
    if growth >= 10.0 {
        return Err(format!("resident memory grew {growth:.1} % (limit 10 %)").into());
    }
    Ok(())
}
