//! Dates as the exports write them: `M/D/YYYY` (Partner Center's en-US files, sometimes with a
//! time after it), ISO dates and ISO timestamps (the APIs and Microsoft Graph).

use chrono::NaiveDate;

/// Reads a date, or `None` when the text is none of the accepted forms.
pub fn parse(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let bytes = text.as_bytes();
    if bytes.len() >= 10 && bytes[4] == b'-' && bytes[7] == b'-' {
        let year = number(&bytes[..4])?;
        let month = number(&bytes[5..7])?;
        let day = number(&bytes[8..10])?;
        if bytes.len() > 10 && !matches!(bytes[10], b'T' | b't' | b' ') {
            return None;
        }
        return NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day);
    }
    let date = text.split([' ', 'T']).next()?;
    let mut parts = date.split('/');
    let month = number(parts.next()?.as_bytes())?;
    let day = number(parts.next()?.as_bytes())?;
    let year = parts.next()?.as_bytes();
    if parts.next().is_some() || year.len() != 4 {
        return None;
    }
    NaiveDate::from_ymd_opt(i32::try_from(number(year)?).ok()?, month, day)
}

fn number(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() || digits.len() > 4 {
        return None;
    }
    digits.iter().try_fold(0u32, |n, &d| {
        d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn reads_every_documented_form() {
        assert_eq!(parse("10/3/2020"), ymd(2020, 10, 3));
        assert_eq!(parse("1/31/2024 12:00:00 AM"), ymd(2024, 1, 31));
        assert_eq!(parse("2024-02-29"), ymd(2024, 2, 29));
        assert_eq!(parse("2023-11-05T08:15:00Z"), ymd(2023, 11, 5));
        assert_eq!(parse("2023-11-05T08:15:00.1234567+09:00"), ymd(2023, 11, 5));
    }

    #[test]
    fn refuses_what_is_not_a_date() {
        for text in [
            "",
            "31/31/2020",
            "2/30/2023",
            "2023-13-01",
            "soon",
            "1/2/23",
            "2023-01-01x",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }
}
