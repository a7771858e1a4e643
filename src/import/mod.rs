//! Partner Center exports into a workspace, and later exports reconciled with one.
//!
//! Each kind of export has its module; a file is recognised by its content (JSON shape or CSV
//! header), never by its name. CSV files are streamed row by row, so a distributor's
//! reconciliation file of millions of lines is never held in memory: only the partners,
//! customers and subscriptions it names are kept. A row that cannot be read is skipped and
//! reported with its file and line; what the exports never say stays unknown in the workspace
//! (the rules count it once per kind) and is listed as a hole in the report.

mod columns;
mod customers;
mod dates;
mod decode;
mod exports;
mod gdap;
mod json;
mod network;
mod recon;
pub mod reconcile;
mod report;
mod resellers;
mod table;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use chrono::NaiveDate;

use crate::model::Workspace;
pub use dates::parse as parse_date;
pub use exports::{ExportError, guid_for, write_exports};
pub use reconcile::{Change, ChangeKind, Reconciliation, reconcile};
pub use report::to_markdown;

/// What a file was recognised as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    /// An indirect provider's resellers (relationships API JSON or PowerShell CSV).
    ResellerList,
    /// The Customers page's `Customers.csv`, or the customers API JSON.
    CustomerList,
    /// New-commerce invoice reconciliation (CSV).
    NewCommerceInvoice,
    /// Daily rated usage reconciliation (CSV).
    DailyRatedUsage,
    /// Legacy licence-based reconciliation (CSV).
    LegacyLicenceBased,
    /// GDAP relationships from Microsoft Graph (JSON).
    GdapRelationships,
}

impl FileKind {
    /// Every kind, in the order they are best imported.
    pub const ALL: [FileKind; 6] = [
        FileKind::ResellerList,
        FileKind::CustomerList,
        FileKind::NewCommerceInvoice,
        FileKind::DailyRatedUsage,
        FileKind::LegacyLicenceBased,
        FileKind::GdapRelationships,
    ];

    /// Name shown in reports.
    pub fn label(self) -> &'static str {
        match self {
            FileKind::ResellerList => "indirect reseller list",
            FileKind::CustomerList => "customer list",
            FileKind::NewCommerceInvoice => "new-commerce invoice reconciliation",
            FileKind::DailyRatedUsage => "daily rated usage reconciliation",
            FileKind::LegacyLicenceBased => "legacy licence-based reconciliation",
            FileKind::GdapRelationships => "GDAP relationships",
        }
    }

    /// The i18n key of the label, for the app.
    pub fn key(self) -> &'static str {
        match self {
            FileKind::ResellerList => "import.kind.resellers",
            FileKind::CustomerList => "import.kind.customers",
            FileKind::NewCommerceInvoice => "import.kind.new_commerce",
            FileKind::DailyRatedUsage => "import.kind.daily_usage",
            FileKind::LegacyLicenceBased => "import.kind.legacy",
            FileKind::GdapRelationships => "import.kind.gdap",
        }
    }
}

/// The kinds accepted, for the message refusing any other file.
pub fn accepted_kinds() -> String {
    "indirect reseller list (JSON or CSV), customer list (Customers.csv or customers API JSON), \
     new-commerce invoice, daily rated usage or legacy licence-based reconciliation (CSV), \
     GDAP relationships (Microsoft Graph JSON)"
        .to_owned()
}

/// Why an import stopped; nothing is written or changed then.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be opened or read.
    #[error("{}: cannot read the file: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Not an export this importer knows.
    #[error("{}: not a Partner Center export this importer knows ({found}); accepted: {}", path.display(), accepted_kinds())]
    Unrecognised {
        /// The file.
        path: PathBuf,
        /// What was found instead.
        found: String,
    },
    /// JSON that does not parse.
    #[error("{}:{line}:{column}: {message}", path.display())]
    Json {
        /// The file.
        path: PathBuf,
        /// Line.
        line: usize,
        /// Column.
        column: usize,
        /// What was wrong.
        message: String,
    },
    /// A CSV file broke off in a way that loses the rest of it.
    #[error("{}:{line}: {message}", path.display())]
    Csv {
        /// The file.
        path: PathBuf,
        /// Line.
        line: u64,
        /// What was wrong.
        message: String,
    },
    /// The user cancelled.
    #[error("the import was cancelled")]
    Cancelled,
    /// An id could not be made (not expected: ids are made from letters and digits).
    #[error("cannot make an id: {0}")]
    Id(#[from] crate::model::IdError),
}

