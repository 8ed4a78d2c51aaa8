//! `marrow run`, `marrow validate` and `marrow parameters`.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use marrow::biology::kinetics::Kinetics;
use marrow::scenario::Scenario;
use marrow::session::saves::{Loaded, SaveFile, resume_headless};
use marrow::sim::census::{Census, to_csv};
use marrow::sim::{headless_app, run_days};

use super::args::RunArgs;
use super::inputs::{CliResult, load_scenario, load_table};

/// Runs a scenario (or continues a save) headless and writes its CSV.
pub fn run(args: RunArgs) -> CliResult {
    let out = args.out.as_deref();
    // The scenario the run plays and its file, for a save at the end.
    let (mut app, days, max_agents, scenario, scenario_path) = match &args.resume {
        Some(path) => {
            let loaded = SaveFile::read(path)?;
            let days = args.days.unwrap_or(loaded.scenario().days) as u64;
            let saved_day = loaded.day();
            if days < saved_day {
                return Err(format!(
                    "--days {days}: the save {} is already at day {saved_day}",
                    path.display()
                )
                .into());
            }
            if let Loaded::Legacy(_) = loaded {
                eprintln!(
                    "resuming {} at day {saved_day}: a save of the first format, replaying the run to rebuild its state",
                    path.display()
                );
            }
            let (app, checked) = resume_headless(&loaded);
            if let Err(e) = checked {
                eprintln!("warning: {e}");
            }
            let max_agents = match &loaded {
                Loaded::Current(s) => s.kinetics.max_agents,
                Loaded::Legacy(s) => s.kinetics.max_agents,
            };
            let path = loaded.scenario_path().map(PathBuf::from);
            (app, days, max_agents, loaded.scenario().clone(), path)
        }
        None => {
            let scenario = load_scenario(args.scenario.as_deref())?;
            let days = args.days.unwrap_or(scenario.days) as u64;
            let mut setup = scenario.setup_on(&load_table(args.kinetics.as_deref())?)?;
            if let Some(seed) = args.seed {
                setup.seed = seed;
            }
            let max_agents = setup.kinetics.max_agents;
            (
                headless_app(setup),
                days,
                max_agents,
                scenario,
                args.scenario.clone(),
            )
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
    run_days(&mut app, days, |row| {
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
        SaveFile::of(app.world_mut(), &scenario, scenario_path.as_deref())
            .write(p)
            .map_err(|e| format!("--save-state {e}"))?;
    }
    let csv = to_csv(&app.world().resource::<Census>().rows);
    match (&mut file, out) {
        (Some(f), Some(p)) => f
            .write_all(csv.as_bytes())
            .map_err(|e| format!("--out {}: cannot write: {e}", p.display()))?,
        _ => std::io::stdout().write_all(csv.as_bytes())?,
    }
    Ok(())
}

/// Prints `name = value` for every overridable parameter of the bundled table.
pub fn parameters(filter: Option<&str>) {
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
pub fn validate(file: &Path) -> CliResult {
    let s: Scenario = load_scenario(Some(file))?;
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
