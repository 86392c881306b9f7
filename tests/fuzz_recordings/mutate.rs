//! Mutations of a recording: what a damaged disk, a hand edit or an attacker
//! could make of one. Each case applies one to three of them.

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::Rng;
use serde_json::{json, Value};

/// Paths a recipe may be made to name: none may be opened.
pub struct Specials {
    pub paths: Vec<String>,
}

pub fn mutate(rng: &mut StdRng, seed: &[u8], specials: &Specials) -> Vec<u8> {
    let mut lines: Vec<Vec<u8>> = seed.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
    if lines.last().is_some_and(Vec::is_empty) {
        lines.pop();
    }
    for _ in 0..rng.gen_range(1..=3) {
        if lines.is_empty() {
            break;
        }
        one(rng, &mut lines, specials);
    }
    let mut out = lines.join(&b'\n');
    if rng.gen_bool(0.9) {
        out.push(b'\n');
    }
    match rng.gen_range(0..40) {
        0 => out.truncate(rng.gen_range(0..=out.len())),
        1 => {
            let at = rng.gen_range(0..=out.len());
            out.insert(at, [0xFF, 0xC3, 0xE2, 0x80][rng.gen_range(0..4)]);
        }
        _ => {}
    }
    out
}

fn one(rng: &mut StdRng, lines: &mut Vec<Vec<u8>>, specials: &Specials) {
    let n = lines.len();
    let i = rng.gen_range(0..n);
    match rng.gen_range(0..12) {
        0 => {
            let line = &mut lines[i];
            if !line.is_empty() {
                let at = rng.gen_range(0..line.len());
                line[at] ^= 1 << rng.gen_range(0..8);
            }
        }
        1 => {
            lines.remove(i);
        }
        2 => lines.insert(i, lines[i].clone()),
        3 => lines.swap(i, rng.gen_range(0..n)),
        4 | 5 => edit(rng, &mut lines[i], |rng, obj| {
            let keys: Vec<String> = obj.keys().cloned().collect();
            let key = keys.choose(rng).cloned().unwrap_or_default();
            obj.insert(key, weird(rng));
        }),
        6 => {
            let at = recipe(lines).unwrap_or(i);
            let path = specials.paths.choose(rng).cloned().unwrap_or_default();
            let drop_text = rng.gen_bool(0.7);
            edit(rng, &mut lines[at], |_, obj| {
                obj.insert("source".into(), Value::from(path));
                if drop_text {
                    obj.remove("scenario_text");
                }
            });
        }
        7 => {
            let at = recipe(lines).unwrap_or(i);
            edit(rng, &mut lines[at], |rng, obj| {
                let text = obj
                    .get("scenario_text")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                let changed = scenario_text(rng, text);
                obj.insert("scenario_text".into(), Value::from(changed));
            });
        }
        8 => lines.insert(i, junk(rng).into_bytes()),
        9 => edit(rng, &mut lines[i], |rng, obj| {
            let t = match rng.gen_range(0..3) {
                0 => 0,
                1 => rng.gen_range(0..2_000_000_000_000u64),
                _ => u64::MAX - rng.gen_range(0..10),
            };
            obj.insert("t_us".into(), Value::from(t));
        }),
        10 => edit(rng, &mut lines[i], |rng, obj| {
            let who = ["ghost", "", "host", "main", "全角\u{3000}"]
                .choose(rng)
                .unwrap();
            obj.insert("actor".into(), Value::from(*who));
        }),
        _ => {
            let at = recipe(lines).unwrap_or(i);
            edit(rng, &mut lines[at], |rng, obj| {
                let k = ["items", "nope", "", "workers"].choose(rng).unwrap();
                let v = ["-1", "99999999999999999999", "", "1e300", "3", "x"]
                    .choose(rng)
                    .unwrap();
                obj.insert("params".into(), json!({ *k: *v }));
            });
        }
    }
}

const NEEDLE: &[u8] = br#""event":"recipe""#;

/// The recipe line's index.
fn recipe(lines: &[Vec<u8>]) -> Option<usize> {
    lines
        .iter()
        .position(|l| l.windows(NEEDLE.len()).any(|w| w == NEEDLE))
}

/// Change a line read as a JSON object (left alone when it is not one).
fn edit(
    rng: &mut StdRng,
    line: &mut Vec<u8>,
    f: impl FnOnce(&mut StdRng, &mut serde_json::Map<String, Value>),
) {
    let Ok(Value::Object(mut obj)) = serde_json::from_slice::<Value>(line) else {
        return;
    };
    f(rng, &mut obj);
    *line = serde_json::to_vec(&Value::Object(obj)).unwrap();
}

