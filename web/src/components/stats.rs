//! 统计: the figures of the caller's region and of each child region, for
//! VILLAGE (its grids), TOWN and DISTRICT homes. Read-only, so drawn as
//! escaped markup.

use leptos::prelude::*;

use crate::api;
use crate::components::{facts_html, loaded, markup};
use crate::i18n::texts;
use crate::model::{Category, Figures, Stats};
use crate::remote::Remote;
use crate::session::Auth;

/// The figures of `region_id`, or of the caller's own region without one.
#[component]
pub fn StatsPanel(auth: Auth, #[prop(optional)] region_id: Option<String>) -> impl IntoView {
    let c = texts().care;
    let source = Memo::new(move |_| region_id.clone());
    let stats =
        Remote::new(
            source,
            move |region_id| async move { auth.check(api::care::stats(auth.token(), region_id).await) },
        );
    let body = loaded(stats.state, |s| {
        let (facts, table) = render(&s);
        view! {
            <dl class="facts" inner_html=facts></dl>
            <div class="table-wrap"><table class="data stats" inner_html=table></table></div>
        }
    });
    view! {
        <section class="stats">
            <h2>{c.stats_heading}</h2>
            {body}
        </section>
    }
}

fn count(n: Option<i64>) -> String {
    n.map_or_else(|| texts().hidden_value.to_owned(), texts().number)
}

fn share(s: Option<f64>) -> String {
    s.map_or_else(|| texts().hidden_value.to_owned(), |s| format!("{}%", markup::decimal(s * 100.0, 0)))
}

fn by_category(f: &Figures, category: Category) -> String {
    count(f.by_category.iter().find(|c| c.category == category).and_then(|c| c.count))
}

fn row(f: &Figures) -> Vec<String> {
    let mut cells = vec![count(f.households), count(f.people)];
    cells.extend(Category::ALL.iter().map(|&k| by_category(f, k)));
    cells.push(share(f.swept_this_month_share));
    cells.push(count(f.overdue_care_visits));
    cells
}

fn render(s: &Stats) -> (String, String) {
    let t = texts();
    let c = t.care;
    let mut labels = vec![t.col_households, t.col_people];
    labels.extend(c.categories);
    labels.extend([c.swept_share, c.overdue_care]);
    let facts: Vec<(&str, String)> = labels.iter().copied().zip(row(&s.totals)).collect();
    let mut table = String::from("<thead><tr>");
    markup::element(&mut table, "th", &[], t.col_name);
    for l in &labels {
        markup::element(&mut table, "th", &[], l);
    }
    table.push_str("</tr></thead><tbody>");
    for child in &s.children {
        table.push_str("<tr>");
        markup::element(&mut table, "td", &[("data-label", t.col_name)], &child.region.name);
        for (l, v) in labels.iter().zip(row(&child.figures)) {
            markup::element(&mut table, "td", &[("data-label", l), ("class", "num")], &v);
        }
        table.push_str("</tr>");
    }
    table.push_str("</tbody>");
    (facts_html(&facts), table)
}
