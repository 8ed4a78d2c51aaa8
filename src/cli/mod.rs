//! The `marrow` command: play (the default), run headless, validate a scenario, list the
//! parameters, and the measuring commands (bench, stress, soak).

use std::path::Path;
use std::process::ExitCode;

use clap::Parser;

use marrow::biology::kinetics::Kinetics;
use marrow::learn::scenario_check;
use marrow::scenario::kinetics_file::load_kinetics;
use marrow::scenario::{Scenario, ScenarioError};

mod args;
mod bench;
mod play;
mod run;
mod stress;

use args::{Cli, Command};

/// What a command returns: an error is printed and exits with code 2.
pub type CliResult = Result<(), Box<dyn std::error::Error>>;

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None => play::play(cli.play),
        Some(Command::Play(args)) => play::play(args),
        Some(Command::Run(args)) => run::run(args),
        Some(Command::Validate { file }) => run::validate(&file),
        Some(Command::Parameters { filter }) => {
            run::parameters(filter.as_deref());
            Ok(())
        }
        Some(Command::Bench(args)) => bench::bench(args),
        Some(Command::Stress { days, agents, case }) => {
            stress::stress(days, agents, case.as_deref())
        }
        Some(Command::Soak { years }) => stress::soak(years),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}

/// The scenario in `path` (checked, its codex ids too), or the bundled healthy adult.
fn load_scenario(path: Option<&Path>) -> Result<Scenario, ScenarioError> {
    match path {
        Some(p) => scenario_check::load(p),
        None => Ok(Scenario::healthy_adult()),
    }
}

/// The kinetic table in `path`, or the bundled one.
fn load_table(path: Option<&Path>) -> Result<Kinetics, ScenarioError> {
    match path {
        Some(p) => load_kinetics(p),
        None => Ok(Kinetics::bundled()),
    }
}
