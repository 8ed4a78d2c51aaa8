//! The conditions a timeline can hold, and what each is called and means, for files and
//! for people.

use serde::{Deserialize, Serialize};

/// Every condition a timeline can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ConditionKind {
    /// Cytotoxic drugs that kill dividing cells.
    Chemotherapy,
    /// Injected G-CSF (filgrastim) raising the hormone's level.
    GcsfTherapy,
    /// A bacterial infection: G-CSF up, reserve released, neutrophils used up in tissue.
    Infection,
    /// Bleeding: a fraction of the blood volume lost.
    BloodLoss,
    /// Oral iron tablets, taken daily: iron absorbed on top of the diet.
    OralIron,
    /// Aplastic anaemia: the stem cells themselves are lost (files of earlier versions call
    /// it `MarrowFailure`).
    #[serde(alias = "MarrowFailure")]
    AplasticAnaemia,
    /// Myelofibrosis: fibres fill the marrow, stem cells leave for the spleen and liver.
    Myelofibrosis,
    /// Acute myeloid leukaemia: a clone of myeloblasts that divide without maturing.
    Aml,
    /// Acute lymphoblastic leukaemia: the lymphoid counterpart.
    All,
    /// Lymphoma cells infiltrating the marrow and spilling into blood.
    Lymphoma,
    /// Multiple myeloma: clonal plasma cells filling the marrow.
    Myeloma,
    /// Polycythaemia vera: a JAK2-mutant stem-cell clone whose progeny grow without waiting
    /// for their hormones.
    PolycythaemiaVera,
    /// Phlebotomy: units of whole blood taken off as a treatment.
    Phlebotomy,
}

impl ConditionKind {
    pub const ALL: [ConditionKind; 13] = [
        ConditionKind::Chemotherapy,
        ConditionKind::GcsfTherapy,
        ConditionKind::Infection,
        ConditionKind::BloodLoss,
        ConditionKind::OralIron,
        ConditionKind::AplasticAnaemia,
        ConditionKind::Myelofibrosis,
        ConditionKind::Aml,
        ConditionKind::All,
        ConditionKind::Lymphoma,
        ConditionKind::Myeloma,
        ConditionKind::PolycythaemiaVera,
        ConditionKind::Phlebotomy,
    ];

