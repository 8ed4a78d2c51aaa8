//! Lineage colours: the kinetic table's own, or a colour-blind-safe set.

use crate::biology::kinetics::{Family, Kinetics};

use super::progress::Palette;

/// Okabe and Ito's eight colours, distinguishable with the common colour-vision deficiencies.
const OKABE_ITO: [[f32; 3]; 8] = [
    [0.90, 0.62, 0.00], // orange
    [0.34, 0.71, 0.91], // sky blue
    [0.00, 0.62, 0.45], // bluish green
    [0.94, 0.89, 0.26], // yellow
    [0.00, 0.45, 0.70], // blue
    [0.84, 0.37, 0.00], // vermillion
    [0.80, 0.47, 0.65], // reddish purple
    [0.60, 0.60, 0.60], // grey
];

/// The safe-palette hue of a lineage: by name for the common ones, by family otherwise.
fn safe_hue(name: &str, family: Family, malignant: bool) -> [f32; 3] {
    let [orange, sky, green, yellow, blue, vermillion, purple, grey] = OKABE_ITO;
    if malignant {
        // The clones share one unmistakable look: near white.
        return [0.97, 0.97, 0.92];
    }
    match name {
        "erythroid" => vermillion,
        "neutrophil" => blue,
        "monocyte" => green,
        "eosinophil" => orange,
        "basophil" => grey,
        "megakaryocyte" => purple,
        "b_cell" => sky,
        "nk_cell" => yellow,
        "t_cell" => [0.70, 0.86, 0.95],
        "marrow_lymphocyte" => [0.20, 0.35, 0.55],
        "plasma_cell" => [0.55, 0.25, 0.75],
        _ => match family {
            Family::Erythroid => vermillion,
            Family::Megakaryocytic => purple,
            Family::Lymphoid => sky,
            _ => blue,
        },
    }
}

/// The colour of stage `stage` of lineage `lineage`. In the safe palette each lineage has one
/// hue and its early stages are paler, so maturity still reads as a gradient.
pub fn stage_colour(k: &Kinetics, palette: Palette, lineage: usize, stage: usize) -> [f32; 3] {
    let l = &k.lineages[lineage];
    match palette {
        Palette::Standard => l.stages[stage].color,
        Palette::ColourBlindSafe => {
            let hue = safe_hue(&l.name, l.family, l.malignant);
            let last = l.stages.len().saturating_sub(1).max(1) as f32;
            let pale = 0.45 * (1.0 - stage as f32 / last);
            hue.map(|c| c + (1.0 - c) * pale)
        }
    }
}

/// The stem cells' colour.
pub fn stem_colour(k: &Kinetics, palette: Palette) -> [f32; 3] {
    match palette {
        Palette::Standard => k.hsc.color,
        Palette::ColourBlindSafe => [0.35, 0.20, 0.55],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_safe_palette_keeps_lineages_apart_and_stages_ordered() {
        let k = Kinetics::bundled();
        let mature: Vec<[f32; 3]> = (0..k.lineages.len())
            .filter(|&l| !k.lineages[l].malignant)
            .map(|l| {
                stage_colour(
                    &k,
                    Palette::ColourBlindSafe,
                    l,
                    k.lineages[l].stages.len() - 1,
                )
            })
            .collect();
        for (i, a) in mature.iter().enumerate() {
            for b in &mature[i + 1..] {
                let d: f32 = a.iter().zip(b).map(|(x, y)| (x - y).abs()).sum();
                assert!(d > 0.15, "{a:?} and {b:?} look alike");
            }
        }
        let e = k
            .lineages
            .iter()
            .position(|l| l.name == "erythroid")
            .unwrap();
        let first = stage_colour(&k, Palette::ColourBlindSafe, e, 0);
        let last = stage_colour(
            &k,
            Palette::ColourBlindSafe,
            e,
            k.lineages[e].stages.len() - 1,
        );
        assert!(
            first.iter().sum::<f32>() > last.iter().sum::<f32>(),
            "early stages paler"
        );
        assert_eq!(
            stage_colour(&k, Palette::Standard, e, 0),
            k.lineages[e].stages[0].color
        );
    }
}
