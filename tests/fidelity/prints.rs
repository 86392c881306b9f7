//! The prints, read without running anything: in each language, every line
//! the lab's actors print is one the listing's `print(...)` calls print, and
//! every Chinese print of the listing is one the lab prints in Chinese
//! (unless its English line is one the lab does not print at all). The
//! Python side of the fidelity suite runs the English listing; this is what
//! keeps the Chinese listing and the Chinese prints together.

use conlab::scenario::text::Lang;

use super::shapes::shape;

/// A listing's `print(...)` calls: (line index, the printed line as a
/// pattern: each `{…}` and each argument that is not a literal is `#`).
pub fn listing_prints(listing: &str) -> Vec<(usize, String)> {
    let lines: Vec<&str> = listing.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(at) = line.find("print(") else {
            continue;
        };
        let rest: String = std::iter::once(&line[at + 6..])
            .chain(lines[i + 1..].iter().copied())
            .collect::<Vec<_>>()
            .join("\n");
        out.push((i, shape(&call_pattern(&rest))));
    }
    out
}

/// The text one `print(` call prints, from just after its `(`: adjacent
/// literals join, `{…}` and other arguments become `#`, arguments are joined
/// by a space (print's `sep`).
fn call_pattern(args: &str) -> String {
    let (mut out, mut depth, mut quote, mut brace) = (String::new(), 0, None, 0);
    let mut in_literal_arg = false;
    let mut cs = args.chars().peekable();
    while let Some(c) = cs.next() {
        match quote {
            Some(q) if c == q && brace == 0 => quote = None,
            Some(_) if c == '{' => {
                if brace == 0 {
                    out.push('#');
                }
                brace += 1;
            }
            Some(_) if c == '}' && brace > 0 => brace -= 1,
            Some(_) if brace > 0 => {}
            Some(_) => out.push(c),
            None => match c {
                '"' | '\'' if depth == 0 => {
                    quote = Some(c);
                    in_literal_arg = true;
                }
                '(' | '[' => depth += 1,
                ')' | ']' if depth == 0 => break,
                ')' | ']' => depth -= 1,
                ',' if depth == 0 => {
                    out.push(' ');
                    in_literal_arg = false;
                }
                '#' => {
                    // A comment: skip to the end of the line.
                    while cs.peek().is_some_and(|&n| n != '\n') {
                        cs.next();
                    }
                }
                c if c.is_whitespace() || c == 'f' => {}
                _ if !in_literal_arg && depth == 0 && !out.ends_with('#') => {
                    out.push('#');
                    in_literal_arg = true;
                }
                _ => {}
            },
        }
    }
    out
}

/// Whether `line` (a shape) is printed by `pattern`, whose `#` stands for
/// one value: any text without `,` or `;` (so a pattern cannot swallow a
/// clause the listing does not print).
pub fn printed_by(line: &str, pattern: &str) -> bool {
    fn go(l: &[char], p: &[char]) -> bool {
        match p.split_first() {
            None => l.is_empty(),
            Some(('#', rest)) => (0..=l.len())
                .take_while(|&k| k == 0 || !matches!(l[k - 1], ',' | ';'))
                .any(|k| go(&l[k..], rest)),
            Some((c, rest)) => l.first() == Some(c) && go(&l[1..], rest),
        }
    }
    let (l, p): (Vec<char>, Vec<char>) = (line.chars().collect(), pattern.chars().collect());
    go(&l, &p)
}

