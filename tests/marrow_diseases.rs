//! Aplastic anaemia against myelofibrosis, and what an infection does to the blood film and
//! to iron, on seeds 1–5. Each bound is the literature's window; sources in docs/model.md
//! (§9.6 marrow failure, §9.3 infection).

use std::path::Path;

use marrow::biology::conditions::{ConditionEvent, ConditionKind};
use marrow::scenario::Scenario;
use marrow::sim::SimClock;
use marrow::sim::census::Census;
use marrow::sim::census::DayRow;
use marrow::sim::conditions::Timeline;
use marrow::sim::{headless_app, run_days, run_headless};

fn run(events: &str, days: u32, seed: u64) -> Vec<DayRow> {
    let text = format!("(title: \"t\", days: {days}, events: [{events}])");
    let mut scenario = Scenario::parse("test.ron", &text).unwrap_or_else(|e| panic!("{e}"));
    scenario.seed = seed;
    run_headless(scenario.setup(), days as u64)
}

/// The same for a man of `age` years.
fn run_at_age(age: u32, events: &str, days: u32, seed: u64) -> Vec<DayRow> {
    let text = format!(
        "(title: \"t\", days: {days}, patient: (age_years: {age}, sex: Male), events: [{events}])"
    );
    let mut scenario = Scenario::parse("test.ron", &text).unwrap_or_else(|e| panic!("{e}"));
    scenario.seed = seed;
    run_headless(scenario.setup(), days as u64)
}

fn lowest(rows: &[DayRow], f: impl Fn(&DayRow) -> f64) -> f64 {
    rows.iter().map(f).fold(f64::MAX, f64::min)
}

fn highest(rows: &[DayRow], f: impl Fn(&DayRow) -> f64) -> f64 {
    rows.iter().map(f).fold(f64::MIN, f64::max)
}

/// Severe aplastic anaemia: after a stem-cell stop the ANC falls below 0.5 within 1–3 weeks
/// and platelets below 20–50 at their ten-day lifespan (Camitta criteria for severe disease;
/// physiology review), reticulocytes nearly vanish, Hb falls no faster than red cells age
/// (< 1 %/day), and nothing outside the marrow takes over: no extramedullary output, a
/// normal spleen.
#[test]
fn aplastic_anaemia_empties_every_line_and_nothing_takes_over() {
    for seed in 1..=5 {
        let rows = run(
            "(condition: AplasticAnaemia, start_day: 0.0, strength: 0.95)",
            21,
            seed,
        );
        let by_day_21 = &rows[..21];
        let anc = lowest(by_day_21, |r| r.cbc.anc_e3_ul);
        let plt = lowest(by_day_21, |r| r.cbc.plt_e3_ul);
        let retic = lowest(&rows[9..], |r| r.cbc.retic_pct);
        assert!(anc < 0.5, "seed {seed}: ANC low {anc:.2}");
        assert!(plt < 50.0, "seed {seed}: platelets low {plt:.0}");
        assert!(retic < 0.5, "seed {seed}: reticulocytes {retic:.2} %");
        let hb = (rows[0].cbc.hb_g_dl, rows[20].cbc.hb_g_dl);
        assert!(
            hb.1 > hb.0 * (1.0 - 0.01 * 21.0) && hb.1 < hb.0,
            "seed {seed}: Hb {hb:?}"
        );
        assert_eq!(highest(&rows, |r| r.extramedullary_pct), 0.0, "seed {seed}");
        assert!(highest(&rows, |r| r.spleen_rel) < 1.01, "seed {seed}");
        assert!(highest(&rows, |r| r.fibrosis_pct) == 0.0, "seed {seed}");
    }
}

