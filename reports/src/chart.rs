//! One chart model for every figure, drawn with plotters on any backend: PNG through the
//! bitmap backend, PDF through the SVG backend and svg2pdf.

use crate::ReportError;
use plotters::coord::Shift;
use plotters::coord::ranged1d::{AsRangedCoord, ValueFormatter};
use plotters::element::{Drawable, PointCollection};
use plotters::prelude::*;
use std::path::{Path, PathBuf};

/// Pixel size of every figure (PNG pixels, SVG user units).
pub const SIZE: (u32, u32) = (1000, 640);

/// How a series is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// Points only.
    Points,
    /// Line through the points, with markers.
    Line,
    /// Dashed line without markers (reference values).
    Dashed,
    /// Crosses only (reference points).
    Crosses,
    /// Vertical bars (intervals): the points come in pairs (x, low), (x, high), one bar each.
    Intervals,
    /// A line through the points, without markers (a series whose points carry their own
    /// markers in other series: proven filled, unproven open).
    Path,
    /// Open circles only (points not proven: the reader sees them hollow).
    Open,
}

/// One named series (an empty name keeps it out of the legend).
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// Legend entry (names the solver and data).
    pub name: String,
    /// Points in data coordinates.
    pub points: Vec<(f64, f64)>,
    /// How it is drawn.
    pub mark: Mark,
    /// Palette index.
    pub color: usize,
}

/// An axis: label, scale, and range (computed from the data when `None`).
#[derive(Clone, Debug, PartialEq)]
pub struct Axis {
    /// Label, with units.
    pub label: String,
    /// Logarithmic?
    pub log: bool,
    /// Fixed range.
    pub range: Option<(f64, f64)>,
    /// On a log axis, the row (a power of ten below the data) where exact zeros are drawn;
    /// its tick reads "0" (see [`Chart::mark_zeros`]).
    pub zero: Option<f64>,
}

impl Axis {
    /// A linear axis.
    pub fn linear(label: &str) -> Self {
        Axis {
            label: label.to_owned(),
            log: false,
            range: None,
            zero: None,
        }
    }
    /// A logarithmic axis.
    pub fn log(label: &str) -> Self {
        Axis {
            label: label.to_owned(),
            log: true,
            range: None,
            zero: None,
        }
    }
}

/// A figure: title, axes, series.
#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    /// File stem (`fig2a` -> `fig2a.png`, `fig2a.pdf`).
    pub name: String,
    /// Title drawn above the plot.
    pub title: String,
    /// x axis.
    pub x: Axis,
    /// y axis.
    pub y: Axis,
    /// Series, drawn in order; the legend lists them.
    pub series: Vec<Series>,
    /// Where the legend goes: a corner the data leaves empty.
    pub legend: Legend,
}

/// A corner of the plot, for the legend: the preferred one. When data would lie under the
/// legend there, another free corner is used, or, when none is free, the legend goes to the
/// right of the plot ([`Chart::legend_corner`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Legend {
    /// Upper left (rising curves).
    UpperLeft,
    /// Upper right.
    UpperRight,
    /// Lower left (Pareto fronts, falling curves).
    LowerLeft,
    /// Lower right.
    LowerRight,
}

impl Legend {
    const ALL: [Legend; 4] = [
        Legend::UpperLeft,
        Legend::UpperRight,
        Legend::LowerLeft,
        Legend::LowerRight,
    ];
}

/// Approximate pixel geometry of the plotting area and of a legend entry (see [`plot`]).
const PLOT_W: f64 = SIZE.0 as f64 - 84.0 - 2.0 * 18.0;
const PLOT_H: f64 = SIZE.1 as f64 - 56.0 - 2.0 * 18.0 - 30.0;
const LEGEND_ROW: f64 = 19.0;
const LEGEND_CHAR: f64 = 8.2;

