//! The one table of key bindings: key handling and the help overlay both read it,
//! so what the help says is what the keys do.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::words::Words;

/// What a key asks for; the app decides what it means on the current screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    Open,
    PauseResume,
    Rerun,
    NextVariant,
    Faster,
    Slower,
    ToggleHelp,
    /// Close the overlay, leave the run, or quit from the picker.
    Back,
    ToggleLang,
    CyclePane,
    /// Show the Python listing, or the log again, in the pane they share.
    ToggleCode,
    Quit,
    /// Step mode on or off: every actor stops before each step.
    StepMode,
    /// One step for every held actor.
    GrantAll,
    /// Break every deadlock from now on without asking (on / off).
    AutoBreak,
    /// Step mode: take the last step back (the run is replayed without it).
    Undo,
    /// A challenge: show / hide its debrief page.
    Debrief,
    /// The n-th choice on screen (1-based): a held actor's turn, or while a
    /// deadlock is reported, its victim. The key's place in its binding gives n.
    Pick(u8),
    /// The time cursor one step back / on (the view stops following live).
    ScrubBack,
    ScrubForward,
    /// Ten steps back / on.
    ScrubBackFar,
    ScrubForwardFar,
    /// Show less / more time around the cursor.
    ZoomIn,
    ZoomOut,
    /// The right edge is now again.
    FollowLive,
    /// The cursor to the start of the run.
    JumpStart,
    /// The lesson's next / previous page.
    NextPage,
    PrevPage,
    /// The picker: first / last lesson, a page of lessons up / down.
    ListHome,
    ListEnd,
    ListPageUp,
    ListPageDown,
    /// The picker: type to filter the lessons by id or title.
    Filter,
    /// The timeline's lanes one row down / up (leaves the lesson's choice;
    /// up from the top goes back to it).
    LanesDown,
    LanesUp,
    /// Fold each group of similar actors (`thread0`…`thread99`) into one
    /// lane, or unfold them (the third key of the lanes' binding).
    FoldGroups,
    /// Open the explorer panel on the run: every interleaving of its
    /// lesson, variant and parameters, run for real.
    Explore,
}

impl Action {
    /// Keys of the time cursor: their hints show only while it is out.
    pub fn is_time(self) -> bool {
        matches!(
            self,
            Action::ScrubBack
                | Action::ScrubForward
                | Action::ScrubBackFar
                | Action::ScrubForwardFar
                | Action::ZoomIn
                | Action::ZoomOut
                | Action::FollowLive
                | Action::JumpStart
        )
    }

    /// The action of the `i`-th key of a binding: `Pick` learns which key it was.
    fn nth(self, i: usize) -> Action {
        match self {
            Action::Pick(_) => Action::Pick(u8::try_from(i + 1).unwrap_or(u8::MAX)),
            Action::Faster if i == 2 => Action::Slower,
            Action::Up if i >= 2 => Action::Down,
            Action::ScrubBack if i >= 2 => Action::ScrubForward,
            Action::ScrubBackFar if i == 1 => Action::ScrubForwardFar,
            Action::ScrubBackFar if i == 2 => Action::JumpStart,
            Action::ZoomIn if i == 1 => Action::ZoomOut,
            Action::NextPage if i >= 2 => Action::PrevPage,
            Action::ListHome if i == 1 => Action::ListEnd,
            Action::ListPageUp if i == 1 => Action::ListPageDown,
            Action::LanesDown if i == 1 => Action::LanesUp,
            Action::LanesDown if i == 2 => Action::FoldGroups,
            Action::GrantAll if i == 1 => Action::Undo,
            other => other,
        }
    }
}

/// Where a binding applies; `Global` ones work on every screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Picker,
    Run,
    /// The explorer panel, open over a run.
    Explorer,
    Global,
}

/// One physical key: a code, with or without Ctrl.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

const fn k(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: false,
    }
}

