//! The `Texts` table every language fills in, and the labels of enums and
//! errors derived from it.

use crate::api::{ApiError, ErrorCode, Message};
use crate::model::{EconomicStatus, MaritalStatus, RegionLevel, Relation, ResidenceStatus, Role, SelfCare, Sex};

/// The labels of one language.
pub struct Texts {
    pub switch_language: &'static str,
    pub app_title: &'static str,
    pub home: &'static str,
    pub loading: &'static str,
    pub not_found: &'static str,
    pub back_home: &'static str,
    pub hidden_value: &'static str,
    pub list_separator: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub unknown: &'static str,
    pub select_none: &'static str,
    pub number: fn(i64) -> String,

    pub login_heading: &'static str,
    pub username: &'static str,
    pub password: &'static str,
    pub login_submit: &'static str,
    pub login_pending: &'static str,
    pub login_missing_fields: &'static str,
    pub login_bad_credentials: &'static str,
    pub logout: &'static str,

    pub admin_heading: &'static str,
    pub admin_notice: &'static str,
    pub admin_no_personal_data: &'static str,

    pub breadcrumb_label: &'static str,
    pub towns_heading: &'static str,
    pub villages_heading: &'static str,
    pub village_households_heading: &'static str,
    pub grid_households_heading: &'static str,
    pub no_child_regions: &'static str,
    pub regions_total: fn(usize, i64, i64) -> String,
    pub col_name: &'static str,
    pub col_code: &'static str,
    pub col_kind: &'static str,
    pub col_households: &'static str,
    pub col_people: &'static str,
    pub kind_town: &'static str,
    pub kind_street: &'static str,
    pub kind_village: &'static str,
    pub kind_community: &'static str,
    pub filter_name: &'static str,
    pub filter_rural_only: &'static str,
    pub filter_all: &'static str,
    pub filter_apply: &'static str,
    pub filter_reset: &'static str,
    pub filters_label: &'static str,
    pub map_show_households: &'static str,

    pub households_total: fn(i64) -> String,
    pub households_empty: &'static str,
    pub no_match: &'static str,
    pub col_address: &'static str,
    pub col_region: &'static str,
    pub col_economic_status: &'static str,
    pub col_members: &'static str,
    pub col_member_count: &'static str,
    pub filter_address: &'static str,
    pub page_number: fn(usize) -> String,
    pub prev_page: &'static str,
    pub next_page: &'static str,
    pub page_size: &'static str,
    pub per_page: fn(u32) -> String,
    pub pager_label: &'static str,
    /// The whole filtered list from the server, not only the page.
    pub export_xlsx_all: &'static str,
    pub export_csv: &'static str,
    pub sort_by: fn(&str) -> String,
    pub csv_households: &'static str,
    pub csv_regions: &'static str,
    pub csv_members: &'static str,

    pub map_label: &'static str,
    pub zoom_in: &'static str,
    pub zoom_out: &'static str,
    pub zoom_fit: &'static str,
    pub map_help: &'static str,
    pub map_progress: fn(usize, i64) -> String,
    pub map_capped: fn(usize) -> String,
    pub map_no_location: &'static str,
    pub map_unlocated: fn(usize) -> String,
    pub bubble_title: fn(u32) -> String,
    pub area_title: fn(&str, i64) -> String,
    pub legend_label: &'static str,
    pub colour_by: &'static str,
    pub distance: fn(f64) -> String,

    pub household_heading: &'static str,
    pub field_address: &'static str,
    pub field_region: &'static str,
    pub field_location: &'static str,
    pub field_lat: &'static str,
    pub field_lng: &'static str,
    pub field_economic_status: &'static str,
    pub field_version: &'static str,
    pub field_created: &'static str,
    pub field_updated: &'static str,
    pub members_heading: &'static str,
    pub members_empty: &'static str,
    pub edit_household: &'static str,
    pub add_person: &'static str,
    pub save: &'static str,
    pub saving: &'static str,
    pub cancel: &'static str,
    pub saved: &'static str,
    pub conflict_notice: &'static str,
    pub reload: &'static str,
    pub fix_marked_fields: &'static str,
    pub not_a_number: &'static str,
    pub required: &'static str,