impl Chart {
    /// On each log axis, draws exact zeros (values <= 0, which a log axis cannot show) on a
    /// marked row one decade below the smallest positive value (or at 1e-12 when there is
    /// none): the row's tick reads "0", and a thin grey dashed line marks it on the y axis.
    /// Returns whether any zero was moved, for the caption to say so.
    pub fn mark_zeros(&mut self) -> bool {
        fn row(values: impl Iterator<Item = f64>) -> f64 {
            let min = values
                .filter(|v| v.is_finite() && *v > 0.0)
                .fold(f64::INFINITY, f64::min);
            if min.is_finite() {
                10f64.powf(min.log10().floor() - 1.0)
            } else {
                1e-12
            }
        }
        let zero = |v: f64| v.is_finite() && v <= 0.0;
        let mut moved = false;
        if self.x.log && self.series.iter().any(|s| s.points.iter().any(|p| zero(p.0))) {
            let r = row(self.series.iter().flat_map(|s| s.points.iter().map(|p| p.0)));
            for s in &mut self.series {
                s.points.iter_mut().filter(|p| zero(p.0)).for_each(|p| p.0 = r);
            }
            self.x.zero = Some(r);
            moved = true;
        }
        if self.y.log && self.series.iter().any(|s| s.points.iter().any(|p| zero(p.1))) {
            let r = row(self.series.iter().flat_map(|s| s.points.iter().map(|p| p.1)));
            for s in &mut self.series {
                s.points.iter_mut().filter(|p| zero(p.1)).for_each(|p| p.1 = r);
            }
            self.y.zero = Some(r);
            let xs = self.series.iter().flat_map(|s| s.points.iter().map(|p| p.0));
            let (lo, hi) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| (a.min(x), b.max(x)));
            self.series.push(Series {
                name: "= 0: exact zeros drawn on this row".into(),
                points: vec![(lo, r), (hi, r)],
                mark: Mark::Dashed,
                color: REFERENCE,
            });
            moved = true;
        }
        moved
    }

    /// Where the legend goes: the preferred corner if the legend box covers no data there,
    /// else another corner where it covers none (lines are sampled along their segments);
    /// `None` when every corner would hide data: the legend then goes beside the plot.
    pub fn legend_corner(&self) -> Option<Legend> {
        let xs = span(&self.x, self.series.iter().flat_map(|s| s.points.iter().map(|p| p.0)));
        let ys = span(&self.y, self.series.iter().flat_map(|s| s.points.iter().map(|p| p.1)));
        let unit = |v: f64, r: (f64, f64), log: bool| {
            if log {
                (v.log10() - r.0.log10()) / (r.1.log10() - r.0.log10())
            } else {
                (v - r.0) / (r.1 - r.0)
            }
        };
        // Every drawn point in plot units ([0, 1] on both axes), lines sampled in between.
        let mut pts: Vec<(f64, f64)> = Vec::new();
        for s in &self.series {
            let p: Vec<(f64, f64)> = s
                .points
                .iter()
                .filter(|p| {
                    p.0.is_finite() && p.1.is_finite() && (!self.x.log || p.0 > 0.0) && (!self.y.log || p.1 > 0.0)
                })
                .map(|p| (unit(p.0, xs, self.x.log), unit(p.1, ys, self.y.log)))
                .collect();
            pts.extend(&p);
            let joined = match s.mark {
                Mark::Line | Mark::Dashed | Mark::Path => p.windows(2).map(|w| (w[0], w[1])).collect::<Vec<_>>(),
                Mark::Intervals => p.chunks(2).filter(|c| c.len() == 2).map(|c| (c[0], c[1])).collect(),
                _ => Vec::new(),
            };
            for (a, b) in joined {
                for k in 1..24 {
                    let t = f64::from(k) / 24.0;
                    pts.push((a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1)));
                }
            }
        }
        let named: Vec<&Series> = self.series.iter().filter(|s| !s.name.is_empty()).collect();
        let chars = named.iter().map(|s| s.name.chars().count()).max().unwrap_or(0) as f64;
        let w = (chars * LEGEND_CHAR + 50.0) / PLOT_W;
        let h = (named.len() as f64 * LEGEND_ROW + 16.0) / PLOT_H;
        let covered = |corner: Legend| {
            let (x0, y0) = match corner {
                Legend::UpperLeft => (0.0, 1.0 - h),
                Legend::UpperRight => (1.0 - w, 1.0 - h),
                Legend::LowerLeft => (0.0, 0.0),
                Legend::LowerRight => (1.0 - w, 0.0),
            };
            pts.iter()
                .filter(|p| p.0 >= x0 && p.0 <= x0 + w && p.1 >= y0 && p.1 <= y0 + h)
                .count()
        };
        std::iter::once(self.legend)
            .chain(Legend::ALL)
            .find(|&c| covered(c) == 0)
    }

    /// Width (pixels) of the legend when drawn beside the plot.
    fn side_legend_width(&self) -> u32 {
        let chars = self.series.iter().map(|s| s.name.chars().count()).max().unwrap_or(0);
        ((chars as f64 * LEGEND_CHAR + 50.0) as u32).clamp(160, 420)
    }
}

