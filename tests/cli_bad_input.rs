//! `conlab check` on each kind of bad input (issue 11): FILE:LINE:COL lines
//! on stderr and a non-zero exit, never a panic or a hang.

mod common;

use std::path::PathBuf;
use std::time::Duration;

use common::conlab;

const LIMIT: Duration = Duration::from_secs(30);

/// A directory of this test's own (tests run in parallel).
fn dir(test: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("conlab-bad-input-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The zombie lesson with `from` replaced by `to` (which must change it).
fn zombie_with(from: &str, to: &str) -> Vec<u8> {
    let src = include_str!("../scenarios/zombie.toml");
    assert!(src.contains(from), "zombie.toml has no {from:?}");
    src.replacen(from, to, 1).into_bytes()
}

fn bad_inputs() -> Vec<(&'static str, Vec<u8>)> {
    let good = include_str!("../scenarios/zombie.toml");
    let mut not_utf8 = good.as_bytes().to_vec();
    not_utf8[300] = 0xFF;
    let main = "{ py = \"main: busy for\",";
    vec![
        ("fullwidth-expr", zombie_with(main, "{ let = \"t\", value = \"（1 + 2)\" }, { py = \"main: busy for\",")),
        ("fullwidth-toml", zombie_with("max_seconds = ", "max_seconds ＝ ")),
        ("nbsp-ok-but-bad-paren", zombie_with(main, "{ let = \"t\", value = \"1\u{a0}+ (2\" }, { py = \"main: busy for\",")),
        ("long-chain", zombie_with(main, &format!("{{ let = \"t\", value = \"{}\" }}, {main}", vec!["1"; 63].join("+")))),
        ("deep-parens", zombie_with(main, &format!("{{ let = \"t\", value = \"{}1\" }}, {main}", "(".repeat(100_000)))),
        ("huge-duration", zombie_with("default = \"4s\"", "default = \"99999999999999999999s\"")),
        ("range-1e300", zombie_with("default = \"4s\"", "default = \"1s..1e300s\"")),
        ("not-utf8", not_utf8),
        ("too-big", format!("{good}\n# {}\n", "x".repeat(1 << 20)).into_bytes()),
        ("text-key", zombie_with("title = { en = \"Zombie process\",", "title = { fr = \"x\", en = \"Zombie process\",")),
        ("where-key", format!("{good}\n[[checks]]\nlabel = {{ en = \"a\", zh = \"b\" }}\nevent = \"exited\"\nwhere = {{ exit_code = 0 }}\n").into_bytes()),
        ("start-in-repeat", zombie_with("{ py = \"p.start()\", start = \"child\" }", "{ repeat = 65, do = [{ start = \"child\" }, { join = \"child\" }] }")),
        ("truncated", good.as_bytes()[..good.len() / 3].to_vec()),
        ("deep-arrays", format!("{good}\nx = {}\n", "[".repeat(10_000)).into_bytes()),
        ("empty", Vec::new()),
    ]
}

#[test]
fn check_gives_positions_and_fails_on_every_kind_of_bad_input() {
    let d = dir("kinds");
    for (name, bytes) in bad_inputs() {
        let path = d.join(format!("{name}.toml"));
        std::fs::write(&path, &bytes).unwrap();
        let file = path.to_str().unwrap();
        let out = conlab(&["check", file], LIMIT);
        assert_eq!(out.code, 1, "{name}: {}", out.stderr);
        assert!(!out.stderr.contains("panicked"), "{name}: {}", out.stderr);
        if std::env::var_os("CONLAB_SHOW").is_some() {
            eprintln!("--- {name}\n{}", out.stderr);
        }
        let lines: Vec<&str> = out.stderr.lines().collect();
        assert!(!lines.is_empty(), "{name}: no message");
        for line in lines {
            let rest = line
                .strip_prefix(&format!("{file}:"))
                .unwrap_or_else(|| panic!("{name}: {line}"));
            let mut parts = rest.splitn(3, ':');
            let number = |p: Option<&str>| p.is_some_and(|n| n.parse::<usize>().is_ok());
            assert!(
                number(parts.next()) && number(parts.next()),
                "{name}: {line}"
            );
            let message = parts.next().unwrap_or_default();
            assert!(
                message.len() > 2 && message.starts_with(' '),
                "{name}: {line}"
            );
            assert!(
                !message.contains("untagged") && !message.contains("did not match any variant"),
                "{line}"
            );
        }
    }
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn check_refuses_what_is_not_a_regular_file_at_once() {
    let d = dir("not-a-file");
    let out = conlab(&["check", d.to_str().unwrap()], LIMIT);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("not a regular file"), "{}", out.stderr);
    let out = conlab(&["check", "/dev/zero"], LIMIT);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("not a regular file"), "{}", out.stderr);
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn check_still_accepts_a_good_file() {
    let d = dir("good");
    let path = d.join("good.toml");
    std::fs::write(&path, include_str!("../scenarios/zombie.toml")).unwrap();
    let out = conlab(&["check", path.to_str().unwrap()], LIMIT);
    assert_eq!(out.code, 0, "{}", out.stderr);
    std::fs::remove_dir_all(&d).ok();
}
