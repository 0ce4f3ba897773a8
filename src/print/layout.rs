//! Drawing primitives for forms, and the step that turns drawn pages into PDF bytes.
//!
//! A form draws on a [`Canvas`] in millimetres from the top-left corner of the paper (the way a
//! form is measured with a ruler); the canvas converts to PDF points from the bottom-left. Text
//! positions are baselines. Primitives: text with face/size/weight and left/centre/right or
//! distributed (均等割り) alignment, text wrapped in a box with Japanese line-breaking rules,
//! lines and boxes, ruled tables, digit boxes (one digit per cell, as on 医療券), a seal frame
//! (印), a 再発行 mark and page numbers.
//!
//! Errors that a form cannot see coming (a character missing from the font, a value too long
//! for its box) are remembered by the canvas and returned by [`Canvas::finish`], so form code
//! stays a straight list of drawing calls.
//!
//! Output is deterministic: fixed font resource names, a subset tag derived from the glyphs,
//! dates and the file identifier taken from [`DocMeta`], never the clock or a random number.

use std::collections::BTreeSet;

use chrono::{NaiveDate, NaiveTime};
use printpdf::{
    Color, FontId, Greyscale, Line, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFont,
    PdfFontHandle, PdfPage, PdfSaveOptions, Point, Polygon, PolygonRing, Pt, Rect, TextItem,
    TextMatrix, TextRenderingMode, WindingOrder,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::error::{PrintError, Result};
use super::fonts::{self, Face, FaceData};
use super::linebreak::break_lines;

const PT_PER_MM: f32 = 72.0 / 25.4;

/// Paper sizes the desk's forms use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Paper {
    /// A4 portrait, 210 × 297 mm: notices, certificates, letters.
    #[default]
    A4,
    /// A5 portrait, 148 × 210 mm.
    A5,
    /// The top half of an A4 sheet, 210 × 148.5 mm (landscape): vouchers printed two to a sheet
    /// or on A5 landscape stock.
    A4Half,
    /// A4 landscape, 297 × 210 mm: registers with many columns (交付処理簿).
    A4Landscape,
}

impl Paper {
    /// (width, height) in mm.
    pub fn size_mm(self) -> (f32, f32) {
        match self {
            Paper::A4 => (210.0, 297.0),
            Paper::A5 => (148.0, 210.0),
            Paper::A4Half => (210.0, 148.5),
            Paper::A4Landscape => (297.0, 210.0),
        }
    }

    /// The CUPS `media=` name of the stock this paper is printed on.
    pub fn cups_media(self) -> &'static str {
        match self {
            // A landscape page on A4 stock: CUPS rotates it to fit.
            Paper::A4 | Paper::A4Landscape => "A4",
            // A4-half is A5 landscape; CUPS rotates the page to fit.
            Paper::A5 | Paper::A4Half => "A5",
        }
    }
}

/// Horizontal alignment of a line of text relative to an anchor or box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
    /// 均等割り: characters spread to fill the box exactly (labels such as 氏　名).
    Distribute,
}

/// Typeface, size in points, and weight. IPAex has no bold cut; bold is drawn by stroking the
/// outline as well as filling it, which is how Japanese office software emboldens IPA fonts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    pub face: Face,
    pub size: f32,
    pub bold: bool,
}

impl Style {
    pub const fn mincho(size: f32) -> Self {
        Style {
            face: Face::Mincho,
            size,
            bold: false,
        }
    }
    pub const fn gothic(size: f32) -> Self {
        Style {
            face: Face::Gothic,
            size,
            bold: false,
        }
    }
    pub const fn bold(self) -> Self {
        Style { bold: true, ..self }
    }
    /// Font size in mm.
    fn size_mm(self) -> f32 {
        self.size / PT_PER_MM
    }
}

/// One cell of a [`Table`] row.
#[derive(Debug, Clone)]
pub struct Cell {
    pub text: String,
    pub style: Style,
    pub align: Align,
    /// Number of columns this cell covers (at least 1).
    pub span: usize,
    /// Grey background, for label cells.
    pub shaded: bool,
}