/// Myelofibrosis: fibres build over weeks, output moves to the liver and spleen only as they
/// do (none in the first week), the spleen grows, platelets fall as it pools them, and the
/// film turns leukoerythroblastic with teardrop cells (Tefferi, NEJM 2000; WHO criteria for
/// primary myelofibrosis: leukoerythroblastosis, splenomegaly).
#[test]
fn myelofibrosis_moves_blood_making_to_a_growing_spleen_and_shows_on_the_film() {
    for seed in 1..=5 {
        let rows = run(
            "(condition: Myelofibrosis, start_day: 0.0, strength: 0.8)",
            60,
            seed,
        );
        let (week, end) = (&rows[6], &rows[59]);
        assert!(
            week.extramedullary_pct < 3.0,
            "seed {seed}: {}",
            week.extramedullary_pct
        );
        assert!(
            (45.0..70.0).contains(&end.fibrosis_pct),
            "seed {seed}: fibrosis {:.0} %",
            end.fibrosis_pct
        );
        let emh = highest(&rows[50..], |r| r.extramedullary_pct);
        assert!(emh > 8.0, "seed {seed}: liver and spleen {emh:.1} %");
        assert!(
            end.spleen_rel > 1.3,
            "seed {seed}: spleen {:.2}",
            end.spleen_rel
        );
        assert!(
            end.cbc.nrbc_per_100_wbc > 0.5 && end.cbc.teardrop_pct > 1.0,
            "seed {seed}: NRBC {:.2}/100 WBC, teardrops {:.2} %",
            end.cbc.nrbc_per_100_wbc,
            end.cbc.teardrop_pct
        );
        assert!(
            end.marrow.cellularity_pct < 0.75 * rows[0].marrow.cellularity_pct,
            "seed {seed}: cellularity {:.0} -> {:.0}",
            rows[0].marrow.cellularity_pct,
            end.marrow.cellularity_pct
        );
        let plt = highest(&rows[50..], |r| r.cbc.plt_e3_ul);
        assert!(
            plt < 0.8 * rows[0].cbc.plt_e3_ul,
            "seed {seed}: platelets {plt:.0}"
        );
    }
}

/// Bands are a few per cent of blood neutrophils in health (0–5 %, lab references), above
/// 10 % in a bacterial infection (the left shift), with lymphocytes pushed out of the blood
/// (< 1.5); a severe infection (sepsis) uses neutrophils faster than the reserve can send
/// them, so the ANC falls below 1.0 and lymphocytes below 1.0 (sepsis-associated
/// neutropenia and lymphopenia: physiology review).
#[test]
fn infection_shifts_the_film_left_and_sepsis_exhausts_the_reserve() {
    for seed in 1..=5 {
        let healthy = run("", 8, seed);
        let bands = |r: &DayRow| 100.0 * r.cbc.bands_e3_ul / r.cbc.anc_e3_ul.max(1e-9);
        let share: f64 = healthy.iter().map(bands).sum::<f64>() / healthy.len() as f64;
        assert!(
            (0.5..6.0).contains(&share),
            "seed {seed}: healthy bands {share:.1} %"
        );

        let infected = run(
            "(condition: Infection, start_day: 1.0, end_day: 8.0, strength: 0.7)",
            9,
            seed,
        );
        let left = highest(&infected[1..7], bands);
        let lymph = highest(&infected[1..7], |r| r.cbc.lymph_e3_ul);
        assert!(left > 10.0, "seed {seed}: bands {left:.0} % of neutrophils");
        assert!(lymph < 1.5, "seed {seed}: lymphocytes {lymph:.2}");

        // Days 2-9, while the infection lasts.
        let sepsis = run(
            "(condition: Infection, start_day: 1.0, end_day: 10.0, strength: 1.0)",
            11,
            seed,
        );
        let anc = lowest(&sepsis[1..9], |r| r.cbc.anc_e3_ul);
        let lymph = highest(&sepsis[1..9], |r| r.cbc.lymph_e3_ul);
        assert!(anc < 1.0, "seed {seed}: sepsis ANC low {anc:.2}");
        assert!(lymph < 1.0, "seed {seed}: sepsis lymphocytes {lymph:.2}");
    }
}

