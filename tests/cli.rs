//! The `marrow` command as a user runs it.

use std::process::{Command, Output};

fn marrow(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_marrow"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the marrow binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn assert_clean_failure(o: &Output, mentions: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "exit code; stderr: {err}");
    assert!(
        err.contains(mentions),
        "stderr should mention {mentions:?}: {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn run_writes_the_contract_columns_and_repeats_byte_for_byte() {
    let dir = crate::scratch();
    let (a, b) = (dir.path().join("a.csv"), dir.path().join("b.csv"));
    for out in [&a, &b] {
        let o = marrow(&[
            "run",
            "--days",
            "3",
            "--seed",
            "7",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let text = std::fs::read_to_string(&a).unwrap();
    assert_eq!(text, std::fs::read_to_string(&b).unwrap());
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    for col in [
        "day",
        "hb_g_dl",
        "rbc_e6_ul",
        "wbc_e3_ul",
        "anc_e3_ul",
        "lymph_e3_ul",
        "mono_e3_ul",
        "eos_e3_ul",
        "baso_e3_ul",
        "plt_e3_ul",
        "retic_pct",
        "marrow_blast_pct",
        "cellularity_pct",
        "extramedullary_pct",
        "agents",
    ] {
        assert!(header.contains(&col), "missing column {col}");
    }
    let rows: Vec<&str> = text.lines().skip(1).collect();
    assert_eq!(rows.len(), 3);
    assert!(rows[0].starts_with("1,") && rows[2].starts_with("3,"));
    assert!(!text.contains("NaN") && !text.contains("inf"));
}

#[test]
fn run_without_out_writes_csv_to_stdout() {
    let o = marrow(&["run", "--days", "1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.starts_with("day,hb_g_dl,"));
    assert_eq!(text.lines().count(), 2);
}

#[test]
fn validate_accepts_the_bundled_scenario() {
    let o = marrow(&["validate", "assets/scenarios/healthy_adult.ron"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("ok"));
}

#[test]
fn validate_rejects_a_bad_file_with_its_line_and_column() {
    let dir = crate::scratch();
    let path = dir.path().join("typo.ron");
    std::fs::write(&path, "(\n    title: \"x\",\n    dayz: 3,\n)\n").unwrap();
    let o = marrow(&["validate", path.to_str().unwrap()]);
    assert_clean_failure(
        &o,
        &format!("{}:3:5: Unexpected field named `dayz`", path.display()),
    );
}

#[test]
fn run_rejects_a_bad_scenario_before_running() {
    let dir = crate::scratch();
    let path = dir.path().join("old.ron");
    std::fs::write(&path, "(title: \"x\", patient: (age_years: 200.0))").unwrap();
    let o = marrow(&["run", "--scenario", path.to_str().unwrap(), "--days", "1"]);
    assert_clean_failure(&o, ":1:24: age_years: 200 is outside the valid range");
    assert!(o.stdout.is_empty());
}

#[test]
fn a_missing_scenario_file_is_named() {
    let o = marrow(&["validate", "no/such/file.ron"]);
    assert_clean_failure(&o, "no/such/file.ron:1:1: cannot read file");
}

#[test]
fn bad_flags_get_clear_errors() {
    assert_clean_failure(&marrow(&["run", "--days", "0"]), "--days");
    assert_clean_failure(&marrow(&["run", "--days", "many"]), "--days");
    assert_clean_failure(&marrow(&["run", "--seed", "-3"]), "--seed");
    assert_clean_failure(&marrow(&["run", "--bogus"]), "--bogus");
    assert_clean_failure(
        &marrow(&["run", "--days", "1", "--out", "/no/such/dir/x.csv"]),
        "--out /no/such/dir/x.csv",
    );
}

#[test]
fn a_bad_kinetic_table_is_rejected_at_its_line_and_field() {
    let bundled = std::fs::read_to_string("assets/kinetics.ron").unwrap();
    let dir = crate::scratch();
    let path = dir.path().join("bad_kinetics.ron");
    std::fs::write(
        &path,
        bundled.replacen("tick_hours: 0.1,", "tick_hours: 0.0,", 1),
    )
    .unwrap();
    let line = bundled
        .lines()
        .position(|l| l.contains("tick_hours:"))
        .unwrap()
        + 1;
    let o = marrow(&["run", "--days", "1", "--kinetics", path.to_str().unwrap()]);
    assert_clean_failure(
        &o,
        &format!(":{line}:5: tick_hours: 0 is outside the valid range 0.02..=1 hours"),
    );
}

/// Found by mutating `assets/kinetics.ron`: these hung `marrow run` or ran with no red cells.
#[test]
fn a_kinetic_table_out_of_its_ranges_is_refused_at_the_number_and_never_runs() {
    let bundled = std::fs::read_to_string("assets/kinetics.ron").unwrap();
    let dir = crate::scratch();
    let path = dir.path().join("mutated.ron");
    let at = |needle: &str| {
        let line = bundled.lines().position(|l| l.contains(needle)).unwrap();
        let col = bundled
            .lines()
            .nth(line)
            .unwrap()
            .find("commit_weight")
            .unwrap();
        (line + 1, col + 1)
    };
    for (weight, shown, lineage) in [
        ("1e308", "1e308", "erythroid"),
        ("1e6", "1000000", "erythroid"),
    ] {
        let needle = format!("name: \"{lineage}\"");
        let mutated = bundled.replacen(
            "commit_weight: 30.0",
            &format!("commit_weight: {weight}"),
            1,
        );
        std::fs::write(&path, &mutated).unwrap();
        let started = std::time::Instant::now();
        let o = marrow(&["run", "--days", "1", "--kinetics", path.to_str().unwrap()]);
        let (line, col) = at(&needle);
        assert_clean_failure(
            &o,
            &format!(
                ":{line}:{col}: lineages[0] ({lineage}).commit_weight: {shown} is outside the valid range 0..=100"
            ),
        );
        assert!(o.stdout.is_empty());
        assert!(started.elapsed().as_secs() < 30, "refused before running");
    }
}

#[cfg(feature = "gui")]
#[test]
fn the_play_options_work_without_the_play_command() {
    let o = marrow(&["--screen", "credits"]);
    assert_clean_failure(
        &o,
        "--screen credits: unknown screen; known: title, challenges",
    );
    let o = marrow(&["--challenge", "42", "--demo"]);
    assert_clean_failure(&o, "--challenge 42: unknown challenge");
    // Options of other commands are still refused.
    let o = marrow(&["--days", "3"]);
    assert_clean_failure(&o, "--days");
}

#[cfg(feature = "gui")]
#[test]
fn an_unknown_challenge_or_screen_is_refused_with_the_known_names() {
    let o = marrow(&["play", "--challenge", "42"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("--challenge 42: unknown challenge; give 1..=9"),
        "{e}"
    );
    assert!(e.contains("05_chemo_gcsf"), "{e}");
    let o = marrow(&["play", "--screen", "credits"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--screen credits: unknown screen; known: title, challenges"));
}