    pub person_heading: &'static str,
    pub field_name: &'static str,
    pub field_sex: &'static str,
    pub field_birth_date: &'static str,
    pub field_age: &'static str,
    pub field_id_number: &'static str,
    pub field_phone: &'static str,
    pub field_relation: &'static str,
    pub field_residence: &'static str,
    pub field_away_since: &'static str,
    pub field_away_outside_county: &'static str,
    pub field_guardianship_capable: &'static str,
    pub field_living_alone: &'static str,
    pub field_health: &'static str,
    pub field_disability: &'static str,
    pub field_self_care: &'static str,
    pub field_marital_status: &'static str,
    pub field_father: &'static str,
    pub field_mother: &'static str,
    pub field_spouse: &'static str,
    pub field_household: &'static str,
    pub masked_badge: &'static str,
    pub masked_title: &'static str,
    pub edit_person: &'static str,
    pub id_number_masked_hint: &'static str,
    pub age_years: fn(i32) -> String,

    pub role_grid: &'static str,
    pub role_village: &'static str,
    pub role_town: &'static str,
    pub role_district: &'static str,
    pub role_admin: &'static str,
    pub role_dashboard: &'static str,

    pub level_district: &'static str,
    pub level_town: &'static str,
    pub level_village: &'static str,
    pub level_grid: &'static str,

    pub economic_dibao: &'static str,
    pub economic_tekun: &'static str,
    pub economic_general: &'static str,

    pub sex_male: &'static str,
    pub sex_female: &'static str,
    pub relation_head: &'static str,
    pub relation_spouse: &'static str,
    pub relation_child: &'static str,
    pub relation_parent: &'static str,
    pub relation_grandchild: &'static str,
    pub relation_grandparent: &'static str,
    pub relation_sibling: &'static str,
    pub relation_other: &'static str,
    pub residence_at_home: &'static str,
    pub residence_away_work: &'static str,
    pub residence_away_business: &'static str,
    pub residence_away_other: &'static str,
    pub residence_deceased: &'static str,
    pub residence_moved_out: &'static str,
    pub self_care_full: &'static str,
    pub self_care_partial: &'static str,
    pub self_care_none: &'static str,
    pub marital_single: &'static str,
    pub marital_married: &'static str,
    pub marital_divorced: &'static str,
    pub marital_widowed: &'static str,

    pub err_session_expired: &'static str,
    pub err_forbidden: &'static str,
    pub err_not_found: &'static str,
    pub err_validation: &'static str,
    pub err_conflict: &'static str,
    pub err_rate_limited: &'static str,
    pub err_internal: &'static str,
    pub err_other: fn(&str) -> String,
    pub err_with_details: fn(&str, &str) -> String,
    pub err_network: &'static str,
    pub err_http: fn(u16) -> String,
    pub err_decode: &'static str,
    /// The template of a server message code, `None` for one unknown.
    pub message: fn(&str) -> Option<&'static str>,
    pub care: &'static super::CareTexts,
}

