//! `resize_image`, as in Zola: the function works out the new size and the file name at once
//! and records the job; the build encodes every recorded image after the templates ran and
//! writes it to `processed_images/`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use image::imageops::FilterType;
use image::{DynamicImage, ImageFormat};
use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};
use tera::{Tera, Value};

use super::functions::string_arg;
use super::site_files;
use crate::config::Config;
use crate::content::Library;
use crate::error::Diagnostic;
use crate::output::{Content, OutputFile};

/// The folder of the output the resized images go to, as in Zola.
const FOLDER: &str = "processed_images";

/// How `resize_image` fits the image to `width` and `height`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Operation {
    /// Exactly this size; the aspect ratio is not kept.
    Scale(u32, u32),
    /// This width; the height keeps the aspect ratio.
    FitWidth(u32),
    /// This height; the width keeps the aspect ratio.
    FitHeight(u32),
    /// Within this box, keeping the aspect ratio; a smaller image is left as it is.
    Fit(u32, u32),
    /// This size, from the centre of the image cut to its aspect ratio.
    Fill(u32, u32),
}

impl Operation {
    fn from_args(op: &str, width: Option<u32>, height: Option<u32>) -> Result<Self, String> {
        let both = || match (width, height) {
            (Some(w), Some(h)) => Ok((w, h)),
            _ => Err(format!("op=\"{op}\" needs both `width` and `height`")),
        };
        match op {
            "scale" => both().map(|(w, h)| Operation::Scale(w, h)),
            "fit" => both().map(|(w, h)| Operation::Fit(w, h)),
            "fill" => both().map(|(w, h)| Operation::Fill(w, h)),
            "fit_width" => width
                .map(Operation::FitWidth)
                .ok_or_else(|| "op=\"fit_width\" needs `width`".to_string()),
            "fit_height" => height
                .map(Operation::FitHeight)
                .ok_or_else(|| "op=\"fit_height\" needs `height`".to_string()),
            other => Err(format!(
                "`{other}` is not an operation; use scale, fit_width, fit_height, fit or fill"
            )),
        }
    }

    /// What to cut out of a `(width, height)` image (x, y, width, height), if anything, and
    /// the size to resize that to, if it changes.
    fn steps(self, (width, height): (u32, u32)) -> Steps {
        let scaled = |w: u64, h: u64| -> u32 { u32::try_from(w / h).unwrap_or(u32::MAX).max(1) };
        let (w, h) = (u64::from(width), u64::from(height));
        match self {
            Operation::Scale(to_w, to_h) => Steps::resize(to_w, to_h),
            Operation::FitWidth(to_w) => Steps::resize(to_w, scaled(h * u64::from(to_w), w)),
            Operation::FitHeight(to_h) => Steps::resize(scaled(w * u64::from(to_h), h), to_h),
            Operation::Fit(box_w, box_h) if width <= box_w && height <= box_h => Steps::default(),
            Operation::Fit(box_w, box_h) => {
                // Whichever side is the tighter fit decides.
                if w * u64::from(box_h) > h * u64::from(box_w) {
                    Operation::FitWidth(box_w).steps((width, height))
                } else {
                    Operation::FitHeight(box_h).steps((width, height))
                }
            }
            Operation::Fill(to_w, to_h) => {
                let across = f64::from(width) / f64::from(to_w);
                let down = f64::from(height) / f64::from(to_h);
                if (across - down).abs() <= 0.1 {
                    return Steps::resize(to_w, to_h);
                }
                let cut = if across < down {
                    let cut_h = ((across * f64::from(to_h)).round() as u32).clamp(1, height);
                    (0, (height - cut_h) / 2, width, cut_h)
                } else {
                    let cut_w = ((down * f64::from(to_w)).round() as u32).clamp(1, width);
                    ((width - cut_w) / 2, 0, cut_w, height)
                };
                Steps {
                    cut: Some(cut),
                    ..Steps::resize(to_w, to_h)
                }
            }
        }
    }
}

/// A cut, then a resize; either may be left out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
struct Steps {
    cut: Option<(u32, u32, u32, u32)>,
    resize: Option<(u32, u32)>,
}

impl Steps {
    fn resize(width: u32, height: u32) -> Steps {
        Steps {
            cut: None,
            resize: Some((width.max(1), height.max(1))),
        }
    }

    /// The size of the result for an image of `size`.
    fn result_size(&self, size: (u32, u32)) -> (u32, u32) {
        self.resize
            .or(self.cut.map(|(_, _, w, h)| (w, h)))
            .unwrap_or(size)
    }
}

