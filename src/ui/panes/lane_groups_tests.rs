use super::*;

fn lane(name: &str, kind: ActorKind) -> Lane {
    Lane::new(name, kind, 1, 0)
}

fn threads(names: &[&str]) -> Vec<Lane> {
    names.iter().map(|n| lane(n, ActorKind::Thread)).collect()
}

#[test]
fn a_stem_is_a_name_less_its_number() {
    assert_eq!(stem_of("thread17"), Some(("thread", "17")));
    assert_eq!(stem_of("pool-w0"), Some(("pool-w", "0")));
    assert_eq!(stem_of("t9"), Some(("t", "9")));
    assert_eq!(stem_of("main"), None);
    assert_eq!(stem_of("42"), None, "a number alone has no stem");
    assert_eq!(stem_of("t"), None);
    assert_eq!(stem_of(""), None);
}

#[test]
fn a_hundred_threads_are_one_group_and_main_stays_alone() {
    let mut names = vec!["main".to_string()];
    names.extend((0..100).map(|i| format!("thread{i}")));
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let ls = threads(&refs);
    let gs = find_groups(&ls);
    assert_eq!(gs.len(), 1);
    assert_eq!(gs[0].members, (1..=100).collect::<Vec<_>>());
    assert_eq!(gs[0].label(100), "thread0‥99 (100)");
    assert_eq!(gs[0].label(98), "thread0‥99 (98)");
}

#[test]
fn groups_need_four_and_the_same_stem_and_kind() {
    let mut ls = threads(&["main", "t0", "t1", "t2", "pool-w0", "pool-w1"]);
    ls.extend(threads(&["pool-w2", "pool-w3", "b0", "b1", "b2"]));
    ls.push(lane("b3", ActorKind::Process));
    ls.push(lane("b4", ActorKind::Process));
    let gs = find_groups(&ls);
    let stems: Vec<&str> = gs.iter().map(|g| g.stem.as_str()).collect();
    // t: three only; b: three threads and two processes, neither reaching four.
    assert_eq!(stems, ["pool-w"]);
    assert_eq!(gs[0].members, vec![4, 5, 6, 7]);
    assert_eq!(gs[0].label(4), "pool-w0‥3 (4)");
}

#[test]
fn the_range_is_by_value_not_by_text_or_order() {
    let ls = threads(&["c10", "c9", "c2", "c011", "main"]);
    let g = &find_groups(&ls)[0];
    assert_eq!((g.lo.as_str(), g.hi.as_str()), ("2", "011"));
    assert_eq!(g.members, vec![0, 1, 2, 3]);
}

#[test]
fn counts_at_a_moment_leave_out_the_unborn_and_the_reaped() {
    let mut ls = threads(&["w0", "w1", "w2", "w3", "w4"]);
    ls[0].set_state(10, LaneState::Running);
    ls[1].set_state(10, LaneState::Running);
    ls[2].set_state(10, LaneState::Blocked);
    ls[3].set_state(10, LaneState::Exited);
    ls[3].set_state(20, LaneState::Gone);
    ls[4] = Lane::new("w4", ActorKind::Thread, 1, 1_000);
    let all = [0, 1, 2, 3, 4];
    assert_eq!(
        counts_at(&ls, &all, 15),
        vec![
            (LaneState::Running, 2),
            (LaneState::Blocked, 1),
            (LaneState::Exited, 1)
        ]
    );
    let later = counts_at(&ls, &all, 5_000);
    assert_eq!(later.iter().map(|c| c.1).sum::<usize>(), 4, "{later:?}");
    assert!(!later.iter().any(|c| c.0 == LaneState::Exited));
    assert_eq!(counts_at(&ls, &all, 5), vec![(LaneState::Starting, 4)]);
    assert_eq!(counts_at(&ls, &[2, 4], 15), vec![(LaneState::Blocked, 1)]);
}

#[test]
fn the_dominant_state_is_the_most_common_and_ties_go_to_salience() {
    use LaneState::*;
    let counts = tally([Running, Running, Blocked, Exited].into_iter());
    assert_eq!(dominant(&counts), Some(Running));
    let tie = tally([Running, Blocked].into_iter());
    assert_eq!(dominant(&tie), Some(Blocked), "blocked outranks running");
    assert_eq!(dominant(&tally([Gone, Gone].into_iter())), None);
    assert_eq!(dominant(&[]), None);
}
