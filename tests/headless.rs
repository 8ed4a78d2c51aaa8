//! The simulation run without a window: counts, determinism, the entity cap.

use std::sync::OnceLock;

use bevy::prelude::*;
use marrow::biology::reference::{Flag, Sex, report};
use marrow::sim::agents::{Cell, Hsc};
use marrow::sim::census::{DayRow, to_csv};
use marrow::sim::{Population, SimClock, Start, headless_app, run_days, run_headless};

use crate::healthy;

/// The 60-day healthy-adult run, shared by the tests that read it.
fn healthy_60_days() -> &'static [DayRow] {
    static ROWS: OnceLock<Vec<DayRow>> = OnceLock::new();
    ROWS.get_or_init(|| run_headless(healthy(), 60))
}

fn assert_in(name: &str, value: f64, low: f64, high: f64, day: u64) {
    assert!(
        (low..=high).contains(&value),
        "day {day}: {name} = {value} outside {low}..={high}"
    );
}

#[test]
fn healthy_adult_day_60_blood_count_is_inside_reference_ranges() {
    let rows = healthy_60_days();
    assert_eq!(rows.len(), 60);
    let last = rows.last().unwrap();
    assert_eq!(last.day, 60);
    let c = last.cbc;
    assert_in("Hb g/dL", c.hb_g_dl, 13.5, 17.5, 60);
    assert_in("WBC 10^3/µL", c.wbc_e3_ul, 4.5, 11.0, 60);
    assert_in("ANC 10^3/µL", c.anc_e3_ul, 1.5, 8.0, 60);
    assert_in("PLT 10^3/µL", c.plt_e3_ul, 150.0, 450.0, 60);
    for (analyte, value) in report(&c, Sex::Male) {
        assert_eq!(
            analyte.flag(value),
            Flag::Normal,
            "day 60 {} = {value}",
            analyte.name
        );
    }
}

#[test]
fn healthy_adult_is_normal_from_day_1_and_stays_normal() {
    for row in healthy_60_days() {
        let c = row.cbc;
        assert_in("Hb", c.hb_g_dl, 13.5, 17.5, row.day);
        assert_in("WBC", c.wbc_e3_ul, 4.5, 11.0, row.day);
        assert_in("ANC", c.anc_e3_ul, 1.5, 8.0, row.day);
        assert_in("PLT", c.plt_e3_ul, 150.0, 450.0, row.day);
        assert_in("retic %", c.retic_pct, 0.3, 2.5, row.day);
        // A 40-year-old marrow is about half cells (Hartsock 1965); blasts stay under 5 %.
        assert_in(
            "cellularity %",
            row.marrow.cellularity_pct,
            38.0,
            65.0,
            row.day,
        );
        assert_in("blasts %", row.marrow.blast_pct, 0.0, 5.0, row.day);
        for h in row.hormones {
            assert_in("hormone level", h, 0.6, 1.6, row.day);
        }
    }
}

#[test]
fn a_healthy_woman_settles_in_the_female_haemoglobin_range_below_a_man() {
    let mut setup = healthy();
    setup.patient.sex = Sex::Female;
    let rows = run_headless(setup, 20);
    let man = &healthy_60_days()[19];
    for row in &rows {
        assert_in("female Hb", row.cbc.hb_g_dl, 12.0, 15.5, row.day);
        assert_in("EPO", row.hormones[0], 0.6, 1.6, row.day);
    }
    let woman = rows.last().unwrap();
    assert!(
        woman.cbc.hb_g_dl < man.cbc.hb_g_dl - 0.5,
        "{} vs {}",
        woman.cbc.hb_g_dl,
        man.cbc.hb_g_dl
    );
    for (analyte, value) in report(&woman.cbc, Sex::Female) {
        assert_eq!(
            analyte.flag(value),
            Flag::Normal,
            "day 20 {} = {value}",
            analyte.name
        );
    }
}

#[test]
fn mature_cells_leave_by_reaching_the_sinusoid_wall() {
    let rows = healthy_60_days();
    let egressed: u64 = rows.iter().map(|r| r.flows.egressed).sum();
    let timed_out: u64 = rows.iter().map(|r| r.flows.timed_out).sum();
    let per_day = egressed as f64 / rows.len() as f64;
    // ~140 red-cell, ~110 neutrophil and ~50 other agents finish each day.
    assert!(
        (200.0..500.0).contains(&per_day),
        "{per_day} egress events a day"
    );
    assert!(
        (timed_out as f64) < 0.05 * egressed as f64,
        "{timed_out} of {egressed} cells left by timeout rather than crawling to the wall"
    );
    let deaths: u64 = rows.iter().map(|r| r.flows.deaths).sum();
    let divisions: u64 = rows.iter().map(|r| r.flows.divisions).sum();
    assert!(
        deaths > 0 && divisions > deaths,
        "{divisions} divisions, {deaths} deaths"
    );
}

