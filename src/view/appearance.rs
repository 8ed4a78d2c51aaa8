//! How the cells are drawn now: dimmed while another lineage is selected, repainted when the
//! palette changes (which are shown: [`super::cutaway`]).

use bevy::prelude::*;

use super::cell_looks::{CellLook, srgb};
use super::life::Pinch;
use super::selection::Selection;
use super::settings::{LineageFilter, ViewSettings};
use crate::learn::progress::Palette;
use crate::sim::Model;
use crate::sim::agents::Cell;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        (style_cells, recolour_cells_for_palette).in_set(super::screen::GuiSet::Present),
    );
}

/// Material by stage; other lineages dimmed while a cell is selected; hidden lineages hidden.
fn style_cells(
    look: Option<Res<CellLook>>,
    model: Res<Model>,
    selection: Res<Selection>,
    filter: Res<LineageFilter>,
    mut cells: Query<(
        Ref<Cell>,
        &mut MeshMaterial3d<StandardMaterial>,
        &mut Mesh3d,
        Has<Pinch>,
    )>,
) {
    let Some(look) = look else { return };
    let selected_lineage = selection
        .0
        .and_then(|e| cells.get(e).ok())
        .map(|(c, ..)| c.0.lineage);
    let restyle_all = selection.is_changed() || filter.is_changed();
    for (cell, mut material, mut mesh, pinching) in &mut cells {
        if !restyle_all && !cell.is_changed() {
            continue;
        }
        let (l, s) = (cell.0.lineage as usize, cell.0.stage as usize);
        let dim = selected_lineage.is_some_and(|sel| sel as usize != l);
        let want = if dim {
            &look.dimmed[l][s]
        } else {
            &look.stages[l][s]
        };
        if material.0 != *want {
            material.0 = want.clone();
        }
        if !pinching {
            let shape = look.mesh_for(&model, cell.0.lineage, cell.0.stage);
            if mesh.0 != shape {
                mesh.0 = shape;
            }
        }
    }
}

/// Repaints every cell material when the player picks another palette.
fn recolour_cells_for_palette(
    settings: Res<ViewSettings>,
    look: Option<Res<CellLook>>,
    model: Res<Model>,
    mut materials: ResMut<Assets<StandardMaterial>>,
    mut shown: Local<Palette>,
) {
    let Some(look) = look else {
        return;
    };
    if settings.palette == *shown {
        return;
    }
    *shown = settings.palette;
    let k = &model.k;
    for (l, stages) in look.stages.iter().enumerate() {
        for (st, handle) in stages.iter().enumerate() {
            if st >= k.lineages.get(l).map_or(0, |x| x.stages.len()) {
                continue;
            }
            let c = crate::learn::palette::stage_colour(k, settings.palette, l, st);
            if let Some(mut m) = materials.get_mut(handle) {
                m.base_color = srgb(c);
            }
            if let Some(mut m) = materials.get_mut(&look.dimmed[l][st]) {
                m.base_color = srgb(c).with_alpha(0.06);
            }
        }
    }
    if let Some(mut m) = materials.get_mut(&look.hsc) {
        m.base_color = srgb(crate::learn::palette::stem_colour(k, settings.palette));
    }
}
