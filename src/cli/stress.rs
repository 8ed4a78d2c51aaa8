//! `marrow stress` and `marrow soak`: robustness at the extremes, and memory over years.

use std::io::Write;

use marrow::biology::kinetics::Kinetics;
use marrow::scenario::Scenario;
use marrow::sim::{Population, Start, headless_app_with, run_days};

use super::inputs::CliResult;

/// `marrow stress`: one line per extreme case; exit 2 if any failed.
pub fn stress(days: u32, agents: Option<u32>, filter: Option<&str>) -> CliResult {
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

/// `marrow soak`: resident memory each simulated year, with the drawn vessel's rapier world
/// stepping beside the marrow (one step every 20 ticks: 43,800 steps in ten years); exit 2 if
/// it grew 10 % or more after the first year.
pub fn soak(years: u32) -> CliResult {
    use marrow::stress::resident_kib;
    use marrow::vessel::{VesselDrive, VesselPlugin};
    let setup = Scenario::healthy_adult().setup_on(&Kinetics::bundled())?;
    let mut app = headless_app_with(Start::Fresh(setup), |app| {
        app.add_plugins(VesselPlugin {
            drive: VesselDrive::EveryNthUpdate(20),
        });
    });
    let start = std::time::Instant::now();
    let mut first_year: Option<u64> = None;
    let mut last = 0;
    let mut out = std::io::stdout().lock();
    writeln!(out, "year  resident MiB  agents  vessel steps  seconds")?;
    for year in 1..=years as u64 {
        run_days(&mut app, year * 365, |_| {});
        let kib = resident_kib().unwrap_or(0);
        let agents = app.world().resource::<Population>().agents;
        let steps = app.world().resource::<marrow::vessel::VesselClock>().steps;
        writeln!(
            out,
            "{year:>4}  {:>12.1}  {agents:>6}  {steps:>12}  {:>7.0}",
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