/// A long infection locks iron away (hepcidin): Hb falls below the WHO line of 13 g/dL for men
/// with ferritin rising rather than falling and a low reticulocyte production index, the
/// pattern of the anaemia of inflammation (Weiss & Goodnough, NEJM 2005).
#[test]
fn a_long_infection_brings_the_anaemia_of_inflammation() {
    for seed in 1..=5 {
        let rows = run(
            "(condition: Infection, start_day: 1.0, end_day: 60.0, strength: 0.6)",
            42,
            seed,
        );
        let (start, end) = (&rows[0], &rows[41]);
        assert!(
            end.cbc.hb_g_dl < 13.0,
            "seed {seed}: Hb {:.2}",
            end.cbc.hb_g_dl
        );
        assert!(
            end.ferritin_ug_l > start.ferritin_ug_l,
            "seed {seed}: ferritin {:.0} -> {:.0}",
            start.ferritin_ug_l,
            end.ferritin_ug_l
        );
        assert!(end.cbc.rpi < 1.0, "seed {seed}: RPI {:.2}", end.cbc.rpi);
    }
}

/// Runs `s` a day at a time for at most its own length and returns the run, stopped at the
/// end of the first day on which `reached` holds, with that day's row.
fn run_until(s: &Scenario, reached: impl Fn(&DayRow) -> bool) -> Option<(bevy::app::App, DayRow)> {
    let mut app = headless_app(s.setup());
    for day in 1..=s.days as u64 {
        run_days(&mut app, day, |_| {});
        let last = app.world().resource::<Census>().rows.last().cloned();
        if let Some(row) = last.filter(|r| reached(r)) {
            return Some((app, row));
        }
    }
    None
}

fn first_day(s: &Scenario, reached: impl Fn(&DayRow) -> bool) -> Option<DayRow> {
    run_until(s, reached).map(|(_, row)| row)
}

fn bundled_aml(seed: u64) -> Scenario {
    let mut s =
        Scenario::load(Path::new("assets/scenarios/aml.ron")).unwrap_or_else(|e| panic!("{e}"));
    s.seed = seed;
    s
}

/// AML at presentation: by the time blasts fill half the marrow, Hb is about 9, platelets
/// 40–60 and neutrophils are low (median figures of the SWOG/ECOG series, Slovak 2000; Hb
/// ≲ 10, PLT ≲ 80 in the window). The cause is the clone's maturation block on normal
/// precursors plus crowding (Miraki-Moud, PNAS 2013), not scaled outputs.
#[test]
fn aml_presents_with_anaemia_thrombocytopenia_and_neutropenia() {
    for seed in 1..=5 {
        let s = bundled_aml(seed);
        let days = s.days;
        let at = first_day(&s, |r| r.marrow.blast_pct >= 50.0)
            .unwrap_or_else(|| panic!("seed {seed}: blasts never reach 50 % in {days} days"));
        let (hb, plt, anc) = (at.cbc.hb_g_dl, at.cbc.plt_e3_ul, at.cbc.anc_e3_ul);
        assert!(hb < 11.0, "seed {seed} day {}: Hb {hb:.1}", at.day);
        assert!(plt < 80.0, "seed {seed} day {}: PLT {plt:.0}", at.day);
        assert!(anc < 1.5, "seed {seed} day {}: ANC {anc:.2}", at.day);
        assert!(
            at.cbc.abnormal_e3_ul > 1.0,
            "seed {seed}: no blasts in blood"
        );
    }
}

