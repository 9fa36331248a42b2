//! # fairshard-reports
//!
//! Figures and the combined report, drawn from a results folder only (the files
//! `fairshard-experiments` writes, read through [`fairshard_results`]: the same file names,
//! row types and typed manifest): no solver is ever run here, so `fairshard report DIR`
//! redraws everything in seconds.
//!
//! Each figure is one [`chart::Chart`] drawn by plotters twice: on the bitmap backend
//! (`figures/NAME.png`) and on the SVG backend, converted by svg2pdf (`figures/NAME.pdf`).
//! `report.pdf` puts every figure with its caption, the paper's stated values beside ours,
//! the comparison table, the commands that made the folder and its manifest into one
//! multi-page PDF ([`pdf`]): a contents page after the front page, every page numbered, and
//! each data set described where it first appears ([`datasets`]).

pub mod bench;
pub mod chart;
pub mod contrast;
pub mod data;
pub mod datasets;
pub mod figures;
pub mod pdf;
pub mod protocol;
pub mod tables;
pub mod text;

use fairshard_harness::RunRecord;
use fairshard_results::{FileError, Folder, Manifest, files};
use std::path::{Path, PathBuf};
use thiserror::Error;

/// Why a report could not be drawn: a result file (naming it), or a figure the backends
/// could not draw.
#[derive(Debug, Error)]
pub enum ReportError {
    /// Reading a result file or the manifest, or writing a figure or the report.
    #[error(transparent)]
    File(#[from] FileError),
    /// Drawing or converting a figure.
    #[error("drawing {what}: {message}")]
    Draw {
        /// The figure or file.
        what: String,
        /// The backend's message.
        message: String,
    },
}

/// Folder of the figures, inside a results folder.
pub use fairshard_results::files::FIGURES;
/// The report file's name in a results folder.
pub use fairshard_results::files::REPORT;

/// What [`report`] wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Written {
    /// Every file written (figures, then the report).
    pub files: Vec<PathBuf>,
    /// Pages of `report.pdf`.
    pub pages: usize,
}

/// One part of the report, in reading order: a text section or a figure, with the data sets
/// it uses (described where they first appear, [`datasets::Described`]).
enum Part {
    /// Text blocks laid out on as many pages as they need; the data-set note goes after the
    /// block at `note_after`.
    Text {
        blocks: Vec<text::Block>,
        note_after: Option<usize>,
        datasets: Vec<String>,
    },
    /// A figure: its chart's SVG and its caption.
    Figure {
        figure: Box<figures::Figure>,
        svg: String,
        datasets: Vec<String>,
    },
}

/// The index of the first paragraph of `blocks` (where a text section's data-set note goes).
fn first_para(blocks: &[text::Block]) -> Option<usize> {
    blocks.iter().position(|b| matches!(b, text::Block::Para(_)))
}

impl Part {
    fn text(blocks: Vec<text::Block>, datasets: Vec<String>) -> Part {
        Part::Text {
            note_after: first_para(&blocks),
            blocks,
            datasets,
        }
    }
}

/// The data sets of `rows`, in first-seen order.
fn specs<R>(rows: &[R], dataset: impl Fn(&R) -> &str) -> Vec<String> {
    data::distinct(rows, |r| dataset(r).to_owned())
}

/// A line of the contents: title, page, level.
type Entry = (String, usize, usize);