impl Cell {
    pub fn new(text: impl Into<String>, style: Style) -> Self {
        Cell {
            text: text.into(),
            style,
            align: Align::Left,
            span: 1,
            shaded: false,
        }
    }
    /// A label cell: Gothic, shaded, distributed across the cell.
    pub fn label(text: impl Into<String>, size: f32) -> Self {
        Cell {
            text: text.into(),
            style: Style::gothic(size),
            align: Align::Distribute,
            span: 1,
            shaded: true,
        }
    }
    pub fn align(mut self, align: Align) -> Self {
        self.align = align;
        self
    }
    pub fn span(mut self, span: usize) -> Self {
        self.span = span.max(1);
        self
    }
}

/// A row of a [`Table`]; `height` in mm.
#[derive(Debug, Clone)]
pub struct Row {
    pub height: f32,
    pub cells: Vec<Cell>,
}

/// A ruled table: every cell boxed with a thin rule, the outside with a thicker one.
#[derive(Debug, Clone)]
pub struct Table {
    pub x: f32,
    pub y: f32,
    /// Column widths in mm.
    pub widths: Vec<f32>,
    pub rows: Vec<Row>,
}

impl Table {
    pub fn height(&self) -> f32 {
        self.rows.iter().map(|r| r.height).sum()
    }
    pub fn width(&self) -> f32 {
        self.widths.iter().sum()
    }
}

/// Document-level facts written into the PDF instead of the clock and random numbers.
#[derive(Debug, Clone)]
pub struct DocMeta {
    /// Title in the PDF's document information (the form's name; never personal data).
    pub title: String,
    /// Creation date written into the PDF (the document's issue date, at 00:00 JST).
    pub date: NaiveDate,
    /// Bytes the file identifier is hashed from (the serialised document value).
    pub id_seed: Vec<u8>,
}

/// Thin rule (cell borders), normal rule, thick rule (table outlines), in points.
pub const RULE_THIN: f32 = 0.4;
/// Printed on every page of a document whose amounts come from a rate set of invented figures.
pub const TEST_FIGURES_MARK: &str = "試験用・実在しない金額";
pub const RULE: f32 = 0.6;
pub const RULE_THICK: f32 = 1.2;

/// Left/right inner padding of a table cell, mm.
const CELL_PAD: f32 = 2.0;
/// Width of a distributed label in a table cell, in em.
const LABEL_EMS: f32 = 5.0;
/// Line height as a multiple of font size.
const LINE_HEIGHT: f32 = 1.5;
/// Height of the glyph centre above the baseline, as a fraction of the font size
/// (IPAex: body from -0.12 em to 0.88 em).
const CENTRE_ABOVE_BASELINE: f32 = 0.36;

/// A drawing surface of one or more pages of the same paper size.
pub struct Canvas {
    paper: Paper,
    faces: [&'static FaceData; 2],
    pages: Vec<Vec<Op>>,
    used: [BTreeSet<char>; 2],
    error: Option<PrintError>,
}

impl Canvas {
    /// A canvas with one empty page.
    pub fn new(paper: Paper) -> Result<Self> {
        Ok(Canvas {
            paper,
            faces: [fonts::face(Face::Mincho)?, fonts::face(Face::Gothic)?],
            pages: vec![Vec::new()],
            used: [BTreeSet::new(), BTreeSet::new()],
            error: None,
        })
    }

    pub fn paper(&self) -> Paper {
        self.paper
    }

    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Start a new page; later drawing goes there.
    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
    }

    /// Remember the first problem; [`finish`](Self::finish) reports it.
    pub fn fail(&mut self, e: PrintError) {
        self.error.get_or_insert(e);
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("a canvas always has a page")
    }

    fn pt(&self, x: f32, y: f32) -> Point {
        let (_, h) = self.paper.size_mm();
        Point {
            x: Pt(x * PT_PER_MM),
            y: Pt((h - y) * PT_PER_MM),
        }
    }