/// Induction chemotherapy (a week at 0.99) started on the day blasts reach 20 % of the marrow
/// (the diagnosis) clears them to under 5 % within 30 days (complete remission, ELN 2022) and
/// lets neutrophils come back (measured seeds 1–5: blasts 1.0–3.8 %, ANC 1.2–2.5).
#[test]
fn induction_chemotherapy_brings_aml_into_remission() {
    for seed in 1..=5 {
        let untreated = bundled_aml(seed);
        let days = untreated.days;
        let (mut app, diagnosis) = run_until(&untreated, |r| r.marrow.blast_pct >= 20.0)
            .unwrap_or_else(|| panic!("seed {seed}: blasts never reach 20 % in {days} days"));
        // Induction starts the next morning, as a player would give it from the panel.
        let day = diagnosis.day;
        let tick = app.world().resource::<SimClock>().tick;
        app.world_mut().resource_mut::<Timeline>().push(
            tick,
            ConditionEvent {
                condition: ConditionKind::Chemotherapy,
                start_day: day as f32,
                end_day: Some(day as f32 + 7.0),
                duration_days: None,
                strength: 0.99,
            },
        );
        run_days(&mut app, day + 30, |_| {});
        let end = *app.world().resource::<Census>().rows.last().unwrap();
        assert!(
            end.marrow.blast_pct < 5.0,
            "seed {seed}: blasts {:.1} % 30 days after induction on day {day}",
            end.marrow.blast_pct
        );
        assert!(
            end.cbc.anc_e3_ul > 1.0,
            "seed {seed}: ANC {:.2}",
            end.cbc.anc_e3_ul
        );
    }
}

/// Age: after the same dose an 80-year-old's marrow regrows its progenitors about half as fast
/// as a young adult's, so the neutropenia lasts longer and its trough is deeper on every seed
/// (measured seeds 1–5: 4–10 days below 1.0 at 80 against 3–4 at 30; mean ANC over days 6–16
/// 1.06–1.20 against 1.53–1.77; older patients have longer, more often febrile neutropenia
/// after chemotherapy: Lyman 2005, Balducci 2003).
#[test]
fn an_older_marrow_stays_neutropenic_longer_after_chemotherapy() {
    // (days with ANC below 1.0, mean ANC over days 6-16: the depth of the trough)
    let course = |age: u32, seed: u64| {
        let chemo = "(condition: Chemotherapy, start_day: 0.0, end_day: Some(1.0), strength: 0.95)";
        let rows = run_at_age(age, chemo, 35, seed);
        let below = rows.iter().filter(|r| r.cbc.anc_e3_ul < 1.0).count();
        let trough: Vec<f64> = rows
            .iter()
            .filter(|r| (6..=16).contains(&r.day))
            .map(|r| r.cbc.anc_e3_ul)
            .collect();
        (below, trough.iter().sum::<f64>() / trough.len() as f64)
    };
    for seed in 1..=5 {
        let ((young, young_trough), (old, old_trough)) = (course(30, seed), course(80, seed));
        assert!(
            old > young,
            "seed {seed}: {old} days below 1.0 at 80, {young} at 30"
        );
        assert!(
            old_trough < 0.9 * young_trough,
            "seed {seed}: mean ANC on days 6-16 {old_trough:.2} at 80, {young_trough:.2} at 30"
        );
    }
}

/// Cellularity by age as the autopsy series measured it in the iliac crest (Hartsock 1965):
/// about 50 % from 30 to 69 years and about 30 % from 70 to 79, on every seed; not the
/// rougher rule of 100 minus the age.
#[test]
fn cellularity_follows_the_autopsy_series_by_age() {
    let mean_cellularity = |age: u32, seed: u64| {
        let rows = run_at_age(age, "", 20, seed);
        rows.iter().map(|r| r.marrow.cellularity_pct).sum::<f64>() / rows.len() as f64
    };
    for seed in 1..=5 {
        let (at_35, at_60, at_75) = (
            mean_cellularity(35, seed),
            mean_cellularity(60, seed),
            mean_cellularity(75, seed),
        );
        for (age, c) in [(35, at_35), (60, at_60)] {
            assert!(
                (40.0..=60.0).contains(&c),
                "seed {seed}: {c:.1} % cellular at {age}"
            );
        }
        assert!(
            (22.0..=38.0).contains(&at_75),
            "seed {seed}: {at_75:.1} % cellular at 75"
        );
        assert!(at_75 < at_60 - 10.0, "seed {seed}: {at_60:.1} → {at_75:.1}");
    }
}

