//! An answer's tools: its diff, its logs and the agent's activity, as tabs beside the answer on
//! a wide screen and under it on a phone. The tab chosen is in the page's address (`?tab=`);
//! a request to see a turn's logs (a terminal citation, "Open the logs", the `l` key) opens
//! its Logs tab at the cited lines.

use super::address::ToolTab;
use super::diff_view::DiffView;
use super::logs::LogsView;
use super::use_task;
use crate::citations::Lines;
use leptos::html::Section;
use leptos::prelude::*;

#[component]
pub fn TurnTools(
    turn_id: String,
    /// The answer's diff, if it changed anything (a running turn's grows as it works).
    #[prop(into)]
    diff: Signal<Option<String>>,
    /// What the agent did (the work log), rendered when its tab is shown.
    activity: ViewFn,
) -> impl IntoView {
    let context = use_task();
    // Without a tab in the address an answer opens on its changes, or on what the agent did
    // when it changed nothing (yet).
    let fallback = if diff.with_untracked(Option::is_some) { ToolTab::Diff } else { ToolTab::Activity };
    let shown = Memo::new(move |_| context.address.tab.get().unwrap_or(fallback));
    let highlight = RwSignal::new(None::<Lines>);
    let tools = NodeRef::<Section>::new();
    // Logs asked for this turn: open the tab at the lines, and bring it into view.
    let own_id = turn_id.clone();
    Effect::new(move |_| {
        let Some((wanted, lines)) = context.logs_for.get() else { return };
        if wanted != own_id {
            return;
        }
        context.logs_for.set(None);
        highlight.set(lines);
        context.address.choose_tab(ToolTab::Logs);
        if let Some(tools) = tools.get_untracked() {
            tools.scroll_into_view();
        }
    });
    let tabs = ToolTab::ALL.map(|tab| {
        view! {
            <button
                role="tab"
                class="tool-tab"
                aria-selected=move || (shown.get() == tab).to_string()
                tabindex=move || if shown.get() == tab { "0" } else { "-1" }
                on:click=move |_| context.address.choose_tab(tab)
            >
                {tab.label()}
            </button>
        }
    });
    // On the page's first build each answer's panel comes in a task of its own, after the
    // answers, in the page's order: built with them, a task's page opened by its address had a
    // main-thread task of 54–64 ms (its first diff parsed and drawn, and V8 compiling that code
    // on first call, on top of the answers), and a task of 16 answers built its 16 diffs in one
    // task of 80–120 ms. Later builds (another attempt, a turn's end) build it at once: an
    // empty panel between two tasks could be painted, a flash of the panel going away.
    //
    // Each panel waits on a signal of its own: every panel once waited on the page's, which
    // each answer's task set again (a signal notifies even when set to the value it has), so
    // every panel was rebuilt once for every answer: 16 answers, their 16 diffs built 16 times
    // over, for a second and a half.
    let ready = RwSignal::new(context.tools_ready.get_value());
    if !ready.get_untracked() {
        crate::browser::tasks::queue_task(move || {
            ready.try_set(true);
            context.tools_ready.try_set_value(true);
        });
    }
    let panel = move || match shown.get() {
        ToolTab::Diff => (move || match diff.get() {
            Some(diff) => view! { <DiffView diff=diff side_by_side=context.split_diffs /> }.into_any(),
            None => view! { <p class="muted tool-empty">"No changes to files."</p> }.into_any(),
        })
        .into_any(),
        ToolTab::Logs => {
            let turn_id = turn_id.clone();
            (move || view! { <LogsView turn_id=turn_id.clone() highlight=highlight.get() /> }).into_any()
        }
        ToolTab::Activity => activity.run(),
    };
    view! {
        <section class="turn-tools" aria-label="Diff, logs and activity" node_ref=tools>
            <div
                class="tool-tabs"
                role="tablist"
                aria-label="Show"
                on:keydown=crate::components::tabs::on_tablist_keydown
            >
                {tabs}
            </div>
            <div class="tool-panel" role="tabpanel" aria-label=move || shown.get().label()>
                {move || ready.get().then(panel.clone())}
            </div>
        </section>
    }
}
