"""Naming an object by the tuple assignment that makes it:
`A, B = Lock(), Lock()` names the first A and the second B."""
import re

_TARGETS = re.compile(
    r"^\s*[\(\[]?\s*((?:[A-Za-z_][\w.]*)(?:\s*,\s*[A-Za-z_][\w.]*)+)\s*,?\s*[\)\]]?\s*=(?!=)(.*)$")
_seen = {}  # (frame id, line number) -> (last bytecode offset, objects named so far)


def _split(text):
    """Top-level comma-separated items of an expression (brackets nest)."""
    items, depth, cur, quote = [], 0, "", None
    for ch in text:
        if quote:
            quote = None if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "#":
            break
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            items.append(cur.strip())
            cur = ""
            continue
        cur += ch
    if cur.strip():
        items.append(cur.strip())
    return items


def tuple_target(line, frame):
    """The variable this object goes to when `line` assigns as many calls to
    as many names (the k-th object made on the line in one run of it is the
    k-th name), else None."""
    m = _TARGETS.match(line)
    if not m:
        return None
    targets = [t.strip().rsplit(".", 1)[-1] for t in m.group(1).split(",")]
    values = _split(m.group(2))
    if len(values) == 1 and values[0][:1] in "([" and values[0][-1:] in ")]":
        values = _split(values[0][1:-1])  # A, B = (Lock(), Lock())
    if len(values) != len(targets) or not all(v.endswith(")") for v in values):
        return None
    key = (id(frame), frame.f_lineno)
    if len(_seen) > 4096:
        _seen.clear()
    last, n = _seen.get(key, (-1, -1))
    # Evaluated left to right: a later offset is the next item, an earlier
    # one a new run of the line (a loop).
    n = n + 1 if frame.f_lasti > last else 0
    _seen[key] = (frame.f_lasti, n)
    return targets[n] if n < len(targets) else None
