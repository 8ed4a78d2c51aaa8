//! The note shown briefly in the top bar: the latest [`Notice`] of the session, view, panels
//! or game, for as long as it asks.

use bevy::prelude::*;

use crate::session::Notice;

/// The note on screen now, and until when (seconds of real time).
#[derive(Resource, Default, Clone, Debug)]
pub struct Toast {
    pub text: String,
    pub until_secs: f64,
}

impl Toast {
    /// The text to show at real time `now`, if any.
    pub fn showing(&self, now: f64) -> Option<&str> {
        (now < self.until_secs).then_some(self.text.as_str())
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Toast>()
        .add_systems(PostUpdate, show_latest_notice);
}

fn show_latest_notice(
    mut notices: MessageReader<Notice>,
    mut toast: ResMut<Toast>,
    time: Res<Time<Real>>,
) {
    if let Some(n) = notices.read().last() {
        *toast = Toast {
            text: n.text.clone(),
            until_secs: time.elapsed_secs_f64() + n.seconds,
        };
    }
}
