//! The two bundled typefaces (IPAex明朝 for body text, IPAexゴシック for headings), their
//! metrics, and per-document subsetting.
//!
//! The TTFs are compiled into the binary (`assets/fonts/`, IPA Font License v1.0, which allows
//! embedding and redistribution with the licence text) and parsed once per process. Every PDF
//! embeds only the glyphs it uses: a font program is cut down with the `subsetter` crate and
//! handed to printpdf as a ready-made font whose name carries the `XXXXXX+` subset tag.
//!
//! Why not printpdf's own subsetting: in printpdf 0.12 it exists only under the `text_layout`
//! feature, which pulls in the azul layout engine (a >10-minute release build) and, measured on
//! this machine, spent 3–7 ms per one-font page re-reading the 8 MB font. Subsetting here takes
//! well under a millisecond and keeps the dependency tree small. See `docs/forms.md`.
//!
//! Deliberately not here: layout (`layout.rs`), shaping (none is needed: the IPAex fonts map one
//! character to one glyph, and the forms are horizontal text without ligatures).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use printpdf::{FontType, ParsedFont};

use super::error::{PrintError, Result};

static MINCHO_TTF: &[u8] = include_bytes!("../../assets/fonts/ipaexm.ttf");
static GOTHIC_TTF: &[u8] = include_bytes!("../../assets/fonts/ipaexg.ttf");

/// A typeface of the forms. Mincho is the body face; Gothic is for titles, headings and labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Face {
    Mincho,
    Gothic,
}

impl Face {
    pub const ALL: [Face; 2] = [Face::Mincho, Face::Gothic];

    /// The PostScript-style name written into the PDF (after the subset tag).
    pub fn pdf_name(self) -> &'static str {
        match self {
            Face::Mincho => "IPAexMincho",
            Face::Gothic => "IPAexGothic",
        }
    }

    /// The resource name of this face inside every PDF we write. Fixed, so output is stable.
    pub(crate) fn resource_id(self) -> &'static str {
        match self {
            Face::Mincho => "F1",
            Face::Gothic => "F2",
        }
    }

    fn ttf(self) -> &'static [u8] {
        match self {
            Face::Mincho => MINCHO_TTF,
            Face::Gothic => GOTHIC_TTF,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// A parsed face: character map and advance widths of the whole font.
pub struct FaceData {
    face: Face,
    full: ParsedFont,
}

impl FaceData {
    /// Glyph id of `c`, or `None` if the font has no glyph for it (e.g. an 外字).
    pub fn glyph(&self, c: char) -> Option<u16> {
        self.full.lookup_glyph_index(c as u32).filter(|g| *g != 0)
    }

    /// Advance width of `c` in em (1.0 = the font size). A missing glyph counts as 1 em.
    pub fn advance_em(&self, c: char) -> f32 {
        let upem = f32::from(self.full.units_per_em.max(1));
        self.glyph(c)
            .and_then(|g| self.full.get_glyph_width(g))
            .map_or(1.0, |w| f32::from(w) / upem)
    }

    /// A printpdf font holding only the glyphs of `chars` (plus .notdef), renumbered
    /// densely; its name carries a subset tag derived from the glyph set, so the same text
    /// always gives the same bytes.
    pub fn subset(&self, chars: impl IntoIterator<Item = char>) -> Result<ParsedFont> {
        let mut char_glyphs: BTreeMap<char, u16> = BTreeMap::new();
        for c in chars {
            if let Some(g) = self.glyph(c) {
                char_glyphs.insert(c, g);
            }
        }
        let mut gids: Vec<u16> = char_glyphs.values().copied().collect();
        gids.sort_unstable();
        gids.dedup();
        let remapper = subsetter::GlyphRemapper::new_from_glyphs_sorted(&gids);
        let bytes = subsetter::subset(self.face.ttf(), 0, &remapper)
            .map_err(|e| PrintError::Font(format!("{}: subset: {e:?}", self.face.pdf_name())))?;

        let mut codepoint_to_glyph = BTreeMap::new();
        let mut glyph_widths = BTreeMap::new();
        glyph_widths.insert(0, self.full.get_glyph_width(0).unwrap_or(0));
        for (&c, &old) in &char_glyphs {
            let new = remapper.get(old).expect("every kept glyph is remapped");
            glyph_widths.insert(new, self.full.get_glyph_width(old).unwrap_or(0));
            codepoint_to_glyph.insert(c as u32, new);
        }
        Ok(ParsedFont {
            original_bytes: bytes,
            font_index: 0,
            font_name: Some(format!("{}+{}", subset_tag(&gids), self.face.pdf_name())),
            codepoint_to_glyph,
            glyph_widths,
            units_per_em: self.full.units_per_em,
            font_metrics: self.full.font_metrics.clone(),
            font_type: FontType::TrueType,
            pdf_font_metrics: self.full.pdf_font_metrics.clone(),
        })
    }
}

/// The first character of `s` the forms cannot print: no glyph in IPAex明朝 or IPAexゴシック
/// (either may set a name). Spaces and control characters are not drawn as glyphs.
pub fn unprintable(s: &str) -> Option<char> {
    let faces: Vec<&FaceData> = Face::ALL.iter().filter_map(|f| face(*f).ok()).collect();
    s.chars().find(|c| {
        !c.is_whitespace() && !c.is_control() && faces.iter().any(|f| f.glyph(*c).is_none())
    })
}

/// The parsed face, loaded on first use and kept for the life of the process.
pub fn face(face: Face) -> Result<&'static FaceData> {
    static FACES: [OnceLock<std::result::Result<FaceData, String>>; 2] =
        [OnceLock::new(), OnceLock::new()];
    FACES[face.index()]
        .get_or_init(|| {
            let mut warnings = Vec::new();
            let full = ParsedFont::from_bytes(face.ttf(), 0, &mut warnings)
                .ok_or_else(|| format!("{} を解析できません", face.pdf_name()))?;
            if full.codepoint_to_glyph.is_empty() {
                return Err(format!("{} に文字コード表がありません", face.pdf_name()));
            }
            Ok(FaceData { face, full })
        })
        .as_ref()
        .map_err(|e| PrintError::Font(e.clone()))
}