    fn face(&self, face: Face) -> &'static FaceData {
        self.faces[face as usize]
    }

    /// Width of `s` set in `style`, in mm.
    pub fn measure(&self, s: &str, style: Style) -> f32 {
        let f = self.face(style.face);
        s.chars().map(|c| f.advance_em(c)).sum::<f32>() * style.size_mm()
    }

    // ---- text -------------------------------------------------------------------------------

    /// Draw one line of text with its left end at `x` and its baseline at `y`.
    pub fn text(&mut self, x: f32, y: f32, s: &str, style: Style) {
        self.text_run(x, y, s, style, 0.0);
    }

    /// Draw one line of text aligned within `[x, x + width]` (for `Left`/`Center`/`Right`, a
    /// width of 0 makes `x` the anchor point). Text wider than the box is drawn anyway, from `x`.
    pub fn text_aligned(
        &mut self,
        x: f32,
        y: f32,
        width: f32,
        s: &str,
        style: Style,
        align: Align,
    ) {
        let w = self.measure(s, style);
        let n = s.chars().count();
        match align {
            Align::Left => self.text_run(x, y, s, style, 0.0),
            Align::Center => self.text_run(x + (width - w) / 2.0, y, s, style, 0.0),
            Align::Right => self.text_run(x + width - w, y, s, style, 0.0),
            Align::Distribute if n > 1 && w < width => {
                let gap = (width - w) / (n - 1) as f32;
                self.text_run(x, y, s, style, gap)
            }
            Align::Distribute => self.text_run(x + (width - w).max(0.0) / 2.0, y, s, style, 0.0),
        }
    }

    /// Draw `s` wrapped into a box `width` mm wide with Japanese line-breaking rules, first
    /// baseline at `y`. Returns the baseline of the line after the last one.
    pub fn paragraph(
        &mut self,
        x: f32,
        y: f32,
        width: f32,
        s: &str,
        style: Style,
        line_height: f32,
    ) -> f32 {
        let mut baseline = y;
        for line in self.wrap(s, width, style) {
            self.text_run(x, baseline, &line, style, 0.0);
            baseline += line_height;
        }
        baseline
    }

    /// Split `s` into lines that fit `width` mm, by the kinsoku rules of [`break_lines`].
    pub fn wrap(&self, s: &str, width: f32, style: Style) -> Vec<String> {
        let f = self.face(style.face);
        let size = style.size_mm();
        break_lines(s, width, |c| f.advance_em(c) * size)
    }

    /// `spacing`: extra mm after every character (for distributed labels).
    fn text_run(&mut self, x: f32, y: f32, s: &str, style: Style, spacing: f32) {
        if s.is_empty() {
            return;
        }
        if contains_my_number_shape(s) {
            // The message names the text with its digits masked: the number must not reach a log.
            let field: String = s
                .chars()
                .take(20)
                .map(|c| {
                    if c.is_ascii_digit() || ('０'..='９').contains(&c) {
                        '＊'
                    } else {
                        c
                    }
                })
                .collect();
            self.fail(PrintError::LooksLikeMyNumber { field });
        }
        let f = self.face(style.face);
        for c in s.chars() {
            if c.is_control() {
                continue;
            }
            if f.glyph(c).is_none() && !c.is_whitespace() {
                let field: String = s.chars().take(20).collect();
                self.fail(PrintError::MissingGlyph {
                    ch: c,
                    code: c as u32,
                    field,
                });
            }
            self.used[style.face as usize].insert(c);
        }
        let pos = self.pt(x, y);
        let mut ops = Vec::with_capacity(10);
        if style.bold {
            ops.push(Op::SaveGraphicsState);
            ops.push(Op::SetOutlineThickness {
                pt: Pt(style.size * 0.03),
            });
        }
        ops.push(Op::StartTextSection);
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(FontId(style.face.resource_id().into())),
            size: Pt(style.size),
        });
        if style.bold {
            ops.push(Op::SetTextRenderingMode {
                mode: TextRenderingMode::FillStroke,
            });
        }
        if spacing != 0.0 {
            ops.push(Op::SetCharacterSpacing {
                multiplier: spacing * PT_PER_MM,
            });
        }
        ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(pos.x, pos.y),
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(s.to_string())],
        });
        if spacing != 0.0 {
            ops.push(Op::SetCharacterSpacing { multiplier: 0.0 });
        }
        ops.push(Op::EndTextSection);
        if style.bold {
            ops.push(Op::RestoreGraphicsState);
        }
        self.ops().extend(ops);
    }

    // ---- lines and boxes --------------------------------------------------------------------

    /// A straight line; `weight` in points.
    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, weight: f32) {
        let points = vec![
            LinePoint {
                p: self.pt(x1, y1),
                bezier: false,
            },
            LinePoint {
                p: self.pt(x2, y2),
                bezier: false,
            },
        ];
        let ops = self.ops();
        ops.push(Op::SetOutlineThickness { pt: Pt(weight) });
        ops.push(Op::DrawLine {
            line: Line {
                points,
                is_closed: false,
            },
        });
    }

    /// A dotted line (for write-in blanks and cut lines).
    pub fn dotted_line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, weight: f32) {
        self.ops().push(Op::SaveGraphicsState);
        self.ops().push(Op::SetLineDashPattern {
            dash: printpdf::LineDashPattern::new(0.0, &[1.0, 2.0]),
        });
        self.line(x1, y1, x2, y2, weight);
        self.ops().push(Op::RestoreGraphicsState);
    }

    /// A rectangle outline; (x, y) is its top-left corner.
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, weight: f32) {
        let r = self.rect_pt(x, y, w, h, PaintMode::Stroke);
        let ops = self.ops();
        ops.push(Op::SetOutlineThickness { pt: Pt(weight) });
        ops.push(Op::DrawRectangle { rectangle: r });
    }

    /// A filled grey rectangle (`grey`: 0 = black, 1 = white), without outline.
    pub fn fill_rect(&mut self, x: f32, y: f32, w: f32, h: f32, grey: f32) {
        let r = self.rect_pt(x, y, w, h, PaintMode::Fill);
        let ops = self.ops();
        ops.push(Op::SaveGraphicsState);
        ops.push(Op::SetFillColor {
            col: Color::Greyscale(Greyscale {
                percent: grey,
                icc_profile: None,
            }),
        });
        ops.push(Op::DrawRectangle { rectangle: r });
        ops.push(Op::RestoreGraphicsState);
    }

    fn rect_pt(&self, x: f32, y: f32, w: f32, h: f32, mode: PaintMode) -> Rect {
        let bottom_left = self.pt(x, y + h);
        Rect {
            x: bottom_left.x,
            y: bottom_left.y,
            width: Pt(w * PT_PER_MM),
            height: Pt(h * PT_PER_MM),
            mode: Some(mode),
            winding_order: Some(WindingOrder::NonZero),
        }
    }

    /// A circle outline centred at (cx, cy) with radius `r` mm.
    pub fn circle(&mut self, cx: f32, cy: f32, r: f32, weight: f32) {
        self.ellipse(cx, cy, r, r, weight);
    }

    /// An ellipse outline centred at (cx, cy) with radii `rx`, `ry` mm (the ring drawn round the
    /// chosen word of a printed choice, 「○で囲む」).
    pub fn ellipse(&mut self, cx: f32, cy: f32, rx: f32, ry: f32, weight: f32) {
        const K: f32 = 0.552_284_8; // control-point distance of a quarter-circle Bézier
        let (kx, ky) = (rx * K, ry * K);
        // Four quarter arcs, each: on-curve point, two control points.
        let pts: [(f32, f32, bool); 13] = [
            (cx + rx, cy, false),
            (cx + rx, cy + ky, true),
            (cx + kx, cy + ry, true),
            (cx, cy + ry, false),
            (cx - kx, cy + ry, true),
            (cx - rx, cy + ky, true),
            (cx - rx, cy, false),
            (cx - rx, cy - ky, true),
            (cx - kx, cy - ry, true),
            (cx, cy - ry, false),
            (cx + kx, cy - ry, true),
            (cx + rx, cy - ky, true),
            (cx + rx, cy, false),
        ];
        let points = pts
            .iter()
            .map(|&(x, y, bezier)| LinePoint {
                p: self.pt(x, y),
                bezier,
            })
            .collect();
        let ops = self.ops();
        ops.push(Op::SetOutlineThickness { pt: Pt(weight) });
        ops.push(Op::DrawPolygon {
            polygon: Polygon {
                rings: vec![PolygonRing { points }],
                mode: PaintMode::Stroke,
                winding_order: WindingOrder::NonZero,
            },
        });
    }

    /// A printed choice: the options in a row from `x` on baseline `y`, separated by `gap` mm,
    /// with a ring round the one at `chosen` (none when `None`). Returns the x after the last.
    pub fn choice(
        &mut self,
        x: f32,
        y: f32,
        options: &[&str],
        chosen: Option<usize>,
        style: Style,
        gap: f32,
    ) -> f32 {
        let mut cx = x;
        let h = style.size_mm();
        for (i, o) in options.iter().enumerate() {
            let w = self.measure(o, style);
            self.text(cx, y, o, style);
            if chosen == Some(i) {
                let mid = y - h * CENTRE_ABOVE_BASELINE;
                self.ellipse(cx + w / 2.0, mid, w / 2.0 + h * 0.45, h * 0.75, RULE_THIN);
            }
            cx += w + gap;
        }
        cx - gap
    }

    /// Strike a word through (二重線: the other word of 「医療券・調剤券」): two thin lines across
    /// the text drawn at (x, baseline y) in `style`.
    pub fn strike_through(&mut self, x: f32, y: f32, text: &str, style: Style) {
        let w = self.measure(text, style);
        let mid = y - style.size_mm() * CENTRE_ABOVE_BASELINE;
        let d = style.size_mm() * 0.08;
        self.line(x - 0.5, mid - d, x + w + 0.5, mid - d, RULE);
        self.line(x - 0.5, mid + d, x + w + 0.5, mid + d, RULE);
    }

    // ---- composite primitives ---------------------------------------------------------------

    /// Draw a ruled table. A cell's text is wrapped (kinsoku) to the cell width and centred
    /// vertically; text that does not fit the cell height is an [`PrintError::Overflow`].
    pub fn table(&mut self, t: &Table) {
        let mut y = t.y;
        for row in &t.rows {
            let mut col = 0;
            let mut x = t.x;
            for cell in &row.cells {
                let span = cell.span.max(1);
                let w: f32 = t.widths.iter().skip(col).take(span).sum();
                col += span;
                if cell.shaded {
                    self.fill_rect(x, y, w, row.height, 0.9);
                }
                self.rect(x, y, w, row.height, RULE_THIN);
                self.cell_text(x, y, w, row.height, cell);
                x += w;
            }
            y += row.height;
        }
        self.rect(t.x, t.y, t.width(), t.height(), RULE_THICK);
    }

    fn cell_text(&mut self, x: f32, y: f32, w: f32, h: f32, cell: &Cell) {
        if cell.text.is_empty() {
            return;
        }
        let inner = w - 2.0 * CELL_PAD;
        let size = cell.style.size_mm();
        let lines = if cell.align == Align::Distribute {
            vec![cell.text.clone()]
        } else {
            self.wrap(&cell.text, inner, cell.style)
        };
        let lh = size * LINE_HEIGHT;
        let block = lh * (lines.len() as f32 - 1.0) + size;
        if block > h {
            let field: String = cell.text.chars().take(20).collect();
            self.fail(PrintError::Overflow { field });
        }
        // Baseline of the first line such that the block is centred in the cell.
        let first = y + (h - block) / 2.0 + size * (0.5 + CENTRE_ABOVE_BASELINE);
        // Distributed labels share one width (5 em) so their ends line up down the column.
        let (tx, tw) = if cell.align == Align::Distribute {
            let tw = inner.min(size * LABEL_EMS);
            (x + (w - tw) / 2.0, tw)
        } else {
            (x + CELL_PAD, inner)
        };
        for (i, line) in lines.iter().enumerate() {
            self.text_aligned(tx, first + lh * i as f32, tw, line, cell.style, cell.align);
        }
    }

    /// Boxes for a number, one digit per cell (as on 医療券: 公費負担者番号, 受給者番号);
    /// `cell` is (width, height) of one box in mm. The digits fill the cells from the right;
    /// more digits than cells is an overflow.
    pub fn digit_boxes(
        &mut self,
        x: f32,
        y: f32,
        cells: usize,
        cell: (f32, f32),
        digits: &str,
        style: Style,
    ) {
        let (cell_w, h) = cell;
        let chars: Vec<char> = digits.chars().collect();
        if chars.len() > cells {
            self.fail(PrintError::Overflow {
                field: digits.to_string(),
            });
        }
        let offset = cells.saturating_sub(chars.len());
        let baseline = y + h / 2.0 + style.size_mm() * CENTRE_ABOVE_BASELINE;
        let mut buf = [0u8; 4];
        for i in 0..cells {
            let cx = x + cell_w * i as f32;
            self.rect(cx, y, cell_w, h, RULE_THIN);
            if i >= offset {
                if let Some(c) = chars.get(i - offset) {
                    self.text_aligned(
                        cx,
                        baseline,
                        cell_w,
                        c.encode_utf8(&mut buf),
                        style,
                        Align::Center,
                    );
                }
            }
        }
        self.rect(x, y, cell_w * cells as f32, h, RULE);
    }

    /// A seal frame: a circle of `diameter` mm centred at (cx, cy) with a small 印 in it, where
    /// the office seal is stamped.
    pub fn seal_frame(&mut self, cx: f32, cy: f32, diameter: f32) {
        self.circle(cx, cy, diameter / 2.0, RULE_THIN);
        let style = Style::mincho(diameter * PT_PER_MM * 0.38);
        let baseline = cy + style.size_mm() * CENTRE_ABOVE_BASELINE;
        self.text_aligned(cx, baseline, 0.0, "印", style, Align::Center);
    }

    /// The 再発行 (reissue) mark: a double-ruled box with its top-left corner at (x, top).
    pub fn reissue_mark(&mut self, x: f32, top: f32) {
        let style = Style::gothic(14.0).bold();
        let (w, h) = (self.measure("再発行", style) + 8.0, 10.0);
        self.rect(x, top, w, h, RULE_THICK);
        self.rect(x + 1.0, top + 1.0, w - 2.0, h - 2.0, RULE_THIN);
        let baseline = top + h / 2.0 + style.size_mm() * CENTRE_ABOVE_BASELINE;
        self.text_aligned(x, baseline, w, "再発行", style, Align::Center);
    }

    /// Draw with `f` on every page (after the last page is drawn); `f` gets the page index and
    /// the page count.
    pub fn on_every_page(&mut self, f: impl Fn(&mut Canvas, usize, usize)) {
        let total = self.pages.len();
        let current = std::mem::take(&mut self.pages);
        for (i, ops) in current.into_iter().enumerate() {
            self.pages.push(ops);
            f(self, i, total);
        }
    }

    /// Width in mm of the [`test_figures_mark_every_page`](Self::test_figures_mark_every_page) box.
    pub fn test_figures_mark_width(&self) -> f32 {
        self.measure(TEST_FIGURES_MARK, Self::TEST_MARK_STYLE) + 6.0
    }

    const TEST_MARK_STYLE: Style = Style::gothic(11.0).bold();

    /// The mark of a document computed from invented test figures, on every page: a
    /// double-ruled box with 「試験用・実在しない金額」, its top-left corner at (x, top) (call after
    /// the last page).
    pub fn test_figures_mark_every_page(&mut self, x: f32, top: f32) {
        self.on_every_page(|c, _, _| {
            let style = Self::TEST_MARK_STYLE;
            let bw = c.test_figures_mark_width();
            let h = 7.5;
            c.rect(x, top, bw, h, RULE_THICK);
            c.rect(x + 0.8, top + 0.8, bw - 1.6, h - 1.6, RULE_THIN);
            let baseline = top + h / 2.0 + style.size_mm() * CENTRE_ABOVE_BASELINE;
            c.text_aligned(x, baseline, bw, TEST_FIGURES_MARK, style, Align::Center);
        });
    }

    /// Write "n / N" centred at the foot of every page (call once, after the last page).
    pub fn page_numbers(&mut self) {
        let total = self.pages.len();
        let (w, h) = self.paper.size_mm();
        let style = Style::mincho(9.0);
        let current = std::mem::take(&mut self.pages);
        for (i, ops) in current.into_iter().enumerate() {
            self.pages.push(ops);
            let label = format!("{} / {}", i + 1, total);
            self.text_aligned(0.0, h - 8.0, w, &label, style, Align::Center);
        }
    }

    // ---- output -----------------------------------------------------------------------------

    /// Turn the drawn pages into PDF bytes, or report the first problem met while drawing.
    pub fn finish(self, meta: &DocMeta) -> Result<Vec<u8>> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let mut doc = PdfDocument::new(&meta.title);
        let timestamp = meta.date.and_time(NaiveTime::MIN).and_utc().timestamp() - 9 * 3600; // 00:00 JST
        let date = printpdf::OffsetDateTime::from_unix_timestamp(timestamp)
            .map_err(|e| PrintError::Render(e.to_string()))?;
        let info = &mut doc.metadata.info;
        info.creation_date = date;
        info.modification_date = date;
        info.metadata_date = date;
        info.producer = "Madoguchi".into();
        info.creator = "Madoguchi 窓口".into();

        for face in Face::ALL {
            let used = &self.used[face as usize];
            if used.is_empty() {
                continue;
            }
            let font = self.faces[face as usize].subset(used.iter().copied())?;
            doc.resources
                .fonts
                .map
                .insert(FontId(face.resource_id().into()), PdfFont::new(font));
        }
        let (w, h) = self.paper.size_mm();
        doc.pages = self
            .pages
            .into_iter()
            .map(|ops| PdfPage::new(Mm(w), Mm(h), ops))
            .collect();

        let opts = PdfSaveOptions {
            optimize: true,
            subset_fonts: false,
            secure: true,
            image_optimization: None,
        };
        let mut warnings = Vec::new();
        let mut pdf = doc.to_lopdf_document(&opts, &mut warnings);
        for w in &warnings {
            tracing::warn!(warning = ?w, "printpdf");
        }
        // printpdf writes a random file identifier; ours is a hash of the document value.
        let id = Sha256::digest(&meta.id_seed);
        let id = lopdf::Object::String(id[..16].to_vec(), lopdf::StringFormat::Hexadecimal);
        pdf.trailer
            .set("ID", lopdf::Object::Array(vec![id.clone(), id]));
        compress_streams(&mut pdf);
        let mut out = Vec::with_capacity(64 * 1024);
        pdf.save_to(&mut out)
            .map_err(|e| PrintError::Render(e.to_string()))?;
        Ok(out)
    }
}

