//! The server's message codes (`extensions.messages`, `messageCode`) in
//! each language. Chinese is the server's own text: it renders it from its
//! list (`server/src/error/catalog.rs`) and sends it with the code, so the
//! bundle carries no second copy. English is below; a test reads the
//! server's list at compile time and keeps English complete, with the same
//! parameters.

/// Chinese: none here, the server's text is shown as sent.
pub fn zh(_code: &str) -> Option<&'static str> {
    None
}

/// The English template of `code`.
pub fn en(code: &str) -> Option<&'static str> {
    Some(match code {
        "REQUIRED" => "Required",
        "TEXT_TOO_LONG" => "At most {max} characters",
        "REVEAL_REASON_TOO_SHORT" => "Say why you need to see it (at least {min} characters)",
        "CONTROL_CHARACTERS" => "Must not contain control or invisible formatting characters",
        "INVALID_ID" => "Invalid ID",
        "DATE_IN_FUTURE" => "The date cannot be after today",
        "PHONE_INVALID" => "Enter an 11-digit mainland mobile number",
        "COORDINATES_OUTSIDE_CHINA" => "The coordinates are outside China",
        "COORDINATES_INCOMPLETE" => "Give both latitude and longitude",
        "TOO_MANY_ITEMS" => "At most {max} items",
        "TOO_MANY_PEOPLE" => "At most {max} people",
        "AT_LEAST" => "At least {min}",
        "NEGATIVE" => "Cannot be negative",
        "STALE_VERSION" => "Someone else changed this record; reload and try again",
        "CONTENT_TYPE_JSON" => "The request must be application/json",
        "BODY_NOT_GRAPHQL_JSON" => "The body must be a GraphQL request in JSON",
        "NESTING_TOO_DEEP" => "Nested more than {max} levels deep",
        "TOO_MANY_SELECTIONS" => "More than {max} fields once fragments are expanded",
        "FRAGMENT_CYCLE" => "Fragment {name} refers to itself",
        "TOO_MANY_ALIASES" => "More than {max} aliases",
        "CURSOR_INVALID" => "Invalid page cursor",
        "EXPORT_TOO_MANY_ROWS" => {
            "An export holds at most {max} rows; {rows} match. Narrow the region or filters and export in parts"
        }
        "EXPORT_FILTER_INVALID" => "Invalid export filter: {detail}",
        "IMPORT_FILE_TOO_LARGE" => {
            "Files may be at most {max} MB; import a larger one in parts, or ask an admin to use the command line"
        }
        "IMPORT_NOT_A_SPREADSHEET" => "Not a spreadsheet: upload an XLSX, XLS or CSV file",
        "IMPORT_UNREADABLE" => "The file cannot be read ({detail}); save it as XLSX in Excel and try again",
        "IMPORT_ENCODING" => "Unknown text encoding ({encoding}); save CSV files as UTF-8 or GB18030",
        "IMPORT_CSV_HAS_NO_SHEETS" => "A CSV file has no sheets; do not name one",
        "IMPORT_SHEET_NOT_FOUND" => "No sheet named \"{sheet}\"; the file has: {sheets}",
        "IMPORT_EMPTY_SHEET" => "The sheet has no data rows",
        "IMPORT_NO_HEADER" => {
            "No header row in the first {rows} rows (at least two columns such as 姓名 and 身份证号); the first row is: {first}"
        }
        "IMPORT_COLUMN_MISSING" => "The column \"{column}\" is missing",
        "IMPORT_MAPPING_INVALID" => "Invalid column mapping: {detail}",
        "IMPORT_OPTION_INVALID" => "Invalid import option: {detail}",
        "IMPORT_HAS_ERRORS" => {
            "{errors} rows have errors; nothing was imported. Fix them and import again, or skip the error rows"
        }
        "IMPORT_FORMULA" => "Is a formula; paste its value instead (Paste Special, Values)",
        "IMPORT_CELL_ERROR" => "The cell holds an error value (such as #N/A)",
        "IMPORT_DATE_FORMAT" => "Unknown date format; write dates like 2020-03-15",
        "IMPORT_YES_NO" => "Write 是 (yes) or 否 (no)",
        "IMPORT_VALUE_UNKNOWN" => "\"{value}\" is not a known value",
        "IMPORT_ID_NUMBER_REQUIRED" => {
            "Imports need the ID number (register people without one in the app, one by one)"
        }
        "IMPORT_ID_NUMBER_AS_NUMBER" => {
            "Excel stored the ID number as a number and lost its last digits; format the column as Text and type it again"
        }
        "IMPORT_AWAY_CONTRADICTS_RESIDENCE" => "Contradicts the residence status",
        "IMPORT_REGION_AMBIGUOUS" => "Several villages or grids have this name ({codes}); give the region code",
        "IMPORT_DUPLICATE_ROW" => "The same person as row {line} (same ID number)",
        "IMPORT_PERSON_IN_TWO_HOUSEHOLDS" => "The same ID number is in different households (rows {lines})",
        "IMPORT_PERSON_IN_OTHER_HOUSEHOLD" => {
            "Registered in another household; an import does not move people, change it on the household's page"
        }
        "IMPORT_SECOND_HEAD" => "A household has one head only",
        "IMPORT_NO_HEAD" => "This household has no head row",
        "IMPORT_ADDRESS_REQUIRED" => "A new household needs its address",
        "IMPORT_ECONOMIC_DIFFERS" => "Economic status differs from the household's first row; the first row's is used",
        "IMPORT_HOUSEHOLD_KEPT" => {
            "The household is registered; its address, economic status and region are not changed by an import"
        }
        "IMPORT_NAME_DIFFERS" => "The name differs from the registered one; the import will change it to the file's",
        "IDEMPOTENCY_KEY_REPEATED" => "Send one idempotency key only",
        "IDEMPOTENCY_KEY_EMPTY" => "The idempotency key is empty",
        "IDEMPOTENCY_KEY_TOO_LONG" => "The idempotency key is longer than {max} characters",
        "IDEMPOTENCY_KEY_CHARACTERS" => "The idempotency key may only hold visible ASCII characters",
        "IDEMPOTENCY_KEY_OPERATION" => "Idempotency keys are only for a single create or a visit: {operations}",
        "IDEMPOTENCY_KEY_REUSED" => "This idempotency key was used for another request; use a new key",
        "IDEMPOTENCY_KEY_BUSY" => {
            "A request with this idempotency key is still running; retry shortly with the same key"
        }
        "IDEMPOTENCY_KEY_RETRIED" => "The request took too long and was retried meanwhile; retry with the same key",
        "IDEMPOTENCY_TOKEN_SHOWN" => {
            "This idempotency key already created the token \u{201c}{name}\u{201d}, whose secret was shown once; revoke it and create another"
        }
        "ID_NUMBER_FORMAT" => "An ID number has 18 characters, the first 17 digits",
        "ID_NUMBER_AREA" => "The first six digits are not a valid area code",
        "ID_NUMBER_CHECKSUM" => "The check character of the ID number is wrong",
        "ID_NUMBER_BIRTH_DATE" => "The birth date in the ID number is invalid",
        "ID_NUMBER_TAKEN" => "This ID number is already registered",
        "ID_NUMBER_MISSING" => "No ID number is registered for this person",
        "HOUSEHOLD_NOT_IN_SCOPE" => "Household not found or outside your jurisdiction",
        "PERSON_NOT_IN_SCOPE" => "Person not found or outside your jurisdiction",
        "REGION_NOT_IN_SCOPE" => "Region not found or outside your jurisdiction",
        "HOUSEHOLD_REGION_LEVEL" => "Households are registered in a village, community or grid",
        "SEX_CONTRADICTS_ID_NUMBER" => "The sex does not match the ID number",
        "BIRTH_DATE_CONTRADICTS_ID_NUMBER" => "The birth date does not match the ID number",
        "AWAY_SINCE_ONLY_WHEN_AWAY" => "Only for people who are away",
        "AWAY_SINCE_BEFORE_BIRTH" => "The date away is before the birth date",
        "OUTSIDE_COUNTY_ONLY_WHEN_AWAY" => "Only for people who are away",
        "SPOUSE_IS_PARENT" => "The spouse cannot also be a parent",
        "LINK_TO_SELF" => "Cannot link a person to themselves",
        "LINKED_PERSON_NOT_FOUND" => "Person not found",
        "LINKED_PERSON_SEX" => "The linked person's sex does not fit",
        "TOO_MANY_RELATIVES" => "At most {max} relatives",
        "RELATIVE_REGISTERED" => "This relative is registered and linked; change the link instead",
        "RELATIVE_DUPLICATE" => "This relative is already entered",
        "DECEASED_NOT_AWAY" => "No date away for a deceased relative",
        "AWAY_SINCE_BEFORE_PERSON_BIRTH" => "The date away is before the person's birth date",
        "RELATIVE_OUTSIDE_COUNTY_ONLY_WHEN_AWAY" => "Only for relatives who are away",
        "GUARDIANSHIP_ONLY_PARENTS" => "Only for parents",
        "USERNAME_FORMAT" => "3–32 lowercase letters, digits or _ . -, starting with a letter or digit",
        "USERNAME_TAKEN" => "This username is taken",
        "PASSWORD_TOO_SHORT" => "At least {min} characters",
        "PASSWORD_IS_USERNAME" => "The password cannot be the username",
        "REGION_NOT_MANAGED" => "Region not found or outside what you manage",
        "ROLE_REGION_LEVEL" => "The role does not fit the region's level",
        "DASHBOARD_USES_TOKENS" => "Dashboards use API tokens, not accounts",
        "OWN_ACCOUNT" => "You cannot deactivate your own account or change its role",
        "EXPIRY_NOT_FUTURE" => "The expiry must be in the future",
        "VISIT_IN_FUTURE" => "The visit cannot be in the future",
        "VISIT_BEFORE_HOUSEHOLD" => "The visit is before the household was registered",
        "VISIT_NEEDS_PEOPLE" => "A home visit names the people seen",
        "CHANGE_REPORTED_TWICE" => "One change per person",
        "SEEN_NOT_MEMBER" => "People seen must be members of the household",
        "CHANGED_NOT_MEMBER" => "Changes are for members of the household",
        "SCHEDULE_NOTICE_NEGATIVE" => "The notice in hours cannot be negative",
        "SCHEDULE_MONTHS" => "Monthly periods must divide the year: 1, 2, 3, 4, 6 or 12 months",
        "SCHEDULE_EVERY" => "The period is at least 1 and at most a year",
        "SCHEDULE_UNIT" => "Unknown unit {unit}: use MONTH, DAY or HOUR",
        "CLASSIFICATION_OPEN" => "This person already has a suggestion or classification of this category",
        "CLASSIFICATION_CLOSED" => "This classification has ended; only open ones can be decided",
        "ALERT_ACKNOWLEDGED" => "This alert has already been acknowledged",
        "PERIOD_FORMAT" => "A period is 2026-11 (month) or 2026-Q4 (quarter)",
        "PERIOD_KIND_FOR_LEVEL" => "Villages report by month (2026-11), towns by quarter (2026-Q4)",
        "PERIOD_NOT_STARTED" => "The period has not started",
        "REPORT_EXISTS" => "This period's report exists; only a returned one gets a new version",
        "REPORT_NOT_DRAFT" => "Only a draft can be submitted",
        "REPORT_NOT_SUBMITTED" => "Only a submitted report can be accepted or returned",
        "VILLAGE_GAPS_NEED_REASON" => "Village reports missing or returned; give the reason: {gaps}",
        "REPORT_REGION_LEVEL" => "Choose a village, town or district",
        "DEADLINE_LEVEL" => "Only villages (VILLAGE) and towns (TOWN) report",
        "DEADLINE_DAY" => "The due day is 1 to 28",
        "QUARTER_FORMAT" => "Spot checks are by quarter, as 2026-Q4",
        "QUARTER_IN_FUTURE" => "Cannot draw a future quarter",
        "QUARTER_DRAWN" => "This quarter has been drawn; a draw is never repeated",
        "PER_TOWN_RANGE" => "Households per town: 1 to {max}",
        "CLASSIFIED_RANGE" => "Classified households: 0 to the households per town",
        "SEED_NEGATIVE" => "The seed is a non-negative integer",
        "DUE_BEFORE_TODAY" => "The due date cannot be before today",
        "TOO_MANY_ASSIGNEES" => "At most {max} checkers",
        "ASSIGNEES_NOT_DISTRICT_STAFF" => "Checkers must be active district staff",
        "SPOT_CHECK_CLOSED" => "The round is closed; its results can no longer change",
        "SPOT_CHECK_ALREADY_CLOSED" => "The round is already closed",
        "SPOT_CHECK_HOUSEHOLD_CHECKED" => "This household has already been checked in this round",
        "SPOT_CHECK_PENDING" => {
            "{pending} sampled households are not checked yet; record them (unreachable if nobody was met) before closing"
        }
        "SPOT_CHECK_STILL_OPEN" => "The round is still open; findings are answered once it is closed",
        "NOTHING_TO_RECTIFY" => "A consistent finding needs no rectification",
        "VISIT_HOUSEHOLD_MISMATCH" => "The visit is of another household than the one sampled",
        "VISIT_KIND_NOT_SPOT_CHECK" => "A spot check's visit is of the kind spot check",
        "TOO_MANY_FINDINGS" => "At most {max} findings per household",
        "NOT_A_MEMBER" => "Not a registered member of the household",
        "FINDING_TWICE" => "One finding per person",
        "FINDING_NEEDS_REASON" => "Missed, wrong and incorrect findings need what was found",
        "MISSED_NEEDS_CATEGORY" => "A missed finding names the category that should apply",
        "MISSED_ALREADY_CLASSIFIED" => "This person already has this category; it was not missed",
        "WRONG_NEEDS_CLASSIFICATION" => "A wrong finding names one open suggestion or classification of this person",
        "FINDINGS_MISSING" => "Every registered member needs a finding; {missing} missing",
        _ => return None,
    })
}

