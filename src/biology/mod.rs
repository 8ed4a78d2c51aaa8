//! Pure biology: data and math with no ECS. Everything here is unit-tested on its own.

pub mod blood;
pub mod cell;
pub mod condition_kind;
pub mod conditions;
pub mod hormones;
pub mod iron;
pub mod kinetics;
pub mod kinetics_checks;
pub mod patient;
pub mod production;
pub mod ranges;
pub mod reference;
pub mod sex;
pub mod table;
