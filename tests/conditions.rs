//! Every bundled scenario, run headless for its full length: no NaN, no panic, no cap
//! overflow, and each condition's signature on the right days.

use std::path::Path;

use marrow::biology::kinetics::Kinetics;
use marrow::scenario::Scenario;
use marrow::sim::census::DayRow;
use marrow::sim::run_headless;

/// Runs `assets/scenarios/NAME.ron` for its own length and checks what holds for every run.
fn run_bundled(name: &str) -> Vec<DayRow> {
    let path = format!("assets/scenarios/{name}.ron");
    let scenario = Scenario::load(Path::new(&path)).unwrap_or_else(|e| panic!("{e}"));
    let days = scenario.days as u64;
    let k = Kinetics::bundled();
    let cap = k.max_agents;
    let rows = run_headless(scenario.setup_on(&k).expect("fits the bundled table"), days);
    assert_eq!(rows.len() as u64, days, "{name}: one row per day");
    for r in &rows {
        let line = r.csv_line();
        assert!(
            !line.contains("NaN") && !line.contains("inf"),
            "{name} day {}: {line}",
            r.day
        );
        assert!(r.agents <= cap, "{name} day {}: {} agents", r.day, r.agents);
        assert_eq!(
            r.suppressed_by_cap, 0,
            "{name} day {}: the entity cap was reached",
            r.day
        );
    }
    rows
}

fn day(rows: &[DayRow], d: u64) -> &DayRow {
    &rows[d as usize - 1]
}

/// The day (and value) of the largest `f` over days `from..=to`.
fn peak(rows: &[DayRow], from: u64, to: u64, f: impl Fn(&DayRow) -> f64) -> (u64, f64) {
    rows.iter()
        .filter(|r| (from..=to).contains(&r.day))
        .map(|r| (r.day, f(r)))
        .fold((0, f64::MIN), |a, b| if b.1 > a.1 { b } else { a })
}

fn lowest(rows: &[DayRow], from: u64, to: u64, f: impl Fn(&DayRow) -> f64) -> (u64, f64) {
    let (d, v) = peak(rows, from, to, |r| -f(r));
    (d, -v)
}

#[test]
fn chemo_single_dose_nadir_falls_on_days_7_to_14_and_recovers_by_28() {
    let rows = run_bundled("chemo_single_dose");
    let (nadir_day, nadir) = lowest(&rows, 1, 28, |r| r.cbc.anc_e3_ul);
    assert!(
        (7..=14).contains(&nadir_day) && nadir < 1.0,
        "ANC nadir {nadir} on day {nadir_day}"
    );
    // The reserve carries the count through the first days.
    assert!(day(&rows, 3).cbc.anc_e3_ul > 2.0);
    assert!(day(&rows, 28).cbc.anc_e3_ul >= 1.5);
    // Platelets and reticulocytes fall too.
    let (_, plt) = lowest(&rows, 1, 28, |r| r.cbc.plt_e3_ul);
    assert!(
        plt < 0.7 * day(&rows, 1).cbc.plt_e3_ul,
        "platelet low {plt}"
    );
    let (_, retic) = lowest(&rows, 1, 10, |r| r.cbc.retic_pct);
    assert!(retic < 0.2, "reticulocyte low {retic}");
}

#[test]
fn chemo_cycles_repeat_their_nadir_each_cycle() {
    let rows = run_bundled("chemo_cycles");
    for start in [0, 21, 42] {
        let (d, nadir) = lowest(&rows, start + 5, start + 16, |r| r.cbc.anc_e3_ul);
        assert!(
            nadir < 1.0,
            "cycle from day {start}: nadir {nadir} on day {d}"
        );
        let recovered = peak(&rows, start + 14, start + 21, |r| r.cbc.anc_e3_ul).1;
        assert!(
            recovered >= 1.5,
            "cycle from day {start}: best {recovered} before the next"
        );
    }
}