/// The encoding of a resized image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Encoding {
    Jpeg(u8),
    Png,
    /// Lossless, as Zola's WebP without a `quality`.
    WebP,
}

impl Encoding {
    fn from_args(format: &str, source: &Path, quality: Option<u8>) -> Result<Self, String> {
        let lossy_source = matches!(
            source
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase)
                .as_deref(),
            Some("jpg" | "jpeg")
        );
        let jpeg = Encoding::Jpeg(quality.unwrap_or(75).clamp(1, 100));
        match format {
            "auto" if lossy_source => Ok(jpeg),
            "auto" | "png" => Ok(Encoding::Png),
            "jpg" | "jpeg" => Ok(jpeg),
            "webp" => Ok(Encoding::WebP),
            "avif" => Err("AVIF is not supported; use jpg, png or webp".to_string()),
            other => Err(format!(
                "`{other}` is not a format; use auto, jpg, png or webp"
            )),
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Encoding::Jpeg(_) => "jpg",
            Encoding::Png => "png",
            Encoding::WebP => "webp",
        }
    }
}

/// One image to make.
#[derive(Debug, Clone)]
struct Job {
    source: PathBuf,
    steps: Steps,
    encoding: Encoding,
}

/// The images `resize_image` asked for, made once each.
#[derive(Debug, Default)]
pub(crate) struct ProcessedImages {
    jobs: Mutex<BTreeMap<String, Job>>,
    made: Mutex<BTreeSet<String>>,
}

impl ProcessedImages {
    fn record(&self, name: &str, job: Job) {
        if let Ok(mut jobs) = self.jobs.lock() {
            jobs.entry(name.to_string()).or_insert(job);
        }
    }

    /// Encodes the images asked for since the last call, each at `processed_images/NAME`.
    pub(crate) fn make_new(&self) -> Vec<Result<OutputFile, Diagnostic>> {
        let jobs = std::mem::take(&mut *self.jobs.lock().unwrap_or_else(|e| e.into_inner()));
        let mut made = self.made.lock().unwrap_or_else(|e| e.into_inner());
        let new: Vec<(String, Job)> = jobs
            .into_iter()
            .filter(|(name, _)| made.insert(name.clone()))
            .collect();
        drop(made);
        new.into_par_iter()
            .map(|(name, job)| {
                let bytes = encode(&job).map_err(|why| {
                    Diagnostic::error(
                        &job.source,
                        format!("`resize_image` could not make {name}: {why}"),
                    )
                })?;
                Ok(OutputFile {
                    path: format!("{FOLDER}/{name}"),
                    content: Content::Bytes(bytes),
                    origin: crate::error::Origin::File(job.source),
                })
            })
            .collect()
    }
}