/// Six capital letters from a hash of the glyph set (ISO 32000-1 §9.6.4 subset tag).
fn subset_tag(gids: &[u16]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325; // FNV-1a
    for g in gids {
        for b in g.to_le_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    (0..6)
        .map(|_| {
            let c = (b'A' + (h % 26) as u8) as char;
            h /= 26;
            c
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_faces_parse_and_cover_kana_kanji_and_digits() {
        for f in Face::ALL {
            let d = face(f).unwrap();
            for c in "保護受給証明書あア１1、。「」〜".chars() {
                assert!(d.glyph(c).is_some(), "{f:?} lacks {c}");
            }
        }
    }

    #[test]
    fn kanji_are_one_em_and_latin_is_proportional() {
        let d = face(Face::Mincho).unwrap();
        assert!((d.advance_em('保') - 1.0).abs() < 1e-3);
        assert!(d.advance_em('i') < d.advance_em('M'));
    }

    #[test]
    fn subset_is_small_and_its_tag_is_stable() {
        let d = face(Face::Mincho).unwrap();
        let a = d.subset("保護受給証明書".chars()).unwrap();
        let b = d.subset("書明証給受護保".chars()).unwrap();
        assert_eq!(a.font_name, b.font_name);
        assert_eq!(a.original_bytes, b.original_bytes);
        assert!(
            a.original_bytes.len() < 20_000,
            "{}",
            a.original_bytes.len()
        );
        let name = a.font_name.unwrap();
        assert!(
            name.ends_with("+IPAexMincho") && name[..6].chars().all(|c| c.is_ascii_uppercase())
        );
    }
}
