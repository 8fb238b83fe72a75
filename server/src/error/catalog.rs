// Every message the server sends about a request, one line each: the
// stable code clients translate (`extensions.messages` / `messageCode`)
// and its Chinese text, the product language, which `extensions.fields`
// and the error's `message` carry. `{name}` is a parameter, sent in
// `params`. Read by `messages.rs` here and by the web app
// (`web/src/i18n/messages.rs`), which expands the same list into its
// Chinese table and checks that English has a text for every code: a code
// is added here and nowhere else on the server's side. Codes never change
// meaning; a new meaning gets a new code.
messages! {
    // Free text and common checks.
    REQUIRED = "不能为空",
    TEXT_TOO_LONG = "不能超过{max}个字",
    REVEAL_REASON_TOO_SHORT = "请说明查看原因（至少{min}个字）",
    CONTROL_CHARACTERS = "不能包含控制字符或不可见的格式字符",
    INVALID_ID = "无效的ID",
    DATE_IN_FUTURE = "日期不能晚于今天",
    PHONE_INVALID = "手机号应为11位大陆手机号码",
    COORDINATES_OUTSIDE_CHINA = "坐标不在中国境内",
    COORDINATES_INCOMPLETE = "经纬度须同时填写",
    TOO_MANY_ITEMS = "最多{max}项",
    TOO_MANY_PEOPLE = "最多{max}人",
    AT_LEAST = "至少为{min}",
    NEGATIVE = "不能为负数",
    STALE_VERSION = "数据已被他人修改，请刷新后重试",

    // Requests: body, query limits, pagination, idempotency keys.
    CONTENT_TYPE_JSON = "请求须为 application/json",
    BODY_NOT_GRAPHQL_JSON = "请求体须为 JSON 格式的 GraphQL 请求",
    NESTING_TOO_DEEP = "嵌套层数不能超过{max}层",
    TOO_MANY_SELECTIONS = "展开片段后字段数不能超过{max}个",
    FRAGMENT_CYCLE = "片段 {name} 不能引用自身",
    TOO_MANY_ALIASES = "别名不能超过{max}个",
    CURSOR_INVALID = "无效的分页游标",

    // Exports.
    EXPORT_TOO_MANY_ROWS = "导出最多{max}行，符合条件的有{rows}行；请按地区或条件缩小范围后分批导出",
    EXPORT_FILTER_INVALID = "导出条件无效：{detail}",
    IDEMPOTENCY_KEY_REPEATED = "只能有一个幂等键",
    IDEMPOTENCY_KEY_EMPTY = "幂等键不能为空",
    IDEMPOTENCY_KEY_TOO_LONG = "幂等键最长{max}个字符",
    IDEMPOTENCY_KEY_CHARACTERS = "幂等键只能包含可见的ASCII字符",
    IDEMPOTENCY_KEY_OPERATION = "幂等键只用于单个新建操作或走访登记：{operations}",
    IDEMPOTENCY_KEY_REUSED = "该幂等键已用于另一个请求；新的请求请用新的幂等键",
    IDEMPOTENCY_KEY_BUSY = "使用该幂等键的请求仍在处理中，请稍后用同一幂等键重试",
    IDEMPOTENCY_KEY_RETRIED = "请求耗时过长，期间已被重试；请用同一幂等键重试",
    IDEMPOTENCY_TOKEN_SHOWN = "该幂等键已创建令牌“{name}”，其密钥只显示一次；请撤销后另建",

    // ID numbers.
    ID_NUMBER_FORMAT = "身份证号应为18位，前17位为数字",
    ID_NUMBER_AREA = "身份证号前六位不是有效的行政区划代码",
    ID_NUMBER_CHECKSUM = "身份证号校验位不正确",
    ID_NUMBER_BIRTH_DATE = "身份证号中的出生日期无效",
    ID_NUMBER_TAKEN = "该身份证号已登记",
    ID_NUMBER_MISSING = "该人员未登记身份证号",

    // Households, people and their links.
    HOUSEHOLD_NOT_IN_SCOPE = "户不存在或不在辖区内",
    PERSON_NOT_IN_SCOPE = "人员不存在或不在辖区内",
    REGION_NOT_IN_SCOPE = "区域不存在或不在辖区内",
    HOUSEHOLD_REGION_LEVEL = "户只能登记在村(居)或网格",
    SEX_CONTRADICTS_ID_NUMBER = "性别与身份证号不符",
    BIRTH_DATE_CONTRADICTS_ID_NUMBER = "出生日期与身份证号不符",
    AWAY_SINCE_ONLY_WHEN_AWAY = "仅外出人员填写外出时间",
    AWAY_SINCE_BEFORE_BIRTH = "外出时间早于出生日期",
    OUTSIDE_COUNTY_ONLY_WHEN_AWAY = "仅外出人员填写是否在县外",
    SPOUSE_IS_PARENT = "配偶不能同时是父母",
    LINK_TO_SELF = "不能关联本人",
    LINKED_PERSON_NOT_FOUND = "未找到该人员",
    LINKED_PERSON_SEX = "关联人员性别不符",

    // Relatives outside the registry.
    TOO_MANY_RELATIVES = "最多登记{max}位亲属",
    RELATIVE_REGISTERED = "该亲属已在本系统登记并关联，请修改关联人员",
    RELATIVE_DUPLICATE = "已填写该亲属",
    DECEASED_NOT_AWAY = "已故亲属不填外出时间",
    AWAY_SINCE_BEFORE_PERSON_BIRTH = "外出时间早于本人出生日期",
    RELATIVE_OUTSIDE_COUNTY_ONLY_WHEN_AWAY = "仅外出亲属填写是否在县外",
    GUARDIANSHIP_ONLY_PARENTS = "仅父母填写监护能力",

    // Accounts and API tokens.
    USERNAME_FORMAT = "用户名为3–32位小写字母、数字或 _ . -，以字母或数字开头",
    USERNAME_TAKEN = "用户名已存在",
    PASSWORD_TOO_SHORT = "密码至少{min}位",
    PASSWORD_IS_USERNAME = "密码不能与用户名相同",
    REGION_NOT_MANAGED = "区域不存在或不在管辖范围内",
    ROLE_REGION_LEVEL = "角色与区域层级不符",
    DASHBOARD_USES_TOKENS = "第三方看板使用 API 令牌，不创建账号",
    OWN_ACCOUNT = "不能停用或更改自己的账号角色",
    EXPIRY_NOT_FUTURE = "过期时间须晚于现在",

    // Visits and their schedules.
    VISIT_IN_FUTURE = "走访时间不能晚于当前时间",
    VISIT_BEFORE_HOUSEHOLD = "走访时间早于该户登记时间",
    VISIT_NEEDS_PEOPLE = "探访须填写见到的人员",
    CHANGE_REPORTED_TWICE = "同一人员只能报告一次变动",
    SEEN_NOT_MEMBER = "见到的人员须为该户成员",
    CHANGED_NOT_MEMBER = "变动人员须为该户成员",
    SCHEDULE_NOTICE_NEGATIVE = "提前提醒的小时数不能为负数",
    SCHEDULE_MONTHS = "按月的周期须能整除一年：1、2、3、4、6或12个月",
    SCHEDULE_EVERY = "周期至少为1，至多一年",
    SCHEDULE_UNIT = "未知的单位{unit}：请用 MONTH、DAY 或 HOUR",

    // Classifications and alerts.
    CLASSIFICATION_OPEN = "此人已有该类别的建议或认定",
    CLASSIFICATION_CLOSED = "该认定已结束，只有进行中的才能决定",
    ALERT_ACKNOWLEDGED = "该预警已确认",

    // Reports.
    PERIOD_FORMAT = "期间格式为2026-11（月）或2026-Q4（季度）",
    PERIOD_KIND_FOR_LEVEL = "村级报告按月（如2026-11），镇级台账按季度（如2026-Q4）",
    PERIOD_NOT_STARTED = "该期尚未开始",
    REPORT_EXISTS = "本期报告已存在；只有被退回的报告之后才能生成新版本",
    REPORT_NOT_DRAFT = "只有草稿才能上报",
    REPORT_NOT_SUBMITTED = "只有已上报的报告才能接收或退回",
    VILLAGE_GAPS_NEED_REASON = "以下村级月报缺报或被退回，请说明原因：{gaps}",
    REPORT_REGION_LEVEL = "请选择村、镇或区",
    DEADLINE_LEVEL = "只有村(VILLAGE)和镇(TOWN)上报",
    DEADLINE_DAY = "截止日须为1至28",

    // Spot checks.
    QUARTER_FORMAT = "抽查按季度进行，格式为2026-Q4",
    QUARTER_IN_FUTURE = "不能抽取未来的季度",
    QUARTER_DRAWN = "该季度已抽取，抽样一经确定不再重抽",
    PER_TOWN_RANGE = "每镇抽取户数应在1到{max}之间",
    CLASSIFIED_RANGE = "已认定户的抽取数应在0到每镇抽取户数之间",
    SEED_NEGATIVE = "随机种子应为非负整数",
    DUE_BEFORE_TODAY = "完成期限不能早于今天",
    TOO_MANY_ASSIGNEES = "抽查人员最多{max}人",
    ASSIGNEES_NOT_DISTRICT_STAFF = "抽查人员须为本区在岗的区级工作人员",
    SPOT_CHECK_CLOSED = "本轮抽查已结束，结果不能再更改",
    SPOT_CHECK_ALREADY_CLOSED = "本轮抽查已结束",
    SPOT_CHECK_HOUSEHOLD_CHECKED = "该户在本轮已抽查",
    SPOT_CHECK_PENDING = "还有{pending}户未抽查；请先登记（未见到人的登记为无法联系）再结束",
    SPOT_CHECK_STILL_OPEN = "本轮抽查尚未结束；结束后再答复抽查结果",
    NOTHING_TO_RECTIFY = "结果一致，无需整改",
    VISIT_HOUSEHOLD_MISMATCH = "走访的户与抽查的户不一致",
    VISIT_KIND_NOT_SPOT_CHECK = "抽查走访的类型应为随机抽查",
    TOO_MANY_FINDINGS = "一户最多{max}个抽查结果",
    NOT_A_MEMBER = "不是该户在册成员",
    FINDING_TWICE = "同一人只能有一个抽查结果",
    FINDING_NEEDS_REASON = "漏报、错报和信息有误须写明核查情况",
    MISSED_NEEDS_CATEGORY = "漏报须选择应认定的类别",
    MISSED_ALREADY_CLASSIFIED = "此人已有该类别的建议或认定，不属于漏报",
    WRONG_NEEDS_CLASSIFICATION = "错报须选择此人一项有效的建议或认定",
    FINDINGS_MISSING = "每位在册成员都要有一个抽查结果，还缺{missing}人",
}