#[test]
fn same_seed_gives_byte_identical_output_and_another_seed_differs() {
    let run = |seed| {
        let mut setup = healthy();
        setup.seed = seed;
        to_csv(&run_headless(setup, 6))
    };
    let a = run(11);
    assert_eq!(a, run(11));
    assert_ne!(a, run(12));
    assert_eq!(a.lines().count(), 7);
}

/// The game runs as many ticks in a frame as its speed asks for; how they are batched into
/// frames must not change the run.
#[test]
fn the_run_does_not_depend_on_how_many_ticks_a_frame_runs() {
    use bevy::time::TimeUpdateStrategy;
    let run = |per_frame: u32| {
        let mut app = headless_app(healthy());
        app.insert_resource(TimeUpdateStrategy::FixedTimesteps(per_frame));
        app.update();
        let before = app.world().resource::<SimClock>().tick;
        app.update();
        let ran = app.world().resource::<SimClock>().tick - before;
        assert_eq!(ran, per_frame as i64, "ticks in one frame");
        run_days(&mut app, 3, |_| {});
        to_csv(&app.world().resource::<marrow::sim::census::Census>().rows)
    };
    let one = run(1);
    assert_eq!(one.lines().count(), 4, "three days recorded");
    for n in [3, 7, 16] {
        assert_eq!(run(n), one, "{n} ticks a frame");
    }
}

#[test]
fn the_entity_cap_holds_every_tick() {
    let cap = 900;
    let mut setup = healthy();
    setup.kinetics.max_agents = cap;
    let mut app = headless_app(setup);
    let mut ticks = 0;
    while app.world().resource::<SimClock>().day() < 3 {
        app.update();
        ticks += 1;
        let world = app.world_mut();
        let live =
            world.query::<&Cell>().iter(world).count() + world.query::<&Hsc>().iter(world).count();
        let pop = *world.resource::<Population>();
        assert_eq!(live, pop.agents, "tracked count matches the entities");
        assert!(
            live <= cap,
            "tick {ticks}: {live} agents above the cap of {cap}"
        );
    }
    let pop = *app.world().resource::<Population>();
    assert!(
        pop.cap_reached,
        "a healthy marrow needs ~2000 agents, so a cap of {cap} binds"
    );
    assert!(pop.suppressed > 0);
    let rows = &app.world().resource::<marrow::sim::census::Census>().rows;
    assert_eq!(
        rows.last().unwrap().suppressed_by_cap,
        pop.suppressed,
        "the daily record reports it"
    );
    assert!(rows.iter().all(|r| r.agents <= cap));
}

#[test]
fn agent_count_matches_entities_in_a_normal_run() {
    let mut app = headless_app(healthy());
    for _ in 0..300 {
        app.update();
    }
    let world = app.world_mut();
    let live =
        world.query::<&Cell>().iter(world).count() + world.query::<&Hsc>().iter(world).count();
    let pop = *world.resource::<Population>();
    assert_eq!(live, pop.agents);
    assert!(!pop.cap_reached);
    assert!((1500..3000).contains(&live), "{live} agents");
}

#[test]
fn restarting_gives_the_same_run_as_a_fresh_start() {
    let mut setup = healthy();
    setup.seed = 5;
    let fresh = to_csv(&run_headless(setup.clone(), 3));
    let mut app = headless_app(setup.clone());
    run_days(&mut app, 2, |_| {});
    app.world_mut()
        .resource_mut::<marrow::sim::RestartRequest>()
        .0 = Some(Start::Fresh(setup));
    run_days(&mut app, 3, |_| {});
    let again = to_csv(&app.world().resource::<marrow::sim::census::Census>().rows);
    assert_eq!(fresh, again);
    let world = app.world_mut();
    let live =
        world.query::<&Cell>().iter(world).count() + world.query::<&Hsc>().iter(world).count();
    assert_eq!(
        live,
        world.resource::<Population>().agents,
        "no cells left over from the first run"
    );
}
