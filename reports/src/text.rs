//! Text pages as SVG: headings, wrapped paragraphs and monospace tables, split over as many
//! pages as they need. Drawn by the same SVG-to-PDF path as the figures.

/// Page size of the combined report: A4 landscape, in points.
pub const PAGE: (f32, f32) = (842.0, 595.0);
const MARGIN: f32 = 40.0;

/// A block of text.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// A heading.
    Heading(String),
    /// A paragraph, wrapped to the page.
    Para(String),
    /// Lines of monospace text (tables, JSON), kept as they are (long lines wrap).
    Mono(Vec<String>),
    /// Vertical space.
    Gap,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Heading,
    Para,
    Mono,
    Gap,
}

impl Kind {
    /// (font size, line height, characters per line) in points.
    fn metrics(self) -> (f32, f32, usize) {
        match self {
            Kind::Heading => (16.0, 26.0, 80),
            Kind::Para => (10.5, 14.5, 124),
            Kind::Mono => (8.0, 10.5, 150),
            Kind::Gap => (0.0, 8.0, 0),
        }
    }
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

fn lines(blocks: &[Block]) -> Vec<(Kind, String)> {
    let mut out = Vec::new();
    for b in blocks {
        match b {
            Block::Heading(t) => out.push((Kind::Heading, t.clone())),
            Block::Para(t) => out.extend(wrap(t, Kind::Para.metrics().2).into_iter().map(|l| (Kind::Para, l))),
            Block::Mono(ls) => {
                let w = Kind::Mono.metrics().2;
                for l in ls {
                    let chars: Vec<char> = l.chars().collect();
                    if chars.is_empty() {
                        out.push((Kind::Mono, String::new()));
                    }
                    for c in chars.chunks(w) {
                        out.push((Kind::Mono, c.iter().collect()));
                    }
                }
            }
            Block::Gap => out.push((Kind::Gap, String::new())),
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

fn text_svg(lines: &[(Kind, String)], top: f32) -> String {
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}">"#,
        w = PAGE.0,
        h = PAGE.1
    );
    let mut y = top;
    for (kind, text) in lines {
        let (size, height, _) = kind.metrics();
        y += height;
        let (family, weight) = match kind {
            Kind::Heading => ("sans-serif", "bold"),
            Kind::Mono => ("monospace", "normal"),
            _ => ("sans-serif", "normal"),
        };
        if !text.is_empty() {
            svg.push_str(&format!(
                r#"<text x="{MARGIN}" y="{y}" font-family="{family}" font-weight="{weight}" font-size="{size}" xml:space="preserve">{}</text>"#,
                escape(text)
            ));
        }
    }
    svg.push_str("</svg>");
    svg
}

/// The blocks laid out on pages: one SVG per page, each `PAGE` in size.
pub fn pages(blocks: &[Block]) -> Vec<String> {
    paged(blocks, MARGIN - 10.0, PAGE.1 - MARGIN)
}

/// A caption above a figure: the SVG of the text (full page size, lines from the top) and the
/// y (points) where the text ends.
pub fn caption(blocks: &[Block]) -> (String, f32) {
    let ls = lines(blocks);
    let end = MARGIN - 16.0 + ls.iter().map(|(k, _)| k.metrics().1).sum::<f32>();
    (text_svg(&ls, MARGIN - 16.0), end)
}

fn paged(blocks: &[Block], top: f32, bottom: f32) -> Vec<String> {
    let mut out = Vec::new();
    let mut page: Vec<(Kind, String)> = Vec::new();
    let mut y = top;
    for line in lines(blocks) {
        let h = line.0.metrics().1;
        if y + h > bottom && !page.is_empty() {
            out.push(text_svg(&page, top));
            page.clear();
            y = top;
        }
        y += h;
        page.push(line);
    }
    if !page.is_empty() {
        out.push(text_svg(&page, top));
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
}
