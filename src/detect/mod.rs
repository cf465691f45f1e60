//! Reading a repository, without running anything: which manifests each service folder
//! holds and what they declare (`manifest`), mapped to catalogue technologies by the data in
//! `data/detect.toml`.

pub mod manifest;
