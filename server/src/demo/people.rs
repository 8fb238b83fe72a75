//! Building blocks for synthetic households and people: one [`Factory`]
//! holds the random stream and the ID number register, so every row it
//! makes is reproducible from the seed.

use chrono::{DateTime, Days, Months, NaiveDate, Utc};
use entity::{
    EconomicStatus, KinRelation, MaritalStatus, Relation, ResidenceStatus, SelfCare, Sex, household, person, relative,
};
use rand::Rng;
use rand::rngs::StdRng;
use uuid::Uuid;

use super::id_number::IdNumbers;
use super::names;
use super::places::DISTRICT_CODE;
use super::regions::{Place, scatter};

/// Households lie this close to their grid's (or community's) centroid.
const HOUSE_RADIUS_M: f64 = 300.0;

/// Rows generated together and inserted together.
#[derive(Default)]
pub(super) struct Batch {
    pub households: Vec<household::Model>,
    pub people: Vec<person::Model>,
    /// Index in `people` of each household's first member: person inserts
    /// are cut only there, so a statement never splits a household (its
    /// spouses point at each other).
    pub starts: Vec<usize>,
    /// Relatives not registered here, recorded on people of this batch.
    pub relatives: Vec<relative::Model>,
}

/// The household members are being added to.
pub(super) struct Home {
    pub id: Uuid,
    pub scope_key: i64,
}

pub(super) struct Factory {
    pub rng: StdRng,
    ids: IdNumbers,
    pub today: NaiveDate,
    now: DateTime<Utc>,
}

impl Factory {
    pub(super) fn new(rng: StdRng, now: DateTime<Utc>) -> Self {
        Self { rng, ids: IdNumbers::new(DISTRICT_CODE), today: now.date_naive(), now }
    }

