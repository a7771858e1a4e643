use super::*;

const FIXTURE: &str = include_str!("../../tests/fixtures/time-due.ron");

fn workspace() -> Workspace {
    crate::io::load_str(FIXTURE, std::path::Path::new("time-due.ron")).expect("fixture loads")
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
}

fn ids(items: &[DueItem]) -> Vec<&str> {
    items.iter().map(|i| i.entities[0].as_str()).collect()
}

#[test]
fn ending_on_the_as_of_date_is_already_ended_and_the_next_day_is_due() {
    let ws = workspace();
    let items = due(&ws, day("2024-03-31"), 1);
    assert_eq!(
        ids(&items),
        ["sub-m365-b"],
        "sub-m365-a ends on the as-of date"
    );
    assert!(
        due(&ws, day("2024-04-01"), 1)
            .iter()
            .all(|i| i.entities[0].as_str() != "sub-m365-b")
    );
}

#[test]
fn the_window_includes_its_last_day_and_not_the_day_after() {
    let ws = workspace();
    let ninety = ids(&due(&ws, day("2024-03-31"), 90)).join(" ");
    assert!(
        ninety.contains("sub-teams"),
        "2024-06-29 is day 90: {ninety}"
    );
    assert!(
        !ninety.contains("sub-visio"),
        "2024-06-30 is day 91: {ninety}"
    );
    let ninety_one = ids(&due(&ws, day("2024-03-31"), 91)).join(" ");
    assert!(ninety_one.contains("sub-visio"));
}

#[test]
fn a_thirty_day_window_holds_what_ends_within_thirty_days_in_date_order() {
    let items = due(&workspace(), day("2024-03-31"), 30);
    assert_eq!(ids(&items), ["sub-m365-b", "rr-contoso"]);
    assert_eq!(items[1].kind, DueKind::ResellerRelationshipEnds);
    assert_eq!(items[1].date, day("2024-04-30"));
}

#[test]
fn gdap_lapses_at_two_years_unless_it_auto_extends() {
    let items = due(&workspace(), day("2024-03-31"), 90);
    let lapse = items
        .iter()
        .find(|i| i.entities[0].as_str() == "gdap-fabrikam")
        .expect("GDAP without auto-extension");
    assert_eq!(
        (lapse.date, lapse.kind),
        (day("2024-05-20"), DueKind::GdapEnds)
    );
    let extend = items
        .iter()
        .find(|i| i.entities[0].as_str() == "gdap-contoso")
        .expect("GDAP with auto-extension");
    assert_eq!(
        (extend.date, extend.kind),
        (day("2024-06-01"), DueKind::GdapAutoExtends)
    );
    assert!(extend.text.contains("auto-extends"));
    assert!(
        items.iter().all(|i| i.entities[0].as_str() != "gdap-old"),
        "already ended"
    );
}

#[test]
fn gdap_auto_extension_counts_only_for_ends_from_2023_10_30() {
    let mut ws = workspace();
    for (start, kind) in [
        ("2021-10-29", DueKind::GdapEnds),
        ("2021-10-30", DueKind::GdapAutoExtends),
    ] {
        let rel = ws
            .relationships
            .iter_mut()
            .find(|r| r.id.as_str() == "gdap-contoso")
            .expect("gdap");
        rel.start = Some(day(start));
        let items = due(&ws, day("2023-10-01"), 60);
        let item = items
            .iter()
            .find(|i| i.entities[0].as_str() == "gdap-contoso")
            .expect("due");
        assert_eq!(item.kind, kind, "start {start}");
    }
}

#[test]
fn a_subscription_names_its_customer_and_reseller() {
    let items = due(&workspace(), day("2024-03-31"), 30);
    let text = &items[0].text;
    assert!(text.contains("Northwind Traders"), "{text}");
    assert!(text.contains("Microsoft 365 E5"), "{text}");
    assert!(text.contains("Fabrikam Reseller (Denver)"), "{text}");
    assert_eq!(items[0].partner, "Fabrikam Reseller");
}

#[test]
fn a_reseller_under_the_minimum_is_due_at_its_first_anniversary_from_2024_04_01() {
    let ws = workspace();
    let items = due(&ws, day("2024-03-31"), 90);
    let review = items
        .iter()
        .find(|i| i.kind == DueKind::ResellerRevenueReview)
        .expect("Litware's anniversary");
    assert_eq!(review.date, day("2024-06-15"));
    assert_eq!(review.entities[0].as_str(), "litware-us");
    let mut rich = ws.clone();
    rich.locations[2].revenue_ttm_usd = Some(1_000);
    assert!(
        due(&rich, day("2024-03-31"), 90)
            .iter()
            .all(|i| i.kind != DueKind::ResellerRevenueReview),
        "USD 1,000 meets the minimum"
    );
}

#[test]
fn a_partnership_end_is_grouped_under_the_provider() {
    let items = due(&workspace(), day("2024-03-31"), 60);
    let partnership = items
        .iter()
        .find(|i| i.kind == DueKind::PartnershipEnds)
        .expect("partnership");
    assert_eq!(partnership.partner, "Contoso Distribution");
    assert!(partnership.text.contains("Fabrikam Reseller"));
}