    /// The name used in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            ConditionKind::Chemotherapy => "Chemotherapy",
            ConditionKind::GcsfTherapy => "GcsfTherapy",
            ConditionKind::Infection => "Infection",
            ConditionKind::BloodLoss => "BloodLoss",
            ConditionKind::OralIron => "OralIron",
            ConditionKind::AplasticAnaemia => "AplasticAnaemia",
            ConditionKind::Myelofibrosis => "Myelofibrosis",
            ConditionKind::Aml => "Aml",
            ConditionKind::All => "All",
            ConditionKind::Lymphoma => "Lymphoma",
            ConditionKind::Myeloma => "Myeloma",
            ConditionKind::PolycythaemiaVera => "PolycythaemiaVera",
            ConditionKind::Phlebotomy => "Phlebotomy",
        }
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            ConditionKind::Chemotherapy => "Chemotherapy",
            ConditionKind::GcsfTherapy => "G-CSF injections",
            ConditionKind::Infection => "Bacterial infection",
            ConditionKind::BloodLoss => "Blood loss",
            ConditionKind::OralIron => "Oral iron",
            ConditionKind::AplasticAnaemia => "Aplastic anaemia",
            ConditionKind::Myelofibrosis => "Myelofibrosis",
            ConditionKind::Aml => "Acute myeloid leukaemia",
            ConditionKind::All => "Acute lymphoblastic leukaemia",
            ConditionKind::Lymphoma => "Lymphoma in the marrow",
            ConditionKind::Myeloma => "Multiple myeloma",
            ConditionKind::PolycythaemiaVera => "Polycythaemia vera",
            ConditionKind::Phlebotomy => "Phlebotomy",
        }
    }

    /// What `strength` means for this kind, with its unit.
    pub fn strength_meaning(self) -> &'static str {
        match self {
            ConditionKind::Chemotherapy => {
                "fraction of the most sensitive dividing cells killed over the course"
            }
            ConditionKind::GcsfTherapy => "dose: 1 raises G-CSF to its full therapeutic boost",
            ConditionKind::Infection => "severity: 1 is a severe infection (sepsis)",
            ConditionKind::BloodLoss => "fraction of the blood volume lost",
            ConditionKind::OralIron => "dose: 1 is one iron tablet a day",
            ConditionKind::AplasticAnaemia => "fraction of the stem cells' output lost",
            ConditionKind::Myelofibrosis => "share of the marrow space fibrosis fills in the end",
            ConditionKind::Aml | ConditionKind::All | ConditionKind::Lymphoma => {
                "initial clone, as a fraction of nucleated marrow cells"
            }
            ConditionKind::Myeloma => "initial clone, as a fraction of nucleated marrow cells",
            ConditionKind::PolycythaemiaVera => {
                "JAK2-mutant share of the stem cells' output (the allele burden)"
            }
            ConditionKind::Phlebotomy => "units of whole blood taken (1 unit is 450 mL)",
        }
    }

    /// A sentence for tooltips, in our own words.
    pub fn about(self) -> &'static str {
        match self {
            ConditionKind::Chemotherapy => {
                "Cytotoxic drugs kill cells that are dividing, the fast-cycling ones most. Mature cells already in the reserve keep coming for about a week, then neutrophils, platelets and reticulocytes fall (nadir around days 7-14) until surviving stem cells rebuild the lines."
            }
            ConditionKind::GcsfTherapy => {
                "Injected G-CSF speeds the making and release of neutrophils and keeps their precursors alive, which shortens the neutropenia after chemotherapy."
            }
            ConditionKind::Infection => {
                "Bacteria call for neutrophils: G-CSF rises, the marrow reserve is released and marginated cells return to the stream, so the white count climbs within a day or two while tissues use neutrophils up."
            }
            ConditionKind::BloodLoss => {
                "Bleeding takes whole blood: red cells, platelets, white cells and the iron in the red cells. Haemoglobin reaches its low a day or two later, as fluid from the tissues refills the vessels and dilutes what is left. The kidney makes EPO, reticulocytes rise from day 3-4, and the stores supply the iron for the new cells."
            }
            ConditionKind::OralIron => {
                "Iron tablets add a few milligrams a day to what the gut absorbs from food. They refill the stores and let the marrow make full-sized red cells again after bleeding."
            }
            ConditionKind::AplasticAnaemia => {
                "The stem cells are lost, most often to an immune attack. Every line fails: neutrophils within a week or two, platelets at their ten-day lifespan, red cells slowly over months, with almost no reticulocytes. The hormones climb, but with no stem cells left to answer them the liver and spleen make nothing and stay their normal size."
            }
            ConditionKind::Myelofibrosis => {
                "A clonal disease in which fibres slowly fill the marrow. Stem cells are pushed out, settle in the spleen and liver and make blood there over weeks to months, so the spleen swells. Cells made outside the marrow leave young: nucleated red cells and immature granulocytes in the blood, and red cells squeezed into teardrop shapes."
            }
            ConditionKind::Aml => {
                "A myeloid clone that keeps dividing without maturing. Its blasts crowd the niches and the marrow space, normal output fails (anaemia, low platelets, low neutrophils) and blasts spill into the blood."
            }
            ConditionKind::All => {
                "The lymphoid counterpart of AML, commonest in children: lymphoblasts fill the marrow and the blood."
            }
            ConditionKind::Lymphoma => {
                "A lymphoma that has spread to the marrow grows slowly, takes space from normal cells and shows in blood as extra, abnormal lymphocytes."
            }
            ConditionKind::Myeloma => {
                "A clone of plasma cells slowly fills the marrow (10 % or more of its cells). It rarely enters blood, but the crowding and its signals cause anaemia."
            }
            ConditionKind::PolycythaemiaVera => {
                "An acquired JAK2 mutation in a stem cell switches on the signal that EPO, TPO and G-CSF normally give. Its progeny make red cells (and more platelets and neutrophils) without being asked, so haemoglobin and haematocrit climb above normal while the kidney, sensing plenty, turns EPO down below normal."
            }
            ConditionKind::Phlebotomy => {
                "Taking off a unit of blood (450 mL) lowers the haematocrit at once and removes about 200-250 mg of iron with the red cells. Repeated, it keeps the haematocrit under 45 % in polycythaemia vera; the iron deficiency it leaves also slows the clone's red-cell making."
            }
        }
    }

    /// Highest allowed strength.
    pub fn max_strength(self) -> f32 {
        match self {
            ConditionKind::BloodLoss => 0.6,
            ConditionKind::PolycythaemiaVera => 0.95,
            ConditionKind::Phlebotomy => 2.0,
            ConditionKind::Aml
            | ConditionKind::All
            | ConditionKind::Lymphoma
            | ConditionKind::Myeloma => 0.5,
            ConditionKind::AplasticAnaemia => 0.95,
            ConditionKind::Myelofibrosis => 0.9,
            _ => 1.0,
        }
    }

    /// A malignant clone seeded once (and cleared at its end day, if any).
    pub fn is_clone(self) -> bool {
        matches!(
            self,
            ConditionKind::Aml
                | ConditionKind::All
                | ConditionKind::Lymphoma
                | ConditionKind::Myeloma
        )
    }
}
