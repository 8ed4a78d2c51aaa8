//! The bundled scenarios, compiled in so the game finds them from any directory.

/// The bundled scenarios, in the order the picker and demonstration mode offer them:
/// (file name, text).
pub const BUNDLED: &[(&str, &str)] = &[
    (
        "healthy_adult.ron",
        include_str!("../../assets/scenarios/healthy_adult.ron"),
    ),
    (
        "aging_80.ron",
        include_str!("../../assets/scenarios/aging_80.ron"),
    ),
    (
        "blood_loss.ron",
        include_str!("../../assets/scenarios/blood_loss.ron"),
    ),
    (
        "infection.ron",
        include_str!("../../assets/scenarios/infection.ron"),
    ),
    (
        "chemo_single_dose.ron",
        include_str!("../../assets/scenarios/chemo_single_dose.ron"),
    ),
    (
        "chemo_cycles.ron",
        include_str!("../../assets/scenarios/chemo_cycles.ron"),
    ),
    ("aml.ron", include_str!("../../assets/scenarios/aml.ron")),
    (
        "lymphoma.ron",
        include_str!("../../assets/scenarios/lymphoma.ron"),
    ),
    (
        "myeloma.ron",
        include_str!("../../assets/scenarios/myeloma.ron"),
    ),
    (
        "aplastic_anaemia.ron",
        include_str!("../../assets/scenarios/aplastic_anaemia.ron"),
    ),
    (
        "myelofibrosis.ron",
        include_str!("../../assets/scenarios/myelofibrosis.ron"),
    ),
    (
        "polycythaemia_vera.ron",
        include_str!("../../assets/scenarios/polycythaemia_vera.ron"),
    ),
    (
        "fetal_development.ron",
        include_str!("../../assets/scenarios/fetal_development.ron"),
    ),
];

/// The bundled default scenario.
pub const HEALTHY_ADULT: &str = BUNDLED[0].1;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_scenario_is_listed() {
        let on_disk = std::fs::read_dir("assets/scenarios").unwrap().count();
        assert_eq!(
            BUNDLED.len(),
            on_disk,
            "assets/scenarios and BUNDLED differ"
        );
    }
}