/// `lopdf::Document::compress` on every core: a month's voucher batch has 5,000 page streams, and
/// deflating them one after another was a quarter of its time (docs/benchmarks.md). Each stream
/// is deflated exactly as lopdf does it, so the bytes are the same.
fn compress_streams(pdf: &mut lopdf::Document) {
    let mut streams: Vec<&mut lopdf::Stream> = pdf
        .objects
        .values_mut()
        .filter_map(|o| match o {
            lopdf::Object::Stream(s) if s.allows_compression => Some(s),
            _ => None,
        })
        .collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    if threads < 2 || streams.len() < 64 {
        for s in streams {
            // a stream that cannot be deflated is written as it is, as lopdf does
            let _ = s.compress();
        }
        return;
    }
    let chunk = streams.len().div_ceil(threads);
    std::thread::scope(|scope| {
        for part in streams.chunks_mut(chunk) {
            scope.spawn(move || {
                for s in part {
                    let _ = s.compress();
                }
            });
        }
    });
}

/// Does `s` contain something shaped like a My Number (個人番号): twelve digits in a row, or
/// three groups of four separated by a space or hyphen, not part of a longer number? Digits
/// may be half- or full-width. Printed documents never carry the My Number (DOMAIN §3), so the
/// canvas refuses such text whatever field it came from.
pub fn contains_my_number_shape(s: &str) -> bool {
    fn digit(c: char) -> bool {
        c.is_ascii_digit() || ('０'..='９').contains(&c)
    }
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !digit(chars[i]) {
            i += 1;
            continue;
        }
        // A maximal number: digit groups joined by single separators.
        let mut groups = Vec::new();
        let mut len = 0;
        let mut j = i;
        loop {
            if j < chars.len() && digit(chars[j]) {
                len += 1;
                j += 1;
            } else {
                groups.push(len);
                len = 0;
                let sep = j + 1 < chars.len()
                    && matches!(chars[j], ' ' | '-' | '－' | '　' | 'ー')
                    && digit(chars[j + 1]);
                if sep {
                    j += 1;
                } else {
                    break;
                }
            }
        }
        if groups.contains(&12) || groups.windows(3).any(|w| w == [4, 4, 4]) {
            return true;
        }
        i = j.max(i + 1);
    }
    false
}

