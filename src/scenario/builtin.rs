//! The scenarios shipped inside the binary (files under scenarios/).

/// (file name, contents), in catalogue order.
pub const FILES: &[(&str, &str)] = &[
    ("zombie.toml", include_str!("../../scenarios/zombie.toml")),
];

/// The built-in file whose id is `id` (its file name without `.toml`).
pub fn find(id: &str) -> Option<(&'static str, &'static str)> {
    FILES
        .iter()
        .find(|(name, _)| name.strip_suffix(".toml") == Some(id))
        .copied()
}