fn encode(job: &Job) -> Result<Vec<u8>, String> {
    let mut image = image::open(&job.source).map_err(|e| e.to_string())?;
    if let Some((x, y, w, h)) = job.steps.cut {
        image = image.crop_imm(x, y, w, h);
    }
    if let Some((w, h)) = job.steps.resize {
        image = image.resize_exact(w, h, FilterType::Lanczos3);
    }
    let mut out = Cursor::new(Vec::new());
    match job.encoding {
        Encoding::Jpeg(quality) => {
            let rgb = DynamicImage::ImageRgb8(image.to_rgb8());
            let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality);
            rgb.write_with_encoder(encoder).map_err(|e| e.to_string())?;
        }
        Encoding::Png => image
            .write_to(&mut out, ImageFormat::Png)
            .map_err(|e| e.to_string())?,
        Encoding::WebP => {
            let rgba = DynamicImage::ImageRgba8(image.to_rgba8());
            rgba.write_to(&mut out, ImageFormat::WebP)
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(out.into_inner())
}

/// What `resize_image` gives.
#[derive(Debug, Serialize)]
struct Resized {
    url: String,
    static_path: String,
    width: u32,
    height: u32,
    orig_width: u32,
    orig_height: u32,
}

/// Registers `resize_image` for the site in `root`, recording its jobs in `images`.
pub(super) fn register(
    tera: &mut Tera,
    root: &Path,
    config: &Arc<Config>,
    images: &Arc<ProcessedImages>,
    library: &Library,
) {
    let places = site_files::places(root, config.theme.as_deref(), library);
    let (config, images) = (Arc::clone(config), Arc::clone(images));
    // The hash of each source file's bytes, read once.
    let digests: Mutex<HashMap<PathBuf, String>> = Mutex::default();
    tera.register_function("resize_image", move |args: &HashMap<String, Value>| {
        let fail = |why: String| tera::Error::msg(format!("`resize_image`: {why}"));
        let path = string_arg(args, "resize_image", "path")?;
        let Some(source) = site_files::find(&places, path, "resize_image")? else {
            return Err(fail(format!(
                "no image `{path}` in the site folder, static/, content/ or the theme's static/"
            )));
        };
        let number = |key: &str| -> tera::Result<Option<u32>> {
            match args.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(value) => value
                    .as_u64()
                    .and_then(|n| u32::try_from(n).ok())
                    .map(Some)
                    .ok_or_else(|| fail(format!("`{key}` must be a whole number of pixels"))),
            }
        };
        let op = args.get("op").and_then(Value::as_str).unwrap_or("fill");
        let operation =
            Operation::from_args(op, number("width")?, number("height")?).map_err(fail)?;
        let quality = number("quality")?.map(|q| q.min(100) as u8);
        let format = args.get("format").and_then(Value::as_str).unwrap_or("auto");
        let encoding = Encoding::from_args(format, &source, quality).map_err(fail)?;
        let size = image::image_dimensions(&source)
            .map_err(|e| fail(format!("cannot read `{path}`: {e}")))?;
        let steps = operation.steps(size);
        let digest = {
            let mut known = digests.lock().unwrap_or_else(|e| e.into_inner());
            match known.get(&source) {
                Some(digest) => digest.clone(),
                None => {
                    let bytes = std::fs::read(&source)
                        .map_err(|e| fail(format!("cannot read `{path}`: {e}")))?;
                    let digest = format!("{:x}", Sha256::digest(&bytes));
                    known.insert(source.clone(), digest.clone());
                    digest
                }
            }
        };
        let name = file_name(&source, &digest, steps, encoding);
        let (width, height) = steps.result_size(size);
        images.record(
            &name,
            Job {
                source,
                steps,
                encoding,
            },
        );
        Ok(tera::to_value(Resized {
            url: config.permalink(&format!("{FOLDER}/{name}")),
            static_path: format!("static/{FOLDER}/{name}"),
            width,
            height,
            orig_width: size.0,
            orig_height: size.1,
        })?)
    });
}

/// `photo.3f2a9c1e5b7d4a60.jpg`: the source's name, then a hash of its bytes and of what is
/// done to it, so a changed image or argument gives a new URL.
fn file_name(source: &Path, digest: &str, steps: Steps, encoding: Encoding) -> String {
    let stem = source
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("image");
    let key = format!("{digest} {steps:?} {encoding:?}");
    let hash = format!("{:x}", Sha256::digest(key.as_bytes()));
    format!("{stem}.{}.{}", &hash[..16], encoding.extension())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steps(op: &str, width: Option<u32>, height: Option<u32>, size: (u32, u32)) -> Steps {
        Operation::from_args(op, width, height).unwrap().steps(size)
    }

    #[test]
    fn each_operation_gives_zolas_sizes_for_a_300_by_380_image() {
        let size = (300, 380);
        let result = |op, w, h| steps(op, w, h, size).result_size(size);
        assert_eq!(result("scale", Some(150), Some(150)), (150, 150));
        assert_eq!(result("fit_width", Some(100), None), (100, 126));
        assert_eq!(result("fit_height", None, Some(150)), (118, 150));
        assert_eq!(
            result("fit", Some(5000), Some(5000)),
            (300, 380),
            "never enlarged"
        );
        assert_eq!(result("fit", Some(150), Some(150)), (118, 150));
        assert_eq!(result("fill", Some(150), Some(150)), (150, 150));
        // Fill cuts the middle to the box's aspect ratio first.
        assert_eq!(
            steps("fill", Some(150), Some(150), size).cut,
            Some((0, 40, 300, 300))
        );
    }

    #[test]
    fn missing_sizes_and_unknown_names_are_errors() {
        assert!(Operation::from_args("fill", Some(10), None).is_err());
        assert!(Operation::from_args("fit_width", None, Some(10)).is_err());
        assert!(Operation::from_args("stretch", Some(1), Some(1)).is_err());
        assert!(Encoding::from_args("avif", Path::new("a.png"), None).is_err());
        assert_eq!(
            Encoding::from_args("auto", Path::new("a.JPG"), None),
            Ok(Encoding::Jpeg(75))
        );
        assert_eq!(
            Encoding::from_args("auto", Path::new("a.gif"), None),
            Ok(Encoding::Png)
        );
    }
}
