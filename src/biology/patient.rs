//! The patient a run simulates: age, sex, or an unborn patient's gestational age.

use serde::{Deserialize, Serialize};

use super::reference::Sex;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Patient {
    #[serde(default = "default_age")]
    pub age_years: f32,
    #[serde(default)]
    pub sex: Sex,
    /// Set for an unborn patient: gestational age in weeks on day 0. Production then moves
    /// from yolk sac to liver and spleen to marrow as the days pass.
    #[serde(default)]
    pub gestation_weeks: Option<f32>,
    /// Serum ferritin on day 0, µg/L, which sets the iron stores; without it, a healthy
    /// adult's stores for the patient's sex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ferritin_ug_l: Option<f32>,
}

fn default_age() -> f32 {
    40.0
}

impl Default for Patient {
    fn default() -> Self {
        Self {
            age_years: default_age(),
            sex: Sex::Male,
            gestation_weeks: None,
            ferritin_ug_l: None,
        }
    }
}

impl Patient {
    /// Gestational week at `day` of the run, for an unborn patient.
    pub fn gestation_at(&self, day: f64) -> Option<f32> {
        self.gestation_weeks.map(|w| w + (day / 7.0) as f32)
    }

    /// Age that sets the marrow's fat: 0 before birth.
    pub fn fat_age(&self) -> f32 {
        if self.gestation_weeks.is_some() {
            0.0
        } else {
            self.age_years
        }
    }

    /// Words for the patient, e.g. "40-year-old man".
    pub fn describe(&self) -> String {
        match self.gestation_weeks {
            Some(w) => format!("fetus at {w:.0} weeks"),
            None => format!(
                "{:.0}-year-old {}",
                self.age_years,
                match self.sex {
                    Sex::Male => "man",
                    Sex::Female => "woman",
                }
            ),
        }
    }
}