/// A row that was skipped: `FILE:LINE: what was wrong`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The file's name as given.
    pub file: String,
    /// The line the row starts on (1-based).
    pub line: u64,
    /// What was wrong.
    pub message: String,
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// One file as read.
#[derive(Debug, Clone, PartialEq)]
pub struct FileSummary {
    /// The file.
    pub path: PathBuf,
    /// What it was recognised as.
    pub kind: FileKind,
    /// How it was written: "UTF-8, comma-separated", "Shift_JIS, tab-separated", "JSON".
    pub format: String,
    /// Rows (or JSON items) read.
    pub rows: u64,
    /// Rows skipped.
    pub skipped: u64,
}

/// Something the exports do not say, with the entities concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hole {
    /// What is missing.
    pub kind: HoleKind,
    /// How many entities.
    pub count: usize,
    /// Their names (empty when the hole concerns every entity of a kind).
    pub names: Vec<String>,
}

impl Hole {
    fn new(kind: HoleKind, names: Vec<String>) -> Self {
        Self {
            kind,
            count: names.len(),
            names,
        }
    }

    fn counted(kind: HoleKind, count: usize) -> Self {
        Self {
            kind,
            count,
            names: Vec::new(),
        }
    }

    /// What is missing, in English, after the count ("3 customers with no billed line…").
    pub fn what(&self) -> &'static str {
        self.kind.english()
    }
}

/// The kinds of fact the exports leave out; the app words each in the interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HoleKind {
    /// Customers on no billed line: nothing names their reseller.
    UnbilledCustomers,
    /// Resellers named only by Partner ID.
    UnnamedResellers,
    /// Subscriptions seen only on unbilled usage lines.
    UnknownResellerOfRecord,
    /// No export gives the MPA signature date.
    NoMpaDate,
    /// No export gives onboarding or enrolment dates.
    NoOnboardingDate,
    /// No export gives invitation or request dates.
    NoInvitationDate,
    /// Relationship starts taken from the earliest subscription or charge.
    InferredStarts,
    /// GDAP relationships whose partner the exports leave open.
    UnattributedGdap,
}

impl HoleKind {
    /// Every kind, in report order.
    pub const ALL: [HoleKind; 8] = [
        HoleKind::UnbilledCustomers,
        HoleKind::UnnamedResellers,
        HoleKind::UnknownResellerOfRecord,
        HoleKind::NoMpaDate,
        HoleKind::NoOnboardingDate,
        HoleKind::NoInvitationDate,
        HoleKind::InferredStarts,
        HoleKind::UnattributedGdap,
    ];

