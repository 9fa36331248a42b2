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
//! multi-page PDF ([`pdf`]).

pub mod chart;
pub mod contrast;
pub mod data;
pub mod figures;
pub mod pdf;
pub mod protocol;
pub mod tables;
pub mod text;

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

/// Draws every figure of the results folder `dir` into `dir/figures/` (PNG and PDF) and the
/// combined `dir/report.pdf`.
pub fn report(dir: &Path) -> Result<Written, ReportError> {
    let manifest = Manifest::read(dir)?;
    let fig2a = data::runs(dir, files::FIG2A)?;
    let fig2b = data::runs(dir, files::FIG2B)?;
    let fig3a = data::runs(dir, files::FIG3A)?;
    let fig3b = data::runs(dir, files::FIG3B)?;
    let compare = data::runs(dir, files::COMPARE)?;
    let contracts = data::contracts(dir)?;
    let mut figs: Vec<figures::Figure> = [
        figures::fig1(&contracts),
        figures::fig2a(&fig2a),
        figures::fig2b(&fig2a, &fig2b),
        figures::fig3a(&fig3a),
        figures::fig3b(&fig3b),
    ]
    .into_iter()
    .flatten()
    .collect();
    figs.extend(figures::compare(&compare));
    let (rounds, captures) = (data::rounds(dir)?, data::captures(dir)?);
    let (committees, shares) = (data::committees(dir)?, data::shares(dir)?);
    figs.extend(protocol::speedup(&rounds));
    figs.extend(protocol::capture(&captures));
    figs.extend(protocol::committees(&committees));
    figs.extend(protocol::fairness(&shares));

    let fig_dir = Folder(dir).figures();
    std::fs::create_dir_all(&fig_dir).map_err(|e| FileError::io(&fig_dir, e))?;
    let mut written = Written::default();
    let mut pages: Vec<pdf::Page> = Vec::new();
    let front = tables::front_page(&manifest);
    pages.extend(text_pages(&front));
    let mut side = tables::paper_vs_ours(&fig2a, &fig3a, &fig3b);
    side.extend(contrast::blocks(&data::datasets(dir)?, &fig3a, &fig3b));
    side.extend(tables::protocol_claims(&rounds, &captures, &committees, &shares));
    pages.extend(text_pages(&side));
    for f in &figs {
        let (files, svg) = chart::write(&f.chart, &fig_dir)?;
        written.files.extend(files);
        let (caption, end) = text::caption(&[
            text::Block::Heading(f.chart.title.clone()),
            text::Block::Para(f.caption.clone()),
        ]);
        let (pw, ph) = text::PAGE;
        let top = end + 6.0;
        let h = (ph - top - 12.0).min(chart::SIZE.1 as f32 * pdf::PT_PER_PX);
        let w = h * chart::SIZE.0 as f32 / chart::SIZE.1 as f32;
        pages.push(pdf::Page {
            size: text::PAGE,
            items: vec![
                pdf::Item {
                    svg: caption,
                    rect: (0.0, 0.0, pw, ph),
                },
                pdf::Item {
                    svg,
                    rect: ((pw - w) / 2.0, top, w, h),
                },
            ],
        });
    }
    pages.extend(text_pages(&tables::comparison(&compare)));
    pages.extend(text_pages(&tables::manifest_blocks(&manifest)));
    let path = Folder(dir).report();
    let bytes = pdf::document(&pages)?;
    std::fs::write(&path, bytes).map_err(|e| FileError::io(&path, e))?;
    written.files.push(path);
    written.pages = pages.len();
    Ok(written)
}

fn text_pages(blocks: &[text::Block]) -> Vec<pdf::Page> {
    text::pages(blocks)
        .into_iter()
        .map(|svg| pdf::Page {
            size: text::PAGE,
            items: vec![pdf::Item {
                svg,
                rect: (0.0, 0.0, text::PAGE.0, text::PAGE.1),
            }],
        })
        .collect()
}
