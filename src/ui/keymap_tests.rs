//! Tests of the key table: every binding documented, keys matched as the
//! help says, no key bound twice on one screen.

use super::*;

fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, mods)
}

#[test]
fn every_binding_has_both_languages() {
    for b in BINDINGS {
        assert!(
            !b.help.en.is_empty() && !b.help.zh.is_empty(),
            "{:?}",
            b.action
        );
        assert!(!b.label.is_empty() && !b.keys.is_empty(), "{:?}", b.action);
        if let Some((label, w)) = b.hint {
            assert!(!label.is_empty() && !w.en.is_empty() && !w.zh.is_empty());
        }
    }
}

#[test]
fn no_key_is_bound_twice_in_one_context() {
    for ctx in [Picker, Run, Explorer] {
        let keys: Vec<Key> = bindings_for(ctx)
            .flat_map(|b| b.keys.iter().copied())
            .collect();
        for (i, a) in keys.iter().enumerate() {
            assert!(!keys[i + 1..].contains(a), "{a:?} bound twice in {ctx:?}");
        }
    }
}

#[test]
fn keys_map_to_actions_by_context() {
    let none = KeyModifiers::NONE;
    let q = press(KeyCode::Char('q'), none);
    assert_eq!(action_for(&q, Run), Some(A::Back));
    assert_eq!(action_for(&q, Picker), Some(A::Back));
    let ctrl_c = press(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert_eq!(action_for(&ctrl_c, Picker), Some(A::Quit));
    assert_eq!(action_for(&ctrl_c, Run), Some(A::Quit));
    let c = press(KeyCode::Char('c'), none);
    assert_eq!(action_for(&c, Run), Some(A::ToggleCode));
    assert_eq!(action_for(&c, Picker), None);
    let help = press(KeyCode::Char('?'), KeyModifiers::SHIFT);
    assert_eq!(action_for(&help, Run), Some(A::ToggleHelp));
    assert_eq!(
        action_for(&press(KeyCode::Char('r'), KeyModifiers::CONTROL), Run),
        None
    );
    assert_eq!(
        action_for(&press(KeyCode::Char('j'), none), Picker),
        Some(A::Down)
    );
    assert_eq!(
        action_for(&press(KeyCode::Char('j'), none), Run),
        Some(A::Down)
    );
    assert_eq!(
        action_for(&press(KeyCode::Char('3'), none), Run),
        Some(A::Pick(3))
    );
    assert_eq!(
        action_for(&press(KeyCode::Char('9'), none), Run),
        Some(A::Pick(9))
    );
    assert_eq!(action_for(&press(KeyCode::Char('0'), none), Run), None);
    assert_eq!(action_for(&press(KeyCode::Char('3'), none), Picker), None);
    assert_eq!(
        action_for(&press(KeyCode::Char('='), none), Run),
        Some(A::Faster)
    );
}

#[test]
fn time_keys_work_on_the_run_screen_only() {
    let none = KeyModifiers::NONE;
    let shift = KeyModifiers::SHIFT;
    let cases = [
        (press(KeyCode::Left, none), A::ScrubBack),
        (press(KeyCode::Char(','), none), A::ScrubBack),
        (press(KeyCode::Right, none), A::ScrubForward),
        (press(KeyCode::Char('.'), none), A::ScrubForward),
        (press(KeyCode::Char('<'), shift), A::ScrubBackFar),
        (press(KeyCode::Char('>'), shift), A::ScrubForwardFar),
        (press(KeyCode::Char('z'), none), A::ZoomIn),
        (press(KeyCode::Char('Z'), shift), A::ZoomOut),
        (press(KeyCode::Char('f'), none), A::FollowLive),
        (press(KeyCode::End, none), A::FollowLive),
        (press(KeyCode::Home, none), A::JumpStart),
    ];
    for (ev, want) in cases {
        assert_eq!(action_for(&ev, Run), Some(want), "{ev:?}");
        assert!(in_the_picker_only_moves(&ev), "{ev:?}");
        assert!(want.is_time());
    }
    assert!(!A::Faster.is_time());
}

#[test]
fn page_keys_turn_the_lesson_on_the_run_screen() {
    let none = KeyModifiers::NONE;
    let cases = [
        (press(KeyCode::PageDown, none), A::NextPage),
        (press(KeyCode::Char(']'), none), A::NextPage),
        (press(KeyCode::PageUp, none), A::PrevPage),
        (press(KeyCode::Char('['), none), A::PrevPage),
    ];
    for (ev, want) in cases {
        assert_eq!(action_for(&ev, Run), Some(want), "{ev:?}");
        assert!(in_the_picker_only_moves(&ev), "{ev:?}");
    }
    let list = |c| action_for(&press(c, none), Picker);
    assert_eq!(list(KeyCode::PageDown), Some(A::ListPageDown));
    assert_eq!(list(KeyCode::PageUp), Some(A::ListPageUp));
    assert_eq!(list(KeyCode::Home), Some(A::ListHome));
    assert_eq!(list(KeyCode::End), Some(A::ListEnd));
    assert_eq!(list(KeyCode::Char('/')), Some(A::Filter));
}

/// In the picker a run screen's key does nothing, or moves in the list.
fn in_the_picker_only_moves(ev: &KeyEvent) -> bool {
    matches!(
        action_for(ev, Picker),
        None | Some(A::ListHome | A::ListEnd | A::ListPageUp | A::ListPageDown)
    )
}

/// Every action once. The match below stops compiling when an action is
/// added, a reminder to list it in the vector too (ToggleCode was once missed).
fn every_action() -> Vec<Action> {
    use A::*;
    let all = vec![
        Up,
        Down,
        Open,
        PauseResume,
        Rerun,
        NextVariant,
        Faster,
        Slower,
        ToggleHelp,
        Back,
        ToggleLang,
        CyclePane,
        ToggleCode,
        Quit,
        StepMode,
        GrantAll,
        AutoBreak,
        Pick(1),
        ScrubBack,
        ScrubForward,
        ScrubBackFar,
        ScrubForwardFar,
        ZoomIn,
        ZoomOut,
        FollowLive,
        JumpStart,
        NextPage,
        PrevPage,
        ListHome,
        ListEnd,
        ListPageUp,
        ListPageDown,
        Filter,
        LanesDown,
        LanesUp,
        FoldGroups,
        Undo,
        Debrief,
        Explore,
    ];
    for a in &all {
        match a {
            Up | Down | Open | PauseResume | Rerun | NextVariant | Faster | Slower | ToggleHelp
            | Back | ToggleLang | CyclePane | ToggleCode | Quit | StepMode | GrantAll
            | AutoBreak | Pick(_) | ScrubBack | ScrubForward | ScrubBackFar | ScrubForwardFar
            | ZoomIn | ZoomOut | FollowLive | JumpStart | NextPage | PrevPage | ListHome
            | ListEnd | ListPageUp | ListPageDown | Filter | LanesDown | LanesUp | FoldGroups
            | Undo | Debrief | Explore => {}
        }
    }
    all
}

#[test]
fn every_action_is_reachable_and_documented() {
    for a in every_action() {
        let bound = |b: &Binding| (0..b.keys.len()).any(|i| b.action.nth(i) == a);
        assert!(BINDINGS.iter().any(bound), "{a:?} has no key");
    }
}

#[test]
fn g_folds_the_lanes_on_the_run_screen_only() {
    let g = press(KeyCode::Char('g'), KeyModifiers::NONE);
    assert_eq!(action_for(&g, Run), Some(A::FoldGroups));
    assert_eq!(action_for(&g, Picker), None);
    let big_j = press(KeyCode::Char('J'), KeyModifiers::SHIFT);
    assert_eq!(action_for(&big_j, Run), Some(A::LanesDown));
    let lanes = BINDINGS.iter().find(|b| b.action == A::LanesDown).unwrap();
    assert!(lanes.label.contains('g') && lanes.help.en.contains("g (un)fold"));
}

#[test]
fn x_opens_the_explorer_on_a_run_and_closes_it_in_the_panel() {
    let x = press(KeyCode::Char('x'), KeyModifiers::NONE);
    assert_eq!(action_for(&x, Run), Some(A::Explore));
    assert_eq!(action_for(&x, Picker), None);
    assert_eq!(action_for(&x, Explorer), Some(A::Back));
    let esc = press(KeyCode::Esc, KeyModifiers::NONE);
    assert_eq!(action_for(&esc, Explorer), Some(A::Back));
    let down = press(KeyCode::Down, KeyModifiers::NONE);
    assert_eq!(action_for(&down, Explorer), Some(A::Down));
    let enter = press(KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(action_for(&enter, Explorer), Some(A::Open));
    let help = press(KeyCode::Char('?'), KeyModifiers::SHIFT);
    assert_eq!(action_for(&help, Explorer), Some(A::ToggleHelp));
    // A run key does nothing in the panel.
    assert_eq!(
        action_for(&press(KeyCode::Char('r'), KeyModifiers::NONE), Explorer),
        None
    );
}
