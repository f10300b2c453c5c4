//! Zola's template functions and filters on a real build.

use crate::support::TestSite;

#[test]
fn taxonomy_functions_find_terms_urls_and_pages() {
    let site = TestSite::new();
    site.write("content/a.md", "+++\ntitle = \"A\"\n[taxonomies]\ntags = [\"Rust Lang\"]\n+++\n")
        .write("static/app.css", "body {}")
        .write(
            "templates/index.html",
            concat!(
                "{{ get_taxonomy_url(kind=\"tags\", name=\"Rust Lang\") }}|",
                "{% set tags = get_taxonomy(kind=\"tags\") %}{{ tags.kind.name }}:{% for t in tags.items %}{{ t.name }}={{ t.pages | length }}{% endfor %}|",
                "{% set term = get_taxonomy_term(kind=\"tags\", term=\"Rust Lang\") %}{{ term.pages.0.title }}|",
                "{{ get_taxonomy_url(kind=\"tags\", name=\"nope\", required=false) }}|",
                "{{ get_hash(path=\"app.css\", sha_type=256, base64=false) | truncate(length=8, end=\"\") }}",
            ),
        );
    site.build_ok();
    assert_eq!(
        site.read("index.html"),
        "https://example.org/tags/rust-lang/|tags:Rust Lang=1|A||62368a1a"
    );
}

#[test]
fn an_unknown_taxonomy_is_an_error_naming_the_template() {
    let site = TestSite::new();
    site.write(
        "templates/index.html",
        "{{ get_taxonomy_url(kind=\"cats\", name=\"x\") }}",
    );
    let errors = site.build_err();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("templates/index.html") && e.contains("no taxonomy `cats`")),
        "{errors:?}"
    );
}

#[test]
fn resize_image_gives_zolas_sizes_and_writes_the_images_to_processed_images() {
    let site = TestSite::new();
    let mut png = std::io::Cursor::new(Vec::new());
    image::RgbImage::from_fn(300, 380, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    })
    .write_to(&mut png, image::ImageFormat::Png)
    .unwrap();
    site.write("static/photo.png", png.into_inner())
        .write(
            "templates/index.html",
            "{% set a = resize_image(path=\"photo.png\", width=150, height=150) %}{% set b = resize_image(path=\"photo.png\", width=100, op=\"fit_width\", format=\"jpg\") %}{{ a.url }} {{ a.width }}x{{ a.height }} of {{ a.orig_width }}x{{ a.orig_height }}|{{ b.url }} {{ b.width }}x{{ b.height }}",
        )
        .write("templates/shortcodes/thumb.html", "{% set t = resize_image(path=path, width=60, height=40, op=\"fit\") %}<img src=\"{{ t.url }}\" width=\"{{ t.width }}\">")
        .write("content/gallery.md", "+++\ntitle = \"G\"\n+++\n{{ thumb(path=\"photo.png\") }}\n");
    site.build_ok();
    let home = site.read("index.html");
    let (fill, fit_width) = home.split_once('|').unwrap();
    assert!(
        fill.starts_with("https://example.org/processed_images/photo.")
            && fill.ends_with(".png 150x150 of 300x380"),
        "{fill}"
    );
    assert!(fit_width.ends_with(".jpg 100x126"), "{fit_width}");
    let file = |url: &str| {
        url.split(' ')
            .next()
            .unwrap()
            .trim_start_matches("https://example.org/")
            .to_string()
    };
    let made = image::open(site.output().join(file(fill))).unwrap();
    assert_eq!((made.width(), made.height()), (150, 150));
    let made = image::open(site.output().join(file(fit_width))).unwrap();
    assert_eq!((made.width(), made.height()), (100, 126));
    // From a shortcode too; `fit` keeps the aspect ratio within the box.
    let gallery = site.read("gallery/index.html");
    assert!(gallery.contains("width=\"31\""), "{gallery}");
    let thumbs: Vec<String> = site
        .output_files()
        .into_iter()
        .filter(|f| f.starts_with("processed_images/"))
        .collect();
    assert_eq!(thumbs.len(), 3, "{thumbs:?}");
    // A bad argument is an error naming the function.
    site.write(
        "templates/index.html",
        "{{ resize_image(path=\"photo.png\", width=10) }}",
    );
    let errors = site.build_err();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("resize_image") && e.contains("height")),
        "{errors:#?}"
    );
}
