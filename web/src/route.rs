//! Every page of the app as a value: links and `navigate` take a
//! [`Route`]'s [`href`](Route::href), and the section page is chosen by
//! [`Route::parse`], so a path is spelt in one place.

use crate::model::VisitKind;

/// A page, with what its URL carries. Ids are UUIDs and sections ASCII,
/// so nothing needs percent-encoding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Login,
    /// The user's own region.
    Home,
    /// Home under a name, for shared links.
    Households,
    Region(String),
    Household(String),
    Person(String),
    Verify,
    Worklist,
    /// The visit form for a household, with the kind and the person a
    /// work-list row fills in.
    Visit {
        household: String,
        kind: Option<VisitKind>,
        person: Option<String>,
    },
    Alerts,
    Admin,
    /// The token list, with `revoke` asking to confirm revoking one.
    Tokens {
        revoke: Option<String>,
    },
    Audit,
    Approvals,
    /// 台账上报: the reporting chain; which report and grid are open is in
    /// the query string, followed by the page.
    Reports,
    /// 随机抽查: the district's spot checks; the open round and item are
    /// in the query string.
    SpotChecks,
}

impl Route {
    /// The URL of the page: a path, and a query string where the route
    /// carries one.
    pub fn href(&self) -> String {
        let section = match self {
            Self::Login => "/login",
            Self::Home => "/",
            Self::Households => "/households",
            Self::Region(id) => return format!("/regions/{id}"),
            Self::Household(id) => return format!("/households/{id}"),
            Self::Person(id) => return format!("/people/{id}"),
            Self::Verify => "/verify",
            Self::Worklist => "/worklist",
            Self::Visit { household, kind, person } => {
                let mut url = format!("/visit/{household}");
                let params = [("kind", kind.map(VisitKind::as_api)), ("person", person.as_deref())];
                let mut sep = '?';
                for (key, value) in params {
                    if let Some(value) = value {
                        url.push_str(&format!("{sep}{key}={value}"));
                        sep = '&';
                    }
                }
                return url;
            }
            Self::Alerts => "/alerts",
            Self::Admin => "/admin",
            Self::Tokens { revoke: Some(id) } => return format!("/tokens?revoke={id}"),
            Self::Tokens { revoke: None } => "/tokens",
            Self::Audit => "/audit",
            Self::Approvals => "/approvals",
            Self::Reports => "/reports",
            Self::SpotChecks => "/spot-checks",
        };
        section.to_owned()
    }

    /// The page at `path` (`/:section/:id?`, a trailing slash ignored);
    /// `None` for a path the app has no page for. What the query string
    /// carries is left to the page, which follows it as it changes.
    pub fn parse(path: &str) -> Option<Self> {
        let trimmed = path.trim_start_matches('/').trim_end_matches('/');
        let mut parts = trimmed.split('/');
        let section = parts.next().unwrap_or_default();
        let id = parts.next().filter(|s| !s.is_empty()).map(str::to_owned);
        if parts.next().is_some() {
            return None;
        }
        Some(match (section, id) {
            ("", None) => Self::Home,
            ("login", None) => Self::Login,
            ("households", None) => Self::Households,
            ("regions", Some(id)) => Self::Region(id),
            ("households", Some(id)) => Self::Household(id),
            ("people", Some(id)) => Self::Person(id),
            ("verify", None) => Self::Verify,
            ("worklist", None) => Self::Worklist,
            ("visit", Some(household)) => Self::Visit { household, kind: None, person: None },
            ("alerts", None) => Self::Alerts,
            ("admin", None) => Self::Admin,
            ("tokens", None) => Self::Tokens { revoke: None },
            ("audit", None) => Self::Audit,
            ("approvals", None) => Self::Approvals,
            ("reports", None) => Self::Reports,
            ("spot-checks", None) => Self::SpotChecks,
            _ => return None,
        })
    }

    /// The id in the path, for pages that have one.
    pub fn id(&self) -> Option<&str> {
        match self {
            Self::Region(id) | Self::Household(id) | Self::Person(id) | Self::Visit { household: id, .. } => Some(id),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_only_route_reads_back_from_its_href() {
        let id = || "0190f3c2-aaaa-7bbb-8ccc-123456789abc".to_owned();
        let routes = [
            Route::Login,
            Route::Home,
            Route::Households,
            Route::Region(id()),
            Route::Household(id()),
            Route::Person(id()),
            Route::Verify,
            Route::Worklist,
            Route::Visit { household: id(), kind: None, person: None },
            Route::Alerts,
            Route::Admin,
            Route::Tokens { revoke: None },
            Route::Audit,
            Route::Approvals,
            Route::Reports,
            Route::SpotChecks,
        ];
        for route in routes {
            assert_eq!(Route::parse(&route.href()), Some(route.clone()), "{}", route.href());
        }
    }

    #[test]
    fn query_strings_carry_what_the_page_reads() {
        let visit = Route::Visit { household: "h".into(), kind: Some(VisitKind::CareVisit), person: Some("p".into()) };
        assert_eq!(visit.href(), "/visit/h?kind=CARE_VISIT&person=p");
        assert_eq!(
            Route::Visit { household: "h".into(), kind: None, person: Some("p".into()) }.href(),
            "/visit/h?person=p"
        );
        assert_eq!(Route::Tokens { revoke: Some("t".into()) }.href(), "/tokens?revoke=t");
    }

    #[test]
    fn paths_without_a_page_are_none() {
        assert_eq!(Route::parse("/households/42/extra"), None);
        assert_eq!(Route::parse("/verify/42"), None);
        assert_eq!(Route::parse("/regions"), None);
        assert_eq!(Route::parse("/nowhere"), None);
        assert_eq!(Route::parse("/households/"), Some(Route::Households));
        assert_eq!(Route::parse("/households//"), Some(Route::Households));
        assert_eq!(Route::parse(""), Some(Route::Home));
    }
}