/// A healthy adult marrow is 11–23 % lymphocytes and 0.4–3.9 % plasma cells (Wintrobe, normal
/// marrow differential), on every seed; after chemotherapy the lymphocytes, killed less than
/// the dividing precursors, are a larger share of the emptied marrow and their pool refills.
#[test]
fn the_marrow_holds_its_lymphocytes_and_plasma_cells() {
    for seed in 1..=5 {
        let chemo =
            "(condition: Chemotherapy, start_day: 20.0, end_day: Some(21.0), strength: 0.95)";
        let rows = run(chemo, 40, seed);
        let before = &rows[..20];
        let mean = |f: fn(&DayRow) -> f64| before.iter().map(f).sum::<f64>() / before.len() as f64;
        let (lymph, plasma) = (mean(|r| r.marrow.lymph_pct), mean(|r| r.marrow.plasma_pct));
        assert!(
            (11.0..=23.0).contains(&lymph),
            "seed {seed}: lymphocytes {lymph:.1} %"
        );
        assert!(
            (0.4..=3.9).contains(&plasma),
            "seed {seed}: plasma cells {plasma:.2} %"
        );
        let after = rows[25].marrow.lymph_pct;
        assert!(
            after > lymph + 4.0,
            "seed {seed}: lymphocytes {lymph:.1} → {after:.1} % after chemotherapy"
        );
    }
}

/// Fetal blood by gestational week, as sampled from the umbilical cord (Nicolaides 1988, 1989;
/// Forestier 1986): Hb about 11 ± 1 at week 17 rising to about 15 at term, red cells 2.5 → 4.5
/// × 10⁶/µL and large (MCV about 130 → 110 fL), reticulocytes about 10 → 4 %, nucleated red
/// cells about 80 → 4 per 100 white cells. On every seed.
#[test]
fn fetal_blood_follows_the_gestational_week() {
    for seed in 1..=5 {
        let mut s = Scenario::load(Path::new("assets/scenarios/fetal_development.ron"))
            .unwrap_or_else(|e| panic!("{e}"));
        s.seed = seed;
        let rows = run_headless(s.setup(), s.days as u64);
        // The run starts at week 8: week w is day 7 (w - 8).
        let week = |w: u64| &rows[(7 * (w - 8)) as usize - 1];
        let (mid, term) = (week(17).cbc, week(40).cbc);
        // (what, value, lowest, highest) against the cord-blood figures above.
        let checks = [
            ("Hb at week 17", mid.hb_g_dl, 10.0, 12.0),
            ("Hb at term", term.hb_g_dl, 14.0, 17.0),
            ("RBC at week 17", mid.rbc_e6_ul, 2.2, 3.0),
            ("RBC at term", term.rbc_e6_ul, 3.8, 5.0),
            ("MCV at week 17", mid.mcv_fl, 120.0, 140.0),
            ("MCV at term", term.mcv_fl, 100.0, mid.mcv_fl),
            ("retic % at week 17", mid.retic_pct, 7.0, 14.0),
            ("retic % at term", term.retic_pct, 2.5, 6.0),
            (
                "NRBC per 100 WBC at week 17",
                mid.nrbc_per_100_wbc,
                40.0,
                150.0,
            ),
            ("NRBC per 100 WBC at term", term.nrbc_per_100_wbc, 0.0, 10.0),
        ];
        for (what, v, lo, hi) in checks {
            assert!((lo..=hi).contains(&v), "seed {seed}: {what} {v:.2}");
        }
    }
}