    /// Probability helper: true with probability `p`.
    pub(super) fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p.clamp(0.0, 1.0))
    }

    pub(super) fn between(&mut self, lo: u32, hi: u32) -> u32 {
        self.rng.random_range(lo..=hi.max(lo))
    }

    /// Opens household number `house` of `place` (`天津市…渡口村3排12号`).
    pub(super) fn household(&mut self, place: &Place, house: usize, batch: &mut Batch) -> Home {
        let address = if place.rural {
            format!("{}{}排{}号", place.address, house / 24 + 1, house % 24 + 1)
        } else {
            let unit = house % 24;
            format!("{}{}号楼{}单元{}0{}", place.address, house / 24 + 1, unit / 8 + 1, unit % 8 / 2 + 1, unit % 2 + 1)
        };
        let (lat, lng) = scatter(&mut self.rng, (place.lat, place.lng), HOUSE_RADIUS_M);
        let roll: f64 = self.rng.random();
        let economic_status = match roll {
            r if r < 0.01 => EconomicStatus::Tekun,
            r if r < 0.05 => EconomicStatus::Dibao,
            _ => EconomicStatus::General,
        };
        let id = Uuid::now_v7();
        batch.starts.push(batch.people.len());
        batch.households.push(household::Model {
            id,
            region_id: place.region_id,
            scope_key: place.scope_key,
            address,
            lat: Some(lat),
            lng: Some(lng),
            economic_status,
            version: 1,
            created_at: self.now,
            updated_at: self.now,
        });
        Home { id, scope_key: place.scope_key }
    }

    /// A member of `home`, `age` full years old today, at home, with the
    /// health and phone typical of that age. Callers adjust the rest.
    pub(super) fn person(
        &mut self,
        home: &Home,
        relation: Relation,
        sex: Sex,
        age: u32,
        surname: &'static str,
    ) -> person::Model {
        let (birth_date, id_number) = self.birth_and_id(age, sex);
        let given = names::given_name(&mut self.rng, sex, chrono::Datelike::year(&birth_date));
        let phone_share = match age {
            0..14 => 0.0,
            14..18 => 0.3,
            18..80 => 0.9,
            _ => 0.55,
        };
        let phone = self.chance(phone_share).then(|| names::phone(&mut self.rng));
        let mut health = None;
        let mut self_care = SelfCare::Full;
        if age >= 60 && self.chance(0.45) {
            health = Some(names::pick(&mut self.rng, names::CHRONIC).to_owned());
        }
        if age >= 80 {
            if self.chance(0.08) {
                health = Some(names::DEMENTIA.to_owned());
                self_care = SelfCare::Partial;
            }
            let roll: f64 = self.rng.random();
            self_care = match roll {
                r if r < 0.05 => SelfCare::None,
                r if r < 0.30 => SelfCare::Partial,
                _ => self_care,
            };
        } else if age >= 60 && self.chance(0.05) {
            self_care = SelfCare::Partial;
        }
        let disability =
            (age >= 10 && self.chance(0.02)).then(|| names::pick(&mut self.rng, names::DISABILITIES).to_owned());
        person::Model {
            id: Uuid::now_v7(),
            household_id: home.id,
            scope_key: home.scope_key,
            name: format!("{surname}{given}"),
            id_number: Some(id_number),
            sex: Some(sex),
            birth_date: Some(birth_date),
            phone,
            relation_to_head: relation,
            residence_status: ResidenceStatus::AtHome,
            away_since: None,
            away_outside_county: None,
            // Guardianship is a question about adults only.
            guardianship_capable: (age >= 18).then_some(true),
            living_alone: Some(false),
            health,
            disability,
            self_care: Some(self_care),
            marital_status: Some(MaritalStatus::Single),
            father_id: None,
            mother_id: None,
            spouse_id: None,
            version: 1,
            created_at: self.now,
            updated_at: self.now,
        }
    }

    /// A birth date `age` full years ago and a fresh ID number for it. When
    /// the day's sequence codes are exhausted the birthday moves a day.
    fn birth_and_id(&mut self, age: u32, sex: Sex) -> (NaiveDate, String) {
        let latest = self.today.checked_sub_months(Months::new(12 * age)).unwrap_or(self.today);
        let earliest = self
            .today
            .checked_sub_months(Months::new(12 * (age + 1)))
            .and_then(|d| d.checked_add_days(Days::new(1)))
            .unwrap_or(latest);
        let span = (latest - earliest).num_days().max(0) as u64;
        let mut birth = earliest + Days::new(self.rng.random_range(0..=span));
        loop {
            if let Some(id) = self.ids.issue(birth, sex) {
                return (birth, id);
            }
            birth = birth.pred_opt().unwrap_or(birth);
        }
    }

    /// Sends `p` away (mostly for work, mostly out of the county) since a
    /// date `min_days` to `max_days` ago.
    pub(super) fn send_away(&mut self, p: &mut person::Model, min_days: u32, max_days: u32) {
        let roll: f64 = self.rng.random();
        p.residence_status = match roll {
            r if r < 0.80 => ResidenceStatus::AwayWork,
            r if r < 0.95 => ResidenceStatus::AwayBusiness,
            _ => ResidenceStatus::AwayOther,
        };
        let days = self.between(min_days, max_days);
        p.away_since = self.today.checked_sub_days(Days::new(days.into()));
        p.away_outside_county = Some(self.chance(0.85));
    }

    /// Children of `elder` whose registration moved away (户口迁出): one or
    /// two, not in the registry, recorded on the elder; mostly working
    /// outside the county for months or years, now and then one back home.
    pub(super) fn unregistered_children(&mut self, home: &Home, elder: Uuid, batch: &mut Batch) {
        for _ in 0..self.between(1, 2) {
            let back_home = self.chance(0.1);
            let days = self.between(90, 6 * 365);
            let away_since = (!back_home).then(|| self.today.checked_sub_days(Days::new(days.into()))).flatten();
            let outside_county = away_since.map(|_| self.chance(0.85));
            let note = self.chance(0.5).then(|| names::pick(&mut self.rng, names::MOVED_AWAY).to_owned());
            batch.relatives.push(relative::Model {
                id: Uuid::now_v7(),
                person_id: elder,
                scope_key: home.scope_key,
                relation: KinRelation::Child,
                away_since,
                outside_county,
                deceased: false,
                guardianship_capable: None,
                note,
                version: 1,
                created_at: self.now,
                updated_at: self.now,
            });
        }
    }

    /// Sends `p` away for three months to five years, the usual spread.
    pub(super) fn send_away_usual(&mut self, p: &mut person::Model) {
        self.send_away(p, 90, 5 * 365);
    }

    /// Records why `p` cannot act as a guardian: serious illness or severe
    /// disability.
    pub(super) fn incapacitate(&mut self, p: &mut person::Model) {
        p.guardianship_capable = Some(false);
        if self.chance(0.6) {
            p.health = Some(names::pick(&mut self.rng, names::SERIOUS).to_owned());
            p.self_care = Some(SelfCare::Partial);
        } else {
            p.disability = Some(names::pick(&mut self.rng, names::SEVERE_DISABILITIES).to_owned());
        }
    }
}

/// Links husband and wife both ways.
pub(super) fn marry(husband: &mut person::Model, wife: &mut person::Model) {
    husband.spouse_id = Some(wife.id);
    wife.spouse_id = Some(husband.id);
    husband.marital_status = Some(MaritalStatus::Married);
    wife.marital_status = Some(MaritalStatus::Married);
}

/// Full years between `birth` and `today`.
pub(crate) fn age_on(birth: NaiveDate, today: NaiveDate) -> u32 {
    today.years_since(birth).unwrap_or(0)
}
