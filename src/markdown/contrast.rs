//! Readable highlighting: theme colours nudged toward black or white until they meet the WCAG
//! AA contrast ratio against the code background, so every highlighted token stays legible.

use syntect::highlighting::{Color, Theme};

/// WCAG 2.2 AA for normal text, with a little room for rounding in browsers.
pub(crate) const MIN_CONTRAST: f64 = 4.6;

/// A copy of `theme` whose foreground colours all reach `ratio` against their background.
pub(crate) fn with_min_contrast(theme: &Theme, ratio: f64) -> Theme {
    let mut theme = theme.clone();
    let page = theme.settings.background.unwrap_or(Color::WHITE);
    if let Some(foreground) = theme.settings.foreground {
        theme.settings.foreground = Some(readable(foreground, page, ratio));
    }
    for item in &mut theme.scopes {
        let background = item.style.background.unwrap_or(page);
        if let Some(foreground) = item.style.foreground {
            item.style.foreground = Some(readable(foreground, background, ratio));
        }
    }
    theme
}

/// `color`, or the nearest mix of it with black or white that reaches `ratio` on `background`.
fn readable(color: Color, background: Color, ratio: f64) -> Color {
    if contrast(color, background) >= ratio {
        return color;
    }
    let target = if contrast(Color::BLACK, background) >= contrast(Color::WHITE, background) {
        Color::BLACK
    } else {
        Color::WHITE
    };
    let mix = |t: f64| {
        let channel = |from: u8, to: u8| {
            (f64::from(from) + (f64::from(to) - f64::from(from)) * t).round() as u8
        };
        Color {
            r: channel(color.r, target.r),
            g: channel(color.g, target.g),
            b: channel(color.b, target.b),
            a: color.a,
        }
    };
    (1..=20)
        .map(|step| mix(f64::from(step) / 20.0))
        .find(|candidate| contrast(*candidate, background) >= ratio)
        .unwrap_or(target)
}

/// The WCAG contrast ratio of two colours (1 to 21).
pub(crate) fn contrast(a: Color, b: Color) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (light, dark) = if la > lb { (la, lb) } else { (lb, la) };
    (light + 0.05) / (dark + 0.05)
}

fn luminance(color: Color) -> f64 {
    let linear = |channel: u8| {
        let c = f64::from(channel) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(color.r) + 0.7152 * linear(color.g) + 0.0722 * linear(color.b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use syntect::highlighting::ThemeSet;

    fn rgb(r: u8, g: u8, b: u8) -> Color {
        Color { r, g, b, a: 0xff }
    }

    #[test]
    fn contrast_matches_the_wcag_formula() {
        assert!((contrast(Color::BLACK, Color::WHITE) - 21.0).abs() < 1e-9);
        assert!((contrast(rgb(0x96, 0x98, 0x96), Color::WHITE) - 2.9).abs() < 0.05);
    }

    #[test]
    fn low_contrast_colours_are_darkened_on_light_and_lightened_on_dark() {
        let grey = rgb(0x96, 0x98, 0x96);
        let on_white = readable(grey, Color::WHITE, MIN_CONTRAST);
        assert!(contrast(on_white, Color::WHITE) >= MIN_CONTRAST);
        assert!(on_white.r < grey.r);
        let dark = rgb(0x2b, 0x30, 0x3b);
        let on_dark = readable(rgb(0x65, 0x73, 0x7e), dark, MIN_CONTRAST);
        assert!(contrast(on_dark, dark) >= MIN_CONTRAST);
    }

    #[test]
    fn every_colour_of_the_bundled_themes_becomes_readable() {
        for (name, theme) in ThemeSet::load_defaults().themes {
            let fixed = with_min_contrast(&theme, MIN_CONTRAST);
            let background = fixed.settings.background.unwrap_or(Color::WHITE);
            for item in &fixed.scopes {
                if let Some(foreground) = item.style.foreground {
                    let bg = item.style.background.unwrap_or(background);
                    assert!(
                        contrast(foreground, bg) >= MIN_CONTRAST,
                        "{name}: {foreground:?} on {bg:?}"
                    );
                }
            }
        }
    }
}
