//! The connections panel: sticky packets glued in one recv, the framed fix,
//! and 400 clients folded into counts, a latency line and `… N more`; as
//! a widget and on the whole screen at the classroom sizes, in both languages.

use std::time::Instant;

use insta::assert_snapshot;

use super::fixture::screen;
use super::net_runs::{framed_run, many_run, sticky_run, udp_run};
use super::sizes::assert_stays_inside;
use super::{buffer, text};
use crate::scenario::text::Lang;
use crate::ui::connections::ConnectionsPane;
use crate::ui::state::{Pane, RunState};

fn pane_text(run: &RunState, lang: Lang, w: u16, h: u16) -> String {
    let pane = ConnectionsPane {
        model: &run.model,
        lang,
    };
    text(&buffer(&pane, w, h))
}

#[test]
fn one_recv_shows_three_sends_glued() {
    let all = pane_text(&sticky_run(), Lang::En, 72, 20);
    assert!(all.contains("send [hello][world][!!]"), "{all}");
    assert!(all.contains("recv [helloworld!!]"), "{all}");
    assert!(all.contains("server :41235 backlog ▮▯▯▯▯ 1/5"), "{all}");
    assert!(all.contains("refused 1"), "{all}");
    assert!(all.contains("client1 recv…"), "blocked marked: {all}");
    assert!(all.contains("in backlog"), "{all}");
    assert!(all.contains("→12 B ←12 B"), "{all}");
}

#[test]
fn the_framed_fix_shows_each_header_as_a_length() {
    let all = pane_text(&framed_run(), Lang::En, 60, 20);
    assert!(all.contains("send [#5hello][#5world][#2!!]"), "{all}");
    assert!(all.contains("recv [#5][hello][#5][world][#2][!!]"), "{all}");
    assert!(all.contains("#5 length header: 5 bytes follow"), "{all}");
    let zh = pane_text(&framed_run(), Lang::Zh, 60, 20).replace(' ', "");
    assert!(zh.contains("长度头：后面跟5字节"), "{zh}");
}

#[test]
fn four_hundred_clients_fold_into_counts_and_a_short_list() {
    let run = many_run();
    let all = pane_text(&run, Lang::En, 90, 20);
    assert!(
        all.contains("connected 212 · backlog 30 · closed 158 · refused 0"),
        "{all}"
    );
    assert!(all.contains("blocked in: recv… 242"), "{all}");
    assert!(all.contains("latency ") && all.contains("p99"), "{all}");
    assert!(all.contains(" more"), "folded: {all}");
    let listed = all.lines().filter(|l| l.contains(" ⇄ ")).count();
    assert!((3..=16).contains(&listed), "{listed} rows: {all}");
    let zh = pane_text(&run, Lang::Zh, 90, 20).replace(' ', "");
    assert!(zh.contains("已连接212·积压30·已关闭158·被拒绝0"), "{zh}");
}

#[test]
fn udp_keeps_each_datagram_whole() {
    let all = pane_text(&udp_run(), Lang::En, 60, 12);
    assert!(all.contains("u :5000 UDP bound"), "{all}");
    assert!(
        all.contains("client0 → u (server) :5000  10 B  UDP datagrams"),
        "{all}"
    );
    assert!(all.contains("UDP datagrams"), "{all}");
    assert!(all.contains("send [hello][world]"), "{all}");
    assert!(all.contains("recv [hello][world]"), "{all}");
    let zh = pane_text(&udp_run(), Lang::Zh, 60, 12).replace(' ', "");
    assert!(zh.contains("UDP数据报"), "{zh}");
}

#[test]
fn sticky_packets_at_80x24_and_120x40() {
    let run = sticky_run();
    assert_snapshot!(
        "sticky_80x24",
        screen(&run, Lang::En, Pane::Connections, 80, 24)
    );
    assert_snapshot!(
        "sticky_120x40_zh",
        screen(&run, Lang::Zh, Pane::Connections, 120, 40)
    );
}

#[test]
fn framed_at_80x24_and_120x40() {
    let run = framed_run();
    assert_snapshot!(
        "framed_80x24_zh",
        screen(&run, Lang::Zh, Pane::Connections, 80, 24)
    );
    assert_snapshot!(
        "framed_120x40",
        screen(&run, Lang::En, Pane::Connections, 120, 40)
    );
}

#[test]
fn many_clients_at_80x24_120x40_and_300x90() {
    let run = many_run();
    let small = screen(&run, Lang::En, Pane::Connections, 80, 24);
    assert!(small.contains("connected 212"), "{small}");
    assert_snapshot!("many_80x24", small);
    assert_snapshot!(
        "many_120x40_zh",
        screen(&run, Lang::Zh, Pane::Connections, 120, 40)
    );
    let big = screen(&run, Lang::En, Pane::Connections, 300, 90);
    assert!(big.contains("connected 212"), "{big}");
    assert_snapshot!("many_300x90", big);
}

/// This thread's CPU time: on a machine shared with other builds, wall time
/// counts their turns too.
fn cpu_now() -> std::time::Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: a valid pointer to a timespec, for the duration of the call.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    std::time::Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// Median wall time and median CPU time of 30 draws, after 10 to warm up.
fn timed(mut draw: impl FnMut()) -> (std::time::Duration, std::time::Duration) {
    (0..10).for_each(|_| draw());
    let (mut wall, mut cpu): (Vec<_>, Vec<_>) = (0..30)
        .map(|_| {
            let (began, began_cpu) = (Instant::now(), cpu_now());
            draw();
            (began.elapsed(), cpu_now() - began_cpu)
        })
        .unzip();
    wall.sort();
    cpu.sort();
    (wall[15], cpu[15])
}

/// The whole screen with 400 lanes and 400 connections at 300x90 (and
/// smaller), beside the same without sockets and the panel alone: the median
/// of 30 frames, printed (run with `--ignored --nocapture`, in release).
#[test]
#[ignore = "a measurement, not a check: run by hand in release"]
fn frame_time_with_400_clients_at_300x90() {
    let run = many_run();
    let mut bare = run.clone();
    bare.model.net = Default::default();
    let ui = crate::ui::state::UiState {
        pane: Pane::Connections,
        ..crate::ui::state::UiState::default()
    };
    for (w, h) in [(300, 90), (120, 40), (80, 24)] {
        let screen = |run: &RunState| {
            timed(|| {
                super::draw(&crate::ui::screen::RunScreen { run, ui: &ui }, w, h);
            })
        };
        let bare = screen(&bare);
        let whole = screen(&run);
        println!(
            "frame {w}x{h}: median {:?} wall, {:?} CPU; without sockets {:?} wall, {:?} CPU",
            whole.0, whole.1, bare.0, bare.1
        );
    }
    let pane = ConnectionsPane {
        model: &run.model,
        lang: Lang::En,
    };
    let (wall, cpu) = timed(|| {
        buffer(&pane, 99, 60);
    });
    println!("connections panel alone at 99x60: median {wall:?} wall, {cpu:?} CPU");
    assert!(run.model.net.conns().count() >= 300);
}

#[test]
fn the_panel_never_writes_outside_its_area() {
    let runs = [sticky_run(), framed_run(), many_run()];
    for run in &runs {
        for lang in [Lang::En, Lang::Zh] {
            for w in (1..=48).chain([61, 79, 97]) {
                for h in [1, 2, 5, 9, 30] {
                    let pane = ConnectionsPane {
                        model: &run.model,
                        lang,
                    };
                    assert_stays_inside(&pane, w, h, "connections");
                }
            }
        }
    }
}