/// Draws every figure of the results folder `dir` into `dir/figures/` (PNG and PDF) and the
/// combined `dir/report.pdf`: a front page, the contents, the tables and figures, the
/// manifest; every page numbered "page K of N".
pub fn report(dir: &Path) -> Result<Written, ReportError> {
    let manifest = Manifest::read(dir)?;
    let fig2a = data::runs(dir, files::FIG2A)?;
    let fig2b = data::runs(dir, files::FIG2B)?;
    let fig3a = data::runs(dir, files::FIG3A)?;
    let fig3b = data::runs(dir, files::FIG3B)?;
    let compare = data::runs(dir, files::COMPARE)?;
    let contracts = data::contracts(dir)?;
    let (rounds, captures) = (data::rounds(dir)?, data::captures(dir)?);
    let (committees, shares) = (data::committees(dir)?, data::shares(dir)?);
    let run_specs = |rows: &[RunRecord]| specs(rows, |r| r.dataset.as_str());
    // Each figure with the data sets it draws.
    let fig1_data = if contracts.is_empty() {
        Vec::new()
    } else {
        vec!["dao100".to_owned(), "dao100@norm".to_owned()]
    };
    let mut fig2b_data: Vec<String> = run_specs(&fig2a).into_iter().filter(|d| d == "dao100@norm").collect();
    fig2b_data.extend(run_specs(&fig2b));
    let synthetic: Vec<RunRecord> = compare
        .iter()
        .filter(|r| r.dataset.starts_with("lognormal") && r.m == 5)
        .cloned()
        .collect();
    let round_data = specs(&rounds, |r| r.dataset.as_str());
    let mut figs: Vec<(figures::Figure, Vec<String>)> = Vec::new();
    let mut add = |f: Option<figures::Figure>, d: &[String]| figs.extend(f.map(|f| (f, d.to_vec())));
    add(figures::fig1(&contracts), &fig1_data);
    add(figures::fig2a(&fig2a), &run_specs(&fig2a));
    add(figures::fig2b(&fig2a, &fig2b), &fig2b_data);
    add(figures::fig3a(&fig3a), &run_specs(&fig3a));
    add(figures::fig3b(&fig3b), &run_specs(&fig3b));
    for f in figures::compare(&compare) {
        add(Some(f), &run_specs(&synthetic));
    }
    for f in protocol::speedup(&rounds) {
        add(Some(f), &round_data);
    }
    add(protocol::capture(&captures), &[]);
    add(protocol::committees(&committees), &[]);
    for f in protocol::fairness(&shares) {
        add(Some(f), &[]);
    }

    let fig_dir = Folder(dir).figures();
    std::fs::create_dir_all(&fig_dir).map_err(|e| FileError::io(&fig_dir, e))?;
    let mut written = Written::default();
    let mut parts = Vec::new();
    let front = tables::front_page(&manifest);
    let front_note = front
        .iter()
        .position(|b| matches!(b, text::Block::Para(p) if p.contains("dao100 (below)")));
    parts.push(Part::Text {
        blocks: front,
        note_after: front_note.or(Some(1)),
        datasets: vec!["dao100".into()],
    });
    let mut side_data = run_specs(&fig2a);
    side_data.extend(run_specs(&fig3a));
    side_data.extend(run_specs(&fig3b));
    parts.push(Part::text(
        tables::paper_vs_ours(&fig2a, &fig3a, &fig3b),
        side_data.clone(),
    ));
    let contrast = contrast::blocks(&data::datasets(dir)?, &fig3a, &fig3b);
    if !contrast.is_empty() {
        parts.push(Part::text(contrast, side_data));
    }
    let claims = tables::protocol_claims(&rounds, &captures, &committees, &shares);
    if !claims.is_empty() {
        parts.push(Part::text(claims, round_data.clone()));
    }
    for (figure, datasets) in figs {
        let (files, svg) = chart::write(&figure.chart, &fig_dir)?;
        written.files.extend(files);
        parts.push(Part::Figure {
            figure: Box::new(figure),
            svg,
            datasets,
        });
    }
    let comparison = tables::comparison(&compare);
    if !comparison.is_empty() {
        parts.push(Part::text(comparison, run_specs(&compare)));
    }
    let (bench_stats, bench_profiles, bench_checks) = (
        data::bench_stats(dir)?,
        data::bench_profiles(dir)?,
        data::bench_checks(dir)?,
    );
    let mut bench_blocks = bench::blocks(manifest.bench_suite.as_deref(), &bench_stats, &bench_checks);
    if !bench_blocks.is_empty() {
        bench_blocks.extend(bench::cell_blocks(&data::bench_cells(dir)?));
    }
    if !bench_blocks.is_empty() {
        let bench_runs = data::runs(dir, files::BENCH)?;
        parts.push(Part::text(bench_blocks, run_specs(&bench_runs)));
    }
    for figure in bench::figures(&bench_stats, &bench_profiles) {
        let (files, svg) = chart::write(&figure.chart, &fig_dir)?;
        written.files.extend(files);
        parts.push(Part::Figure {
            figure: Box::new(figure),
            svg,
            datasets: Vec::new(),
        });
    }
    parts.push(Part::text(tables::manifest_blocks(&manifest), Vec::new()));

    // The contents' length decides where the body starts, and so every page number in it:
    // lay out with a guess, then again with the contents' real length until they agree.
    let mut contents_pages = 1;
    let pages = loop {
        let (body, front_len, entries) = assemble(&parts, contents_pages);
        let contents = text_pages(&contents(&entries));
        if contents.len() == contents_pages || contents_pages > 8 {
            let mut body = body.into_iter();
            let mut all: Vec<pdf::Page> = body.by_ref().take(front_len).collect();
            all.extend(contents);
            all.extend(body);
            break all;
        }
        contents_pages = contents.len();
    };
    let n = pages.len();
    let pages: Vec<pdf::Page> = pages
        .into_iter()
        .enumerate()
        .map(|(k, mut p)| {
            p.items.push(pdf::Item {
                svg: text::footer(k + 1, n),
                rect: (0.0, 0.0, text::PAGE.0, text::PAGE.1),
            });
            p
        })
        .collect();
    let path = Folder(dir).report();
    let bytes = pdf::document(&pages)?;
    std::fs::write(&path, bytes).map_err(|e| FileError::io(&path, e))?;
    written.files.push(path);
    written.pages = pages.len();
    Ok(written)
}

