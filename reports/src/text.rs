//! Text pages as SVG: headings, wrapped paragraphs, monospace text and tables, split over as
//! many pages as they need. Drawn by the same SVG-to-PDF path as the figures.
//!
//! Tables ([`Block::Table`]) size each column to its widest cell ([`table`]); a table too
//! wide for the page at the normal monospace size is set in a smaller size, and one too wide
//! even at the smallest is split into column groups, each repeating the first column. A table
//! that continues on another page repeats its header there. A heading is never left alone at
//! the bottom of a page.

use std::rc::Rc;

/// Page size of the combined report: A4 landscape, in points.
pub const PAGE: (f32, f32) = (842.0, 595.0);
const MARGIN: f32 = 40.0;
/// Width of the text column (points).
const TEXT_WIDTH: f32 = PAGE.0 - 2.0 * MARGIN;
/// Advance of one DejaVu Sans Mono glyph, in em (1233 / 2048 font units).
const MONO_ADVANCE: f32 = 0.6021;
/// The monospace size of text and tables (points), and the smallest a wide table is set in.
const MONO_SIZE: f32 = 8.0;
const MONO_MIN: f32 = 5.0;
/// Spaces between two table columns.
pub const GUTTER: usize = 2;
/// Baseline of the page number, from the page's top (points).
const FOOTER_Y: f32 = PAGE.1 - 16.0;

/// A block of text.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// A heading.
    Heading(String),
    /// A paragraph, wrapped to the page.
    Para(String),
    /// Lines of monospace text (JSON, commands), kept as they are; a line too long for the
    /// page wraps at a space, its continuation indented.
    Mono(Vec<String>),
    /// A table: columns sized to their widest cell, the header repeated on every page.
    Table(Table),
    /// A line of a contents list: a title on the left (indented by `level`), a page number
    /// on the right margin.
    Entry {
        /// What the entry names.
        title: String,
        /// Where it is.
        page: String,
        /// 0 for a section, 1 for a figure within it.
        level: usize,
    },
    /// Vertical space.
    Gap,
}

/// A table's cells: one header row, then the body rows (a short row is padded with empty
/// cells).
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// Column titles.
    pub header: Vec<String>,
    /// Body rows.
    pub rows: Vec<Vec<String>>,
}

impl Block {
    /// A table block of `header` and `rows`.
    pub fn table(header: &[&str], rows: Vec<Vec<String>>) -> Block {
        Block::Table(Table {
            header: header.iter().map(|h| (*h).to_owned()).collect(),
            rows,
        })
    }
}

/// Does the cell read as a number (or as no number: `-`, `inf`)? Columns of such cells are
/// right-aligned.
fn numeric(cell: &str) -> bool {
    cell == "-" || cell.parse::<f64>().is_ok()
}

/// The lines of a monospace table: the header, a rule and the rows, each column as wide as
/// its widest cell (header included) and separated from the next by at least [`GUTTER`]
/// spaces. Columns whose cells are all numbers are right-aligned, the others left-aligned;
/// trailing spaces are dropped.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> Vec<String> {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0).max(header.len());
    let cell = |row: &[String], c: usize| row.get(c).map_or("", String::as_str).to_owned();
    let header: Vec<String> = (0..cols)
        .map(|c| header.get(c).copied().unwrap_or("").to_owned())
        .collect();
    let width = |c: usize| {
        rows.iter()
            .map(|r| cell(r, c).chars().count())
            .chain([header[c].chars().count()])
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..cols).map(width).collect();
    let right: Vec<bool> = (0..cols)
        .map(|c| {
            let body: Vec<String> = rows.iter().map(|r| cell(r, c)).filter(|s| !s.is_empty()).collect();
            body.iter().all(|s| numeric(s)) && body.iter().any(|s| s != "-")
        })
        .collect();
    let line = |cells: &[String]| {
        let mut out = String::new();
        for (c, w) in widths.iter().enumerate() {
            let text = cells.get(c).map_or("", String::as_str);
            let pad = " ".repeat(w - text.chars().count());
            if c > 0 {
                out.push_str(&" ".repeat(GUTTER));
            }
            if right[c] {
                out.push_str(&pad);
                out.push_str(text);
            } else {
                out.push_str(text);
                out.push_str(&pad);
            }
        }
        out.trim_end().to_owned()
    };
    let total = widths.iter().sum::<usize>() + GUTTER * cols.saturating_sub(1);
    let mut out = vec![line(&header), "-".repeat(total)];
    out.extend(rows.iter().map(|r| line(r)));
    out
}

