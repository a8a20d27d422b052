//! The width and height of a site's images, read from their files' headers
//! (only as much of each file as the format needs), so that pages can give
//! every `<img>` its size and reserve its room before it loads.
//!
//! PNG, JPEG, WebP, GIF and AVIF are read by the `imagesize` crate; an SVG's
//! size is its root element's `width` and `height` (in pixels, or unitless),
//! else its `viewBox`.

use std::collections::HashMap;
use std::io::{BufReader, Read};
use std::path::Path;

use super::source;

/// Why an image's size could not be read.
#[derive(Debug, PartialEq)]
pub enum Problem {
    /// Not one of the formats a page can show with a known size.
    Unsupported,
    /// A known format whose header is damaged or cut short.
    Damaged,
    /// An SVG without a usable `width`/`height` or `viewBox`.
    SvgWithoutSize,
    /// The reading rules refused it, or reading failed: the reason.
    Unreadable(String),
}

/// How much of an SVG is read to find its root element.
const SVG_HEAD: u64 = 64 << 10;

/// The files under `static/`, by the path they are published at, for the
/// decoders: whether an image exists and what size it is.
pub struct Statics<'a> {
    site_dir: &'a Path,
    /// Published path (`images/ward.jpg`) -> the file (under `site_dir`).
    files: HashMap<&'a str, &'a Path>,
}

impl<'a> Statics<'a> {
    pub fn new(site_dir: &'a Path, files: &'a [(std::path::PathBuf, String)]) -> Self {
        Statics {
            site_dir,
            files: files
                .iter()
                .map(|(path, out)| (out.as_str(), path.as_path()))
                .collect(),
        }
    }

    pub fn contains(&self, published: &str) -> bool {
        self.files.contains_key(published)
    }

    /// Every published path with its file's size and modification time
    /// (for `serve`'s cache: an image replaced by another changes sizes).
    pub fn stamps(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .files
            .iter()
            .map(|(out, path)| {
                let stamp = std::fs::metadata(path)
                    .map(|m| format!("{:?} {}", m.modified().ok(), m.len()))
                    .unwrap_or_default();
                format!("{out} {stamp}")
            })
            .collect();
        out.sort();
        out
    }

    /// The width and height, in pixels, of the published file `published`.
    pub fn size(&self, published: &str) -> Result<(u32, u32), Problem> {
        let Some(path) = self.files.get(published) else {
            return Err(Problem::Unreadable("it is not under static/".into()));
        };
        let rel = source::rel_path(self.site_dir, path);
        let file = source::open(self.site_dir, &rel, source::ASSET_LIMIT)
            .map_err(|d| Problem::Unreadable(d.message))?;
        if published.to_ascii_lowercase().ends_with(".svg") {
            let mut head = Vec::new();
            file.take(SVG_HEAD)
                .read_to_end(&mut head)
                .map_err(|e| Problem::Unreadable(e.to_string()))?;
            return svg_size(&String::from_utf8_lossy(&head)).ok_or(Problem::SvgWithoutSize);
        }
        raster_size(BufReader::new(file))
    }
}

/// A PNG, JPEG, WebP, GIF or AVIF image's size from its header.
pub fn raster_size<R: std::io::BufRead + std::io::Seek>(mut r: R) -> Result<(u32, u32), Problem> {
    use imagesize::{Compression, ImageError, ImageType};
    let kind = imagesize::reader_type(&mut r).map_err(|e| match e {
        ImageError::IoError(e) if e.kind() != std::io::ErrorKind::UnexpectedEof => {
            Problem::Unreadable(e.to_string())
        }
        _ => Problem::Unsupported,
    })?;
    match kind {
        ImageType::Png
        | ImageType::Jpeg
        | ImageType::Webp
        | ImageType::Gif
        | ImageType::Heif(Compression::Av1) => {}
        _ => return Err(Problem::Unsupported),
    }
    let size = kind.reader_size(&mut r).map_err(|_| Problem::Damaged)?;
    match (u32::try_from(size.width), u32::try_from(size.height)) {
        (Ok(w @ 1..), Ok(h @ 1..)) => Ok((w, h)),
        _ => Err(Problem::Damaged),
    }
}

