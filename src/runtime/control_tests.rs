//! Tests of pause, speed, abort, the step gate, and busy work measured in
//! CPU time (`work`) or on the clock (`spin`).

use super::*;
use std::sync::Arc;

#[test]
fn abort_cuts_a_sleep_short() {
    let c = Arc::new(Control::new(1.0, false));
    let c2 = c.clone();
    let t = std::thread::spawn(move || c2.sleep(Duration::from_secs(30)));
    c.apply(ControlMsg::Abort);
    assert_eq!(t.join().unwrap(), Err(Aborted));
}

#[test]
fn a_held_actor_takes_exactly_the_turns_it_is_granted() {
    let c = Arc::new(Control::new(1.0, false));
    c.apply(ControlMsg::Gate(GateRule::Only(vec!["a".into()])));
    assert_eq!(c.pass_gate("b", || panic!("b is not held")), Ok(()));
    let (tx, rx) = crossbeam_channel::unbounded();
    let c2 = c.clone();
    let t = std::thread::spawn(move || {
        for _ in 0..2 {
            c2.pass_gate("a", || {}).unwrap();
            tx.send(()).unwrap();
        }
    });
    assert!(
        rx.recv_timeout(Duration::from_millis(100)).is_err(),
        "passed ungranted"
    );
    c.apply(ControlMsg::Grant("a".into()));
    rx.recv_timeout(Duration::from_secs(5)).expect("one turn");
    assert!(
        rx.recv_timeout(Duration::from_millis(100)).is_err(),
        "took two turns"
    );
    c.apply(ControlMsg::Gate(GateRule::Free));
    rx.recv_timeout(Duration::from_secs(5)).expect("free again");
    t.join().unwrap();
}

#[test]
fn pause_holds_work_until_resume() {
    let c = Arc::new(Control::new(1.0, true));
    let c2 = c.clone();
    let (tx, rx) = crossbeam_channel::bounded(1);
    let t = std::thread::spawn(move || {
        let r = c2.work(Duration::from_millis(1));
        tx.send(()).unwrap();
        r
    });
    assert!(
        rx.recv_timeout(Duration::from_millis(100)).is_err(),
        "work ran while paused"
    );
    c.apply(ControlMsg::Resume);
    rx.recv_timeout(Duration::from_secs(5))
        .expect("work finished after resume");
    assert_eq!(t.join().unwrap(), Ok(()));
}

/// Pin the calling thread (and the threads it starts) to one CPU.
fn pin_to_one_cpu() {
    // SAFETY: a zeroed cpu_set_t with one bit set, for the calling thread (pid 0).
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        let cpu = libc::sched_getcpu().max(0) as usize;
        libc::CPU_SET(cpu, &mut set);
        assert_eq!(
            libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set),
            0
        );
    }
}

#[test]
fn spin_is_wall_time_so_two_spinners_on_one_cpu_share_it() {
    // `while time.time() < end` ends on the clock: two such loops on one
    // CPU both end after 150 ms of wall time, each having had only part
    // of the CPU.
    let pinned = std::thread::spawn(|| {
        pin_to_one_cpu();
        let c = Arc::new(Control::new(1.0, false));
        let together = Arc::new(std::sync::Barrier::new(2));
        let spinners: Vec<_> = (0..2)
            .map(|_| {
                let (c, together) = (c.clone(), together.clone());
                std::thread::spawn(move || {
                    together.wait();
                    let (cpu0, wall) = (thread_cpu_secs().unwrap(), Instant::now());
                    c.work_with(Duration::from_millis(150), Burn::WallTime, || Ok(()))
                        .unwrap();
                    (thread_cpu_secs().unwrap() - cpu0, wall.elapsed())
                })
            })
            .collect();
        spinners
            .into_iter()
            .map(|s| s.join().unwrap())
            .collect::<Vec<_>>()
    });
    for (cpu, wall) in pinned.join().unwrap() {
        assert!(wall >= Duration::from_millis(150), "ended early: {wall:?}");
        assert!(cpu < 0.14, "had the CPU alone? {cpu} s of CPU in {wall:?}");
    }
}

#[test]
fn work_is_cpu_time_so_two_workers_on_one_cpu_take_twice_as_long() {
    // On one CPU, two threads that each burn 150 ms of CPU time cannot both
    // be done before 300 ms of wall time: work measured by the wall clock
    // would end both at about 150 ms.
    let pinned = std::thread::spawn(|| {
        pin_to_one_cpu();
        let c = Arc::new(Control::new(1.0, false));
        let began = Instant::now();
        let workers: Vec<_> = (0..2)
            .map(|_| {
                let c = c.clone();
                std::thread::spawn(move || c.work(Duration::from_millis(150)))
            })
            .collect();
        for w in workers {
            assert_eq!(w.join().unwrap(), Ok(()));
        }
        began.elapsed()
    });
    let took = pinned.join().unwrap();
    assert!(took >= Duration::from_millis(290), "took {took:?}");
}