/// Splits `text` into lines of at most `width` characters, at spaces where possible.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word = word.to_owned();
        while word.chars().count() > width {
            let head: String = word.chars().take(width).collect();
            word = word.chars().skip(width).collect();
            if !line.is_empty() {
                out.push(std::mem::take(&mut line));
            }
            out.push(head);
        }
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() {
        out.push(line);
    }
    out
}

/// Characters of monospace text at `size` points that fit across the text column.
fn mono_chars(size: f32) -> usize {
    (TEXT_WIDTH / (MONO_ADVANCE * size)).floor() as usize
}

/// A monospace line cut to `width` characters: at spaces where possible, each continuation
/// indented by the line's own indent plus two, so it reads as the same line.
fn wrap_mono(line: &str, width: usize) -> Vec<String> {
    if line.chars().count() <= width {
        return vec![line.to_owned()];
    }
    let indent = line.chars().take_while(|c| *c == ' ').count();
    let hang = (indent + 2).min(width / 2);
    let mut out = Vec::new();
    let mut rest: Vec<char> = line.chars().collect();
    let mut first = true;
    while !rest.is_empty() {
        let lead = if first { 0 } else { hang };
        let room = width - lead;
        if rest.len() <= room {
            out.push(format!("{}{}", " ".repeat(lead), rest.iter().collect::<String>()));
            break;
        }
        // The last space within the room (after the indent), else a hard cut.
        let cut = (indent + 1..=room)
            .rev()
            .find(|&i| rest[i - 1] == ' ' || rest.get(i) == Some(&' '))
            .unwrap_or(room);
        let head: String = rest[..cut].iter().collect();
        out.push(format!("{}{}", " ".repeat(lead), head.trim_end()));
        rest = rest[cut..].iter().copied().skip_while(|c| *c == ' ').collect();
        first = false;
    }
    out
}

/// How a line is set.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Style {
    size: f32,
    height: f32,
    mono: bool,
    bold: bool,
    /// Left indent (points).
    indent: f32,
}

impl Style {
    const HEADING: Style = Style {
        size: 16.0,
        height: 26.0,
        mono: false,
        bold: true,
        indent: 0.0,
    };
    const PARA: Style = Style {
        size: 10.5,
        height: 14.5,
        mono: false,
        bold: false,
        indent: 0.0,
    };
    const GAP: Style = Style {
        size: 0.0,
        height: 8.0,
        mono: false,
        bold: false,
        indent: 0.0,
    };
    /// Characters of a paragraph line.
    const PARA_CHARS: usize = 124;

    fn mono(size: f32) -> Style {
        Style {
            size,
            height: size * 1.3125,
            mono: true,
            bold: false,
            indent: 0.0,
        }
    }
}

/// One laid-out line.
#[derive(Clone, Debug, PartialEq)]
struct Line {
    style: Style,
    text: String,
    /// Text set flush with the right margin (a contents entry's page).
    right: Option<String>,
    /// The lines repeated at the top of a page this line starts (a table's header).
    head: Option<Rc<Vec<Line>>>,
    /// How many of the next lines must stand on the same page as this one.
    keep: usize,
}

impl Line {
    fn new(style: Style, text: impl Into<String>) -> Line {
        Line {
            style,
            text: text.into(),
            right: None,
            head: None,
            keep: 0,
        }
    }
}

