//! A patient's sex, which sets reference ranges, erythroid drive and iron balance.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sex {
    #[default]
    Male,
    Female,
}