/// A colour-blind-safe palette (Okabe-Ito), then grey for references.
const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
    RGBColor(120, 120, 120),
    RGBColor(0, 0, 0),
];

/// Grey, for the paper's reference values.
pub const REFERENCE: usize = 6;

fn color(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// The range of an axis over `values`: padded by 5% (linear) or to whole decades (log, over
/// the positive values only).
fn span(axis: &Axis, values: impl Iterator<Item = f64>) -> (f64, f64) {
    if let Some(r) = axis.range {
        return r;
    }
    let vals: Vec<f64> = values.filter(|v| v.is_finite() && (!axis.log || *v > 0.0)).collect();
    let lo = vals.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = vals.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !lo.is_finite() {
        return if axis.log { (1e-3, 1.0) } else { (0.0, 1.0) };
    }
    if axis.log {
        // A little room beyond the data, then out to whole decades: at least two, so that the
        // axis carries at least three labelled powers of ten.
        let (a, b) = ((lo / 1.5).log10().floor(), (hi * 1.5).log10().ceil());
        (10f64.powf(a.min(b - 2.0)), 10f64.powf(b))
    } else {
        let pad = if hi > lo { (hi - lo) * 0.05 } else { 1.0 };
        (lo - pad, hi + pad)
    }
}

/// Tick label: plain for moderate magnitudes, scientific otherwise.
fn tick(v: &f64) -> String {
    let a = v.abs();
    if a == 0.0 {
        "0".into()
    } else if !(1e-3..1e4).contains(&a) {
        format!("{v:.0e}")
    } else if a >= 100.0 || (v.fract() == 0.0) {
        format!("{v:.0}")
    } else {
        let s = format!("{v:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

/// Tick label on an axis whose exact zeros are drawn on row `zero`: "0" there, nothing below
/// it, [`tick`] elsewhere.
fn zero_tick(v: &f64, zero: Option<f64>) -> String {
    match zero {
        Some(z) if (v / z - 1.0).abs() < 1e-9 => "0".into(),
        Some(z) if *v < z => String::new(),
        _ => tick(v),
    }
}

/// A line series' marker at `p`: a small circle, a triangle or a large circle by palette index
/// (as in the legend), so that series drawn on top of each other stay distinguishable; all
/// filled, since an open marker means "not proven" in the status-marked figures.
fn marker<DB: DrawingBackend, C: Clone + 'static>(p: C, index: usize, c: RGBColor) -> DynElement<'static, DB, C>
where
    Circle<C, i32>: Drawable<DB>,
    TriangleMarker<C, i32>: Drawable<DB>,
    for<'a> &'a Circle<C, i32>: PointCollection<'a, C>,
    for<'a> &'a TriangleMarker<C, i32>: PointCollection<'a, C>,
{
    match index % 3 {
        0 => Circle::new(p, 4, c.filled()).into_dyn(),
        1 => TriangleMarker::new(p, 6, c.filled()).into_dyn(),
        _ => Circle::new(p, 6, c.filled()).into_dyn(),
    }
}

type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// Draws `chart` on `root`.
pub fn draw<DB: DrawingBackend>(chart: &Chart, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    let xs = span(&chart.x, chart.series.iter().flat_map(|s| s.points.iter().map(|p| p.0)));
    let ys = span(&chart.y, chart.series.iter().flat_map(|s| s.points.iter().map(|p| p.1)));
    let corner = chart.legend_corner();
    // The title spans the whole figure, above the plot and any legend beside it.
    let body = root.titled(&chart.title, ("sans-serif", 24))?;
    let area = match corner {
        Some(_) => body,
        None => {
            let (plot_area, side) = body.split_horizontally(SIZE.0 - chart.side_legend_width());
            side_legend(chart, &side)?;
            plot_area
        }
    };
    match (chart.x.log, chart.y.log) {
        (false, false) => plot(chart, &area, xs.0..xs.1, ys.0..ys.1, corner),
        (true, false) => plot(chart, &area, (xs.0..xs.1).log_scale(), ys.0..ys.1, corner),
        (false, true) => plot(chart, &area, xs.0..xs.1, (ys.0..ys.1).log_scale(), corner),
        (true, true) => plot(chart, &area, (xs.0..xs.1).log_scale(), (ys.0..ys.1).log_scale(), corner),
    }
}

/// A legend entry's glyph at (x, y) (its left end; 20 px wide).
fn glyph<DB: DrawingBackend>(s: &Series, (x, y): (i32, i32)) -> DynElement<'static, DB, (i32, i32)> {
    let c = color(s.color);
    match s.mark {
        Mark::Points => Circle::new((x + 10, y), 4, c.filled()).into_dyn(),
        Mark::Crosses => Cross::new((x + 10, y), 6, c.stroke_width(3)).into_dyn(),
        // The marker alone: composing it with a line needs a 'static backend.
        Mark::Line => marker((x + 10, y), s.color, c),
        Mark::Dashed => {
            plotters::element::DashedPathElement::new(vec![(x - 2, y), (x + 22, y)], 6, 4, c.stroke_width(2)).into_dyn()
        }
        Mark::Intervals => PathElement::new(vec![(x + 10, y - 7), (x + 10, y + 7)], c.stroke_width(2)).into_dyn(),
        Mark::Path => PathElement::new(vec![(x, y), (x + 20, y)], c.stroke_width(2)).into_dyn(),
        Mark::Open => Circle::new((x + 10, y), 5, c.stroke_width(2)).into_dyn(),
    }
}

/// The legend as a column beside the plot, on `area`.
fn side_legend<DB: DrawingBackend>(chart: &Chart, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
    let mut y = 50;
    for s in chart.series.iter().filter(|s| !s.name.is_empty()) {
        if matches!(s.mark, Mark::Line) {
            area.draw(&PathElement::new(vec![(0, y), (24, y)], color(s.color).stroke_width(2)))?;
        }
        area.draw(&glyph::<DB>(s, (2, y)))?;
        area.draw(&Text::new(s.name.clone(), (30, y - 9), ("sans-serif", 15)))?;
        y += 22;
    }
    Ok(())
}

fn plot<DB, X, Y>(chart: &Chart, root: &DrawingArea<DB, Shift>, x: X, y: Y, corner: Option<Legend>) -> DrawResult<DB>
where
    DB: DrawingBackend,
    X: AsRangedCoord<Value = f64>,
    Y: AsRangedCoord<Value = f64>,
    X::CoordDescType: ValueFormatter<f64>,
    Y::CoordDescType: ValueFormatter<f64>,
{
    let mut ctx = ChartBuilder::on(root)
        .margin(18)
        .x_label_area_size(56)
        .y_label_area_size(84)
        .build_cartesian_2d(x, y)?;
    let (xz, yz) = (chart.x.zero, chart.y.zero);
    let x_tick = move |v: &f64| zero_tick(v, xz);
    let y_tick = move |v: &f64| zero_tick(v, yz);
    ctx.configure_mesh()
        .x_desc(chart.x.label.as_str())
        .y_desc(chart.y.label.as_str())
        .x_label_formatter(&x_tick)
        .y_label_formatter(&y_tick)
        .label_style(("sans-serif", 16))
        .axis_desc_style(("sans-serif", 19))
        .light_line_style(RGBColor(235, 235, 235))
        .draw()?;
    for s in &chart.series {
        let c = color(s.color);
        let pts: Vec<(f64, f64)> = s
            .points
            .iter()
            .copied()
            .filter(|p| p.0.is_finite() && p.1.is_finite())
            .collect();
        let anno = match s.mark {
            Mark::Points => ctx.draw_series(pts.iter().map(|&p| Circle::new(p, 4, c.filled())))?,
            Mark::Crosses => ctx.draw_series(pts.iter().map(|&p| Cross::new(p, 7, c.stroke_width(3))))?,
            Mark::Line => {
                ctx.draw_series(LineSeries::new(pts.iter().copied(), c.stroke_width(2)))?;
                ctx.draw_series(pts.iter().map(|&p| marker(p, s.color, c)))?
            }
            Mark::Dashed => ctx.draw_series(DashedLineSeries::new(pts.iter().copied(), 8, 6, c.stroke_width(2)))?,
            Mark::Intervals => ctx.draw_series(
                pts.chunks(2)
                    .filter(|p| p.len() == 2)
                    .map(|p| PathElement::new(vec![p[0], p[1]], c.stroke_width(2))),
            )?,
            Mark::Path => ctx.draw_series(LineSeries::new(pts.iter().copied(), c.stroke_width(2)))?,
            Mark::Open => ctx.draw_series(pts.iter().map(|&p| {
                EmptyElement::at(p) + Circle::new((0, 0), 5, WHITE.filled()) + Circle::new((0, 0), 5, c.stroke_width(2))
            }))?,
        };
        if s.name.is_empty() {
            continue;
        }
        let glyph_of = s.clone();
        anno.label(s.name.as_str())
            .legend(move |p| glyph::<DB>(&glyph_of, (p.0, p.1)));
    }
    let Some(corner) = corner else {
        return Ok(());
    };
    ctx.configure_series_labels()
        .position(match corner {
            Legend::UpperLeft => SeriesLabelPosition::UpperLeft,
            Legend::UpperRight => SeriesLabelPosition::UpperRight,
            Legend::LowerLeft => SeriesLabelPosition::LowerLeft,
            Legend::LowerRight => SeriesLabelPosition::LowerRight,
        })
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font(("sans-serif", 15))
        .draw()?;
    Ok(())
}

/// The chart as an SVG document.
pub fn svg(chart: &Chart) -> Result<String, ReportError> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, SIZE).into_drawing_area();
        draw(chart, &root).map_err(|e| ReportError::Draw {
            what: chart.name.clone(),
            message: e.to_string(),
        })?;
        root.present().map_err(|e| ReportError::Draw {
            what: chart.name.clone(),
            message: e.to_string(),
        })?;
    }
    Ok(out)
}

