//! `marrow bench`: the table (or JSON) of tick costs by size, and the chemotherapy timing.

use std::io::Write;

use serde::Serialize;

use marrow::bench::{self, Options, Shape, SizeResult};
use marrow::scenario::Scenario;

use super::args::BenchArgs;
use super::inputs::CliResult;

/// `marrow bench --json`: one object.
#[derive(Serialize)]
struct Report {
    ticks: u32,
    physics_workers: usize,
    sizes: Vec<SizeReport>,
    /// `null` when it could not be fitted (fewer than two sizes).
    scaling_exponent: Option<f64>,
    bare_scaling_exponent: Option<f64>,
    chemo_28_days: Option<ChemoReport>,
    /// The drawn vessel's cost per step beside the bundled marrow and 10,000 agents.
    vessel: Vec<marrow::bench::VesselResult>,
}

#[derive(Serialize)]
struct SizeReport {
    target: usize,
    agents: f64,
    full_mean_ms: f64,
    full_p95_ms: f64,
    mechanics_mean_ms: f64,
    bare_mean_ms: f64,
    bare_p95_ms: f64,
    ratio: f64,
    mechanics_ratio: f64,
}

impl From<&SizeResult> for SizeReport {
    fn from(r: &SizeResult) -> Self {
        Self {
            target: r.target,
            agents: r.agents,
            full_mean_ms: r.full_mean_ms,
            full_p95_ms: r.full_p95_ms,
            mechanics_mean_ms: r.mechanics_mean_ms,
            bare_mean_ms: r.bare_mean_ms,
            bare_p95_ms: r.bare_p95_ms,
            ratio: r.ratio(),
            mechanics_ratio: r.mechanics_ratio(),
        }
    }
}

#[derive(Serialize)]
struct ChemoReport {
    days: u32,
    seconds: f64,
    days_per_second: f64,
}

pub fn bench(args: BenchArgs) -> CliResult {
    if cfg!(debug_assertions) {
        eprintln!(
            "note: this is a debug build; time a release build (cargo run --release -- bench)"
        );
    }
    let options = Options {
        solver_iterations: args.solver_iterations,
        shape: if args.cube {
            Shape::Cube
        } else {
            Shape::AlongVessel
        },
    };
    let ticks = args.ticks;
    let mut rows = Vec::new();
    for &n in &args.sizes {
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
    let chemo = if args.no_scenario {
        None
    } else {
        eprint!("running the 28-day chemotherapy scenario…");
        let text = include_str!("../../assets/scenarios/chemo_single_dose.ron");
        let s = Scenario::parse("chemo_single_dose.ron", text)?;
        let (days, secs) = bench::time_scenario(s)?;
        eprintln!(" {secs:.1} s");
        Some((days, secs))
    };
    let vessel: Vec<_> = if args.no_scenario {
        Vec::new()
    } else {
        [bench::BASE_AGENTS as usize, 10_000]
            .into_iter()
            .map(|n| {
                eprint!("timing the drawn vessel beside {n} agents…");
                let t = std::time::Instant::now();
                let r = bench::measure_vessel(n, 300);
                eprintln!(" {:.1} s", t.elapsed().as_secs_f64());
                r
            })
            .collect()
    };
    let mut out = std::io::stdout().lock();
    let workers = bench::physics_workers();
    if args.json {
        let finite = |v: f64| v.is_finite().then_some(v);
        let report = Report {
            ticks,
            physics_workers: workers,
            sizes: rows.iter().map(SizeReport::from).collect(),
            scaling_exponent: finite(exponent),
            bare_scaling_exponent: finite(bare_exponent),
            chemo_28_days: chemo.map(|(days, seconds)| ChemoReport {
                days,
                seconds,
                days_per_second: days as f64 / seconds,
            }),
            vessel: vessel.clone(),
        };
        writeln!(out, "{}", serde_json::to_string(&report)?)?;
        return Ok(());
    }
    writeln!(
        out,
        "ms per fixed tick (0.1 simulated hours), {ticks} ticks per size, on one thread; \
         \"mech\" is the simulation's own physics within those ticks; \"rapier\" is rapier alone \
         stepping the same bodies on {workers} worker(s)"
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
    for v in &vessel {
        writeln!(
            out,
            "drawn vessel (rapier, 60 steps per second of game time) beside {} agents: {} bodies in the lumen, {:.3} ms per step (p95 {:.3}), {:.0} ms per second of flow",
            v.target,
            v.bodies,
            v.step_mean_ms,
            v.step_p95_ms,
            v.step_mean_ms * 60.0
        )?;
    }
    Ok(())
}
