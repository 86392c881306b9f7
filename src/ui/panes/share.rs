//! How the stacked panes of shared objects split the rows between them.

/// Share `total` rows among panes wanting `wants`: the smallest wants first,
/// each getting at most an even share of what is left; the last pane gets
/// whatever remains.
pub(in crate::ui) fn share(wants: &[u16], total: u16) -> Vec<u16> {
    let mut out = vec![0; wants.len()];
    let mut order: Vec<usize> = (0..wants.len()).collect();
    order.sort_by_key(|&i| wants[i]);
    let mut left = total;
    for (k, &i) in order.iter().enumerate() {
        let fair = left / u16::try_from(wants.len() - k).unwrap_or(u16::MAX);
        out[i] = wants[i].min(fair);
        left -= out[i];
    }
    if let Some(last) = out.last_mut() {
        *last += left;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::share;

    #[test]
    fn small_wants_are_met_and_the_last_pane_takes_the_rest() {
        assert_eq!(share(&[10, u16::MAX], 30), [10, 20]);
        assert_eq!(
            share(&[20, u16::MAX], 31),
            [15, 16],
            "at most an even share"
        );
        assert_eq!(share(&[40, 6], 30), [24, 6], "the small one first");
        assert_eq!(share(&[5, 6], 30), [5, 25]);
        assert_eq!(share(&[30], 12), [12]);
    }
}