#[test]
fn aging_80_marrow_is_15_to_38_percent_cellular_with_low_normal_counts() {
    let rows = run_bundled("aging_80");
    for r in &rows {
        let c = r.marrow.cellularity_pct;
        assert!((15.0..=38.0).contains(&c), "day {}: cellularity {c}", r.day);
    }
    let last = rows.last().unwrap();
    assert!(
        (12.5..=15.5).contains(&last.cbc.hb_g_dl),
        "Hb {}",
        last.cbc.hb_g_dl
    );
    assert!(last.cbc.plt_e3_ul >= 140.0, "PLT {}", last.cbc.plt_e3_ul);
}

/// A bacterial infection: leukocytosis (WBC > 11) within days, mostly neutrophils from the
/// marrow reserve, G-CSF up, and the count back in the normal range (4.5–11) two weeks after
/// the infection ends (Summers 2010; docs/model.md §9.3).
#[test]
fn infection_lifts_the_white_count_above_11_within_five_days_and_it_settles() {
    let rows = run_bundled("infection");
    let (d, wbc) = peak(&rows, 1, 5, |r| r.cbc.wbc_e3_ul);
    assert!(wbc > 11.0 && d <= 5, "WBC peak {wbc} on day {d}");
    let (d, anc) = peak(&rows, 2, 6, |r| r.cbc.anc_e3_ul);
    assert!(anc > 7.5, "ANC peak {anc} on day {d}");
    assert!(day(&rows, 3).hormones[2] > 3.0, "G-CSF up");
    let end = day(&rows, 21).cbc.wbc_e3_ul;
    assert!((4.5..=11.0).contains(&end), "day 21 WBC {end}");
}

#[test]
fn blood_loss_lowers_hb_and_reticulocytes_peak_on_days_4_to_12() {
    let rows = run_bundled("blood_loss");
    let before = day(&rows, 1).cbc.hb_g_dl;
    assert!(day(&rows, 3).cbc.hb_g_dl < 0.8 * before);
    let (d, retic) = peak(&rows, 1, 42, |r| r.cbc.retic_pct);
    assert!(
        (4..=12).contains(&d) && retic > 2.0,
        "retic peak {retic} % on day {d}"
    );
    assert!(day(&rows, 3).hormones[0] > 3.0, "EPO up");
    let end = day(&rows, 42).cbc.hb_g_dl;
    assert!(end > day(&rows, 5).cbc.hb_g_dl + 2.0, "Hb recovers: {end}");
}

#[test]
fn aplastic_anaemia_scenario_falls_without_rescue() {
    let rows = run_bundled("aplastic_anaemia");
    let last = rows.last().unwrap();
    assert!(rows.iter().all(|r| r.extramedullary_pct == 0.0));
    // Severe disease from the fourth week on (Camitta: ANC < 0.5, PLT < 20-50), measured as
    // means because a few megakaryocytes left make the daily platelet count jumpy.
    let late: Vec<&DayRow> = rows.iter().filter(|r| r.day >= 28).collect();
    let mean = |f: fn(&DayRow) -> f64| late.iter().map(|r| f(r)).sum::<f64>() / late.len() as f64;
    let (plt, anc) = (mean(|r| r.cbc.plt_e3_ul), mean(|r| r.cbc.anc_e3_ul));
    assert!(
        plt < 50.0 && anc < 0.5,
        "days 28-60: PLT {plt:.0}, ANC {anc:.2}"
    );
    assert!(last.cbc.hb_g_dl < day(&rows, 1).cbc.hb_g_dl - 2.0);
    // What is left of the marrow is mostly lymphocytes (they do not depend on the stem cells).
    assert!(
        last.marrow.lymph_pct > 40.0,
        "lymphocytes {:.0} %",
        last.marrow.lymph_pct
    );
}

#[test]
fn myelofibrosis_scenario_builds_a_big_spleen() {
    let rows = run_bundled("myelofibrosis");
    let last = rows.last().unwrap();
    assert!(
        last.extramedullary_pct > 20.0,
        "{}",
        last.extramedullary_pct
    );
    assert!(last.spleen_rel > 1.5 && last.fibrosis_pct > 70.0);
}

