//! Labels of the 未在本地登记的亲属 section of the person page, in their own
//! table like the reports' (`reports.rs`); chosen by the same locale.

use crate::model::KinRelation;

pub struct RelativeTexts {
    pub heading: &'static str,
    pub intro: &'static str,
    pub none: &'static str,
    pub add: &'static str,
    pub edit: &'static str,
    pub remove: &'static str,
    pub confirm_remove: &'static str,
    pub save: &'static str,
    pub saving: &'static str,
    pub cancel: &'static str,
    pub relation: &'static str,
    /// CHILD FATHER MOTHER.
    pub relations: [&'static str; 3],
    pub away_since: &'static str,
    pub away_since_hint: &'static str,
    pub at_home: &'static str,
    pub outside_county: &'static str,
    pub deceased: &'static str,
    pub guardianship_capable: &'static str,
    pub note: &'static str,
}

impl RelativeTexts {
    pub fn relation_label(&self, r: KinRelation) -> &'static str {
        r.index().and_then(|i| self.relations.get(i)).copied().unwrap_or("")
    }
}

const RELATIVES_ZH: RelativeTexts = RelativeTexts {
    heading: "未在本地登记的亲属",
    intro: "子女或父母不在本系统登记（如户口已迁往外地）时，在此填写其外出情况，主动发现规则据此判断。",
    none: "未填写",
    add: "添加亲属",
    edit: "修改",
    remove: "删除",
    confirm_remove: "确认删除该亲属？",
    save: "保存",
    saving: "保存中…",
    cancel: "取消",
    relation: "关系",
    relations: ["子女", "父亲", "母亲"],
    away_since: "外出时间",
    away_since_hint: "在家或已返乡请留空",
    at_home: "在家",
    outside_county: "在县外",
    deceased: "已故",
    guardianship_capable: "有监护能力",
    note: "备注",
};

const RELATIVES_EN: RelativeTexts = RelativeTexts {
    heading: "Relatives not registered here",
    intro: "For a child or parent who is not in this registry (e.g. registration moved away): the discovery rules read these facts.",
    none: "None recorded",
    add: "Add relative",
    edit: "Edit",
    remove: "Remove",
    confirm_remove: "Remove this relative?",
    save: "Save",
    saving: "Saving…",
    cancel: "Cancel",
    relation: "Relation",
    relations: ["Child", "Father", "Mother"],
    away_since: "Away since",
    away_since_hint: "Leave empty while at home or back home",
    at_home: "At home",
    outside_county: "Outside the county",
    deceased: "Deceased",
    guardianship_capable: "Capable of guardianship",
    note: "Note",
};

/// The labels in use.
pub fn relative_texts() -> &'static RelativeTexts {
    match super::locale() {
        super::Locale::ZhCn => &RELATIVES_ZH,
        super::Locale::En => &RELATIVES_EN,
    }
}
