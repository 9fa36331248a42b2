//! PDF output without a browser or TeX: each page is a set of SVG documents placed on the
//! page, each converted by svg2pdf into a self-contained chunk (an XObject) that pdf-writer
//! assembles into one multi-page file. Text stays text: svg2pdf embeds subsets of the system
//! fonts, with DejaVu Sans as the sans-serif family (without a font database svg2pdf drops
//! every glyph silently).

use crate::ReportError;
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, TextStr};
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};
use svg2pdf::usvg;

/// Points per SVG pixel (96 dpi CSS pixels to 72 dpi points).
pub const PT_PER_PX: f32 = 0.75;

/// An SVG placed on a page: its box in points, from the page's top-left corner.
#[derive(Clone, Debug)]
pub struct Item {
    /// The SVG document.
    pub svg: String,
    /// Left, top, width, height (points).
    pub rect: (f32, f32, f32, f32),
}

/// A page: its size in points and what is placed on it.
#[derive(Clone, Debug)]
pub struct Page {
    /// Width, height (points).
    pub size: (f32, f32),
    /// The SVGs on it.
    pub items: Vec<Item>,
}

impl Page {
    /// A page the size of a figure, holding only it.
    pub fn figure(svg: &str) -> Page {
        let (w, h) = (
            crate::chart::SIZE.0 as f32 * PT_PER_PX,
            crate::chart::SIZE.1 as f32 * PT_PER_PX,
        );
        Page {
            size: (w, h),
            items: vec![Item {
                svg: svg.to_owned(),
                rect: (0.0, 0.0, w, h),
            }],
        }
    }
}

/// The system fonts, loaded once per process, with DejaVu Sans as sans-serif and DejaVu Sans
/// Mono as monospace.
fn fonts() -> Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_system_fonts();
        db.set_sans_serif_family("DejaVu Sans");
        db.set_monospace_family("DejaVu Sans Mono");
        Arc::new(db)
    })
    .clone()
}

fn parse(svg: &str) -> Result<usvg::Tree, ReportError> {
    let opt = usvg::Options {
        fontdb: fonts(),
        ..Default::default()
    };
    usvg::Tree::from_str(svg, &opt).map_err(|e| ReportError::Draw {
        what: "SVG for the PDF".into(),
        message: e.to_string(),
    })
}

/// A PDF of `pages`, in order.
pub fn document(pages: &[Page]) -> Result<Vec<u8>, ReportError> {
    let mut alloc = Ref::new(1);
    let catalog = alloc.bump();
    let tree = alloc.bump();
    let mut pdf = Pdf::new();
    let mut page_ids = Vec::new();
    for page in pages {
        let page_id = alloc.bump();
        let content_id = alloc.bump();
        let mut content = Content::new();
        let mut xobjects = Vec::new();
        for (i, item) in page.items.iter().enumerate() {
            let (chunk, root) =
                svg2pdf::to_chunk(&parse(&item.svg)?, svg2pdf::ConversionOptions::default()).map_err(|e| {
                    ReportError::Draw {
                        what: "PDF page".into(),
                        message: e.to_string(),
                    }
                })?;
            let mut map = HashMap::new();
            let chunk = chunk.renumber(|old| *map.entry(old).or_insert_with(|| alloc.bump()));
            pdf.extend(&chunk);
            let name = format!("S{i}");
            let (x, y, w, h) = item.rect;
            // The XObject is 1 x 1 pt; PDF's origin is the bottom-left corner.
            content.save_state();
            content.transform([w, 0.0, 0.0, h, x, page.size.1 - y - h]);
            content.x_object(Name(name.as_bytes()));
            content.restore_state();
            xobjects.push((name, map[&root]));
        }
        pdf.stream(content_id, &content.finish());
        let mut p = pdf.page(page_id);
        p.media_box(Rect::new(0.0, 0.0, page.size.0, page.size.1));
        p.parent(tree);
        p.contents(content_id);
        let mut resources = p.resources();
        let mut xo = resources.x_objects();
        for (name, id) in &xobjects {
            xo.pair(Name(name.as_bytes()), *id);
        }
        xo.finish();
        resources.finish();
        p.finish();
        page_ids.push(page_id);
    }
    pdf.pages(tree)
        .kids(page_ids.iter().copied())
        .count(page_ids.len() as i32);
    pdf.catalog(catalog).pages(tree);
    let info = alloc.bump();
    pdf.document_info(info)
        .producer(TextStr("fairshard (svg2pdf, pdf-writer)"));
    Ok(pdf.finish())
}
