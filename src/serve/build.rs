//! Rebuilding for `serve`: turns a [`Change`] into the next in-memory
//! [`Site`], or every diagnostic. Reads through `content`, renders through
//! `render`; writes nothing.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use time::Date;

use super::watch::Change;
use super::{Site, StaticFile};
use crate::diagnostics::Diagnostic;
use crate::{BuildOptions, content};

/// Keeps what the next rebuild can reuse.
pub struct Builder {
    site_dir: PathBuf,
    date: Date,
    /// `127.0.0.1:1111`: the site's base URL while serving.
    authority: String,
}

/// A successful (re)build.
pub struct Built {
    pub site: Site,
    pub warnings: Vec<Diagnostic>,
    pub programs: usize,
}

impl Builder {
    pub fn new(site_dir: &Path, date: Date, host: String, port: u16) -> Builder {
        Builder {
            site_dir: site_dir.to_path_buf(),
            date,
            authority: format!("{host}:{port}"),
        }
    }

    pub fn site_dir(&self) -> &Path {
        &self.site_dir
    }

    /// Builds everything.
    pub fn full(&mut self) -> Result<Built, Vec<Diagnostic>> {
        let load_options = content::LoadOptions {
            today: self.date,
            base_url: None,
        };
        // The site's own base path, on this server: absolute links in the
        // preview (canonical, feed, sitemap) then point at the preview.
        let base_path = content::config(&self.site_dir, &load_options).map(|c| c.base_path);
        let options = BuildOptions {
            site_dir: self.site_dir.clone(),
            output: None,
            base_url: base_path
                .as_ref()
                .map(|p| format!("http://{}{p}", self.authority)),
            date: self.date,
        };
        let generated = crate::check(&options).map_err(|f| f.diagnostics().to_vec())?;
        Ok(Built {
            site: Site {
                base_path: base_path.unwrap_or_default(),
                files: generated
                    .files
                    .into_iter()
                    .map(|f| (f.path, Arc::new(f.bytes)))
                    .collect(),
                statics: generated
                    .static_files
                    .into_iter()
                    .map(|(src, rel)| (rel, StaticFile::new(src)))
                    .collect(),
            },
            warnings: generated.warnings,
            programs: generated.programs,
        })
    }

    /// Rebuilds after `change`, reusing what it can of `current`.
    pub fn rebuild(&mut self, _change: &Change, _current: &Site) -> Result<Built, Vec<Diagnostic>> {
        self.full()
    }
}
