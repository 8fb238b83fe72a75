//! Labels of verification, visits and administration: a second table so
//! `Texts` stays readable. Enum labels are arrays in the enums' `ALL` order.

use crate::model::{AlertKind, CareLevel, Category, ClassificationStatus, DueReason, Need, VisitKind};

pub struct CareTexts {
    pub nav_label: &'static str,
    pub nav_verify: &'static str,
    pub nav_worklist: &'static str,
    pub nav_users: &'static str,
    pub nav_alerts: &'static str,
    pub nav_tokens: &'static str,
    pub nav_audit: &'static str,
    pub nav_approvals: &'static str,

    pub categories: [&'static str; 3],
    pub care_levels: [&'static str; 3],
    pub statuses: [&'static str; 4],
    pub visit_kinds: [&'static str; 5],
    pub needs: [&'static str; 7],
    pub due_reasons: [&'static str; 6],

    pub verify_heading: &'static str,
    pub queue_total: fn(i64) -> String,
    pub queue_empty: &'static str,
    pub reasons: &'static str,
    pub suggested_level: &'static str,
    pub care_reasons: &'static str,
    pub care_level: &'static str,
    pub category_label: &'static str,
    pub not_classified: &'static str,
    pub note: &'static str,
    pub confirm: &'static str,
    pub reject: &'static str,
    pub reject_reason: &'static str,
    pub reason_required: &'static str,
    pub cancel: &'static str,
    pub since: &'static str,
    pub until: &'static str,
    pub status: &'static str,

    pub classifications_heading: &'static str,
    pub no_classifications: &'static str,
    pub reveal_id: &'static str,
    pub reveal_reason: &'static str,
    pub reveal_submit: &'static str,
    pub revealed_note: &'static str,

    pub worklist_heading: &'static str,
    pub worklist_total: fn(i64, i64) -> String,
    pub worklist_empty: &'static str,
    pub col_household: &'static str,
    pub col_person: &'static str,
    pub col_kind: &'static str,
    pub col_reason: &'static str,
    pub col_due_at: &'static str,
    pub col_last_visit: &'static str,
    pub overdue: &'static str,
    pub record_visit: &'static str,

    pub visit_heading: &'static str,
    pub visited_at: &'static str,
    pub people_seen: &'static str,
    pub findings: &'static str,
    pub living: &'static str,
    pub safety: &'static str,
    pub health: &'static str,
    pub needs_label: &'static str,
    pub policies: &'static str,
    pub policy_add: &'static str,
    pub policy_remove: fn(&str) -> String,
    pub follow_up: &'static str,
    pub location: &'static str,
    pub use_location: &'static str,
    pub locating: &'static str,
    pub location_failed: &'static str,
    pub save: &'static str,
    pub saving: &'static str,
    pub back_to_worklist: &'static str,

    pub stats_heading: &'static str,
    pub swept_share: &'static str,
    pub overdue_care: &'static str,

    pub users_heading: &'static str,
    pub users_total: fn(i64) -> String,
    pub users_empty: &'static str,
    pub col_username: &'static str,
    pub col_display_name: &'static str,
    pub col_role: &'static str,
    pub col_region: &'static str,
    pub col_active: &'static str,
    pub create_user: &'static str,
    pub user_created: &'static str,
    pub user_created_pending: &'static str,
    /// Active, pending, refused, inactive (the API's `AccountStatus`).
    pub account_statuses: [&'static str; 4],
    /// The admin's changes awaiting approval, by `AccountChange` code.
    pub account_changes: &'static [(&'static str, &'static str)],
    pub approvals_heading: &'static str,
    pub approvals_intro: &'static str,
    pub approvals_total: fn(i64) -> String,
    pub approvals_empty: &'static str,
    pub pending_changes: &'static str,
    pub requested_by: &'static str,
    pub requested_at: &'static str,
    pub approve: &'static str,
    pub refuse: &'static str,
    pub refuse_reason: &'static str,

    pub alert_kinds: [&'static str; 2],
    pub alert_statuses: [&'static str; 2],
    pub alerts_heading: &'static str,
    pub alerts_intro: &'static str,
    pub alerts_total: fn(i64) -> String,
    pub alerts_empty: &'static str,
    pub alerts_all: &'static str,
    pub alert_status: &'static str,
    pub alert_reasons: &'static str,
    pub alert_raised_at: &'static str,
    pub alert_cleared_on: &'static str,
    pub alert_acknowledged_by: &'static str,
    pub alert_acknowledged_at: &'static str,
    pub alert_note: &'static str,
    pub alert_note_required: &'static str,
    pub alert_acknowledge: &'static str,
    pub alert_household: &'static str,
    pub name_with_age: fn(&str, i32) -> String,
    pub tokens_heading: &'static str,
    pub tokens_total: fn(i64) -> String,
    pub tokens_empty: &'static str,
    pub col_created_at: &'static str,
    pub col_expires_at: &'static str,
    pub col_revoked_at: &'static str,
    /// Active, expired, revoked.
    pub token_statuses: [&'static str; 3],
    pub create_token: &'static str,
    pub expiry_hint: &'static str,
    pub secret_heading: &'static str,
    pub secret_warning: &'static str,
    pub copy: &'static str,
    pub copied: &'static str,
    pub revoke: &'static str,
    pub revoke_confirm: fn(&str) -> String,
    pub token_revoked: &'static str,

    pub audit_heading: &'static str,
    pub audit_total: fn(i64) -> String,
    pub audit_empty: &'static str,
    pub col_at: &'static str,
    pub col_actor: &'static str,
    pub col_action: &'static str,
    pub col_action_label: &'static str,
    pub col_target: &'static str,
    pub col_outcome: &'static str,
    pub col_detail: &'static str,
    pub filter_actor: &'static str,
    pub filter_person: &'static str,
    pub date_from: &'static str,
    pub date_to: &'static str,
    /// The actor of entries without one: the system, anonymous logins.
    pub system_actor: &'static str,
    /// Labels of the common audit actions, by code.
    pub actions: &'static [(&'static str, &'static str)],
}

fn pick(labels: &[&'static str], index: Option<usize>) -> &'static str {
    index.and_then(|i| labels.get(i).copied()).unwrap_or("—")
}

impl CareTexts {
    pub fn category(&self, v: Category) -> &'static str {
        pick(&self.categories, v.index())
    }
    pub fn care_level(&self, v: CareLevel) -> &'static str {
        pick(&self.care_levels, v.index())
    }
    pub fn status(&self, v: ClassificationStatus) -> &'static str {
        pick(&self.statuses, v.index())
    }
    pub fn visit_kind(&self, v: VisitKind) -> &'static str {
        pick(&self.visit_kinds, v.index())
    }
    pub fn need(&self, v: Need) -> &'static str {
        pick(&self.needs, v.index())
    }
    pub fn due_reason(&self, v: DueReason) -> &'static str {
        pick(&self.due_reasons, v.index())
    }
    pub fn alert_kind(&self, v: AlertKind) -> &'static str {
        pick(&self.alert_kinds, v.index())
    }
    /// The label of an audit action, `""` for one without.
    pub fn action(&self, code: &str) -> &'static str {
        self.actions.iter().find(|(c, _)| *c == code).map_or("", |(_, label)| label)
    }
}
