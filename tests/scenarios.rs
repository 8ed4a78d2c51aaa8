//! Scenario files: the bundled one is valid; bad ones are rejected at their line and column.

use marrow::scenario::{Scenario, ScenarioError};

fn error(text: &str) -> ScenarioError {
    Scenario::parse("bad.ron", text).expect_err("should be rejected")
}

fn assert_error(text: &str, line: usize, col: usize, contains: &str) {
    let e = error(text);
    assert_eq!((e.line, e.col), (line, col), "{e}");
    assert!(
        e.message.contains(contains),
        "{e} should mention {contains:?}"
    );
    assert!(
        e.to_string()
            .starts_with(&format!("bad.ron:{line}:{col}: ")),
        "{e}"
    );
}

#[test]
fn a_missing_value_is_reported_where_it_should_be() {
    assert_error(
        "(\n    title: \"x\",\n    days: ,\n)",
        3,
        11,
        "days: Expected integer, found `,`",
    );
}

#[test]
fn a_misspelt_field_is_an_error_naming_the_known_fields() {
    assert_error("(\n    title: \"x\",\n    dayz: 3,\n)", 3, 5, "`dayz`");
    assert!(
        error("(\n    title: \"x\",\n    dayz: 3,\n)")
            .message
            .contains("`days`")
    );
}

#[test]
fn a_value_of_the_wrong_type_is_rejected() {
    assert_error(
        "(\n    title: \"x\",\n    days: \"ten\",\n)",
        3,
        11,
        "Expected integer",
    );
    assert_error("(title: \"x\", seed: -1)", 1, 20, "out of bounds");
}

#[test]
fn an_out_of_range_age_names_the_field_and_the_range() {
    assert_error(
        "(\n    title: \"x\",\n    patient: (age_years: 150.0),\n)",
        3,
        15,
        "0..=110",
    );
}

#[test]
fn zero_days_is_out_of_range() {
    assert_error(
        "(\n  title: \"x\",\n  days: 0,\n)",
        3,
        3,
        "days: 0 is outside",
    );
}

#[test]
fn an_unknown_sex_lists_the_choices() {
    assert_error(
        "(\n  title: \"x\",\n  patient: (age_years: 40.0, sex: Unknown),\n)",
        3,
        35,
        "`Male` or `Female`",
    );
}

#[test]
fn empty_unterminated_and_titleless_files_are_rejected() {
    assert_error("   \n", 1, 1, "empty scenario");
    assert_error("(title: \"x\", days: 5", 1, 1, "`(` is never closed");
    assert_error("(\n  description: \"no title\",\n)", 3, 1, "`title`");
    assert_error("(title: \"\")", 1, 2, "title: must not be empty");
}

#[test]
fn binary_garbage_is_reported_as_not_text() {
    let e = Scenario::parse_bytes("junk.ron", b"(title: \"ok\",\n \xff\xfe\x00)").unwrap_err();
    assert_eq!((e.line, e.col), (2, 2), "{e}");
    assert!(e.message.contains("not UTF-8"));
}

#[test]
fn a_huge_file_is_refused_before_parsing() {
    let dir = crate::scratch();
    let path = dir.path().join("huge.ron");
    std::fs::write(&path, vec![b' '; (1 << 20) + 1]).unwrap();
    let e = Scenario::load(&path).unwrap_err();
    assert_eq!((e.line, e.col), (1, 1));
    assert!(e.message.contains("limited to"), "{e}");
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let text = format!(
        "(title: \"x\", patient: {}{})",
        "(".repeat(5000),
        ")".repeat(5000)
    );
    let e = error(&text);
    assert_eq!(e.line, 1);
}

#[test]
fn every_bundled_scenario_is_valid() {
    let mut names = Vec::new();
    for entry in std::fs::read_dir("assets/scenarios").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "ron") {
            marrow::learn::scenario_check::load(&path).unwrap_or_else(|e| panic!("{e}"));
            names.push(path.file_stem().unwrap().to_string_lossy().into_owned());
        }
    }
    for wanted in [
        "healthy_adult",
        "aging_80",
        "aml",
        "chemo_single_dose",
        "chemo_cycles",
        "infection",
        "blood_loss",
        "myeloma",
        "lymphoma",
        "aplastic_anaemia",
        "myelofibrosis",
        "fetal_development",
    ] {
        assert!(names.iter().any(|n| n == wanted), "missing {wanted}.ron");
    }
}

const EVENTS_HEAD: &str = "(\n  title: \"x\",\n  days: 30,\n  events: [\n";

#[test]
fn an_out_of_range_strength_names_its_event_and_the_range() {
    let text = format!(
        "{EVENTS_HEAD}    (condition: Infection, start_day: 1.0, strength: 0.5),\n    (condition: BloodLoss, start_day: 2.0, strength: 0.9),\n  ],\n)"
    );
    assert_error(
        &text,
        6,
        44,
        "events[1].strength: 0.9 is outside the valid range 0..=0.6",
    );
}

#[test]
fn an_unknown_condition_lists_the_known_ones() {
    let text =
        format!("{EVENTS_HEAD}    (condition: Flu, start_day: 1.0, strength: 0.5),\n  ],\n)");
    let e = error(&text);
    assert_eq!((e.line, e.col), (5, 17), "{e}");
    assert!(
        e.message.contains("`Infection`") && e.message.contains("`Chemotherapy`"),
        "{e}"
    );
}

#[test]
fn an_event_must_end_after_it_starts_and_start_within_the_run() {
    let text = format!(
        "{EVENTS_HEAD}    (condition: Chemotherapy, start_day: 5.0, end_day: 4.0, strength: 0.5),\n  ],\n)"
    );
    assert_error(
        &text,
        5,
        47,
        "events[0].end_day: 4 must come after start_day (5)",
    );
    let text = format!(
        "{EVENTS_HEAD}    (condition: Chemotherapy, start_day: 45.0, strength: 0.5),\n  ],\n)"
    );
    assert_error(
        &text,
        5,
        31,
        "events[0].start_day: 45 is outside the run: valid range 0..=30",
    );
}

#[test]
fn a_nan_strength_and_an_unborn_age_out_of_range_are_rejected() {
    let text =
        format!("{EVENTS_HEAD}    (condition: Aml, start_day: 0.0, strength: NaN),\n  ],\n)");
    assert_error(&text, 5, 38, "events[0].strength: NaN is outside");
    assert_error(
        "(\n  title: \"x\",\n  patient: (gestation_weeks: 50.0),\n)",
        3,
        13,
        "gestation_weeks: 50 is outside the valid range 3..=42",
    );
}