/// `template` with each `{name}` replaced by the parameter of that name.
pub fn fill(template: &str, params: &[(String, String)]) -> String {
    params.iter().fold(template.to_owned(), |text, (name, value)| text.replace(&format!("{{{name}}}"), value))
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! messages {
        ($($code:ident = $zh:literal,)*) => {
            const CATALOG: &[(&str, &str)] = &[$((stringify!($code), $zh)),*];
        };
    }

    include!("../../../server/src/error/catalog.rs");

    /// The `{name}`s of a template, sorted.
    fn placeholders(template: &str) -> Vec<&str> {
        let mut names: Vec<&str> =
            template.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name)).collect();
        names.sort_unstable();
        names
    }

    #[test]
    fn every_code_the_server_sends_has_an_english_text_with_the_same_parameters() {
        assert!(CATALOG.len() > 100, "the server's list was read");
        for (code, zh_text) in CATALOG {
            let Some(en_text) = en(code) else { panic!("no English text for {code}") };
            assert_eq!(placeholders(en_text), placeholders(zh_text), "{code}");
        }
    }

    #[test]
    fn parameters_are_filled_in_and_unknown_codes_have_no_text() {
        let params = [("max".to_owned(), "50".to_owned())];
        assert_eq!(en("TEXT_TOO_LONG").map(|t| fill(t, &params)).as_deref(), Some("At most 50 characters"));
        assert_eq!(en("NO_SUCH_CODE"), None);
        // Chinese is the server's text, shown as sent.
        assert_eq!(zh("TEXT_TOO_LONG"), None);
    }
}