/// A table's lines: the header block (repeated on every page) and the body, in a monospace
/// size at which they fit the page; too wide even at the smallest size, the columns are split
/// into groups, each repeating the first column, set one after the other.
fn table_lines(t: &Table, out: &mut Vec<Line>) {
    let header: Vec<&str> = t.header.iter().map(String::as_str).collect();
    let full = table(&header, &t.rows);
    let chars = full.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    if chars <= mono_chars(MONO_SIZE) {
        return table_part(full, MONO_SIZE, out);
    }
    let size = (TEXT_WIDTH / (MONO_ADVANCE * chars as f32) * 10.0).floor() / 10.0;
    if size >= MONO_MIN {
        return table_part(full, size, out);
    }
    // Column groups: the first column, then as many more as fit at the smallest size.
    let fit = mono_chars(MONO_MIN);
    let cols = header.len().max(t.rows.iter().map(Vec::len).max().unwrap_or(0));
    let col = |c: usize| -> Vec<Vec<String>> {
        t.rows
            .iter()
            .map(|r| vec![r.get(c).cloned().unwrap_or_default()])
            .collect()
    };
    let width = |c: usize| table(&[header.get(c).copied().unwrap_or("")], &col(c))[1].len();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group = vec![0];
    let mut used = width(0);
    for c in 1..cols {
        let w = width(c) + GUTTER;
        if group.len() > 1 && used + w > fit {
            groups.push(std::mem::replace(&mut group, vec![0]));
            used = width(0);
        }
        group.push(c);
        used += w;
    }
    groups.push(group);
    for (i, g) in groups.iter().enumerate() {
        if i > 0 {
            out.push(Line::new(Style::GAP, ""));
        }
        let h: Vec<&str> = g.iter().map(|&c| header.get(c).copied().unwrap_or("")).collect();
        let rows: Vec<Vec<String>> = t
            .rows
            .iter()
            .map(|r| g.iter().map(|&c| r.get(c).cloned().unwrap_or_default()).collect())
            .collect();
        table_part(table(&h, &rows), MONO_MIN, out);
    }
}

/// Lines of one rendered table (header, rule, body) at `size`: the header repeated on every
/// page and kept with the first row. A line still too long (one cell wider than the page)
/// wraps.
fn table_part(lines: Vec<String>, size: f32, out: &mut Vec<Line>) {
    let style = Style::mono(size);
    let width = mono_chars(size);
    let mut it = lines.into_iter();
    let head: Vec<Line> = it
        .by_ref()
        .take(2)
        .flat_map(|l| match l.starts_with('-') {
            true => vec![l.chars().take(width).collect()],
            false => wrap_mono(&l, width),
        })
        .map(|l| Line::new(style, l))
        .collect();
    let n = head.len();
    for (i, mut l) in head.iter().cloned().enumerate() {
        l.keep = n - i;
        out.push(l);
    }
    let head = Rc::new(head);
    for row in it {
        let parts = wrap_mono(&row, width);
        let k = parts.len();
        for (i, p) in parts.into_iter().enumerate() {
            out.push(Line {
                head: Some(head.clone()),
                keep: k - 1 - i,
                ..Line::new(style, p)
            });
        }
    }
}

