//! The usage page's detail (endpoints the official clients call beyond the endpoint table):
//! use per day as a bar chart, credit spending as a list, and what the account still needs
//! before cloud tasks run.

use crate::api::use_api;
use crate::components::load_states::{Empty, Loaded};
use crate::components::relative_time::RelativeTime;
use leptos::prelude::*;
use wham_api::models::{ConfigRequirements, CreditUsageEvents, DailyUsage, DailyUsageBreakdown};
use wham_model::time_text::seconds;

/// Chart geometry, in the SVG's own units (it scales to the page's width).
const BAR_WIDTH: f64 = 20.0;
const BAR_GAP: f64 = 6.0;
const CHART_HEIGHT: f64 = 100.0;

#[component]
pub fn UsageDetail() -> impl IntoView {
    let api = use_api();
    let daily = LocalResource::new(move || {
        api.usage_changed.track();
        crate::api::account::daily_usage(api)
    });
    let credits = LocalResource::new(move || crate::api::account::credit_events(api));
    let requirements = LocalResource::new(move || crate::api::account::requirements(api));
    view! {
        <h2>"Per day"</h2>
        <Loaded resource=daily loading="Loading use per day…" view=|days| view! { <DailyChart days=days /> } />
        <h2>"Credit spending"</h2>
        <Loaded
            resource=credits
            loading="Loading credit spending…"
            view=|events| view! { <CreditList events=events /> }
        />
        <h2>"Before tasks can run"</h2>
        <Loaded
            resource=requirements
            loading="Loading requirements…"
            view=|found| view! { <RequirementList found=found /> }
        />
    }
}

/// What a day's bar measures: tokens when the service counts them, else tasks.
fn measure(day: &DailyUsage) -> f64 {
    day.tokens.or(day.tasks).filter(|value| value.is_finite() && *value >= 0.0).unwrap_or(0.0)
}

#[component]
fn DailyChart(days: DailyUsageBreakdown) -> impl IntoView {
    let days = days.data;
    if days.is_empty() {
        return view! { <Empty title="No use recorded yet" /> }.into_any();
    }
    let unit = if days.iter().any(|day| day.tokens.is_some()) { "tokens" } else { "tasks" };
    let highest = days.iter().map(measure).fold(0.0, f64::max);
    let total: f64 = days.iter().map(measure).sum();
    let first = days.first().and_then(|day| day.date.clone()).unwrap_or_default();
    let last = days.last().and_then(|day| day.date.clone()).unwrap_or_default();
    if total <= 0.0 {
        // A chart of flat lines would be an empty box with a caption of zeros.
        let idle = format!("{first} – {last}: no {unit} in these {} days.", days.len());
        return view! { <p class="muted">{idle}</p> }.into_any();
    }
    let width = days.len() as f64 * (BAR_WIDTH + BAR_GAP);
    let summary = format!("{total:.0} {unit} over {} days; the busiest day {highest:.0}", days.len());
    let bars = days
        .iter()
        .enumerate()
        .map(|(index, day)| {
            let value = measure(day);
            // Never zero high, so an idle day still shows where it is.
            let height = if highest > 0.0 { (value / highest * (CHART_HEIGHT - 2.0)).max(1.0) } else { 1.0 };
            let date = day.date.clone().unwrap_or_default();
            view! {
                <rect
                    class="usage-day"
                    x=(index as f64 * (BAR_WIDTH + BAR_GAP)).to_string()
                    y=(CHART_HEIGHT - height).to_string()
                    width=BAR_WIDTH.to_string()
                    height=height.to_string()
                >
                    <title>{format!("{date}: {value:.0} {unit}")}</title>
                </rect>
            }
        })
        .collect_view();
    view! {
        <figure class="usage-chart">
            <svg viewBox=format!("0 0 {width} {CHART_HEIGHT}") role="img" aria-label=summary.clone()>
                {bars}
            </svg>
            <figcaption class="muted">{format!("{first} – {last}: {summary}")}</figcaption>
        </figure>
    }
    .into_any()
}

#[component]
fn CreditList(events: CreditUsageEvents) -> impl IntoView {
    if events.events.is_empty() {
        return view! { <p class="muted">"No credits spent."</p> }.into_any();
    }
    view! {
        <ul class="plain credit-events">
            {events
                .events
                .into_iter()
                .map(|event| {
                    let amount = event.amount.filter(|amount| amount.is_finite()).map(|amount| format!("{amount}"));
                    view! {
                        <li>
                            <RelativeTime seconds=seconds(event.created_at.as_ref()) />
                            " · "
                            {event.description.unwrap_or_else(|| "Credits used".into())}
                            " · "
                            {amount.unwrap_or_else(|| "—".into())}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn RequirementList(found: ConfigRequirements) -> impl IntoView {
    if found.requirements.is_empty() {
        return view! { <p class="muted">"Nothing more is needed."</p> }.into_any();
    }
    view! {
        <ul class="plain requirements">
            {found
                .requirements
                .into_iter()
                .map(|requirement| {
                    let done = requirement.satisfied == Some(true);
                    let text = requirement.description.or(requirement.id).unwrap_or_default();
                    view! {
                        <li class=if done {
                            "requirement done"
                        } else {
                            "requirement missing"
                        }>{if done { "✓ " } else { "✗ " }} {text} {if done { "" } else { " (needed)" }}</li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}
