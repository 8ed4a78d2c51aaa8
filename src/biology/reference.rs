//! Adult reference ranges of the blood count, and flags against them.

use super::blood::Cbc;
pub use super::sex::Sex;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flag {
    Low,
    Normal,
    High,
}

/// One line of a CBC report.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Analyte {
    pub name: &'static str,
    pub unit: &'static str,
    pub low: f64,
    pub high: f64,
    /// Decimals a report shows.
    pub decimals: usize,
}

impl Analyte {
    pub fn flag(&self, value: f64) -> Flag {
        if value < self.low {
            Flag::Low
        } else if value > self.high {
            Flag::High
        } else {
            Flag::Normal
        }
    }
}

/// The report lines with their adult ranges, paired with the values of a count.
pub fn report(cbc: &Cbc, sex: Sex) -> Vec<(Analyte, f64)> {
    let a = |name, unit, low, high, decimals| Analyte {
        name,
        unit,
        low,
        high,
        decimals,
    };
    let ((hb_lo, hb_hi), (rbc_lo, rbc_hi), (hct_lo, hct_hi)) = match sex {
        Sex::Male => ((13.5, 17.5), (4.3, 5.9), (41.0, 53.0)),
        Sex::Female => ((12.0, 15.5), (3.9, 5.2), (36.0, 46.0)),
    };
    vec![
        (a("Hb", "g/dL", hb_lo, hb_hi, 1), cbc.hb_g_dl),
        (a("RBC", "10^6/µL", rbc_lo, rbc_hi, 2), cbc.rbc_e6_ul),
        (a("Hct", "%", hct_lo, hct_hi, 1), cbc.hct_pct),
        (a("MCV", "fL", 80.0, 100.0, 0), cbc.mcv_fl),
        (a("WBC", "10^3/µL", 4.5, 11.0, 1), cbc.wbc_e3_ul),
        (a("Neutrophils", "10^3/µL", 1.5, 8.0, 2), cbc.anc_e3_ul),
        (a("Lymphocytes", "10^3/µL", 1.0, 4.8, 2), cbc.lymph_e3_ul),
        (a("Monocytes", "10^3/µL", 0.2, 0.8, 2), cbc.mono_e3_ul),
        (a("Eosinophils", "10^3/µL", 0.0, 0.5, 2), cbc.eos_e3_ul),
        (a("Basophils", "10^3/µL", 0.0, 0.2, 2), cbc.baso_e3_ul),
        (a("Platelets", "10^3/µL", 150.0, 450.0, 0), cbc.plt_e3_ul),
        (a("Reticulocytes", "%", 0.5, 2.5, 2), cbc.retic_pct),
    ]
}

/// Neutropenia grade by absolute neutrophil count (10^3/µL).
pub fn neutropenia(anc: f64) -> Option<&'static str> {
    if anc < 0.5 {
        Some("severe neutropenia")
    } else if anc < 1.0 {
        Some("moderate neutropenia")
    } else if anc < 1.5 {
        Some("mild neutropenia")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_and_sex_specific_haemoglobin() {
        let cbc = Cbc {
            hb_g_dl: 13.0,
            plt_e3_ul: 100.0,
            anc_e3_ul: 0.4,
            ..Default::default()
        };
        let male = report(&cbc, Sex::Male);
        let female = report(&cbc, Sex::Female);
        assert_eq!(male[0].0.flag(male[0].1), Flag::Low);
        assert_eq!(female[0].0.flag(female[0].1), Flag::Normal);
        // 4.1 x 10^6 red cells/µL: low for a man, normal for a woman.
        let red = Cbc {
            rbc_e6_ul: 4.1,
            ..Default::default()
        };
        let rbc = |sex| {
            let r = report(&red, sex);
            let (a, v) = r.iter().find(|(a, _)| a.name == "RBC").unwrap();
            a.flag(*v)
        };
        assert_eq!(
            (rbc(Sex::Male), rbc(Sex::Female)),
            (Flag::Low, Flag::Normal)
        );
        let plt = male.iter().find(|(a, _)| a.name == "Platelets").unwrap();
        assert_eq!(plt.0.flag(plt.1), Flag::Low);
        assert_eq!(neutropenia(0.4), Some("severe neutropenia"));
        assert_eq!(neutropenia(1.2), Some("mild neutropenia"));
        assert_eq!(neutropenia(2.0), None);
    }
}
