//! `get_image_metadata`, as in Zola: an image's `width`, `height`, `format` and `mime`, read
//! from its header (turned by its EXIF orientation) or, for SVG, from its `width` and
//! `height` or `viewBox`. The file is looked for where Zola looks.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use image::ImageDecoder;
use image::metadata::Orientation;
use serde::Serialize;
use tera::{Tera, Value};

use super::functions::string_arg;
use super::site_files;
use crate::content::Library;

/// What `get_image_metadata` gives.
#[derive(Debug, Serialize, PartialEq, Eq)]
struct ImageMetadata {
    width: u32,
    height: u32,
    format: Option<&'static str>,
    mime: Option<&'static str>,
}

/// Registers `get_image_metadata` for the site in `root`, whose theme (if any) is `theme`.
pub(super) fn register(tera: &mut Tera, root: &Path, theme: Option<&str>, library: &Library) {
    let places = site_files::places(root, theme, library);
    let read: Mutex<HashMap<PathBuf, Value>> = Mutex::default();
    tera.register_function(
        "get_image_metadata",
        move |args: &HashMap<String, Value>| {
            let path = string_arg(args, "get_image_metadata", "path")?;
            let allow_missing = args.get("allow_missing").and_then(Value::as_bool) == Some(true);
            let Some(file) = site_files::find(&places, path, "get_image_metadata")? else {
                if allow_missing {
                    return Ok(Value::Null);
                }
                return Err(tera::Error::msg(format!(
                    "`get_image_metadata`: no image `{path}` in the site folder, static/, content/ or the theme's static/"
                )));
            };
            if let Some(value) = read.lock().ok().and_then(|r| r.get(&file).cloned()) {
                return Ok(value);
            }
            let metadata = metadata(&file).map_err(|why| {
                tera::Error::msg(format!("`get_image_metadata`: cannot read `{path}`: {why}"))
            })?;
            let value = tera::to_value(metadata)?;
            if let Ok(mut read) = read.lock() {
                read.insert(file, value.clone());
            }
            Ok(value)
        },
    );
}

fn metadata(file: &Path) -> Result<ImageMetadata, String> {
    let extension = file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if extension == "svg" {
        let text = std::fs::read_to_string(file).map_err(|e| e.to_string())?;
        let (width, height) = svg_size(&text)?;
        return Ok(ImageMetadata {
            width,
            height,
            format: Some("svg"),
            mime: Some("text/svg+xml"),
        });
    }
    let reader = image::ImageReader::open(file)
        .and_then(image::ImageReader::with_guessed_format)
        .map_err(|e| e.to_string())?;
    let format = reader.format();
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let (mut width, mut height) = decoder.dimensions();
    let turned = matches!(
        decoder.orientation(),
        Ok(Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH)
    );
    if turned {
        (width, height) = (height, width);
    }
    Ok(ImageMetadata {
        width,
        height,
        format: format.and_then(|f| f.extensions_str().first().copied()),
        mime: format.map(|f| f.to_mime_type()),
    })
}

/// An SVG's size: its `width` and `height` (in any unit, as numbers), else its `viewBox`.
fn svg_size(text: &str) -> Result<(u32, u32), String> {
    let document = roxmltree::Document::parse(text).map_err(|e| e.to_string())?;
    let svg = document.root_element();
    let length = |name: &str| {
        let value = svg.attribute(name)?;
        let number: String = value
            .trim()
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        if value.ends_with('%') {
            return None;
        }
        number.parse::<f64>().ok()
    };
    if let (Some(width), Some(height)) = (length("width"), length("height")) {
        return Ok((width as u32, height as u32));
    }
    let view_box: Vec<f64> = svg
        .attribute("viewBox")
        .unwrap_or_default()
        .split([' ', ','])
        .filter_map(|n| n.parse().ok())
        .collect();
    match view_box[..] {
        [_, _, width, height] => Ok((width as u32, height as u32)),
        _ => Err("the SVG sets neither width and height nor a viewBox".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_sizes_come_from_attributes_or_the_view_box() {
        assert_eq!(
            svg_size("<svg width=\"120px\" height=\"40\"/>").unwrap(),
            (120, 40)
        );
        assert_eq!(
            svg_size("<svg viewBox=\"0 0 24 16\" width=\"100%\"/>").unwrap(),
            (24, 16)
        );
        assert!(svg_size("<svg/>").is_err());
    }
}