/// Replace ASCII digits with full-width ones (１２３), for forms that print them so.
pub fn fullwidth_digits(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_digit() {
                char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fullwidth_digits_only_touch_digits() {
        assert_eq!(fullwidth_digits("第12号 R7"), "第１２号 R７");
    }

    #[test]
    fn my_number_shapes_are_caught_and_phone_numbers_are_not() {
        assert!(contains_my_number_shape("番号123456789012です"));
        assert!(contains_my_number_shape("１２３４５６７８９０１２"));
        assert!(contains_my_number_shape("1234 5678 9012"));
        assert!(contains_my_number_shape("1234-5678-9012"));
        assert!(!contains_my_number_shape("〒100-0001 03-1234-5678"));
        assert!(!contains_my_number_shape("0120-123-456"));
        assert!(!contains_my_number_shape("12345678901"));
        assert!(!contains_my_number_shape("令和7年4月1日"));
    }

    #[test]
    fn measure_counts_kanji_as_one_em() {
        let c = Canvas::new(Paper::A4).unwrap();
        let w = c.measure("保護", Style::mincho(72.0)); // 72pt = 1 inch per character
        assert!((w - 50.8).abs() < 0.01, "{w}");
    }

    #[test]
    fn missing_glyph_is_reported_with_its_text() {
        let mut c = Canvas::new(Paper::A4).unwrap();
        c.text(10.0, 10.0, "\u{20BB7}田太郎", Style::mincho(10.0));
        let meta = DocMeta {
            title: "t".into(),
            date: NaiveDate::from_ymd_opt(2025, 4, 1).unwrap(),
            id_seed: vec![],
        };
        match c.finish(&meta) {
            Err(PrintError::MissingGlyph { ch, field, .. }) => {
                assert_eq!(ch, '\u{20BB7}');
                assert_eq!(field, "\u{20BB7}田太郎");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn too_many_digits_is_an_overflow() {
        let mut c = Canvas::new(Paper::A4Half).unwrap();
        c.digit_boxes(10.0, 10.0, 7, (5.0, 7.0), "12345678", Style::mincho(10.0));
        let meta = DocMeta {
            title: "t".into(),
            date: NaiveDate::from_ymd_opt(2025, 4, 1).unwrap(),
            id_seed: vec![],
        };
        assert_eq!(c.finish(&meta).unwrap_err().code(), "PRINT_OVERFLOW");
    }

    #[test]
    fn same_drawing_gives_same_bytes() {
        let draw = || {
            let mut c = Canvas::new(Paper::A5).unwrap();
            c.text(
                20.0,
                20.0,
                "同じ内容なら同じバイト列",
                Style::gothic(12.0).bold(),
            );
            c.seal_frame(50.0, 50.0, 12.0);
            let meta = DocMeta {
                title: "t".into(),
                date: NaiveDate::from_ymd_opt(2025, 4, 1).unwrap(),
                id_seed: b"x".to_vec(),
            };
            c.finish(&meta).unwrap()
        };
        assert_eq!(draw(), draw());
    }
}
