//! The inspector for what flows in the sinusoid: a red cell, a white cell that has just left
//! the marrow, a platelet or a proplatelet's bud, how fast the blood carries it and where it
//! rides in the vessel.

use bevy::prelude::*;
use bevy_egui::EguiContexts;
use bevy_rapier3d::prelude::Velocity;

use crate::learn::names::cell_name;
use crate::sim::Model;
use crate::sim::geometry::MarrowGeometry;
use crate::vessel::{FlowKind, Flowing, VesselParams};
use crate::view::camera::OrbitCamera;
use crate::view::selection::Selection;

/// A name for what flows, and a few words on it that hold for the model and the drawing.
pub fn flowing_name(model: &Model, kind: FlowKind) -> String {
    match kind {
        FlowKind::RedCell => "Red cell · in the blood".into(),
        FlowKind::WhiteCell { lineage, stage } => {
            format!(
                "{} · in the blood",
                cell_name(&model.k, lineage, stage, " · ")
            )
        }
        FlowKind::Platelet => "Platelet · in the blood".into(),
        FlowKind::Bud => "Proplatelet bud".into(),
    }
}

fn about(kind: FlowKind) -> &'static str {
    match kind {
        FlowKind::RedCell => {
            "A disc without a nucleus, about 7.8 µm across, packed with haemoglobin. It lives \
             about four months in the blood. Red cells crowd toward the middle of a small vessel \
             and leave a thin layer of plasma along its wall."
        }
        FlowKind::WhiteCell { .. } => {
            "It has just squeezed through the sinusoid wall into the blood. The red cells in \
             the middle of the stream push white cells out toward the wall (margination), \
             where in the body they can roll along it and leave again for a tissue."
        }
        FlowKind::Platelet => {
            "A fragment of a megakaryocyte, 2 to 3 µm across, without a nucleus. It circulates \
             for about ten days. Platelets, too, are pushed toward the wall by the red cells, \
             right where a bleed would need them."
        }
        FlowKind::Bud => {
            "A megakaryocyte on the outer side of the wall reaches a long extension through it \
             into the blood. The flow pulls the extension out; where the pull is strongest it \
             breaks, and the pieces break on into platelets."
        }
    }
}

pub(super) fn draw_blood_inspector(
    mut contexts: EguiContexts,
    model: Res<Model>,
    g: Res<MarrowGeometry>,
    params: Res<VesselParams>,
    selection: Res<Selection>,
    mut orbit: ResMut<OrbitCamera>,
    bodies: Query<(&Flowing, &Transform, &Velocity)>,
) -> Result {
    let Some(Ok((f, t, v))) = selection.0.map(|e| bodies.get(e)) else {
        return Ok(());
    };
    if !f.in_lumen {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?;
    let off_axis = Vec2::new(t.translation.y - g.vessel_y, t.translation.z - g.vessel_z).length();
    super::inspector::inspector_window().show(ctx, |ui| {
        ui.heading(flowing_name(&model, f.kind));
        ui.label(format!(
            "Carried at {:.0} µm/s, {:.1} µm from the vessel's axis (its radius is {:.0} µm).",
            v.linear.x.max(0.0),
            off_axis,
            g.vessel_radius
        ))
        .on_hover_text(format!(
            "The drawn blood flows at up to {:.0} µm/s on the axis and slows to nothing at \
                 the wall, at this pace whatever the simulation's speed, so that it can be \
                 followed. Marrow sinusoids carry blood several times faster.",
            params.centre_speed_um_per_s
        ));
        ui.label(about(f.kind));
        ui.checkbox(&mut orbit.follow, "Follow (F)")
            .on_hover_text("Keep the camera on it as it rides the flow");
        ui.small("Drawing only: the blood count comes from the model, not from these bodies.");
    });
    Ok(())
}