impl Texts {
    pub fn role(&self, role: Role) -> &'static str {
        match role {
            Role::Grid => self.role_grid,
            Role::Village => self.role_village,
            Role::Town => self.role_town,
            Role::District => self.role_district,
            Role::Admin => self.role_admin,
            Role::Dashboard => self.role_dashboard,
            Role::Unknown => self.unknown,
        }
    }

    pub fn region_level(&self, level: RegionLevel) -> &'static str {
        match level {
            RegionLevel::District => self.level_district,
            RegionLevel::Town => self.level_town,
            RegionLevel::Village => self.level_village,
            RegionLevel::Grid => self.level_grid,
            RegionLevel::Unknown => self.unknown,
        }
    }

    /// 镇 or 街道, 村 or 社区: what staff call a region of this level.
    pub fn region_kind(&self, level: RegionLevel, rural: Option<bool>) -> &'static str {
        match (level, rural) {
            (RegionLevel::Town, Some(true)) => self.kind_town,
            (RegionLevel::Town, Some(false)) => self.kind_street,
            (RegionLevel::Village, Some(true)) => self.kind_village,
            (RegionLevel::Village, Some(false)) => self.kind_community,
            (level, _) => self.region_level(level),
        }
    }

    pub fn economic_status(&self, status: EconomicStatus) -> &'static str {
        match status {
            EconomicStatus::Dibao => self.economic_dibao,
            EconomicStatus::Tekun => self.economic_tekun,
            EconomicStatus::General => self.economic_general,
            EconomicStatus::Unknown => self.unknown,
        }
    }

    pub fn sex(&self, sex: Sex) -> &'static str {
        match sex {
            Sex::Male => self.sex_male,
            Sex::Female => self.sex_female,
            Sex::Unknown => self.unknown,
        }
    }

    pub fn relation(&self, relation: Relation) -> &'static str {
        match relation {
            Relation::Head => self.relation_head,
            Relation::Spouse => self.relation_spouse,
            Relation::Child => self.relation_child,
            Relation::Parent => self.relation_parent,
            Relation::Grandchild => self.relation_grandchild,
            Relation::Grandparent => self.relation_grandparent,
            Relation::Sibling => self.relation_sibling,
            Relation::Other => self.relation_other,
            Relation::Unknown => self.unknown,
        }
    }

    pub fn residence(&self, status: ResidenceStatus) -> &'static str {
        match status {
            ResidenceStatus::AtHome => self.residence_at_home,
            ResidenceStatus::AwayWork => self.residence_away_work,
            ResidenceStatus::AwayBusiness => self.residence_away_business,
            ResidenceStatus::AwayOther => self.residence_away_other,
            ResidenceStatus::Deceased => self.residence_deceased,
            ResidenceStatus::MovedOut => self.residence_moved_out,
            ResidenceStatus::Unknown => self.unknown,
        }
    }

    pub fn self_care(&self, value: SelfCare) -> &'static str {
        match value {
            SelfCare::Full => self.self_care_full,
            SelfCare::Partial => self.self_care_partial,
            SelfCare::None => self.self_care_none,
            SelfCare::Unknown => self.unknown,
        }
    }

    pub fn marital(&self, value: MaritalStatus) -> &'static str {
        match value {
            MaritalStatus::Single => self.marital_single,
            MaritalStatus::Married => self.marital_married,
            MaritalStatus::Divorced => self.marital_divorced,
            MaritalStatus::Widowed => self.marital_widowed,
            MaritalStatus::Unknown => self.unknown,
        }
    }

    pub fn yes_no(&self, value: bool) -> &'static str {
        if value { self.yes } else { self.no }
    }

    /// What to tell the user about a failed request.
    pub fn error_message(&self, error: &ApiError) -> String {
        match error {
            ApiError::Graphql { code, .. } => code_with_fields(self, code, error),
            ApiError::Network => self.err_network.to_owned(),
            ApiError::Http(status) => (self.err_http)(*status),
            ApiError::Decode => self.err_decode.to_owned(),
        }
    }

    /// The message for a failed sign-in, where `UNAUTHENTICATED` means
    /// wrong credentials rather than an expired session.
    pub fn login_error_message(&self, error: &ApiError) -> String {
        if error.is_unauthenticated() { self.login_bad_credentials.to_owned() } else { self.error_message(error) }
    }

    /// A server message in this language, or `fallback` (the server's own
    /// Chinese text) for a code this bundle does not know.
    pub fn server_message(&self, message: &Message, fallback: &str) -> String {
        match (self.message)(&message.code) {
            Some(template) => super::messages::fill(template, &message.params),
            None => fallback.to_owned(),
        }
    }
}

fn code_with_fields(t: &Texts, code: &ErrorCode, error: &ApiError) -> String {
    let base = match code {
        ErrorCode::Unauthenticated => t.err_session_expired,
        ErrorCode::Forbidden => t.err_forbidden,
        ErrorCode::NotFound => t.err_not_found,
        ErrorCode::Validation => t.err_validation,
        ErrorCode::Conflict => match error.message() {
            Some(message) => return t.server_message(message, t.err_conflict),
            None => t.err_conflict,
        },
        ErrorCode::RateLimited => t.err_rate_limited,
        ErrorCode::Internal => t.err_internal,
        ErrorCode::Other(code) => return (t.err_other)(code),
    };
    let details = error.field_messages();
    if details.is_empty() {
        return base.to_owned();
    }
    let details: Vec<&str> = details.iter().map(|(_, message)| message.as_str()).collect();
    (t.err_with_details)(base, &details.join(t.list_separator))
}
