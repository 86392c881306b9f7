//! The textbook's numbers, worked out by hand (and printed in Stallings,
//! *Operating Systems: Internals and Design Principles*, Table 9.5, for the
//! same five jobs): A arrives at 0 needing 3 units, B 2/6, C 4/4, D 6/5, E 8/2.

use super::*;

fn five() -> Vec<Job> {
    [
        ("A", 0, 3),
        ("B", 2, 6),
        ("C", 4, 4),
        ("D", 6, 5),
        ("E", 8, 2),
    ]
    .iter()
    .map(|&(n, arrive, burst)| Job {
        name: n.into(),
        arrive,
        burst,
    })
    .collect()
}

/// Finish times per job, the Gantt chart, the two averages.
fn run(policy: Policy, quanta: &[u32]) -> (Vec<u32>, String, (f64, f64)) {
    let (rows, gantt) = simulate(policy, quanta, five());
    let avg = averages(&rows);
    (rows.iter().map(|r| r.finish).collect(), gantt, avg)
}

#[test]
fn fcfs_runs_in_arrival_order() {
    let (finish, gantt, avg) = run(Policy::Fcfs, &[]);
    assert_eq!(finish, [3, 9, 13, 18, 20]);
    assert_eq!(gantt, "AAABBBBBBCCCCDDDDDEE");
    // Turnaround 3 7 9 12 12; waiting 0 1 5 7 10.
    assert_eq!(avg, (8.6, 4.6));
}

#[test]
fn sjf_is_not_preemptive_and_takes_the_shortest_next() {
    let (finish, gantt, avg) = run(Policy::Sjf, &[]);
    assert_eq!(finish, [3, 9, 15, 20, 11]);
    assert_eq!(gantt, "AAABBBBBBEECCCCDDDDD");
    // Turnaround 3 7 11 14 3; waiting 0 1 7 9 1.
    assert_eq!(avg, (7.6, 3.6));
}

#[test]
fn srtf_preempts_for_a_shorter_remaining_time() {
    let (finish, gantt, avg) = run(Policy::Srtf, &[]);
    assert_eq!(finish, [3, 15, 8, 20, 10]);
    assert_eq!(gantt, "AAABCCCCEEBBBBBDDDDD");
    // Turnaround 3 13 4 14 2; waiting 0 7 0 9 0.
    assert_eq!(avg, (7.2, 3.2));
}

#[test]
fn round_robin_with_quantum_1() {
    let (finish, gantt, avg) = run(Policy::Rr, &[1]);
    assert_eq!(finish, [4, 18, 17, 20, 15]);
    assert_eq!(gantt, "AABABCBDCBEDCBEDCBDD");
    // Turnaround 4 16 13 14 7; waiting 1 10 9 9 5.
    assert_eq!(avg, (10.8, 6.8));
}

#[test]
fn round_robin_with_quantum_4() {
    let (finish, gantt, avg) = run(Policy::Rr, &[4]);
    assert_eq!(finish, [3, 17, 11, 20, 19]);
    assert_eq!(gantt, "AAABBBBCCCCDDDDBBEED");
    // Turnaround 3 15 7 14 11; waiting 0 9 3 9 9.
    assert_eq!(avg, (10.0, 6.0));
}

#[test]
fn mlfq_with_quanta_1_2_4() {
    let (finish, gantt, avg) = run(Policy::Mlfq, &[1, 2, 4]);
    assert_eq!(finish, [4, 17, 18, 20, 14]);
    assert_eq!(gantt, "AABACBBDECCDDEBBBCDD");
    // Turnaround 4 15 14 14 6; waiting 1 9 10 9 4.
    assert_eq!(avg, (10.6, 6.6));
}

#[test]
fn mlfq_with_quantum_1_everywhere() {
    let (finish, _, avg) = run(Policy::Mlfq, &[1, 1, 1, 1, 1, 1]);
    assert_eq!(finish, [4, 20, 16, 19, 11]);
    assert_eq!(avg, (10.0, 6.0));
}

#[test]
fn a_gap_leaves_the_cpu_idle() {
    let jobs = vec![
        Job {
            name: "A".into(),
            arrive: 0,
            burst: 1,
        },
        Job {
            name: "B".into(),
            arrive: 3,
            burst: 2,
        },
    ];
    let (rows, gantt) = simulate(Policy::Fcfs, &[], jobs);
    assert_eq!(gantt, "A..BB");
    assert_eq!(rows[1].finish, 5);
    assert_eq!(rows[1].waiting(), 0);
}

#[test]
fn the_changes_of_one_boundary_come_in_order() {
    let mut s = Scheduler::new(Policy::Rr, &[1], five());
    assert_eq!(
        s.tick().0,
        [
            Change::Arrived(0),
            Change::Granted {
                job: 0,
                level: 0,
                quantum: Some(1)
            }
        ]
    );
    // Alone at 1: A keeps the CPU, nothing changes.
    assert_eq!(s.tick(), (vec![], Some(0)));
    // At 2, B arrives and is queued before A, preempted at the same time.
    assert_eq!(
        s.tick().0,
        [
            Change::Arrived(1),
            Change::Preempted { job: 0, level: 0 },
            Change::Granted {
                job: 1,
                level: 0,
                quantum: Some(1)
            }
        ]
    );
}

#[test]
fn policies_parse_by_name_and_back() {
    for (name, p) in Policy::ALL {
        assert_eq!(Policy::parse(name), Some(p));
        assert_eq!(p.name(), name);
    }
    assert_eq!(Policy::parse("lottery"), None);
}