/// The contents page: one line per section and per figure, with its page.
fn contents(entries: &[Entry]) -> Vec<text::Block> {
    let mut b = vec![text::Block::Heading("Contents".into()), text::Block::Gap];
    b.extend(entries.iter().map(|(title, page, level)| text::Block::Entry {
        title: title.clone(),
        page: page.to_string(),
        level: *level,
    }));
    b
}

/// The report's pages without the contents (the front page's pages, then the rest), how many
/// of them the front page takes, and the contents' entries, numbered as if `contents_pages`
/// pages of contents follow the front page. The report's title (the front page's first
/// heading) is not an entry.
fn assemble(parts: &[Part], contents_pages: usize) -> (Vec<pdf::Page>, usize, Vec<Entry>) {
    let mut pages: Vec<pdf::Page> = Vec::new();
    let mut entries: Vec<Entry> = Vec::new();
    let mut described = datasets::Described::new();
    let mut front_len = 0;
    let mut figures_listed = false;
    for (i, part) in parts.iter().enumerate() {
        // The page number of the next page to be added.
        let next = pages.len() + 1 + if i == 0 { 0 } else { contents_pages };
        match part {
            Part::Text {
                blocks,
                note_after,
                datasets,
            } => {
                let mut blocks = blocks.clone();
                if let (Some(at), Some(note)) = (note_after, described.note(datasets, next)) {
                    blocks.insert((at + 1).min(blocks.len()), text::Block::Para(note));
                }
                for (k, (svg, headings)) in text::layout(&blocks).into_iter().enumerate() {
                    let title = usize::from(i == 0 && k == 0);
                    entries.extend(headings.into_iter().skip(title).map(|h| (h, next + k, 0)));
                    pages.push(page_of(svg));
                }
            }
            Part::Figure { figure, svg, datasets } => {
                if !figures_listed {
                    entries.push(("Figures".into(), next, 0));
                    figures_listed = true;
                }
                let mut caption = figure.caption.clone();
                if let Some(note) = described.note(datasets, next) {
                    caption = format!("{caption} {note}");
                }
                let title = figure.chart.title.clone();
                entries.push((title.clone(), next, 1));
                pages.extend(figure_pages(&title, &caption, svg));
            }
        }
        if i == 0 {
            front_len = pages.len();
        }
    }
    (pages, front_len, entries)
}

/// The smallest height (points) a figure is drawn at below its caption; a caption so long
/// that less room is left is set on pages of its own, the figure on the next.
const MIN_FIGURE_H: f32 = 250.0;

/// A figure's page: heading and caption above, the chart below, as large as the room allows.
fn figure_pages(title: &str, caption: &str, svg: &str) -> Vec<pdf::Page> {
    let heading = [
        text::Block::Heading(title.to_owned()),
        text::Block::Para(caption.to_owned()),
    ];
    let (caption_svg, end) = text::caption(&heading);
    let (pw, _) = text::PAGE;
    let max_h = chart::SIZE.1 as f32 * pdf::PT_PER_PX;
    let place = |top: f32| {
        let h = (text::FIGURE_BOTTOM - top).min(max_h);
        let w = h * chart::SIZE.0 as f32 / chart::SIZE.1 as f32;
        pdf::Item {
            svg: svg.to_owned(),
            rect: ((pw - w) / 2.0, top, w, h),
        }
    };
    let top = end + 6.0;
    if text::FIGURE_BOTTOM - top >= MIN_FIGURE_H {
        let mut page = page_of(caption_svg);
        page.items.push(place(top));
        return vec![page];
    }
    let mut out: Vec<pdf::Page> = text::pages(&heading).into_iter().map(page_of).collect();
    let (cont, end) = text::caption(&[text::Block::Heading(format!("{title} (figure)"))]);
    let mut page = page_of(cont);
    page.items.push(place(end + 6.0));
    out.push(page);
    out
}

/// A page holding one full-page SVG.
fn page_of(svg: String) -> pdf::Page {
    pdf::Page {
        size: text::PAGE,
        items: vec![pdf::Item {
            svg,
            rect: (0.0, 0.0, text::PAGE.0, text::PAGE.1),
        }],
    }
}

fn text_pages(blocks: &[text::Block]) -> Vec<pdf::Page> {
    text::pages(blocks).into_iter().map(page_of).collect()
}
