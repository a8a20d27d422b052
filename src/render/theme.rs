//! The built-in default theme, embedded in the binary, and the sources a
//! site's own theme folder adds on top of it.

/// Template and asset sources, from the binary and the site.
#[derive(Clone)]
pub struct ThemeSources {
    /// (name, text); later entries override earlier ones of the same name.
    pub templates: Vec<(String, String)>,
    /// (file name under assets/, bytes).
    pub assets: Vec<(String, Vec<u8>)>,
    /// Where they came from, for diagnostics: `themes/default`.
    pub origin: String,
    /// The names of the templates the site's theme folder gave (its own
    /// files, over or beside the built-in ones), sorted.
    pub site_templates: Vec<String>,
    /// The interface strings the templates' `t()` and the scripts use.
    pub strings: crate::model::i18n::Strings,
}

/// The default theme's templates.
pub const TEMPLATES: &[(&str, &str)] = embed!(include_str, "../../themes/default/templates/":
    "base.html",
    "macros.html",
    "index.html",
    "programs.html",
    "card.html",
    "compare.html",
    "program.html",
    "specialties.html",
    "specialty.html",
    "hospitals.html",
    "hospital.html",
    "states.html",
    "state.html",
    "faq.html",
    "fees.html",
    "apply.html",
    "page.html",
    "posts.html",
    "post.html",
    "404.html",
);

/// The default theme's static files, served under /assets/.
pub const ASSETS: &[(&str, &[u8])] = embed!(include_bytes, "../../themes/default/static/":
    "card.js",
    "catalog.js",
    "compare.js",
    "dates.js",
    "filter.js",
    "i18n.js",
    "index.js",
    "panel.js",
    "render.js",
    "search.js",
    "shortlist.js",
    "style.css",
    "url.js",
    "words.js",
);

/// The built-in theme with a site's own files laid over it.
pub fn with_site(files: crate::model::ThemeFiles) -> ThemeSources {
    let mut sources = builtin();
    sources.origin = files.origin;
    sources.strings = files.strings;
    sources.overlay(files.templates, files.assets);
    sources
}

/// The built-in theme alone.
pub fn builtin() -> ThemeSources {
    ThemeSources {
        templates: TEMPLATES
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect(),
        assets: ASSETS
            .iter()
            .map(|(n, b)| (n.to_string(), b.to_vec()))
            .collect(),
        origin: "themes/default".into(),
        site_templates: Vec::new(),
        strings: crate::model::i18n::Strings::default(),
    }
}

impl ThemeSources {
    /// True when the site's theme folder gave the template `name`.
    pub fn is_site(&self, name: &str) -> bool {
        self.site_templates.iter().any(|n| n == name)
    }

    /// Adds or replaces templates and assets with a site's own.
    pub fn overlay(&mut self, templates: Vec<(String, String)>, assets: Vec<(String, Vec<u8>)>) {
        for (name, text) in templates {
            self.site_templates.push(name.clone());
            match self.templates.iter_mut().find(|(n, _)| *n == name) {
                Some(slot) => slot.1 = text,
                None => self.templates.push((name, text)),
            }
        }
        for (name, bytes) in assets {
            match self.assets.iter_mut().find(|(n, _)| *n == name) {
                Some(slot) => slot.1 = bytes,
                None => self.assets.push((name, bytes)),
            }
        }
        self.assets.sort_by(|a, b| a.0.cmp(&b.0));
        self.site_templates.sort();
        self.site_templates.dedup();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file in themes/default is embedded, so the binary's theme is the folder's.
    #[test]
    fn embedded_theme_matches_the_folder() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir.join("templates"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = TEMPLATES.iter().map(|(n, _)| n.to_string()).collect();
        embedded.sort();
        assert_eq!(on_disk, embedded);
        let mut assets: Vec<String> = std::fs::read_dir(dir.join("static"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        assets.sort();
        let embedded: Vec<String> = ASSETS.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(assets, embedded);
    }
}
