//! The built-in data's embedded form. `build.rs` loads `data/` with the loader that reads
//! user files at run time, checks every cross-reference, and writes the result with postcard
//! (a compact serde format); a start decodes it (well under a millisecond) instead of parsing
//! the TOML. The TOML stays the source: a test loads it again and compares.
//!
//! Compiled into `build.rs` as well as the library, so it names nothing built in.

use indexmap::IndexMap;
use serde::{de::DeserializeOwned, Deserialize, Serialize};

use super::{Catalogue, CatalogueError, LifecycleData, Product};

/// The built-in catalogue, and every problem found in the built-in data (none in a good
/// build: the build prints them, and a test fails on them).
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Built {
    pub catalogue: Catalogue,
    pub errors: Vec<CatalogueError>,
    /// Embedded apart and decoded on first use, so a run that meets no version does not pay
    /// for it.
    #[serde(skip)]
    pub lifecycle: Lifecycle,
}

/// The built-in lifecycle data (`data/lifecycle.toml`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Lifecycle {
    /// Release cycles by product id.
    pub products: IndexMap<String, Product>,
    /// Where they come from.
    pub data: Option<LifecycleData>,
}

impl Built {
    /// The built-in data from its TOML: the catalogue files and the lifecycle file loaded as
    /// one catalogue, so that every reference between them is checked (a technology's
    /// product, a requirement's technology), then the lifecycle data split off.
    pub fn from_toml(files: &[(&str, &str)], lifecycle: (&str, &str)) -> Built {
        let mut all = files.to_vec();
        all.push(lifecycle);
        let (mut catalogue, errors) = super::load::extend(Catalogue::default(), &all, &|_| false);
        let lifecycle =
            Lifecycle { products: std::mem::take(&mut catalogue.products), data: catalogue.lifecycle_data.take() };
        catalogue.builtin_lifecycle = true;
        Built { catalogue, errors, lifecycle }
    }
}

/// A value from its embedded form (`build.rs` writes it with `postcard::to_allocvec`).
pub(crate) fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, postcard::Error> {
    postcard::from_bytes(bytes)
}
