//! Labels of the 台账上报 page, in their own table so the page stays one
//! file to wire in; chosen by the same locale as `Texts`.

pub struct ReportTexts {
    pub nav: &'static str,
    pub heading: &'static str,
    pub intro_village: &'static str,
    pub intro_town: &'static str,
    pub intro_district: &'static str,
    pub intro_grid: &'static str,
    pub region_col: &'static str,
    /// MISSING DRAFT SUBMITTED ACCEPTED RETURNED.
    pub statuses: [(&'static str, &'static str); 5],
    pub late: &'static str,
    pub late_total: fn(u64) -> String,
    /// NEW ENDED CHANGED UNCHANGED.
    pub changes: [(&'static str, &'static str); 4],
    pub categories: [(&'static str, &'static str); 3],
    pub care_levels: [(&'static str, &'static str); 3],
    pub undecided: &'static str,
    pub prepare: fn(&str) -> String,
    pub ledgers: &'static str,
    pub no_ledgers: &'static str,
    pub version: fn(i64) -> String,
    pub deadline: &'static str,
    pub submitted_at: &'static str,
    pub decision_note: &'static str,
    pub gap_reason: &'static str,
    pub gap_hint: &'static str,
    pub totals: fn(u64, u64, u64, u64, u64, u64) -> String,
    pub columns: [&'static str; 10],
    pub more_rows: fn(u64) -> String,
    pub submit: &'static str,
    pub accept: &'static str,
    pub give_back: &'static str,
    pub return_reason: &'static str,
    pub reason_required: &'static str,
    pub download: &'static str,
    pub close: &'static str,
    pub male: &'static str,
    pub female: &'static str,
}

pub static REPORTS_ZH: ReportTexts = ReportTexts {
    nav: "台账上报",
    heading: "台账上报",
    intro_village: "每月生成本村月报（名单冻结为快照，变动相对上次已接收的报告标出），核对后提交镇街。",
    intro_town: "各村居按月上报情况；打开已上报的月报接收或退回。每季度生成本镇信息台账提交区民政局。",
    intro_district: "各镇街按季度上报信息台账的情况；打开台账接收或退回，可下载XLSX。",
    intro_grid: "本村居的月报上报情况。",
    region_col: "地区",
    statuses: [
        ("MISSING", "未报"),
        ("DRAFT", "草稿"),
        ("SUBMITTED", "已上报"),
        ("ACCEPTED", "已接收"),
        ("RETURNED", "已退回"),
    ],
    late: "逾期",
    late_total: |n| format!("逾期 {n} 份"),
    changes: [("NEW", "新增"), ("ENDED", "退出"), ("CHANGED", "变更"), ("UNCHANGED", "无变化")],
    categories: [
        ("LEFT_BEHIND_CHILD", "留守儿童"),
        ("LEFT_BEHIND_ELDERLY", "留守老年人"),
        ("LEFT_BEHIND_WOMAN", "留守妇女"),
    ],
    care_levels: [("HIGH", "高"), ("KEY", "重点"), ("GENERAL", "一般")],
    undecided: "待认定",
    prepare: |p| format!("生成 {p} 报告"),
    ledgers: "本镇季度台账",
    no_ledgers: "尚无季度台账",
    version: |n| format!("第{n}版"),
    deadline: "截止",
    submitted_at: "上报时间",
    decision_note: "审核意见",
    gap_reason: "缺报说明",
    gap_hint: "有村居月报缺报或被退回时必填",
    totals: |people, new, ended, changed, households, swept| {
        format!(
            "在册 {people} 人 · 新增 {new} · 退出 {ended} · 变更 {changed} · 户数 {households} · 本期已排查 {swept} 户"
        )
    },
    columns: ["序号", "村居", "姓名", "性别", "出生日期", "身份证号(脱敏)", "类别", "关爱等级", "最近走访", "变动情况"],
    more_rows: |n| format!("共 {n} 行，此处显示前100行；完整名单请下载XLSX"),
    submit: "提交上报",
    accept: "接收",
    give_back: "退回",
    return_reason: "退回原因",
    reason_required: "请填写原因",
    download: "下载XLSX",
    close: "关闭",
    male: "男",
    female: "女",
};

pub static REPORTS_EN: ReportTexts = ReportTexts {
    nav: "Reports",
    heading: "Reports and ledgers",
    intro_village: "Prepare the village's monthly report (a frozen list, changes marked against the last accepted report), check it and submit it to the town.",
    intro_town: "Villages' monthly reports by month; open a submitted one to accept or return it. Each quarter, prepare the town's ledger and submit it to the district.",
    intro_district: "Towns' quarterly ledgers by quarter; open one to accept or return it, or download it as XLSX.",
    intro_grid: "The village's monthly reports.",
    region_col: "Region",
    statuses: [
        ("MISSING", "Missing"),
        ("DRAFT", "Draft"),
        ("SUBMITTED", "Submitted"),
        ("ACCEPTED", "Accepted"),
        ("RETURNED", "Returned"),
    ],
    late: "Late",
    late_total: |n| format!("{n} late"),
    changes: [("NEW", "New"), ("ENDED", "Ended"), ("CHANGED", "Changed"), ("UNCHANGED", "Unchanged")],
    categories: [("LEFT_BEHIND_CHILD", "Child"), ("LEFT_BEHIND_ELDERLY", "Elderly"), ("LEFT_BEHIND_WOMAN", "Woman")],
    care_levels: [("HIGH", "High"), ("KEY", "Key"), ("GENERAL", "General")],
    undecided: "Undecided",
    prepare: |p| format!("Prepare the report of {p}"),
    ledgers: "The town's quarterly ledgers",
    no_ledgers: "No quarterly ledger yet",
    version: |n| format!("version {n}"),
    deadline: "Due",
    submitted_at: "Submitted",
    decision_note: "Decision",
    gap_reason: "Reason for missing reports",
    gap_hint: "Required when a village report is missing or returned",
    totals: |people, new, ended, changed, households, swept| {
        format!(
            "{people} listed · {new} new · {ended} ended · {changed} changed · {households} households · {swept} swept"
        )
    },
    columns: [
        "No.",
        "Village",
        "Name",
        "Sex",
        "Born",
        "ID number (masked)",
        "Categories",
        "Care level",
        "Last visit",
        "Change",
    ],
    more_rows: |n| format!("{n} rows; the first 100 are shown here, download the XLSX for all"),
    submit: "Submit",
    accept: "Accept",
    give_back: "Return",
    return_reason: "Reason for returning",
    reason_required: "Please give a reason",
    download: "Download XLSX",
    close: "Close",
    male: "M",
    female: "F",
};

/// The labels in use.
pub fn report_texts() -> &'static ReportTexts {
    match super::locale() {
        super::Locale::ZhCn => &REPORTS_ZH,
        super::Locale::En => &REPORTS_EN,
    }
}

/// The label of a code from one of the tables above, the code itself if unknown.
pub fn label<'a>(table: &[(&'static str, &'static str)], code: &'a str) -> &'a str {
    table.iter().find(|(k, _)| *k == code).map_or(code, |(_, l)| l)
}