#[test]
fn myeloma_plasma_cells_pass_10_percent_of_the_marrow_with_anaemia() {
    let rows = run_bundled("myeloma");
    let last = rows.last().unwrap();
    assert!(
        last.marrow.clone_pct >= 10.0,
        "clone {}",
        last.marrow.clone_pct
    );
    assert!(last.marrow.blast_pct < 5.0, "plasma cells are not blasts");
    assert!(
        last.cbc.hb_g_dl < day(&rows, 1).cbc.hb_g_dl - 1.0,
        "Hb {}",
        last.cbc.hb_g_dl
    );
}

#[test]
fn lymphoma_infiltrates_the_marrow_and_shows_as_extra_lymphocytes() {
    let rows = run_bundled("lymphoma");
    let first = day(&rows, 1);
    let last = rows.last().unwrap();
    assert!(
        last.marrow.clone_pct > 2.0 * first.marrow.clone_pct,
        "clone {} -> {}",
        first.marrow.clone_pct,
        last.marrow.clone_pct
    );
    assert!(
        last.cbc.lymph_e3_ul > first.cbc.lymph_e3_ul + 1.0,
        "lymphocytes {} -> {}",
        first.cbc.lymph_e3_ul,
        last.cbc.lymph_e3_ul
    );
    assert!(last.cbc.hb_g_dl < first.cbc.hb_g_dl);
}

#[test]
fn fetal_production_moves_from_outside_the_marrow_into_it() {
    let rows = run_bundled("fetal_development");
    let early = day(&rows, 7);
    let late = rows.last().unwrap();
    assert!(
        early.extramedullary_pct > 90.0,
        "week 9: {}",
        early.extramedullary_pct
    );
    assert!(
        late.extramedullary_pct < 20.0,
        "week 40: {}",
        late.extramedullary_pct
    );
    assert!(late.marrow.cellularity_pct > 3.0 * early.marrow.cellularity_pct.max(1.0));
    // The liver makes the red cells while the marrow is empty, so EPO is not raised by it;
    // once the marrow takes over it must replace short-lived fetal red cells, and EPO sits up
    // to about twice an adult's baseline (cord-blood EPO is about an adult's or a little more).
    for r in &rows {
        let epo = r.hormones[0];
        assert!((0.5..3.0).contains(&epo), "EPO x{epo} on day {}", r.day);
    }
}

#[test]
fn healthy_adult_makes_no_extramedullary_cells_and_has_no_clone() {
    let rows = run_headless(crate::healthy(), 20);
    for r in &rows {
        assert_eq!(r.extramedullary_pct, 0.0, "day {}", r.day);
        assert_eq!(r.marrow.clone_pct, 0.0);
        assert_eq!(r.cbc.abnormal_e3_ul, 0.0);
    }
}

#[test]
fn a_condition_added_during_a_run_takes_effect_then_and_there() {
    use marrow::biology::conditions::{ConditionEvent, ConditionKind};
    use marrow::sim::census::Census;
    use marrow::sim::conditions::Timeline;
    let mut app = marrow::sim::headless_app(crate::healthy());
    marrow::sim::run_days(&mut app, 3, |_| {});
    let before = app.world().resource::<Census>().rows[2].cbc.hb_g_dl;
    let tick = app.world().resource::<marrow::sim::SimClock>().tick;
    app.world_mut().resource_mut::<Timeline>().push(
        tick,
        ConditionEvent {
            condition: ConditionKind::BloodLoss,
            start_day: 3.0,
            end_day: None,
            duration_days: None,
            strength: 0.25,
        },
    );
    marrow::sim::run_days(&mut app, 6, |_| {});
    // Whole blood is lost at once; the Hb shows it as plasma refills the vessels (1–3 days).
    let rows = &app.world().resource::<Census>().rows;
    let (next_day, later) = (rows[3].cbc.hb_g_dl, rows[5].cbc.hb_g_dl);
    assert!(
        next_day < 0.85 * before && later < next_day,
        "Hb {before} -> {next_day} -> {later}: falling as the blood is diluted"
    );
    assert!(
        (later / before - 0.75).abs() < 0.03,
        "Hb {before} -> {later} three days after losing a quarter of the blood"
    );
}
