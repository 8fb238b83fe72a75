//! The Chinese words staff use for the registry's enumerations, as the
//! ledgers they keep spell them.

use entity::{EconomicStatus, MaritalStatus, Relation, ResidenceStatus, SelfCare, Sex};

pub fn sex(s: Sex) -> &'static str {
    match s {
        Sex::Male => "男",
        Sex::Female => "女",
    }
}

pub fn relation(r: Relation) -> &'static str {
    match r {
        Relation::Head => "户主",
        Relation::Spouse => "配偶",
        Relation::Child => "子女",
        Relation::Parent => "父母",
        Relation::Grandchild => "孙子女",
        Relation::Grandparent => "祖父母",
        Relation::Sibling => "兄弟姐妹",
        Relation::Other => "其他",
    }
}

pub fn residence(r: ResidenceStatus) -> &'static str {
    match r {
        ResidenceStatus::AtHome => "在家",
        ResidenceStatus::AwayWork => "外出务工",
        ResidenceStatus::AwayBusiness => "外出经商",
        ResidenceStatus::AwayOther => "其他外出",
        ResidenceStatus::Deceased => "已故",
        ResidenceStatus::MovedOut => "迁出",
    }
}

pub fn economic(e: EconomicStatus) -> &'static str {
    match e {
        EconomicStatus::Dibao => "低保",
        EconomicStatus::Tekun => "特困",
        EconomicStatus::General => "一般",
    }
}

pub fn self_care(s: SelfCare) -> &'static str {
    match s {
        SelfCare::Full => "完全自理",
        SelfCare::Partial => "部分自理",
        SelfCare::None => "不能自理",
    }
}

pub fn marital(m: MaritalStatus) -> &'static str {
    match m {
        MaritalStatus::Single => "未婚",
        MaritalStatus::Married => "已婚",
        MaritalStatus::Divorced => "离异",
        MaritalStatus::Widowed => "丧偶",
    }
}

pub fn yes_no(b: bool) -> &'static str {
    if b { "是" } else { "否" }
}