/// A value no field expects, or one at the edge of what it takes.
fn weird(rng: &mut StdRng) -> Value {
    match rng.gen_range(0..14) {
        0 => Value::from(u64::MAX),
        1 => Value::from(i64::MIN),
        2 => Value::from(-1),
        3 => Value::from(1e300),
        4 => Value::from(""),
        5 => Value::from("\u{3000}（）"),
        6 => Value::from("x".repeat(rng.gen_range(100..5000))),
        7 => {
            let depth = rng.gen_range(1..200);
            let text = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
            serde_json::from_str(&text).unwrap_or(Value::Null)
        }
        8 => json!({"a": {"b": [1, 2, {"c": null}]}}),
        9 => Value::Null,
        10 => Value::from(true),
        11 => Value::from(u32::MAX as u64 + 1),
        12 => Value::from(i32::MIN),
        _ => Value::from(0),
    }
}

/// A line that is not what a recorder writes.
fn junk(rng: &mut StdRng) -> String {
    let lines = [
        "{}",
        "[]",
        "null",
        "1",
        "\"x\"",
        "{\"event\":\"run_ended\"}",
        r#"{"t_us":5,"actor":"host","pid":1,"event":"run_ended","outcome":"completed"}"#,
        r#"{"t_us":5,"actor":"host","pid":1,"event":"run_ended","outcome":"limit","reason":""}"#,
        r#"{"t_us":5,"actor":"ghost","pid":77,"event":"lock_released","lock":"A","count":4294967295}"#,
        r#"{"t_us":5,"actor":"ghost","pid":77,"event":"queue_get","queue":"nope","item":null,"from":"x","len":4294967295,"cap":0}"#,
        r#"{"t_us":5,"actor":"ghost","pid":77,"event":"task_result","pool":"p","task":4294967295,"result":-9223372036854775808}"#,
        r#"{"t_us":5,"actor":"ghost","pid":77,"event":"deadlock","cycle":["a"]}"#,
        r#"{"t_us":5,"actor":"ghost","pid":77,"event":"deadlock","cycle":[]}"#,
        r#"{"t_us":5,"actor":"ghost","pid":77,"event":"reaped","by":"ghost"}"#,
        r#"{"t_us":5,"actor":"main","pid":77,"event":"spawned","kind":"thread","parent":"main","daemon":true}"#,
        r#"{"t_us":5,"actor":"host","pid":1,"event":"recipe","source":"/dev/zero"}"#,
        r#"{"t_us":5,"actor":"host","pid":1,"event":"run_started","scenario":"zombie","variant":"nope","seed":1,"speed":1e308}"#,
        r#"{"t_us":5,"actor":"x","pid":1,"event":"pool_created","pool":"p","kind":"process","size":4294967295,"workers":[]}"#,
        r#"{"t_us":5,"actor":"x","pid":1,"event":"step","index":4294967295,"op":"","text":"","activity":"running","line":4294967295}"#,
        r#"{"t_us":5,"actor":"x","pid":1,"event":"value","name":"","value":[[[[[[1]]]]]]}"#,
        r#"{"t_us":5,"actor":"x","pid":1,"event":"bogus"}"#,
        "{\"t_us\":1,\"actor\":\"a\"",
        "\u{feff}{\"t_us\":1}",
    ];
    lines.choose(rng).unwrap().to_string()
}

/// The scenario's text changed as a careless edit would.
fn scenario_text(rng: &mut StdRng, text: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    if lines.is_empty() {
        return ["", "id = ", "[[actors]]", "\u{3000}"]
            .choose(rng)
            .unwrap()
            .to_string();
    }
    let i = rng.gen_range(0..lines.len());
    match rng.gen_range(0..6) {
        0 => {
            lines.remove(i);
        }
        1 => lines.insert(i, lines[i].clone()),
        2 => {
            let j = rng.gen_range(0..lines.len());
            lines.swap(i, j);
        }
        3 => lines[i] = lines[i].replace(' ', "\u{3000}"),
        4 => lines[i] = lines[i].replace(|c: char| c.is_ascii_digit(), "99999"),
        _ => lines[i] = lines[i].replace('=', "＝"),
    }
    lines.join("\n")
}