    /// The words after the count in the report and on the command line.
    pub fn english(self) -> &'static str {
        match self {
            HoleKind::UnbilledCustomers => {
                "customers with no billed line: their reseller is unknown"
            }
            HoleKind::UnnamedResellers => "resellers known only by Partner ID (no name, no tenant)",
            HoleKind::UnknownResellerOfRecord => {
                "subscriptions seen only on unbilled usage lines: reseller of record unknown"
            }
            HoleKind::NoMpaDate => {
                "locations with no MPA signature date (no export gives it): CSP201 and kin not judged"
            }
            HoleKind::NoOnboardingDate => {
                "locations with no onboarding or enrolment date (no export gives them)"
            }
            HoleKind::NoInvitationDate => {
                "partnerships with no invitation or request date (no export gives it)"
            }
            HoleKind::InferredStarts => {
                "relationship starts inferred from the earliest subscription or charge start"
            }
            HoleKind::UnattributedGdap => {
                "GDAP relationships not imported: the reconciliation files show several billing partners and the GDAP export does not say whose it is"
            }
        }
    }

    /// The i18n key of the sentence with its count, for the app.
    pub fn key(self) -> &'static str {
        match self {
            HoleKind::UnbilledCustomers => "import.hole.unbilled_customers",
            HoleKind::UnnamedResellers => "import.hole.unnamed_resellers",
            HoleKind::UnknownResellerOfRecord => "import.hole.unknown_reseller_of_record",
            HoleKind::NoMpaDate => "import.hole.no_mpa_date",
            HoleKind::NoOnboardingDate => "import.hole.no_onboarding_date",
            HoleKind::NoInvitationDate => "import.hole.no_invitation_date",
            HoleKind::InferredStarts => "import.hole.inferred_starts",
            HoleKind::UnattributedGdap => "import.hole.unattributed_gdap",
        }
    }
}

/// Skipped rows kept for the report; past this only the count grows.
pub const MAX_SKIPPED_LISTED: usize = 10_000;

/// Progress shared with the thread that shows it, and the way to cancel.
#[derive(Debug, Default)]
pub struct Progress {
    /// Bytes read so far, over every file.
    pub read: Arc<AtomicU64>,
    /// Bytes in all the files.
    pub total: AtomicU64,
    /// Set to stop at the next row.
    pub cancel: AtomicBool,
    /// Set once every file is read, while the result is compared with the open workspace.
    pub reconciling: AtomicBool,
}

impl Progress {
    /// The share read, from 0 to 1.
    pub fn fraction(&self) -> f32 {
        let total = self.total.load(Ordering::Relaxed);
        if total == 0 {
            return 0.0;
        }
        (self.read.load(Ordering::Relaxed) as f64 / total as f64).min(1.0) as f32
    }

    /// True once the files are read and the comparison with the open workspace runs.
    pub fn is_reconciling(&self) -> bool {
        self.reconciling.load(Ordering::Relaxed)
    }

    fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

/// The result of reading export files.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The network the files describe.
    pub workspace: Workspace,
    /// Each file, in the order given.
    pub files: Vec<FileSummary>,
    /// Rows skipped (at most [`MAX_SKIPPED_LISTED`] listed).
    pub skipped: Vec<Skipped>,
    /// Rows skipped in all.
    pub skipped_count: u64,
    /// What the exports do not say.
    pub holes: Vec<Hole>,
}

/// Where rows go while the files are read.
pub(crate) struct Sink<'a> {
    pub net: network::Network,
    pub skipped: Vec<Skipped>,
    pub skipped_count: u64,
    pub progress: &'a Progress,
    /// The line of the row or JSON item being read, for provenance.
    pub line: u64,
    file: String,
    file_skipped: u64,
}

impl<'a> Sink<'a> {
    /// Records a skipped row of the current file.
    pub fn skip(&mut self, line: u64, message: impl Into<String>) {
        self.skipped_count += 1;
        self.file_skipped += 1;
        if self.skipped.len() < MAX_SKIPPED_LISTED {
            self.skipped.push(Skipped {
                file: self.file.clone(),
                line,
                message: message.into(),
            });
        }
    }

    /// An empty sink reporting to `progress`.
    pub fn new(progress: &'a Progress) -> Self {
        Sink {
            net: network::Network::default(),
            skipped: Vec::new(),
            skipped_count: 0,
            progress,
            line: 0,
            file: String::new(),
            file_skipped: 0,
        }
    }

    /// Where the row being read is: the current file and line.
    pub fn at(&self) -> network::At {
        network::At {
            file: self.net.files.len().saturating_sub(1) as u32,
            line: self.line,
        }
    }

    /// Stops the import when the user cancelled.
    pub fn check_cancel(&self) -> Result<(), ImportError> {
        if self.progress.cancelled() {
            Err(ImportError::Cancelled)
        } else {
            Ok(())
        }
    }
}

