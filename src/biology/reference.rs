//! Reference ranges of the blood count (an adult's by sex, or a fetus's by gestational
//! week), and flags against them.

use super::blood::Cbc;
use super::kinetics::FetalBloodAt;
pub use super::sex::Sex;

/// Which reference ranges apply to the patient now.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Ranges {
    Adult(Sex),
    /// Before birth: the red-cell ranges of the gestational week, centred on the fetal blood
    /// the model holds (`f`); adult red cells have `mcv_fl` and `mch_pg`.
    Fetal {
        week: f32,
        f: FetalBloodAt,
        mcv_fl: f64,
        mch_pg: f64,
    },
}

impl Ranges {
    /// A short name for labels: "adult" or "fetal, week 24".
    pub fn label(&self) -> String {
        match self {
            Ranges::Adult(_) => "adult".to_string(),
            Ranges::Fetal { week, .. } => format!("fetal, week {week:.0}"),
        }
    }
}

/// The report lines with the ranges that apply, paired with the values of a count. Before
/// birth Hb, RBC, Hct and MCV take the week's fetal centre ± 15 % (± 10 % for MCV) and
/// reticulocytes half to 1.6 times the week's measured percentage (docs/model.md §9.7); the
/// white cells and platelets keep the adult ranges.
pub fn report_for(cbc: &Cbc, ranges: &Ranges) -> Vec<(Analyte, f64)> {
    match *ranges {
        Ranges::Adult(sex) => report(cbc, sex),
        Ranges::Fetal {
            f, mcv_fl, mch_pg, ..
        } => {
            let mut lines = report(cbc, Sex::Female);
            let mcv = mcv_fl * f.red_cell_size;
            let rbc = f.hb_g_dl * 10.0 / (mch_pg * f.red_cell_size);
            let around = |c: f64, share: f64| (c * (1.0 - share), c * (1.0 + share));
            for (a, _) in &mut lines {
                let (low, high) = match a.name {
                    "Hb" => around(f.hb_g_dl, 0.15),
                    "RBC" => around(rbc, 0.15),
                    "Hct" => around(rbc * mcv / 10.0, 0.15),
                    "MCV" => around(mcv, 0.10),
                    "Reticulocytes" => (0.5 * f.retic_pct, 1.6 * f.retic_pct),
                    _ => continue,
                };
                let round = |x: f64| {
                    (x * 10f64.powi(a.decimals as i32)).round() / 10f64.powi(a.decimals as i32)
                };
                a.low = round(low);
                a.high = round(high);
            }
            lines
        }
    }
}

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
    fn a_fetus_is_judged_by_the_ranges_of_its_week() {
        let k = crate::biology::kinetics::Kinetics::bundled();
        let b = k
            .conditions
            .fetal
            .blood
            .as_ref()
            .expect("bundled fetal blood");
        let ranges = |week: f32| Ranges::Fetal {
            week,
            f: b.at(week),
            mcv_fl: k.body.mcv_fl,
            mch_pg: k.body.mch_pg,
        };
        let cbc = Cbc {
            hb_g_dl: 11.0,
            rbc_e6_ul: 2.6,
            mcv_fl: 125.0,
            retic_pct: 10.0,
            ..Default::default()
        };
        let flag = |r: &Ranges, name: &str| {
            let (a, v) = report_for(&cbc, r)
                .into_iter()
                .find(|(a, _)| a.name == name)
                .unwrap();
            a.flag(v)
        };
        // Normal for week 17, but anaemic (and too many reticulocytes) for an adult woman or a
        // fetus at term.
        for name in ["Hb", "RBC", "MCV", "Reticulocytes"] {
            assert_eq!(flag(&ranges(17.0), name), Flag::Normal, "{name} at week 17");
        }
        assert_eq!(flag(&ranges(40.0), "Hb"), Flag::Low);
        assert_eq!(flag(&Ranges::Adult(Sex::Female), "Hb"), Flag::Low);
        assert_eq!(
            flag(&Ranges::Adult(Sex::Female), "Reticulocytes"),
            Flag::High
        );
    }

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
