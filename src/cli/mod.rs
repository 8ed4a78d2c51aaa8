//! The `marrow` command: play (the default), run headless, validate a scenario, list the
//! parameters, and the measuring commands (bench, stress, soak).

use std::process::ExitCode;

use clap::Parser;

mod args;
mod bench;
mod inputs;
mod play;
mod run;
mod stress;

use args::{Cli, Command};

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
