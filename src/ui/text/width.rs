//! Display-width text helpers: Chinese characters take two cells, so strings are
//! measured, cut and wrapped by width, never by byte index.

use std::borrow::Cow;

use ratatui::text::Span;

/// How many terminal cells `s` takes.
pub(crate) fn str_width(s: &str) -> usize {
    Span::raw(s).width()
}

fn char_width(c: char) -> usize {
    let mut b = [0u8; 4];
    str_width(c.encode_utf8(&mut b))
}

/// `s` cut to at most `max` cells, ending in `…` when something was cut.
pub(crate) fn truncate(s: &str, max: usize) -> Cow<'_, str> {
    if str_width(s) <= max {
        return Cow::Borrowed(s);
    }
    if max == 0 {
        return Cow::Borrowed("");
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = char_width(c);
        if used + w > max - 1 {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    Cow::Owned(out)
}

/// `s` padded with spaces (or cut) to exactly `width` cells.
pub(crate) fn fit(s: &str, width: usize) -> String {
    let cut = truncate(s, width);
    let pad = width.saturating_sub(str_width(&cut));
    format!("{cut}{}", " ".repeat(pad))
}

/// Whole spans while they fit in `width` cells; the first that does not is cut
/// with `…` when at least 8 cells are left for it, else left out (a `(…`
/// alone at the edge says nothing).
pub(crate) fn fit_spans(spans: Vec<Span<'static>>, width: usize) -> Vec<Span<'static>> {
    let mut out = Vec::new();
    let mut used = 0;
    for s in spans {
        let w = str_width(&s.content);
        if used + w <= width {
            used += w;
            out.push(s);
            continue;
        }
        let room = width - used;
        if room >= 8 {
            out.push(Span::styled(
                truncate(&s.content, room).into_owned(),
                s.style,
            ));
        }
        break;
    }
    out
}

/// Greedy wrap into lines of at most `width` cells: breaks at spaces when it can,
/// inside a word (or between CJK characters) when it must.
pub(crate) fn wrap(s: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in split_keep_space(s) {
        let ww = str_width(word);
        if used + ww <= width {
            line.push_str(word);
            used += ww;
            continue;
        }
        if word.trim().is_empty() {
            lines.push(std::mem::take(&mut line));
            used = 0;
            continue;
        }
        if used > 0 && ww <= width {
            // A closing mark may not start a row: the char before it comes down too.
            let carry = closing(word)
                .then(|| take_tail(&mut line, width - ww))
                .flatten();
            lines.push(std::mem::take(&mut line));
            used = 0;
            if let Some(t) = carry {
                used = str_width(&t);
                line = t;
            }
            line.push_str(word);
            used += ww;
            continue;
        }
        for c in word.chars() {
            let cw = char_width(c);
            if used + cw > width && used > 0 {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push(c);
            used += cw;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Chinese punctuation that closes: a row may not start with it.
const CLOSING: &str = "，。：；！？）」』、》";

fn closing(word: &str) -> bool {
    word.chars().next().is_some_and(|c| CLOSING.contains(c))
}

/// The end of `line` taken off it to begin the next row: its last char (or
/// narrow word), and
/// the one before while what is taken starts with a closing mark (`的』` when
/// `。` comes next); None when that would be a space, the whole line, or
/// wider than `room` cells.
fn take_tail(line: &mut String, room: usize) -> Option<String> {
    let chars: Vec<char> = line.chars().collect();
    let narrow = |c: char| c != ' ' && char_width(c) == 1;
    let mut n = 1;
    while n < chars.len() && CLOSING.contains(chars[chars.len() - n]) {
        n += 1;
    }
    // A narrow word (`p0`) comes down whole, not its last letter.
    while n < chars.len() && narrow(chars[chars.len() - n]) && narrow(chars[chars.len() - n - 1]) {
        n += 1;
    }
    let tail: String = chars[chars.len() - n..].iter().collect();
    let fits = n < chars.len() && !tail.contains(' ') && str_width(&tail) <= room;
    fits.then(|| {
        line.truncate(line.len() - tail.len());
        tail
    })
}

/// Words and the single spaces between them, in order. Each wide (Chinese)
/// character is a word of its own, since Chinese text may break between any
/// two characters; a run of narrow ones (`<defunct>`) stays whole.
fn split_keep_space(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = s;
    std::iter::from_fn(move || {
        let first = rest.chars().next()?;
        let end = if first == ' ' {
            1
        } else if char_width(first) > 1 {
            first.len_utf8()
        } else {
            rest.find(|c: char| c == ' ' || char_width(c) > 1)
                .unwrap_or(rest.len())
        };
        let (head, tail) = rest.split_at(end);
        rest = tail;
        Some(head)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncate_counts_cells_not_bytes() {
        assert_eq!(truncate("僵尸进程", 5), "僵尸…");
        assert_eq!(truncate("zombie", 6), "zombie");
        assert_eq!(truncate("zombie", 4), "zom…");
        assert_eq!(truncate("zombie", 0), "");
        assert_eq!(fit("僵尸", 6), "僵尸  ");
    }

    #[test]
    fn fit_spans_keeps_whole_spans_and_cuts_one() {
        let spans = || {
            vec![
                Span::raw("b8：写入 0"),
                Span::raw("，覆盖了 b2"),
                Span::raw("（丢失）"),
            ]
        };
        let text = |v: Vec<Span>| v.iter().map(|s| s.content.to_string()).collect::<String>();
        assert_eq!(text(fit_spans(spans(), 24)), "b8：写入 0，覆盖了 b2");
        assert_eq!(text(fit_spans(spans(), 25)), "b8：写入 0，覆盖了 b2");
        assert_eq!(text(fit_spans(spans(), 15)), "b8：写入 0");
        assert_eq!(text(fit_spans(spans(), 19)), "b8：写入 0，覆盖了…");
    }

    #[test]
    fn wrap_breaks_words_and_cjk() {
        assert_eq!(wrap("a zombie waits", 8), vec!["a zombie", "waits"]);
        assert_eq!(
            wrap("僵尸进程等待回收", 6),
            vec!["僵尸进", "程等待", "回收"]
        );
        assert_eq!(wrap("", 5), vec![""]);
        assert_eq!(
            wrap("任务，就去取下一个", 8),
            vec!["任务，就", "去取下一", "个"],
            "a Chinese run fills the row instead of leaving it half empty"
        );
        assert!(wrap("abcdefghij", 1).iter().all(|l| str_width(l) <= 1));
    }

    #[test]
    fn a_narrow_word_before_closing_punctuation_comes_down_whole() {
        let text = "跨进程的死锁：p0 → B → p1 → A → p0。双方都攥着锁。";
        for width in 8..40 {
            let rows = wrap(text, width);
            for (i, row) in rows.iter().enumerate() {
                let next = rows.get(i + 1).map_or("", String::as_str);
                let split = row.ends_with('p') && next.starts_with('0');
                assert!(!split, "p0 split at width {width}: {rows:?}");
            }
            assert_eq!(rows.concat().replace(' ', ""), text.replace(' ', ""));
        }
    }

    #[test]
    fn no_row_starts_with_closing_punctuation() {
        assert_eq!(wrap("一二三四，五六", 8), vec!["一二三", "四，五六"]);
        let text = "线程生活在同一个进程里，共用这个进程的内存。所以（其实）一个全局变量：\
                    对所有线程来说就是同一个变量！对吗？对、没错；「是」『的』。";
        // From 6 cells: a narrower row cannot hold `的』。` (then a mark may lead).
        for width in 6..40 {
            let rows = wrap(text, width);
            assert_eq!(rows.concat(), text, "nothing lost or added at {width}");
            for (i, row) in rows.iter().enumerate() {
                assert!(str_width(row) <= width, "{row:?} wider than {width}");
                assert!(
                    i == 0 || !closing(row),
                    "row {i} starts with closing punctuation at width {width}: {rows:?}"
                );
            }
        }
    }
}
