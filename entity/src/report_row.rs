//! One person under care or suggested, as a report froze him or her.

use sea_orm::entity::prelude::*;

use crate::{CareLevel, ReportChange, Sex, VisitKind};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "report_row")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub report_id: Uuid,
    /// 序号, from 1, in the ledger's order (village, address, name).
    pub seq: i32,
    pub person_id: Uuid,
    pub scope_key: i64,
    pub town_name: String,
    pub village_name: String,
    pub village_code: String,
    pub address: String,
    pub name: String,
    pub sex: Option<Sex>,
    pub birth_date: Option<Date>,
    /// Masked (`120***************`): a ledger never holds a full number.
    pub id_number: Option<String>,
    /// `[{ "category", "status", "careLevel" }]`.
    pub categories: Json,
    /// The categories as `,CODE,CODE,` for filtering.
    pub category_codes: String,
    /// The strictest confirmed care level.
    pub care_level: Option<CareLevel>,
    pub last_visit_at: Option<DateTimeUtc>,
    pub last_visit_kind: Option<VisitKind>,
    /// `Need` values found on the household's latest visit.
    pub needs: Json,
    pub change: ReportChange,
    /// API names of the fields that changed, for `CHANGED`.
    pub changed_fields: Json,
    /// Why the person left the report, for `ENDED`.
    pub end_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
