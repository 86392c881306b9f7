//! Lanes by actor name, built once per frame: with hundreds of actors, each row
//! of the tree or log finds its lane and colour without scanning them all.

use std::collections::HashMap;

use ratatui::style::Color;

use super::theme::palette;
use crate::model::lanes::Lane;
use crate::model::Model;

/// Each actor's lane and its colour (the same in every pane).
pub(crate) struct Actors<'a> {
    by_name: HashMap<&'a str, (usize, &'a Lane)>,
}

impl<'a> Actors<'a> {
    /// Index the model's lanes.
    pub fn new(model: &'a Model) -> Actors<'a> {
        let by_name = model
            .lanes
            .iter()
            .enumerate()
            .map(|(i, l)| (l.actor.as_str(), (i, l)))
            .collect();
        Actors { by_name }
    }

    /// The actor's lane, if it has one (the host has none).
    pub fn lane(&self, actor: &str) -> Option<&'a Lane> {
        self.by_name.get(actor).map(|&(_, l)| l)
    }

    /// The actor's colour; white for the host and unknown names.
    pub fn color(&self, actor: &str) -> Color {
        self.by_name
            .get(actor)
            .map_or(Color::White, |&(i, _)| palette(i))
    }
}
