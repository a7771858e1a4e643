//! Short texts every family builds its messages from, written once so that every rule names a
//! subscription, a tenant or a role the same way.

use chrono::NaiveDate;

use super::Context;
use crate::model::{Location, Role, Subscription, Tenant};

/// "subscription 's1' (Microsoft 365 E3)", inside a sentence; [`capitalized`] starts one with it.
pub(super) fn sub_label(sub: &Subscription) -> String {
    if sub.offer.is_empty() {
        format!("subscription '{}'", sub.id)
    } else {
        format!("subscription '{}' ({})", sub.id, sub.offer)
    }
}

/// "subscription 's1' (Microsoft 365 E3, from 2020-04-01)", inside a sentence.
pub(super) fn sub_label_from(sub: &Subscription, start: NaiveDate) -> String {
    if sub.offer.is_empty() {
        format!("subscription '{}' (from {start})", sub.id)
    } else {
        format!("subscription '{}' ({}, from {start})", sub.id, sub.offer)
    }
}

/// A tenant in messages: "'Contoso Ltd' (tenant 'contoso.onmicrosoft.com', JP, Japan market)" by
/// its owner's name, with the tenant's own country and market on `on` (a customer's market is its
/// tenant's country, not its office's). An owner that names no entity is left out.
pub(super) fn tenant_text(cx: &Context<'_>, tenant_id: &str, on: NaiveDate) -> String {
    let tenant = cx.tenant(tenant_id);
    let place = tenant
        .and_then(|t| t.country)
        .map(|country| cx.place(country, on));
    let name = cx.name(tenant_id);
    let owner = tenant
        .and_then(|t| t.owner.as_ref())
        .filter(|owner| cx.lookup(owner.as_str()).is_some());
    match (owner, place) {
        (Some(owner), Some(place)) => {
            format!("'{}' (tenant '{name}', {place})", cx.name(owner.as_str()))
        }
        (Some(owner), None) => format!("'{}' (tenant '{name}')", cx.name(owner.as_str())),
        (None, Some(place)) => format!("tenant '{name}' ({place})"),
        (None, None) => format!("tenant '{name}'"),
    }
}

/// "tenant 'contoso.onmicrosoft.com' of 'Contoso Ltd'" (its owner left out when it names no
/// organization), inside a sentence.
pub(super) fn tenant_of(cx: &Context<'_>, tenant: &Tenant) -> String {
    let owner = tenant
        .owner
        .as_ref()
        .and_then(|o| cx.organization(o.as_str()));
    match owner {
        Some(owner) => format!(
            "tenant '{}' of '{}'",
            cx.name(tenant.id.as_str()),
            owner.name
        ),
        None => format!("tenant '{}'", cx.name(tenant.id.as_str())),
    }
}

/// "'Contoso Ltd' (tenant 'contoso.onmicrosoft.com', JP)": [`tenant_text`] without the market,
/// for a message that says the market itself.
pub(super) fn tenant_in_country(cx: &Context<'_>, tenant: &Tenant) -> String {
    let name = cx.name(tenant.id.as_str());
    let owner = tenant
        .owner
        .as_ref()
        .and_then(|o| cx.organization(o.as_str()));
    match (owner, tenant.country) {
        (Some(owner), Some(country)) => {
            format!("'{}' (tenant '{name}', {country})", owner.name)
        }
        (Some(owner), None) => format!("'{}' (tenant '{name}')", owner.name),
        (None, Some(country)) => format!("tenant '{name}' ({country})"),
        (None, None) => format!("tenant '{name}'"),
    }
}

/// "Direct bill partner", "Indirect provider" or "Billing location" for the billing side of a
/// sale, "Reseller of record" for the reseller's side, to start a message.
pub(super) fn role_label(location: &Location, billing: bool) -> &'static str {
    if !billing {
        "Reseller of record"
    } else if location.enrolment(Role::DirectBill).is_some() {
        "Direct bill partner"
    } else if location.enrolment(Role::IndirectProvider).is_some() {
        "Indirect provider"
    } else {
        "Billing location"
    }
}

/// "'a', 'b' and 'c'", or "'a', 'b', 'c' and 4 more" past `max` items.
pub(super) fn name_list(names: &[String], max: usize) -> String {
    let shown: Vec<String> = names.iter().take(max).map(|n| format!("'{n}'")).collect();
    let rest = names.len().saturating_sub(max);
    match (shown.split_last(), rest) {
        (None, _) => String::new(),
        (Some((last, [])), 0) => last.clone(),
        (Some((last, init)), 0) => format!("{} and {last}", init.join(", ")),
        (Some(_), rest) => format!("{} and {rest} more", shown.join(", ")),
    }
}

/// "a", "a and b", "a, b and c".
pub(super) fn and_list<T: AsRef<str>>(items: &[T]) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.as_ref().to_owned(),
        Some((last, init)) => {
            let init: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", init.join(", "), last.as_ref())
        }
    }
}

/// The text with its first letter in upper case, to start a sentence with a generated phrase.
pub(super) fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "a" or "an" for `noun`.
pub(super) fn article(noun: &str) -> &'static str {
    if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// "an indirect reseller", "a direct bill partner".
pub(super) fn with_article(noun: &str) -> String {
    format!("{} {noun}", article(noun))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_lists_join_with_and_and_count_the_rest() {
        let names: Vec<String> = ["A", "B", "C", "D"].iter().map(|s| s.to_string()).collect();
        assert_eq!(name_list(&names[..1], 3), "'A'");
        assert_eq!(name_list(&names[..3], 3), "'A', 'B' and 'C'");
        assert_eq!(name_list(&names, 2), "'A', 'B' and 2 more");
    }

    #[test]
    fn articles_follow_the_first_letter() {
        assert_eq!(with_article("indirect reseller"), "an indirect reseller");
        assert_eq!(with_article("direct bill partner"), "a direct bill partner");
        assert_eq!(capitalized("über"), "Über");
    }
}