/// The thymus shrinks with age (Steinmann 1985), so fewer new T cells reach the blood; the old
/// ones live longer, and the lymphocyte count falls only a little: lower at 80 than at 20 on
/// every seed, by under a third, and within the adult range (1.0–4.8 × 10³/µL) at both ages.
#[test]
fn the_shrinking_thymus_lowers_the_lymphocyte_count_only_a_little() {
    let lymph = |age: u32, seed: u64| {
        let rows = run_at_age(age, "", 20, seed);
        rows.iter().map(|r| r.cbc.lymph_e3_ul).sum::<f64>() / rows.len() as f64
    };
    for seed in 1..=5 {
        let (young, old) = (lymph(20, seed), lymph(80, seed));
        assert!(
            old < young && old > 0.67 * young,
            "seed {seed}: {young:.2} at 20, {old:.2} at 80"
        );
        for v in [young, old] {
            assert!((1.0..=4.8).contains(&v), "seed {seed}: lymphocytes {v:.2}");
        }
    }
}

/// Polycythaemia vera, then phlebotomy (bundled scenario, seeds 1–5). Before treatment the
/// WHO 2016 haemoglobin criterion (> 16.5 g/dL in men; Arber, Blood 2016) is met with a
/// subnormal EPO, a hypercellular marrow, and platelets and white cells in the upper range
/// of the 1,545 patients of Tefferi (Leukemia 2013: median Hb 18.4, WBC 10.4, PLT 466).
/// Measured: Hb 17.9–18.2, EPO 0.28–0.35 × normal, PLT 428–498, WBC 7.5–9.1, cellularity
/// 61–68 % on day 89. Three units in a week, then one every two months, hold the haematocrit
/// under the 45 % target of CYTO-PV (Marchioli, NEJM 2013; measured ≤ 43.8 %) and empty the
/// iron stores (ferritin 9–11 µg/L, MCV 66–67 fL by day 239).
#[test]
fn polycythaemia_vera_raises_haemoglobin_with_low_epo_and_phlebotomy_holds_the_haematocrit() {
    for seed in 1..=5 {
        let mut s = Scenario::load(Path::new("assets/scenarios/polycythaemia_vera.ron"))
            .unwrap_or_else(|e| panic!("{e}"));
        s.seed = seed;
        let rows = run_headless(s.setup(), s.days as u64);
        let before = &rows[89];
        let (hb, epo) = (before.cbc.hb_g_dl, before.hormones[0]);
        assert!(hb > 16.5 && hb < 21.0, "seed {seed}: Hb {hb:.1} on day 89");
        assert!(epo < 0.6, "seed {seed}: EPO {epo:.2} × normal on day 89");
        assert!(
            before.cbc.hct_pct > 49.0,
            "seed {seed}: Hct {:.1}",
            before.cbc.hct_pct
        );
        assert!(
            before.cbc.plt_e3_ul > 350.0,
            "seed {seed}: PLT {:.0}",
            before.cbc.plt_e3_ul
        );
        assert!(
            before.cbc.wbc_e3_ul > 7.0,
            "seed {seed}: WBC {:.1}",
            before.cbc.wbc_e3_ul
        );
        assert!(
            before.marrow.cellularity_pct > rows[0].marrow.cellularity_pct + 5.0,
            "seed {seed}: marrow not hypercellular: {:.0} % vs {:.0} %",
            before.marrow.cellularity_pct,
            rows[0].marrow.cellularity_pct
        );
        for r in rows.iter().filter(|r| r.day >= 105) {
            assert!(
                r.cbc.hct_pct < 45.0,
                "seed {seed} day {}: Hct {:.1}",
                r.day,
                r.cbc.hct_pct
            );
        }
        let end = rows.last().unwrap();
        assert!(
            end.ferritin_ug_l < 0.5 * before.ferritin_ug_l,
            "seed {seed}: ferritin {:.0}",
            end.ferritin_ug_l
        );
        assert!(
            end.cbc.mcv_fl < 80.0,
            "seed {seed}: MCV {:.0}",
            end.cbc.mcv_fl
        );
    }
}
