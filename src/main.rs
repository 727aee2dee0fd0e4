//! The `factline` binary: command-line parsing only; the work lives in `factline::cli` and
//! `factline::lsp`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use factline::check::Severity;
use factline::cli::{self, CheckOptions, ColorChoice, OutputFormat, SheetFormat, SheetOptions};

// Extraction allocates many small strings and vectors per article; mimalloc serves them faster
// than the system allocator (ruff and rust-analyzer make the same choice).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Inline fact-check hints for news articles: unsourced figures, unattributed quotes,
/// numbers and dates that contradict each other, names spelled two ways.
#[derive(Parser)]
#[command(name = "factline", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check articles and print the findings (exit 1 when any is at or above --fail-on).
    ///
    /// All the files of one call form one workspace, so cross-article checks compare them.
    /// Each file is read with the settings of the nearest factline.toml above it; the
    /// workspace (rules, knowledge base, attribution cues, default year) uses the nearest
    /// factline.toml of the first file named on the command line.
    Check {
        /// Article files (checked whatever their extension) or folders (walked with the
        /// `include`/`exclude` globs of their factline.toml and .gitignore).
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = FormatArg::Human)]
        format: FormatArg,
        /// Lowest severity that makes the exit status 1.
        #[arg(long, value_enum, default_value_t = FailOn::Warning, value_name = "SEVERITY")]
        fail_on: FailOn,
        /// Ignore every factline.toml (and the knowledge-base files it names).
        #[arg(long)]
        no_config: bool,
        /// When to colour the human output.
        #[arg(long, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN")]
        color: ColorArg,
        /// Also compare with the newsroom archive: an SQLite file or a postgres:// URL
        /// (default: the `archive` of factline.toml). Only quantity keys and entity ids are
        /// sent to it, never the text.
        #[arg(long, value_name = "FILE|URL")]
        archive: Option<String>,
    },
    /// The newsroom archive of published articles (an SQLite file or PostgreSQL).
    Archive {
        #[command(subcommand)]
        command: ArchiveCommand,
    },
    /// Print the story sheet: persons, organizations, places and cited sources, with mention
    /// counts and the articles naming each.
    Sheet {
        /// Article files or folders, as for `check`.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = SheetFormatArg::Markdown)]
        format: SheetFormatArg,
        /// Ignore every factline.toml (and the knowledge-base files it names).
        #[arg(long)]
        no_config: bool,
    },
    /// Developer tools (hidden): `debug pairs PATH...` prints every candidate statement pair
    /// with its evidence as JSON (scripts/trials/fit.py reads it).
    #[command(hide = true)]
    Debug {
        #[command(subcommand)]
        command: DebugCommand,
    },
    /// Serve the Language Server Protocol on stdin/stdout.
    Lsp {
        /// Accepted for language clients that ask for the stdio transport (VS Code's
        /// vscode-languageclient adds it); stdio is the only transport.
        #[arg(long)]
        stdio: bool,
        /// Accepted and ignored (vscode-languageclient passes it): the server already ends when
        /// the client closes its stdin, which a client that dies does too.
        #[arg(long = "clientProcessId", value_name = "PID", hide = true)]
        client_process_id: Option<u32>,
    },
}

#[derive(Subcommand)]
enum ArchiveCommand {
    /// Add files and folders (re-adding a changed file replaces it; unchanged files are
    /// skipped).
    Add {
        /// The archive: an SQLite file or a postgres:// URL (default: the `archive` of the
        /// nearest factline.toml).
        #[arg(long, value_name = "FILE|URL")]
        archive: Option<String>,
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Remove files, or every file below folders (paths or URLs as they were added).
    Remove {
        #[arg(long, value_name = "FILE|URL")]
        archive: Option<String>,
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Count what the archive holds.
    Stats {
        #[arg(long, value_name = "FILE|URL")]
        archive: Option<String>,
    },
}

#[derive(Subcommand)]
enum DebugCommand {
    /// Every candidate statement pair the same-quantity decision weighs, with its evidence,
    /// veto, score and decision, as JSON.
    Pairs {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Ignore every factline.toml (and the knowledge-base files it names).
        #[arg(long)]
        no_config: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Human,
    Json,
    Sarif,
}

#[derive(Clone, Copy, ValueEnum)]
enum SheetFormatArg {
    Markdown,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Information,
    Hint,
    None,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    factline::panics::install_hook();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check {
            paths,
            format,
            fail_on,
            no_config,
            color,
            archive,
        } => cli::check::run(&CheckOptions {
            paths,
            format: match format {
                FormatArg::Human => OutputFormat::Human,
                FormatArg::Json => OutputFormat::Json,
                FormatArg::Sarif => OutputFormat::Sarif,
            },
            fail_on: match fail_on {
                FailOn::Error => Some(Severity::Error),
                FailOn::Warning => Some(Severity::Warning),
                FailOn::Information => Some(Severity::Information),
                FailOn::Hint => Some(Severity::Hint),
                FailOn::None => None,
            },
            no_config,
            color: match color {
                ColorArg::Auto => ColorChoice::Auto,
                ColorArg::Always => ColorChoice::Always,
                ColorArg::Never => ColorChoice::Never,
            },
            archive,
        }),
        Command::Archive { command } => match command {
            ArchiveCommand::Add { archive, paths } => cli::archive::add(archive.as_deref(), &paths),
            ArchiveCommand::Remove { archive, paths } => cli::archive::remove(archive.as_deref(), &paths),
            ArchiveCommand::Stats { archive } => cli::archive::stats(archive.as_deref()),
        },
        Command::Sheet { paths, format, no_config } => cli::sheet::run(&SheetOptions {
            paths,
            format: match format {
                SheetFormatArg::Markdown => SheetFormat::Markdown,
                SheetFormatArg::Json => SheetFormat::Json,
            },
            no_config,
        }),
        Command::Debug {
            command: DebugCommand::Pairs { paths, no_config },
        } => cli::debug::pairs(&paths, no_config),
        Command::Lsp { .. } => factline::lsp::run().map(|()| ExitCode::SUCCESS),
    };
    match result {
        Ok(code) => code,
        // A reader that stops early (`| head`) is not an error worth a message.
        Err(e)
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("factline: {e:#}");
            ExitCode::from(2)
        }
    }
}
