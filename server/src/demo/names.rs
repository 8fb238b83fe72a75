//! Chinese personal names, health conditions and phone prefixes: the
//! vocabulary that makes synthetic records read like a village ledger.

use entity::Sex;
use rand::Rng;
use rand::rngs::StdRng;

/// Roughly in order of frequency; [`surname`] favours the front.
const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林",
    "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于",
    "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆",
    "汪", "范", "金", "石", "廖", "贾", "夏", "付", "方", "白", "邹", "孟", "秦", "邱", "尹", "薛", "闫", "段", "侯",
    "史", "贺", "顾", "毛", "郝", "邵", "万", "钱", "严", "武", "戴", "孔", "窦", "翟",
];

// Given names follow the fashions of the decade of birth.
const MALE_OLD: &[&str] = &[
    "建国", "国强", "福生", "德胜", "树林", "振华", "永祥", "长海", "宝山", "金贵", "庆祥", "春生", "广田", "洪亮",
    "文华", "国庆", "志刚", "玉林", "富贵", "满仓", "德海", "凤山", "殿元", "景春", "连生",
];
const MALE_MID: &[&str] = &[
    "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "鹏", "辉", "刚", "峰", "波", "亮", "海涛", "建华",
    "志强", "立新", "春雷", "红军", "学军", "宏伟", "俊峰", "海龙",
];
const MALE_YOUNG: &[&str] = &[
    "浩然", "子轩", "宇轩", "俊杰", "浩宇", "子豪", "博文", "天佑", "皓轩", "泽宇", "一鸣", "睿", "宇", "轩", "梓豪",
    "明哲", "嘉乐", "思源", "铭泽", "沐阳",
];
const FEMALE_OLD: &[&str] = &[
    "秀英", "桂英", "秀兰", "玉兰", "桂兰", "淑珍", "凤英", "玉珍", "秀珍", "淑英", "素芬", "桂芝", "翠花", "玉梅",
    "凤兰", "秀云", "玉芬", "淑兰", "春兰", "桂香",
];
const FEMALE_MID: &[&str] = &[
    "丽", "敏", "静", "艳", "芳", "娟", "霞", "燕", "红", "丽娜", "海燕", "春燕", "晓红", "玉洁", "雪梅", "丽华",
    "秀娟", "美玲", "彩霞", "晓燕", "慧",
];
const FEMALE_YOUNG: &[&str] = &[
    "梓涵", "欣怡", "子涵", "诗涵", "雨涵", "一诺", "梦瑶", "可馨", "思琪", "佳怡", "雨桐", "若汐", "语嫣", "紫萱",
    "欣妍", "婉清", "梓萱", "安琪",
];

/// Chronic conditions common among rural elderly people.
pub(super) const CHRONIC: &[&str] = &[
    "高血压",
    "糖尿病",
    "冠心病",
    "慢性支气管炎",
    "脑梗后遗症",
    "类风湿关节炎",
    "白内障",
    "高血压、糖尿病",
    "慢性阻塞性肺病",
    "腰椎间盘突出",
];
/// Illness serious enough that the person cannot act as a guardian.
pub(super) const SERIOUS: &[&str] =
    &["重病（尿毒症，长期透析）", "重病（恶性肿瘤）", "重病（脑出血后遗症，卧床）", "重病（重度抑郁）"];
pub(super) const DEMENTIA: &str = "阿尔茨海默病";
/// Notes on a child whose registration moved away.
pub(super) const MOVED_AWAY: &[&str] =
    &["户口已迁至天津市区", "户口随配偶迁至北京", "在上海务工多年，户口已迁出", "户口迁至河北沧州"];
/// Disabilities as written on the 残疾人证.
pub(super) const DISABILITIES: &[&str] =
    &["肢体残疾二级", "肢体残疾三级", "视力残疾二级", "听力残疾三级", "智力残疾三级", "言语残疾四级"];
/// Disabilities severe enough to remove guardianship capacity.
pub(super) const SEVERE_DISABILITIES: &[&str] = &["肢体残疾一级", "精神残疾一级", "智力残疾一级"];

/// Mainland mobile prefixes of the three carriers.
const PHONE_PREFIXES: &[&str] = &[
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155", "156", "157",
    "158", "159", "166", "177", "180", "181", "182", "183", "185", "186", "187", "188", "189", "191", "198", "199",
];

/// Uniform choice; the tables above are never empty.
pub(super) fn pick<T: Copy>(rng: &mut StdRng, items: &[T]) -> T {
    items[rng.random_range(0..items.len())]
}

/// A surname, common ones more often (squaring a uniform draw skews it to
/// the front of the list).
pub(super) fn surname(rng: &mut StdRng) -> &'static str {
    let u: f64 = rng.random();
    let index = (u * u * SURNAMES.len() as f64) as usize;
    SURNAMES[index.min(SURNAMES.len() - 1)]
}

/// A given name in the fashion of the birth year.
pub(super) fn given_name(rng: &mut StdRng, sex: Sex, birth_year: i32) -> &'static str {
    let table = match (sex, birth_year) {
        (Sex::Male, ..1970) => MALE_OLD,
        (Sex::Male, 1970..2000) => MALE_MID,
        (Sex::Male, _) => MALE_YOUNG,
        (Sex::Female, ..1970) => FEMALE_OLD,
        (Sex::Female, 1970..2000) => FEMALE_MID,
        (Sex::Female, _) => FEMALE_YOUNG,
    };
    pick(rng, table)
}

/// An 11-digit mainland mobile number, `1[3-9]` followed by nine digits.
pub(super) fn phone(rng: &mut StdRng) -> String {
    let prefix = pick(rng, PHONE_PREFIXES);
    format!("{prefix}{:08}", rng.random_range(0..100_000_000u32))
}
