//! Names of the model's cells for people, and the codex entries a cell opens.

use super::codex;
use crate::biology::kinetics::Kinetics;

/// Human name of a lineage (`b_cell` → `B cell`).
pub fn lineage_label(name: &str) -> String {
    match name {
        "b_cell" => "B cell".into(),
        "nk_cell" => "NK cell".into(),
        "t_cell" => "T cell".into(),
        "aml_blast" => "AML blast (clone)".into(),
        "all_blast" => "ALL blast (clone)".into(),
        "lymphoma_cell" => "Lymphoma cell (clone)".into(),
        "myeloma_cell" => "Myeloma cell (clone)".into(),
        other => {
            let mut s = other.replace('_', " ");
            if let Some(first) = s.get_mut(0..1) {
                first.make_ascii_uppercase();
            }
            s
        }
    }
}

/// A cell's name, its lineage's label and its stage: "Erythroid · proerythroblast", or just
/// "Megakaryocyte" where the stage is named as the lineage is.
pub fn cell_name(k: &Kinetics, lineage: u16, stage: u16, separator: &str) -> String {
    let l = &k.lineages[lineage as usize];
    let label = lineage_label(&l.name);
    let stage = &l.stages[stage as usize].name;
    if stage.eq_ignore_ascii_case(&label) || stage.eq_ignore_ascii_case(&l.name) {
        label
    } else {
        format!("{label}{separator}{stage}")
    }
}

/// The codex entries of a cell: its lineage's and its stage's.
pub fn cell_entries(k: &Kinetics, lineage: u16, stage: u16) -> [String; 2] {
    let l = &k.lineages[lineage as usize];
    [
        codex::kind_id(&l.name),
        codex::stage_id(&l.stages[stage as usize].name),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stage_named_as_its_lineage_is_not_repeated() {
        let k = Kinetics::bundled();
        let mk = k.lineage_index("megakaryocyte").unwrap() as u16;
        let last = k.lineages[mk as usize].stages.len() as u16 - 1;
        assert_eq!(cell_name(&k, mk, last, " — "), "Megakaryocyte");
        assert_eq!(
            cell_name(&k, mk, 0, " — "),
            "Megakaryocyte — megakaryoblast"
        );
        let ery = k.lineage_index("erythroid").unwrap() as u16;
        assert_eq!(cell_name(&k, ery, 0, " · "), "Erythroid · CFU-E");
    }
}