const fn code(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

/// A row of the table.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub keys: &'static [Key],
    /// The keys as the help overlay prints them.
    pub label: &'static str,
    pub context: Context,
    pub action: Action,
    pub help: Words,
    /// Shown in the status bar as `label word`; None keeps it to the help overlay.
    pub hint: Option<(&'static str, Words)>,
}

const fn b(
    keys: &'static [Key],
    label: &'static str,
    context: Context,
    action: Action,
    help: Words,
    hint: Option<(&'static str, Words)>,
) -> Binding {
    Binding {
        keys,
        label,
        context,
        action,
        help,
        hint,
    }
}

use Action as A;
use Context::{Explorer, Global, Picker, Run};

/// Every binding of the app, in the order the help overlay lists them.
#[rustfmt::skip]
pub static BINDINGS: &[Binding] = &[
    b(&[code(KeyCode::Up), k('k')], "↑ k", Picker, A::Up,
      Words::new("previous scenario", "上一个场景"), Some(("↑↓", Words::new("choose", "选择")))),
    b(&[code(KeyCode::Down), k('j')], "↓ j", Picker, A::Down,
      Words::new("next scenario", "下一个场景"), None),
    b(&[code(KeyCode::Enter)], "Enter", Picker, A::Open,
      Words::new("run the scenario", "运行该场景"), Some(("Enter", Words::new("run", "运行")))),
    b(&[code(KeyCode::Home), code(KeyCode::End)], "Home End", Picker, A::ListHome,
      Words::new("first / last scenario", "第一个 / 最后一个场景"), None),
    b(&[code(KeyCode::PageUp), code(KeyCode::PageDown)], "PgUp PgDn", Picker, A::ListPageUp,
      Words::new("a page of scenarios up / down", "向上 / 向下翻一页场景"), None),
    b(&[k('/')], "/", Picker, A::Filter,
      Words::new("filter by id or title (either language)", "按 id 或标题筛选（中英文皆可）"), Some(("/", Words::new("filter", "筛选")))),
    b(&[code(KeyCode::Esc), k('q')], "q Esc", Picker, A::Back,
      Words::new("quit conlab", "退出 conlab"), Some(("q", Words::new("quit", "退出")))),
    b(&[k(' ')], "Space", Run, A::PauseResume,
      Words::new("pause / resume the run", "暂停 / 继续运行"), Some(("␣", Words::new("pause", "暂停")))),
    b(&[k('r')], "r", Run, A::Rerun,
      Words::new("run it again from the start", "从头再运行一次"), Some(("r", Words::new("rerun", "重跑")))),
    b(&[k('v')], "v", Run, A::NextVariant,
      Words::new("next variant, run again", "换下一个变体并重跑"), Some(("v", Words::new("variant", "变体")))),
    b(&[k('+'), k('='), k('-')], "+ = -", Run, A::Faster,
      Words::new("faster / slower (0.05x to 4x)", "加速 / 减速（0.05x 到 4x）"), Some(("+-", Words::new("speed", "速度")))),
    b(&[k('s')], "s", Run, A::StepMode,
      Words::new("step mode on / off: you choose who goes next", "单步模式 开 / 关：由你决定谁走下一步"), Some(("s", Words::new("step", "单步")))),
    b(&[k('1'), k('2'), k('3'), k('4'), k('5'), k('6'), k('7'), k('8'), k('9')], "1-9", Run, A::Pick(1),
      Words::new("deadlock: sacrifice victim N; step mode: N takes a step", "死锁时：牺牲第 N 个；单步模式：第 N 个走一步"), None),
    b(&[code(KeyCode::Up), k('k'), code(KeyCode::Down), k('j')], "↑↓ k j", Run, A::Up,
      Words::new("previous / next victim or turn", "上 / 下一个牺牲者或轮次"), None),
    b(&[code(KeyCode::Enter)], "Enter", Run, A::Open,
      Words::new("sacrifice / let go the one chosen", "牺牲 / 放行选中的那个"), None),
    b(&[k('n'), k('u')], "n u", Run, A::GrantAll,
      Words::new("step mode: one step for everyone / undo the last", "单步模式：每个都走一步 / 撤销上一步"), None),
    b(&[k('d')], "d", Run, A::Debrief,
      Words::new("challenge: debrief page (how it is won, or why not)", "挑战：复盘页（怎样赢，或为何赢不了）"), None),
    b(&[k('a')], "a", Run, A::AutoBreak,
      Words::new("break every deadlock by itself from now on (on / off)", "从现在起自动解开每个死锁（开 / 关）"), None),
    b(&[code(KeyCode::Left), k(','), code(KeyCode::Right), k('.')], "← → , .", Run, A::ScrubBack,
      Words::new("time cursor back / forward (stops following live)", "时间光标后退 / 前进（停止跟随实时）"), Some(("←→", Words::new("time", "时间")))),
    b(&[k('<'), k('>'), code(KeyCode::Home)], "<> Home", Run, A::ScrubBackFar,
      Words::new("ten steps back / forward; Home: the start", "后退 / 前进十步；Home：回到开头"), None),
    b(&[k('z'), k('Z')], "z Z", Run, A::ZoomIn,
      Words::new("zoom in / out around the cursor", "以光标为中心放大 / 缩小"), Some(("z Z", Words::new("zoom", "缩放")))),
    b(&[k('f'), code(KeyCode::End)], "f End", Run, A::FollowLive,
      Words::new("follow live again", "重新跟随实时"), Some(("f", Words::new("follow", "跟随")))),
    b(&[code(KeyCode::PageDown), k(']'), code(KeyCode::PageUp), k('[')], "] [", Run, A::NextPage,
      Words::new("lesson: next / previous page (PgDn PgUp)", "讲解：下一页 / 上一页（PgDn PgUp）"), Some(("] [", Words::new("page", "翻页")))),
    b(&[k('J'), k('K'), k('g')], "J K g", Run, A::LanesDown,
      Words::new("lanes down / up (K at top: lesson's pick); g (un)fold", "时间线上下滚动（顶端再按 K：按讲解挑选）；g 折叠 / 展开"), None),
    b(&[k('c')], "c", Run, A::ToggleCode,
      Words::new("Python code / log (each actor at its line)", "Python 代码 / 日志（每个角色停在它的那一行）"), Some(("c", Words::new("code", "代码")))),
    b(&[k('x')], "x", Run, A::Explore,
      Words::new("explore every interleaving of this run, to replay one", "探索这次运行的每一种交错，可选一条重放"), None),
    b(&[code(KeyCode::Tab)], "Tab", Run, A::CyclePane,
      Words::new("show log / lesson / checks / …", "切换 日志 / 讲解 / 检查 / …"), Some(("Tab", Words::new("pane", "面板")))),
    b(&[code(KeyCode::Esc), k('q')], "q Esc", Run, A::Back,
      Words::new("stop the run, back to the list", "停止运行，返回列表"), Some(("q", Words::new("back", "返回")))),
    b(&[code(KeyCode::Up), k('k'), code(KeyCode::Down), k('j')], "↑↓ k j", Explorer, A::Up,
      Words::new("previous / next schedule", "上一条 / 下一条调度"), Some(("↑↓", Words::new("choose", "选择")))),
    b(&[code(KeyCode::Enter)], "Enter", Explorer, A::Open,
      Words::new("replay the chosen schedule (the run starts again)", "重放选中的调度（重新运行）"), Some(("Enter", Words::new("replay", "重放")))),
    b(&[k('w')], "w", Explorer, A::Filter,
      Words::new("challenge: only the winning schedules / all", "挑战：只看获胜的调度 / 全部"), None),
    b(&[k('x'), code(KeyCode::Esc), k('q')], "x Esc q", Explorer, A::Back,
      Words::new("close the panel, stop exploring", "关闭面板，停止探索"), Some(("x", Words::new("close", "关闭")))),
    b(&[k('l')], "l", Global, A::ToggleLang,
      Words::new("中文 / English", "English / 中文"), Some(("l", Words::new("中文", "English")))),
    b(&[k('?')], "?", Global, A::ToggleHelp,
      Words::new("show / hide this help", "显示 / 隐藏帮助"), Some(("?", Words::new("help", "帮助")))),
    b(&[Key { code: KeyCode::Char('c'), ctrl: true }], "Ctrl-C", Global, A::Quit,
      Words::new("quit at once (stops the run)", "立即退出（停止运行）"), None),
];

impl Key {
    fn matches(self, ev: &KeyEvent) -> bool {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let alt = ev.modifiers.contains(KeyModifiers::ALT);
        let code = match ev.code {
            KeyCode::Char(c) if self.ctrl => KeyCode::Char(c.to_ascii_lowercase()),
            other => other,
        };
        code == self.code && ctrl == self.ctrl && !alt
    }
}

/// The bindings that apply in `ctx`: its own, then the global ones.
pub fn bindings_for(ctx: Context) -> impl Iterator<Item = &'static Binding> {
    BINDINGS
        .iter()
        .filter(move |b| b.context == ctx || b.context == Global)
}

/// The action a key press means in `ctx`, if any; key releases mean nothing.
pub fn action_for(ev: &KeyEvent, ctx: Context) -> Option<Action> {
    if ev.kind == KeyEventKind::Release {
        return None;
    }
    bindings_for(ctx).find_map(|b| {
        let i = b.keys.iter().position(|k| k.matches(ev))?;
        Some(b.action.nth(i))
    })
}

#[cfg(test)]
#[path = "keymap_tests.rs"]
mod tests;