/// Writes `dir/NAME.png` and `dir/NAME.pdf`; returns the paths and the SVG (for the report).
pub fn write(chart: &Chart, dir: &Path) -> Result<(Vec<PathBuf>, String), ReportError> {
    let png = dir.join(format!("{}.png", chart.name));
    {
        let root = BitMapBackend::new(&png, SIZE).into_drawing_area();
        let err = |e: String| ReportError::Draw {
            what: png.display().to_string(),
            message: e,
        };
        draw(chart, &root).map_err(|e| err(e.to_string()))?;
        root.present().map_err(|e| err(e.to_string()))?;
    }
    let svg = svg(chart)?;
    let pdf = dir.join(format!("{}.pdf", chart.name));
    let bytes = crate::pdf::document(&[crate::pdf::Page::figure(&svg)])?;
    std::fs::write(&pdf, bytes).map_err(|e| fairshard_results::FileError::io(&pdf, e))?;
    Ok((vec![png, pdf], svg))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_axes_span_whole_decades_and_ignore_non_positive_values() {
        let a = Axis::log("x");
        assert_eq!(span(&a, [0.004, 0.2, 0.0, -1.0].into_iter()), (1e-3, 1.0));
        assert_eq!(span(&a, [1.0].into_iter()), (0.1, 10.0));
        let l = Axis::linear("m");
        let (lo, hi) = span(&l, [2.0, 30.0].into_iter());
        assert!((lo - 0.6).abs() < 1e-12 && (hi - 31.4).abs() < 1e-12, "{lo} {hi}");
        assert_eq!(tick(&0.001), "0.001");
        assert_eq!(tick(&1e-6), "1e-6");
        assert_eq!(tick(&0.25), "0.25");
        assert_eq!(tick(&30.0), "30");
        assert_eq!(
            (tick(&1000.0), tick(&1e4), tick(&1e6)),
            ("1000".into(), "1e4".into(), "1e6".into())
        );
    }

    #[test]
    fn the_legend_moves_off_the_data_and_beside_the_plot_when_no_corner_is_free() {
        let series = |pts: Vec<(f64, f64)>| Series {
            name: "a series with a name".into(),
            points: pts,
            mark: Mark::Points,
            color: 0,
        };
        let mut c = Chart {
            name: "t".into(),
            title: "t".into(),
            x: Axis {
                range: Some((0.0, 1.0)),
                ..Axis::linear("x")
            },
            y: Axis {
                range: Some((0.0, 1.0)),
                ..Axis::linear("y")
            },
            series: vec![series(vec![(0.02, 0.98)])],
            legend: Legend::UpperLeft,
        };
        assert_eq!(c.legend_corner(), Some(Legend::UpperRight));
        c.legend = Legend::LowerLeft;
        assert_eq!(c.legend_corner(), Some(Legend::LowerLeft));
        c.series = vec![series(vec![(0.02, 0.98), (0.98, 0.98), (0.02, 0.02), (0.98, 0.02)])];
        assert_eq!(c.legend_corner(), None);
        // Drawn either way.
        assert!(svg(&c).unwrap().contains("a series with a name"));
    }
}
