//! `pactum calendar`: a calendar's closures, and business-day sums a lawyer
//! can check by hand.

use chrono::NaiveDate;
use serde_json::json;

use pactum::calendar::Calendar;

use super::output::eprint_diagnostic;
use super::Format;

pub struct Request {
    pub name: String,
    pub from: i32,
    pub to: i32,
    pub format: Format,
    pub is_business_day: Option<NaiveDate>,
    pub add_business_days: Option<(NaiveDate, i64)>,
}

/// For clap: a `YYYY-MM-DD` date.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("`{text}` is not a date: write YYYY-MM-DD"))
}

pub fn run(request: &Request) -> bool {
    let Some(calendar) = Calendar::builtin(&request.name) else {
        // clap has already limited the name to the built-in calendars.
        return false;
    };
    let result = if let Some(date) = request.is_business_day {
        is_business_day(&calendar, date, request.format)
    } else if let Some((date, count)) = request.add_business_days {
        add_business_days(&calendar, date, count, request.format)
    } else {
        closures(&calendar, request.from, request.to, request.format)
    };
    match result {
        Ok(text) => {
            out!("{text}");
            true
        }
        Err(error) => {
            eprint_diagnostic(&error);
            false
        }
    }
}

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
enum CalendarCommandError {
    #[error("{0}")]
    #[diagnostic(
        code(pactum::calendar::range),
        help("Pactum's calendars cover 1990 to 2100")
    )]
    Range(String),
    #[error("`--from {from}` comes after `--to {to}`")]
    #[diagnostic(code(pactum::calendar::years), help("give the earlier year first"))]
    Years { from: i32, to: i32 },
}

fn range(error: pactum::calendar::CalendarError) -> CalendarCommandError {
    CalendarCommandError::Range(error.to_string())
}

fn weekday(date: NaiveDate) -> String {
    date.format("%A").to_string()
}

fn is_business_day(
    calendar: &Calendar,
    date: NaiveDate,
    format: Format,
) -> Result<String, CalendarCommandError> {
    let reason = calendar.closure_reason(date).map_err(range)?;
    Ok(match format {
        Format::Json => format!(
            "{}\n",
            json!({ "calendar": calendar.name(), "date": date.to_string(), "business_day": reason.is_none(), "closed_for": reason })
        ),
        Format::Text => match reason {
            None => format!(
                "{date} ({}) is a business day on `{}`\n",
                weekday(date),
                calendar.name()
            ),
            Some(why) => format!(
                "{date} ({}) is not a business day on `{}`: {why}\n",
                weekday(date),
                calendar.name()
            ),
        },
    })
}

fn add_business_days(
    calendar: &Calendar,
    date: NaiveDate,
    count: i64,
    format: Format,
) -> Result<String, CalendarCommandError> {
    let result = calendar.add_business_days(date, count).map_err(range)?;
    let (low, high) = if result < date {
        (result, date)
    } else {
        (date, result)
    };
    let skipped = calendar.closures_between(low, high).map_err(range)?;
    Ok(match format {
        Format::Json => format!(
            "{}\n",
            json!({
                "calendar": calendar.name(),
                "from": date.to_string(),
                "business_days": count,
                "result": result.to_string(),
                "closures_skipped": skipped.iter().map(|c| json!({"date": c.date.to_string(), "name": c.name})).collect::<Vec<_>>(),
            })
        ),
        Format::Text => {
            let mut text = format!(
                "{date} ({}) + {count} business days on `{}` = {result} ({})\n",
                weekday(date),
                calendar.name(),
                weekday(result)
            );
            for closure in skipped {
                text.push_str(&format!(
                    "  skipped {} ({}): {}\n",
                    closure.date,
                    weekday(closure.date),
                    closure.name
                ));
            }
            text
        }
    })
}

fn closures(
    calendar: &Calendar,
    from: i32,
    to: i32,
    format: Format,
) -> Result<String, CalendarCommandError> {
    if from > to {
        return Err(CalendarCommandError::Years { from, to });
    }
    let first =
        NaiveDate::from_ymd_opt(from, 1, 1).ok_or(CalendarCommandError::Years { from, to })?;
    let last =
        NaiveDate::from_ymd_opt(to, 12, 31).ok_or(CalendarCommandError::Years { from, to })?;
    let list = calendar.closures_between(first, last).map_err(range)?;
    Ok(match format {
        Format::Json => format!(
            "{}\n",
            json!({
                "calendar": calendar.name(),
                "from": from,
                "to": to,
                "closures": list.iter().map(|c| json!({"date": c.date.to_string(), "weekday": weekday(c.date), "name": c.name})).collect::<Vec<_>>(),
            })
        ),
        Format::Text => {
            let mut text = format!("`{}` closures on weekdays, {from}–{to}:\n", calendar.name());
            for closure in &list {
                text.push_str(&format!(
                    "{}  {:<9}  {}\n",
                    closure.date,
                    weekday(closure.date),
                    closure.name
                ));
            }
            text.push_str(&format!(
                "{} closures; Saturdays and Sundays are closed too\n",
                list.len()
            ));
            text
        }
    })
}