/// An SVG's size from the start of its text: the root `<svg>` element's
/// `width` and `height` (pixels or unitless), else its `viewBox`.
pub fn svg_size(text: &str) -> Option<(u32, u32)> {
    let mut rest = text;
    let tag = loop {
        let at = rest.find("<svg")?;
        let after = &rest[at + 4..];
        if after.starts_with(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/') {
            let end = after.find('>')?;
            break &after[..end];
        }
        rest = after;
    };
    let attrs = attributes(tag);
    let get = |name: &str| attrs.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
    let pixels = |v: &str| {
        let v = v.trim();
        let v = v.strip_suffix("px").unwrap_or(v).trim_end();
        v.parse::<f64>().ok().filter(|n| n.is_finite() && *n > 0.0)
    };
    let round = |n: f64| (n.ceil() as u32).max(1);
    if let (Some(w), Some(h)) = (
        get("width").and_then(pixels),
        get("height").and_then(pixels),
    ) {
        return Some((round(w), round(h)));
    }
    let view: Vec<f64> = get("viewBox")?
        .split(|c: char| c.is_ascii_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<f64>().ok())
        .collect::<Option<_>>()?;
    match view[..] {
        [_, _, w, h] if w.is_finite() && h.is_finite() && w > 0.0 && h > 0.0 => {
            Some((round(w), round(h)))
        }
        _ => None,
    }
}

/// `name="value"` pairs of a tag's text (after its name), quotes either way.
fn attributes(tag: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = tag;
    while let Some(eq) = rest.find('=') {
        let name = rest[..eq].trim();
        let name = name
            .rsplit(|c: char| c.is_ascii_whitespace())
            .next()
            .unwrap_or("");
        let after = rest[eq + 1..].trim_start();
        let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            break;
        };
        let Some(end) = after[1..].find(quote) else {
            break;
        };
        out.push((name, &after[1..1 + end]));
        rest = &after[end + 2..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    #[test]
    fn svg_sizes_come_from_width_and_height_else_the_view_box() {
        assert_eq!(
            svg_size(
                r#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="640" height="360px">"#
            ),
            Some((640, 360))
        );
        assert_eq!(
            svg_size(r#"<svg viewBox="0 0 320 180" stroke-width="2">"#),
            Some((320, 180))
        );
        assert_eq!(
            svg_size(r#"<svg width='50%' height="2em" viewBox="0,0,100.5,50">"#),
            Some((101, 50))
        );
        assert_eq!(
            svg_size(r#"<!-- <svgx> --><svg width="10" height="20"/>"#),
            Some((10, 20))
        );
        assert_eq!(svg_size(r#"<svg stroke-width="3" height="20">"#), None);
        assert_eq!(svg_size(r#"<svg viewBox="0 0 0 10">"#), None);
        assert_eq!(svg_size("<html>"), None);
    }

    #[test]
    fn raster_headers_are_sized_and_others_refused() {
        // A PNG's signature and IHDR: 123 x 321.
        let png = [
            0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48,
            0x44, 0x52, 0x00, 0x00, 0x00, 0x7B, 0x00, 0x00, 0x01, 0x41, 0x08, 0x06, 0x00, 0x00,
            0x00, 0x9A, 0x38, 0xC4,
        ];
        assert_eq!(raster_size(Cursor::new(&png[..])), Ok((123, 321)));
        assert_eq!(raster_size(Cursor::new(&png[..14])), Err(Problem::Damaged));
        assert_eq!(
            raster_size(Cursor::new(b"BM6\0\0\0\0\0\0\0\0\0\0\0\0\0")),
            Err(Problem::Unsupported)
        );
        assert_eq!(
            raster_size(Cursor::new(b"just some text, no image")),
            Err(Problem::Unsupported)
        );
    }
}
