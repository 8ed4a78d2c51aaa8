//! What the menu screens share: full-window frames, titles, wide buttons, stars.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

/// Stars as text: ★★☆.
pub fn stars_text(stars: u8) -> String {
    (0..3).map(|i| if i < stars { '★' } else { '☆' }).collect()
}

/// A large heading for the menu screens.
pub fn screen_title(ui: &mut egui::Ui, text: &str) {
    ui.label(egui::RichText::new(text).size(30.0).strong());
}

/// A translucent full-window frame for menu screens, the marrow showing faintly behind.
pub fn menu_frame(alpha: u8) -> egui::Frame {
    egui::Frame::new()
        .fill(egui::Color32::from_rgba_unmultiplied(14, 10, 18, alpha))
        .inner_margin(egui::Margin::same(24))
}

/// A Ui covering the whole window, for panels.
pub fn root_ui(ctx: &egui::Context, id: &'static str) -> egui::Ui {
    egui::Ui::new(
        ctx.clone(),
        id.into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    )
}

/// A full-window area for a menu screen.
pub fn menu_screen(contexts: &mut EguiContexts, add: impl FnOnce(&mut egui::Ui)) -> Result {
    menu_screen_with(contexts, 244, add)
}

/// A menu screen whose background lets `255 - alpha` of the marrow through.
pub fn menu_screen_with(
    contexts: &mut EguiContexts,
    alpha: u8,
    add: impl FnOnce(&mut egui::Ui),
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx, "menu_screen");
    egui::CentralPanel::default_margins()
        .frame(menu_frame(alpha))
        .show(&mut root, |ui| {
            egui::ScrollArea::vertical().show(ui, add);
        });
    Ok(())
}

/// A wide button for menus.
pub fn big_button(ui: &mut egui::Ui, text: &str, hint: &str) -> bool {
    ui.add_sized(
        [320.0, 40.0],
        egui::Button::new(egui::RichText::new(text).size(18.0)),
    )
    .on_hover_text(hint)
    .clicked()
}
