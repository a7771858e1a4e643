//! "Where this came from": each export line behind the selected entity's facts, and whether
//! the line states them or the importer inferred them, so a reviewer can tell what Partner
//! Center says from what was guessed.

use egui::{RichText, Ui};

use crate::i18n::t;
use crate::model::{Field, Inference, Source};

/// The name of a fact, in the interface language.
pub fn field_name(field: Field) -> String {
    match field {
        Field::Entity => t!("provenance.field.entity"),
        Field::Name => t!("provenance.field.name"),
        Field::Country => t!("provenance.field.country"),
        Field::PartnerId => t!("provenance.field.partner_id"),
        Field::DirectoryId => t!("provenance.field.directory_id"),
        Field::MicrosoftId => t!("provenance.field.microsoft_id"),
        Field::Roles => t!("provenance.field.roles"),
        Field::Offer => t!("provenance.field.offer"),
        Field::BilledBy => t!("provenance.field.billed_by"),
        Field::ResellerOfRecord => t!("provenance.field.reseller_of_record"),
        Field::Start => t!("provenance.field.start"),
        Field::End => t!("provenance.field.end"),
        Field::Access => t!("provenance.field.access"),
    }
    .into_owned()
}

/// How a fact was inferred, in the interface language.
pub fn inference_text(how: Inference) -> String {
    match how {
        Inference::BilledLine => t!("provenance.inferred.billed_line"),
        Inference::EarliestSubscriptionStart => {
            t!("provenance.inferred.earliest_subscription_start")
        }
        Inference::EarliestCharge => t!("provenance.inferred.earliest_charge"),
        Inference::RoleFromLines => t!("provenance.inferred.role_from_lines"),
        Inference::ExportingPartner => t!("provenance.inferred.exporting_partner"),
        Inference::Implied => t!("provenance.inferred.implied"),
    }
    .into_owned()
}

/// One source as a line of text: "invoice.csv:12 · stated: entity, start".
pub fn describe(source: &Source) -> String {
    let fields: Vec<String> = source.fields.iter().map(field_name).collect();
    let how = match source.inferred {
        None => t!("provenance.stated").into_owned(),
        Some(how) => t!("provenance.inferred", how = inference_text(how)).into_owned(),
    };
    format!(
        "{}:{} · {how}: {}",
        source.file,
        source.line,
        fields.join(", ")
    )
}

/// The section, drawn only for an entity with sources.
pub fn ui(ui: &mut Ui, sources: &[Source]) {
    if sources.is_empty() {
        return;
    }
    egui::CollapsingHeader::new(t!("provenance.heading"))
        .id_salt("provenance")
        .default_open(true)
        .show(ui, |ui| {
            for source in sources {
                let text = RichText::new(describe(source));
                ui.label(if source.inferred.is_some() {
                    text.italics()
                } else {
                    text
                });
            }
            ui.label(RichText::new(t!("provenance.edited_note")).weak().small());
        });
}
