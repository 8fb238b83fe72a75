//! The Chinese words staff use for the registry's enumerations, as the
//! ledgers they keep spell them.

use entity::{
    EconomicStatus, MaritalStatus, Need, Relation, ResidenceStatus, SelfCare, Sex, VisitKind,
    alert::{AlertKind, AlertStatus},
};

use crate::visits::schedule::Obligation;

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

/// As the ledgers (`reports::xlsx`) spell them.
pub fn visit_kind(k: VisitKind) -> &'static str {
    match k {
        VisitKind::MonthlySweep => "每月排查",
        VisitKind::QuarterlySweep => "季度排查",
        VisitKind::CareVisit => "探访",
        VisitKind::SpotCheck => "抽查",
        VisitKind::ReturnVisit => "回访",
    }
}

pub fn need(n: Need) -> &'static str {
    match n {
        Need::BasicLiving => "基本生活",
        Need::Medical => "医疗",
        Need::Education => "教育",
        Need::Guardianship => "监护",
        Need::Safety => "安全",
        Need::MentalHealth => "心理健康",
        Need::Housing => "住房",
    }
}

pub fn alert_kind(k: AlertKind) -> &'static str {
    match k {
        AlertKind::ChildLivingAlone => "儿童独居",
        AlertKind::GuardianIncapable => "监护缺失",
    }
}

pub fn alert_status(s: AlertStatus) -> &'static str {
    match s {
        AlertStatus::Open => "待处置",
        AlertStatus::Acknowledged => "已处置",
    }
}

/// Why a visit is owed, as the work list says it.
pub fn obligation(o: Obligation) -> &'static str {
    match o {
        Obligation::MonthlySweep => "每月入户排查",
        Obligation::QuarterlySweep => "每季度入户排查",
        Obligation::CareHigh => "高关爱等级探访",
        Obligation::CareKey => "重点关爱等级探访",
        Obligation::CareGeneral => "一般关爱等级探访",
        Obligation::Emergency => "紧急情况回访",
    }
}