fn lines(blocks: &[Block]) -> Vec<Line> {
    let mut out = Vec::new();
    for b in blocks {
        match b {
            Block::Heading(t) => out.push(Line {
                keep: 2,
                ..Line::new(Style::HEADING, t.clone())
            }),
            Block::Para(t) => out.extend(
                wrap(t, Style::PARA_CHARS)
                    .into_iter()
                    .map(|l| Line::new(Style::PARA, l)),
            ),
            Block::Mono(ls) => {
                let style = Style::mono(MONO_SIZE);
                for l in ls {
                    out.extend(
                        wrap_mono(l, mono_chars(MONO_SIZE))
                            .into_iter()
                            .map(|l| Line::new(style, l)),
                    );
                }
            }
            Block::Table(t) => table_lines(t, &mut out),
            Block::Entry { title, page, level } => {
                let style = Style {
                    indent: 18.0 * *level as f32,
                    ..Style::PARA
                };
                let parts = wrap(title, Style::PARA_CHARS - 10 - 3 * level);
                let k = parts.len();
                for (i, p) in parts.into_iter().enumerate() {
                    out.push(Line {
                        right: (i + 1 == k).then(|| page.clone()),
                        keep: k - 1 - i,
                        ..Line::new(style, p)
                    });
                }
            }
            Block::Gap => out.push(Line::new(Style::GAP, "")),
        }
    }
    out
}

/// Escapes text for SVG.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn svg_open() -> String {
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}">"#,
        w = PAGE.0,
        h = PAGE.1
    )
}

fn text_svg(lines: &[Line], top: f32) -> String {
    let mut svg = svg_open();
    let mut y = top;
    for line in lines {
        let s = line.style;
        y += s.height;
        let family = if s.mono { "monospace" } else { "sans-serif" };
        let weight = if s.bold { "bold" } else { "normal" };
        let size = s.size;
        if !line.text.is_empty() {
            svg.push_str(&format!(
                r#"<text x="{x}" y="{y}" font-family="{family}" font-weight="{weight}" font-size="{size}" xml:space="preserve">{}</text>"#,
                escape(&line.text),
                x = MARGIN + s.indent,
            ));
        }
        if let Some(r) = &line.right {
            svg.push_str(&format!(
                r#"<text x="{x}" y="{y}" font-family="{family}" font-weight="{weight}" font-size="{size}" text-anchor="end">{}</text>"#,
                escape(r),
                x = PAGE.0 - MARGIN,
            ));
        }
    }
    svg.push_str("</svg>");
    svg
}

/// The blocks laid out on pages: one SVG per page, each `PAGE` in size.
pub fn pages(blocks: &[Block]) -> Vec<String> {
    layout(blocks).into_iter().map(|p| p.0).collect()
}

/// The blocks laid out on pages: each page's SVG and the headings that start on it (for a
/// contents list).
pub fn layout(blocks: &[Block]) -> Vec<(String, Vec<String>)> {
    paged(blocks, MARGIN - 10.0, PAGE.1 - MARGIN)
}

/// A caption above a figure: the SVG of the text (full page size, lines from the top) and the
/// y (points) where the text ends.
pub fn caption(blocks: &[Block]) -> (String, f32) {
    let ls = lines(blocks);
    let end = MARGIN - 16.0 + ls.iter().map(|l| l.style.height).sum::<f32>();
    (text_svg(&ls, MARGIN - 16.0), end)
}

/// Where a figure's drawing may end on its page (points from the top): above the page number.
pub const FIGURE_BOTTOM: f32 = FOOTER_Y - 14.0;

/// The page number, bottom centre: "page K of N", as an SVG the size of the page.
pub fn footer(page: usize, of: usize) -> String {
    format!(
        r#"{}<text x="{x}" y="{FOOTER_Y}" font-family="sans-serif" font-size="9" text-anchor="middle">page {page} of {of}</text></svg>"#,
        svg_open(),
        x = PAGE.0 / 2.0,
    )
}