/// Every print text of a plan (as JSON, so nested steps, pool tasks and
/// callbacks are all found), in one language, as shapes with `{…}` as `#`.
pub fn lab_prints(plan: &conlab::scenario::plan::Plan, lang: Lang) -> Vec<String> {
    fn walk(v: &serde_json::Value, key: &str, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(m) => {
                if let Some(t) = m.get("print").and_then(|p| p.get(key)) {
                    out.push(t.as_str().unwrap_or_default().to_string());
                }
                m.values().for_each(|x| walk(x, key, out));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, key, out)),
            _ => {}
        }
    }
    let key = if lang == Lang::Zh { "zh" } else { "en" };
    let mut out = Vec::new();
    for a in &plan.actors {
        let mut mine = Vec::new();
        walk(&serde_json::to_value(&a.script).unwrap(), key, &mut mine);
        out.extend(mine.iter().map(|t| t.replace("{name}", &a.name)));
    }
    walk(&serde_json::to_value(&plan.pools).unwrap(), key, &mut out);
    let mut shapes: Vec<String> = out.iter().map(|t| shape(&braces(t))).collect();
    shapes.sort();
    shapes.dedup();
    shapes
}

/// `{…}` as `#`.
fn braces(t: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in t.chars() {
        match c {
            '{' => {
                if depth == 0 {
                    out.push('#');
                }
                depth += 1;
            }
            '}' if depth > 0 => depth -= 1,
            _ if depth > 0 => {}
            _ => out.push(c),
        }
    }
    out
}

/// What is wrong with one lesson/variant's prints, one line each.
pub fn mismatches(name: &str, plan: &conlab::scenario::plan::Plan) -> Vec<String> {
    let Some(listing) = &plan.listing else {
        return vec![format!("{name}: no listing")];
    };
    let mut out = Vec::new();
    let (en_l, zh_l) = (listing_prints(&listing.en), listing_prints(&listing.zh));
    let (en_p, zh_p) = (lab_prints(plan, Lang::En), lab_prints(plan, Lang::Zh));
    for (lang, lab, list) in [("en", &en_p, &en_l), ("zh", &zh_p, &zh_l)] {
        for p in lab.iter() {
            if !list.iter().any(|(_, pat)| printed_by(p, pat)) {
                out.push(format!(
                    "{name} ({lang}): the lab prints {p:?}, which no print(...) of the {lang} listing prints"
                ));
            }
        }
    }
    for ((_, en), (i, zh)) in en_l.iter().zip(&zh_l) {
        let lab_does = en_p.iter().any(|p| printed_by(p, en));
        if lab_does && !zh_p.iter().any(|p| printed_by(p, zh)) {
            out.push(format!(
                "{name} (zh): line {} of the Chinese listing prints {zh:?}, which the lab does not print in Chinese",
                i + 1
            ));
        }
    }
    out
}

#[test]
fn patterns_read_literals_placeholders_and_arguments() {
    let l = "x = 1\nprint(f\"{name} (pid {os.getpid()}): got A\")  # c\n\
             print(\"right after:\", p.is_alive())\n\
             print(f\"main: pid {pid}, \"\n      f\"ppid {ppid}\")\nprint(\"a, b\")";
    let got: Vec<String> = listing_prints(l).into_iter().map(|p| p.1).collect();
    assert_eq!(
        got,
        [
            "# (pid #): got A",
            "right after: #",
            "main: pid #, ppid #",
            "a, b"
        ]
    );
    assert!(printed_by("t#: got A", "#: got A"));
    assert!(printed_by("right after: True", "right after: #"));
    assert!(!printed_by(
        "main: n = #, starting # threads",
        "main: n = #"
    ));
    assert!(!printed_by("x", "y"));
    assert!(printed_by(
        "daemon: daemonic processes are not allowed",
        "daemon: #"
    ));
    assert!(printed_by("main: n = #", "main: # = #"));
}

#[test]
fn every_print_is_one_its_listing_prints_in_both_languages() {
    let mut bad = Vec::new();
    for sc in conlab::scenario::builtin() {
        let variants: Vec<Option<String>> = if sc.variants.is_empty() {
            vec![None]
        } else {
            sc.variants.iter().map(|v| Some(v.name.clone())).collect()
        };
        for v in variants {
            let name = format!("{}/{}", sc.id, v.as_deref().unwrap_or(""));
            let plan = sc.plan(v.as_deref(), &[]).expect("a built-in plans");
            bad.extend(mismatches(&name, &plan));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
