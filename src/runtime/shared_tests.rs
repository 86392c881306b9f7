use super::*;
use crate::runtime::launch::ControlMsg;
use crate::scenario::plan::ValueSpec;
use std::time::Duration;

fn plan(locks: Vec<LockSpec>, values: Vec<ValueSpec>) -> Arc<Plan> {
    Arc::new(Plan {
        scenario: "t".into(),
        variant: None,
        actors: vec![],
        checks: vec![],
        max_duration: Duration::from_secs(1),
        locks,
        values,
        queues: vec![],
        pipes: vec![],
        pools: vec![],
        sockets: vec![],
        tables: vec![],
        source: String::new(),
        module: vec![],
        params: Default::default(),
        listing: None,
        switch_interval_us: None,
        lang: Default::default(),
        schedule: None,
        python: None,
    })
}

fn lock(name: &str, kind: LockKind, permits: u32) -> LockSpec {
    LockSpec {
        name: name.into(),
        kind,
        scope: Scope::Threads,
        permits,
        over: None,
        timeout: None,
    }
}

#[test]
fn rlock_counts_up_and_down_for_its_owner_only() {
    let s = Shared::new(
        plan(vec![lock("R", LockKind::Rlock, 1)], vec![]),
        Path::new("/tmp"),
    );
    let seen = Mutex::new(Vec::new());
    let say = |e: EventKind| seen.lock().unwrap().push(e);
    let c = Control::new(1.0, false);
    assert!(s.acquire("a", "R", &say, &c).unwrap());
    assert!(s.acquire("a", "R", &say, &c).unwrap());
    assert!(s.release("b", "R", &say).is_err(), "b does not hold R");
    s.release("a", "R", &say).unwrap();
    s.release("a", "R", &say).unwrap();
    let counts: Vec<_> = seen
        .lock()
        .unwrap()
        .iter()
        .filter_map(|e| match e {
            EventKind::LockAcquired { count, .. } | EventKind::LockReleased { count, .. } => *count,
            _ => None,
        })
        .collect();
    assert_eq!(counts, vec![1, 2, 1, 0]);
}

#[test]
fn semaphore_blocks_the_permit_too_many() {
    let s = Arc::new(Shared::new(
        plan(vec![lock("S", LockKind::Semaphore, 2)], vec![]),
        Path::new("/tmp"),
    ));
    let quiet = |_: EventKind| {};
    let c = Arc::new(Control::new(1.0, false));
    s.acquire("a", "S", &quiet, &c).unwrap();
    s.acquire("b", "S", &quiet, &c).unwrap();
    let (tx, rx) = crossbeam_channel::bounded(1);
    let (s2, c2) = (s.clone(), c.clone());
    let t = std::thread::spawn(move || {
        s2.acquire("c", "S", &|_| {}, &c2).unwrap();
        tx.send(()).unwrap();
    });
    assert!(
        rx.recv_timeout(Duration::from_millis(100)).is_err(),
        "a third holder got in"
    );
    s.release("a", "S", &quiet).unwrap();
    rx.recv_timeout(Duration::from_secs(5))
        .expect("c gets the freed permit");
    t.join().unwrap();
}

#[test]
fn a_victim_gives_up_its_wait_and_a_free_lock_is_taken_without_waiting() {
    let s = Arc::new(Shared::new(
        plan(vec![lock("A", LockKind::Mutex, 1)], vec![]),
        Path::new("/tmp"),
    ));
    let c = Arc::new(Control::new(1.0, false));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    assert!(s
        .acquire("t0", "A", &move |e| log.lock().unwrap().push(e), &c)
        .unwrap());
    assert!(
        !seen
            .lock()
            .unwrap()
            .iter()
            .any(|e| matches!(e, EventKind::LockWait { .. })),
        "no wait is told for a free lock"
    );
    let (s2, c2) = (s.clone(), c.clone());
    let t = std::thread::spawn(move || s2.acquire("t1", "A", &|_| {}, &c2).unwrap());
    c.apply(ControlMsg::Unwind("t1".into()));
    assert!(!t.join().unwrap(), "t1 gave up its wait");
    assert_eq!(s.held_by("t0"), vec![("A".to_string(), 1)]);
}

#[test]
fn a_truncated_file_is_a_torn_read() {
    let dir = std::env::temp_dir().join(format!("conlab-shared-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let values = vec![ValueSpec {
        name: "tickets".into(),
        kind: ValueKind::File,
        initial: 1,
    }];
    let s = Shared::new(plan(vec![], values), &dir);
    write_file(&file_path(&dir, "tickets"), "tickets", 1).unwrap();
    assert_eq!(s.read("tickets", &|_| {}).unwrap(), 1);
    File::create(file_path(&dir, "tickets")).unwrap();
    assert!(s
        .read("tickets", &|_| {})
        .unwrap_err()
        .starts_with("torn read"));
    std::fs::remove_dir_all(&dir).ok();
}