fn paged(blocks: &[Block], top: f32, bottom: f32) -> Vec<(String, Vec<String>)> {
    let all = lines(blocks);
    let mut out = Vec::new();
    let mut page: Vec<Line> = Vec::new();
    let flush = |page: &mut Vec<Line>, out: &mut Vec<(String, Vec<String>)>| {
        let headings = page
            .iter()
            .filter(|l| l.style == Style::HEADING)
            .map(|l| l.text.clone())
            .collect();
        out.push((text_svg(page, top), headings));
        page.clear();
    };
    let mut y = top;
    for (i, line) in all.iter().enumerate() {
        if page.is_empty() && line.style == Style::GAP {
            continue; // no space at the top of a page
        }
        let end = (i + 1 + line.keep).min(all.len());
        let need: f32 = all[i..end].iter().map(|l| l.style.height).sum();
        if y + need > bottom && !page.is_empty() {
            flush(&mut page, &mut out);
            y = top;
            if line.style == Style::GAP {
                continue;
            }
            for h in line.head.iter().flat_map(|h| h.iter()) {
                y += h.style.height;
                page.push(h.clone());
            }
        }
        y += line.style.height;
        page.push(line.clone());
    }
    if !page.is_empty() {
        flush(&mut page, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_every_word_within_the_width() {
        let text = "the quick brown fox jumps over the lazy dog ".repeat(10);
        let ls = wrap(&text, 30);
        assert!(ls.iter().all(|l| l.chars().count() <= 30));
        assert_eq!(ls.join(" "), text.trim());
        assert_eq!(wrap(&"x".repeat(65), 30).len(), 3);
    }

    #[test]
    fn long_text_flows_onto_more_pages() {
        let table: Vec<String> = (0..200).map(|i| format!("row {i} <&>")).collect();
        let ps = pages(&[Block::Heading("T".into()), Block::Mono(table)]);
        assert!(ps.len() >= 4, "{}", ps.len());
        assert!(ps[0].contains("row 0 &lt;&amp;&gt;"));
        assert!(ps.last().unwrap().contains("row 199"));
    }

    /// The start of every column in the header line.
    fn starts(line: &str) -> Vec<usize> {
        let c: Vec<char> = line.chars().collect();
        (0..c.len())
            .filter(|&i| c[i] != ' ' && (i == 0 || c[i - 1] == ' '))
            .collect()
    }

    /// `ilp/highs-direct` and `lognormal:n=1000000,seed=1` ran into their neighbours in
    /// fixed-width columns: every column is as wide as its widest cell, with two spaces to the
    /// next, and numbers are right-aligned.
    #[test]
    fn table_columns_fit_their_widest_cell_and_never_touch() {
        let rows = vec![
            vec![
                "lognormal:n=1000000,seed=1".into(),
                "ilp/highs-direct".into(),
                "1.5".into(),
            ],
            vec!["dao100".into(), "heur/lpt".into(), "12.25".into()],
            vec!["x".into(), "y".into(), "-".into()],
        ];
        let ls = table(&["dataset", "solver", "s"], &rows);
        assert_eq!(ls.len(), 5);
        assert_eq!(ls[0], format!("{:<26}  {:<16}  {:>5}", "dataset", "solver", "s"));
        assert_eq!(ls[1], "-".repeat(26 + 2 + 16 + 2 + 5));
        assert_eq!(ls[2], "lognormal:n=1000000,seed=1  ilp/highs-direct    1.5");
        assert_eq!(ls[3], "dao100                      heur/lpt          12.25");
        // Left-aligned cells start where their header does; two spaces before every column.
        let cols = starts(&ls[0]);
        for l in [&ls[2], &ls[3]] {
            assert_eq!(starts(l)[..2], cols[..2], "{l}");
            for c in [26, 26 + 2 + 16] {
                assert_eq!(&l[c..c + GUTTER], "  ", "{l}");
            }
        }
        // A short row is padded; a header without rows is still a table.
        assert_eq!(table(&["a", "b"], &[vec!["long cell".into()]])[2], "long cell");
        assert_eq!(table(&["a", "b"], &[]), vec!["a  b".to_owned(), "----".into()]);
    }

    fn texts(svg: &str) -> Vec<String> {
        svg.split("xml:space=\"preserve\">")
            .skip(1)
            .map(|s| s.split("</text>").next().unwrap().to_owned())
            .collect()
    }

    /// A long table continued on the next page used to continue without its header: every
    /// page of it starts with the header and the rule, and each row is on exactly one page.
    #[test]
    fn a_table_over_several_pages_repeats_its_header_on_each() {
        let rows: Vec<Vec<String>> = (0..150).map(|i| vec![format!("row{i}"), format!("{i}")]).collect();
        let ps = pages(&[
            Block::Heading("T".into()),
            Block::Para("intro".into()),
            Block::table(&["name", "value"], rows),
        ]);
        assert!(ps.len() >= 3, "{}", ps.len());
        let head = table(&["name", "value"], &[vec!["row149".into(), "149".into()]]);
        let mut seen = 0;
        for (k, p) in ps.iter().enumerate() {
            let t = texts(p);
            let at = if k == 0 { 2 } else { 0 };
            assert_eq!(t[at..at + 2], head[..2], "page {}", k + 1);
            seen += t.iter().filter(|l| l.starts_with("row")).count();
        }
        assert_eq!(seen, 150);
        // A header is never the last thing on a page: a table starting near the bottom moves.
        let mut blocks = vec![Block::Para("x".into()); 35];
        blocks.push(Block::table(&["h"], vec![vec!["1".into()], vec!["2".into()]]));
        let ps = pages(&blocks);
        assert_eq!(texts(&ps[0]).last().unwrap(), "x");
        assert_eq!(texts(&ps[1])[..3], ["h", "-", "1"]);
    }

    /// A table too wide for the page at the normal size is set smaller; one too wide even at
    /// the smallest size is split into column groups; no line is ever wider than the page.
    #[test]
    fn wide_tables_shrink_or_split_but_stay_on_the_page() {
        let fits = |ls: &[Line]| {
            ls.iter()
                .all(|l| l.text.chars().count() as f32 * MONO_ADVANCE * l.style.size <= TEXT_WIDTH + 0.01)
        };
        let wide = |cols: usize, w: usize| Table {
            header: (0..cols).map(|c| format!("c{c}")).collect(),
            rows: vec![(0..cols).map(|_| "x".repeat(w)).collect()],
        };
        let mut narrow = Vec::new();
        table_lines(&wide(3, 10), &mut narrow);
        assert!(narrow.iter().all(|l| l.style.size == MONO_SIZE));
        let mut shrunk = Vec::new();
        table_lines(&wide(10, 18), &mut shrunk); // 198 characters
        assert!(shrunk[0].style.size < MONO_SIZE && shrunk[0].style.size >= MONO_MIN);
        assert_eq!(shrunk.len(), 3, "one line per row");
        assert!(fits(&shrunk));
        let mut split = Vec::new();
        table_lines(&wide(20, 18), &mut split); // 398 characters
        assert!(fits(&split));
        let headers: Vec<&Line> = split.iter().filter(|l| l.text.starts_with("c0 ")).collect();
        assert_eq!(headers.len(), 2, "two column groups, each with the first column");
        assert!(split.iter().any(|l| l.text.contains("c19")));
        // One cell wider than the page wraps rather than running off it.
        let mut huge = Vec::new();
        table_lines(&wide(1, 400), &mut huge);
        assert!(fits(&huge) && huge.len() > 3);
        let mono = lines(&[Block::Mono(vec![format!(
            "  \"summary\": \"{}\"",
            "word ".repeat(60).trim_end()
        )])]);
        assert!(fits(&mono) && mono.len() >= 2, "{mono:?}");
        assert!(mono[1..].iter().all(|l| l.text.starts_with("    word")), "{mono:?}");
    }

    #[test]
    fn contents_entries_put_the_page_on_the_right_and_footers_number_pages() {
        let ps = pages(&[
            Block::Heading("Contents".into()),
            Block::Entry {
                title: "Fig. 1".into(),
                page: "3".into(),
                level: 1,
            },
        ]);
        assert!(ps[0].contains(r#"text-anchor="end">3</text>"#), "{}", ps[0]);
        assert!(footer(4, 17).contains(">page 4 of 17</text>"));
    }
}
