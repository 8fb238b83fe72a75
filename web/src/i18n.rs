//! Every label the user sees, Simplified Chinese first, English second.
//!
//! One `Texts` value per language: a label missing from either one is a
//! compile error, not a blank on screen.

use crate::api::{ApiError, ErrorCode};
use crate::model::{EconomicStatus, RegionLevel, Role};

/// The labels of one language.
pub struct Texts {
    pub app_title: &'static str,
    pub loading: &'static str,
    pub not_found: &'static str,
    pub back_home: &'static str,

    pub login_heading: &'static str,
    pub username: &'static str,
    pub password: &'static str,
    pub login_submit: &'static str,
    pub login_pending: &'static str,
    pub login_missing_fields: &'static str,
    pub login_bad_credentials: &'static str,
    pub logout: &'static str,

    pub regions_heading: &'static str,
    pub breadcrumb_label: &'static str,
    pub breadcrumb_root: &'static str,
    pub no_child_regions: &'static str,

    pub households_heading: &'static str,
    pub households_total: fn(i64) -> String,
    pub households_empty: &'static str,
    pub col_address: &'static str,
    pub col_region: &'static str,
    pub col_economic_status: &'static str,
    pub col_members: &'static str,
    pub hidden_value: &'static str,
    pub list_separator: &'static str,
    pub page_number: fn(usize) -> String,
    pub prev_page: &'static str,
    pub next_page: &'static str,

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

    pub unknown: &'static str,
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
}

pub static ZH_CN: Texts = Texts {
    app_title: "留守关爱主动发现平台",
    loading: "加载中…",
    not_found: "页面不存在",
    back_home: "返回首页",

    login_heading: "登录",
    username: "用户名",
    password: "密码",
    login_submit: "登录",
    login_pending: "登录中…",
    login_missing_fields: "请输入用户名和密码",
    login_bad_credentials: "用户名或密码错误",
    logout: "退出登录",

    regions_heading: "区域",
    breadcrumb_label: "当前位置",
    breadcrumb_root: "全部辖区",
    no_child_regions: "没有下级区域",

    households_heading: "住户",
    households_total: |n| format!("共 {n} 户"),
    households_empty: "暂无住户",
    col_address: "地址",
    col_region: "所属区域",
    col_economic_status: "经济状况",
    col_members: "家庭成员",
    hidden_value: "—",
    list_separator: "、",
    page_number: |n| format!("第 {n} 页"),
    prev_page: "上一页",
    next_page: "下一页",

    role_grid: "网格员",
    role_village: "村(居)两委",
    role_town: "镇(街)民政干部",
    role_district: "区民政局",
    role_admin: "系统管理员",
    role_dashboard: "数据看板",

    level_district: "区",
    level_town: "镇(街)",
    level_village: "村(居)",
    level_grid: "网格",

    economic_dibao: "低保",
    economic_tekun: "特困",
    economic_general: "一般",

    unknown: "未知",
    err_session_expired: "登录已过期，请重新登录",
    err_forbidden: "没有权限执行此操作",
    err_not_found: "记录不存在或不在辖区内",
    err_validation: "输入有误",
    err_conflict: "数据已被他人修改，请刷新后重试",
    err_rate_limited: "尝试次数过多，请稍后再试",
    err_internal: "服务器内部错误，请稍后再试",
    err_other: |code| format!("请求失败（{code}）"),
    err_with_details: |message, details| format!("{message}：{details}"),
    err_network: "无法连接服务器，请检查网络",
    err_http: |status| format!("服务器暂时不可用（HTTP {status}）"),
    err_decode: "服务器返回的数据无法识别，请刷新页面",
};

#[expect(dead_code, reason = "kept complete for the language switch; see `texts()`")]
pub static EN: Texts = Texts {
    app_title: "Left-behind Care Discovery Platform",
    loading: "Loading…",
    not_found: "Page not found",
    back_home: "Back to home",

    login_heading: "Sign in",
    username: "Username",
    password: "Password",
    login_submit: "Sign in",
    login_pending: "Signing in…",
    login_missing_fields: "Enter your username and password",
    login_bad_credentials: "Wrong username or password",
    logout: "Sign out",

    regions_heading: "Regions",
    breadcrumb_label: "You are here",
    breadcrumb_root: "All my regions",
    no_child_regions: "No subregions",

    households_heading: "Households",
    households_total: |n| format!("{n} households"),
    households_empty: "No households",
    col_address: "Address",
    col_region: "Region",
    col_economic_status: "Economic status",
    col_members: "Members",
    hidden_value: "—",
    list_separator: ", ",
    page_number: |n| format!("Page {n}"),
    prev_page: "Previous",
    next_page: "Next",

    role_grid: "Grid worker",
    role_village: "Village committee",
    role_town: "Town civil affairs officer",
    role_district: "District civil affairs bureau",
    role_admin: "System administrator",
    role_dashboard: "Dashboard",

    level_district: "District",
    level_town: "Town",
    level_village: "Village",
    level_grid: "Grid",

    economic_dibao: "Minimum living allowance",
    economic_tekun: "Extreme poverty support",
    economic_general: "General",

    unknown: "Unknown",
    err_session_expired: "Your session has expired; please sign in again",
    err_forbidden: "You are not allowed to do this",
    err_not_found: "Not found, or outside your jurisdiction",
    err_validation: "Invalid input",
    err_conflict: "Someone else changed this record; reload and try again",
    err_rate_limited: "Too many attempts; please try again later",
    err_internal: "Server error; please try again later",
    err_other: |code| format!("Request failed ({code})"),
    err_with_details: |message, details| format!("{message}: {details}"),
    err_network: "Cannot reach the server; check your connection",
    err_http: |status| format!("Server unavailable (HTTP {status})"),
    err_decode: "Unexpected answer from the server; please reload",
};

/// The labels in use. Chinese only for now; `EN` is kept complete so a
/// language switch is a change here, not a hunt through the components.
pub fn texts() -> &'static Texts {
    &ZH_CN
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

    pub fn economic_status(&self, status: EconomicStatus) -> &'static str {
        match status {
            EconomicStatus::Dibao => self.economic_dibao,
            EconomicStatus::Tekun => self.economic_tekun,
            EconomicStatus::General => self.economic_general,
            EconomicStatus::Unknown => self.unknown,
        }
    }

    /// What to tell the user about a failed request.
    pub fn error_message(&self, error: &ApiError) -> String {
        match error {
            ApiError::Graphql { code, fields } => code_with_fields(self, code, fields),
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
}

fn code_with_fields(t: &Texts, code: &ErrorCode, fields: &[(String, String)]) -> String {
    let base = match code {
        ErrorCode::Unauthenticated => t.err_session_expired,
        ErrorCode::Forbidden => t.err_forbidden,
        ErrorCode::NotFound => t.err_not_found,
        ErrorCode::Validation => t.err_validation,
        ErrorCode::Conflict => t.err_conflict,
        ErrorCode::RateLimited => t.err_rate_limited,
        ErrorCode::Internal => t.err_internal,
        ErrorCode::Other(code) => return (t.err_other)(code),
    };
    if fields.is_empty() {
        return base.to_owned();
    }
    let details: Vec<&str> = fields.iter().map(|(_, message)| message.as_str()).collect();
    (t.err_with_details)(base, &details.join(t.list_separator))
}
