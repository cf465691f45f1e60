#!/usr/bin/env python3
"""Lay out the real-repository fixtures from git clones, byte for byte, each file checked
against the blob id its SOURCE.toml records.

    python3 tests/data/repos/copy.py CLONES OUT [FIXTURE ...]

CLONES holds one clone per project, named `<owner>+<name>` after the GitHub repository in
SOURCE.toml (`https://github.com/<owner>/<name>`), or a bare one as `<owner>+<name>/repo`; a clone at any commit will do as long as it
has the recorded blobs (a full clone does), and a plain copy of the files at the recorded
commit works too. Each fixture is written to OUT/<fixture>/ with its files at their paths and
its `created` marker files; a fixture whose clone is missing is skipped with a note, and a file
whose content does not hash to its blob id stops the script. Then run
`STACKLS_REAL_REPOS=OUT cargo test --test it real_repos -- --ignored --nocapture`.
Python 3.11 or later (tomllib), standard library only.
"""

import hashlib
import os
import subprocess
import sys
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))


def blob_id(data):
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def read(clone, path, blob):
    """The file's bytes: the blob from the clone's object store, else the file in its tree."""
    if os.path.isdir(os.path.join(clone, ".git")) or os.path.isfile(os.path.join(clone, "HEAD")):
        got = subprocess.run(["git", "-C", clone, "cat-file", "blob", blob], capture_output=True)
        if got.returncode == 0:
            return got.stdout
    full = os.path.realpath(os.path.join(clone, path))
    if not full.startswith(os.path.realpath(clone) + os.sep) or not os.path.isfile(full):
        return None
    with open(full, "rb") as f:
        return f.read()


def safe(out, path):
    target = os.path.normpath(os.path.join(out, path))
    if os.path.isabs(path) or not target.startswith(os.path.normpath(out) + os.sep):
        sys.exit("refusing a path outside the fixture: {}".format(path))
    return target


def lay_out(fixture, clones, out):
    with open(os.path.join(HERE, fixture, "SOURCE.toml"), "rb") as f:
        source = tomllib.load(f)
    owner_name = source["repository"].rstrip("/").split("github.com/")[-1].replace("/", "+")
    clone = os.path.join(clones, owner_name)
    if os.path.isfile(os.path.join(clone, "repo", "HEAD")):
        clone = os.path.join(clone, "repo")  # a bare mirror kept as <owner>+<name>/repo
    if not os.path.isdir(clone):
        print("{}: skipped, no clone at {}".format(fixture, clone))
        return False
    dest = os.path.join(out, fixture)
    for entry in source["files"]:
        data = read(clone, entry["path"], entry["blob"])
        if data is None:
            sys.exit("{}: {} is not in {}".format(fixture, entry["path"], clone))
        if blob_id(data) != entry["blob"] or len(data) != entry["bytes"]:
            sys.exit("{}: {} is not blob {}".format(fixture, entry["path"], entry["blob"]))
        target = safe(dest, entry["path"])
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as f:
            f.write(data)
    # The license text also as LICENSE at the root, as the README asks.
    lic = next((e for e in source["files"] if e["path"] == source.get("license_file")), None)
    if lic is not None and lic["path"] != "LICENSE":
        with open(safe(dest, lic["path"]), "rb") as f, open(safe(dest, "LICENSE"), "wb") as g:
            g.write(f.read())
    for path in source.get("created", []):
        target = safe(dest, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        open(target, "wb").close()
    print("{}: {} files".format(fixture, len(source["files"])))
    return True


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    clones, out = argv[1], argv[2]
    fixtures = argv[3:] or sorted(
        d for d in os.listdir(HERE) if os.path.isfile(os.path.join(HERE, d, "SOURCE.toml")))
    done = sum(lay_out(f, clones, out) for f in fixtures)
    print("{} of {} fixtures laid out in {}".format(done, len(fixtures), out))


if __name__ == "__main__":
    main(sys.argv)