/// Reads every file and builds the workspace they describe, evaluated at `as_of`.
pub fn import_files(
    paths: &[PathBuf],
    as_of: NaiveDate,
    progress: &Progress,
) -> Result<Imported, ImportError> {
    let total = paths
        .iter()
        .map(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
        .sum();
    progress.total.store(total, Ordering::Relaxed);
    let mut sink = Sink::new(progress);
    // Names and tenants first, so billing rows find their partners named (the result does
    // not depend on the order; this only keeps the work the same).
    let mut opened = Vec::with_capacity(paths.len());
    for path in paths {
        let file =
            decode::open(path, progress.read.clone()).map_err(|source| ImportError::Read {
                path: path.clone(),
                source,
            })?;
        let kind = recognise(path, &file.head)?;
        opened.push((path, file, kind));
    }
    let mut files = Vec::with_capacity(paths.len());
    for (path, file, kind) in opened {
        sink.file = path.display().to_string();
        sink.file_skipped = 0;
        let name = path
            .file_name()
            .map_or_else(|| sink.file.clone(), |n| n.to_string_lossy().into_owned());
        sink.net.files.push(name.into());
        let (rows, format) = read_file(path, file, kind, &mut sink)?;
        files.push(FileSummary {
            path: path.clone(),
            kind: kind.0,
            format,
            rows,
            skipped: sink.file_skipped,
        });
    }
    let built = std::mem::take(&mut sink.net).build(as_of)?;
    Ok(Imported {
        workspace: built.workspace,
        files,
        skipped: sink.skipped,
        skipped_count: sink.skipped_count,
        holes: built.holes,
    })
}

/// A recognised file: its kind and how to read it.
#[derive(Debug, Clone, Copy)]
struct Recognised(FileKind, Shape);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Json,
    Csv(u8),
}

/// Tells what a file is from its first bytes (decoded): a JSON shape or a CSV header.
fn recognise(path: &Path, head: &str) -> Result<Recognised, ImportError> {
    let trimmed = head.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        return json::recognise(path, trimmed).map(|kind| Recognised(kind, Shape::Json));
    }
    let (delimiter, headers) = table::header_of(trimmed);
    let kind = recon::recognise(&headers)
        .or_else(|| resellers::recognise_csv(&headers))
        .or_else(|| customers::recognise_csv(&headers));
    match kind {
        Some(kind) => Ok(Recognised(kind, Shape::Csv(delimiter))),
        None => {
            let first: String = trimmed
                .lines()
                .next()
                .unwrap_or_default()
                .chars()
                .take(80)
                .collect();
            Err(ImportError::Unrecognised {
                path: path.to_path_buf(),
                found: if first.is_empty() {
                    "the file is empty".to_owned()
                } else {
                    format!("it begins {first:?}")
                },
            })
        }
    }
}

fn read_file(
    path: &Path,
    file: decode::Opened,
    kind: Recognised,
    sink: &mut Sink<'_>,
) -> Result<(u64, String), ImportError> {
    let encoding = file.encoding.name();
    match kind.1 {
        Shape::Json => {
            let rows = json::read(path, file.reader, kind.0, sink)?;
            Ok((rows, format!("{encoding}, JSON")))
        }
        Shape::Csv(delimiter) => {
            let trimmed = file.head.trim_start_matches('\u{feff}').trim_start();
            let (_, headers) = table::header_of(trimmed);
            let rows = match kind.0 {
                FileKind::ResellerList => {
                    resellers::read_csv(path, file.reader, delimiter, &headers, sink)?
                }
                FileKind::CustomerList => {
                    customers::read_csv(path, file.reader, delimiter, &headers, sink)?
                }
                other => recon::read(path, file.reader, delimiter, other, &headers, sink)?,
            };
            let name = match delimiter {
                b';' => "semicolon-separated",
                b'\t' => "tab-separated",
                _ => "comma-separated",
            };
            Ok((rows, format!("{encoding}, {name}")))
        }
    }
}
