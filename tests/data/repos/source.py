#!/usr/bin/env python3
"""Write a fixture's SOURCE.toml from a git clone: the files the detector reads (or may come
to read), each with its git blob id and size, chosen by name from `git ls-tree`, never by hand.

    python3 tests/data/repos/source.py CLONE REPOSITORY_URL LICENSE_SPDX [LICENSE_FILE] > SOURCE.toml

CLONE is a git work tree (or bare repository) of the project at the snapshot to describe; its
HEAD is the commit recorded. The selection is generous on purpose: manifests, workspace and
solution files, configuration that names a database, runtime pins, Dockerfiles and compose
files, and the entry points that decide what runs. Files under vendored or generated folders
(node_modules, vendor, ...) and files over 1 MiB are left out. Python 3 standard library only.
"""

import fnmatch
import json
import os
import subprocess
import sys

# Matched against the file's name (the last path component).
NAMES = [
    # Python
    "*requirements*.txt", "*requirements*.in", "pyproject.toml", "Pipfile", "setup.py", "setup.cfg",
    "manage.py", "wsgi.py", "asgi.py", "settings.py", "config.py", ".flaskenv", ".python-version",
    "runtime.txt",
    # Node
    "package.json", "pnpm-workspace.yaml", "lerna.json", "nx.json", "turbo.json", "deno.json",
    ".nvmrc", ".node-version", "*.prisma", "angular.json",
    "next.config.*", "nuxt.config.*", "vite.config.*", "svelte.config.*",
    # JVM
    "pom.xml", "build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts",
    "gradle.properties", "*.versions.toml", "build.sbt", ".java-version", ".sdkmanrc",
    "application.properties", "application.yml", "application.yaml",
    "application-*.properties", "application-*.yml", "application-*.yaml",
    "*Application.java", "*Application.kt",
    # Ruby
    "Gemfile", "Gemfile.lock", "*.gemspec", ".ruby-version", "database.yml", "config.ru",
    # PHP
    "composer.json", "doctrine.yaml", "artisan", "console",
    # .NET
    "*.csproj", "*.fsproj", "*.vbproj", "*.sln", "*.slnx", "Directory.Packages.props",
    "Directory.Build.props", "global.json", "appsettings*.json", "Program.cs", "Startup.cs",
    # Rust, Go, Elixir
    "Cargo.toml", "rust-toolchain", "rust-toolchain.toml", "go.mod", "go.work", "main.go",
    "config.yaml", "config.yml",
    "mix.exs", "config.exs", "runtime.exs", "prod.exs", "dev.exs",
    # Anywhere
    "docker-compose*.yml", "docker-compose*.yaml", "compose.yml", "compose.yaml", "compose.*.yml",
    "compose.*.yaml", "Dockerfile", "Dockerfile.*", "Dockerfile-*", "*.dockerfile", "*.Dockerfile",
    "dockerfile", "Containerfile", "Procfile", "Procfile.*",
    ".tool-versions", ".env", ".env.example", ".env.sample", ".env.dist", ".env.*.example",
    "fly.toml", "app.json", "render.yaml",
]
# Matched against the whole path.
PATHS = ["config/database.php", "*/config/database.php", "src/main.rs", "*/src/main.rs",
         "src/bin/*.rs", "*/src/bin/*.rs", "*/settings/*.py"]
SKIP = {"node_modules", "vendor", "bower_components", ".git"}
MAX_BYTES = 1 << 20


def wanted(path):
    parts = path.split("/")
    if SKIP.intersection(parts[:-1]):
        return False
    name = parts[-1]
    return any(fnmatch.fnmatchcase(name, g) for g in NAMES) or any(
        fnmatch.fnmatchcase(path, g) for g in PATHS)


def entry_points(clone, tree, chosen):
    """Source files that decide what runs: the Go files beside a go.mod or under cmd/ (where
    `package main` is), and the files a package.json names as `main` or `bin`."""
    out = set()
    go_dirs = {os.path.dirname(p) for p in chosen if p.endswith("go.mod")}
    for path in tree:
        parts = path.split("/")
        if SKIP.intersection(parts[:-1]) or not path.endswith(".go") or path.endswith("_test.go"):
            continue
        if os.path.dirname(path) in go_dirs or (len(parts) >= 3 and parts[-3] == "cmd"):
            out.add(path)
    for path in [p for p in chosen if p.endswith("package.json")]:
        try:
            manifest = json.loads(git(clone, "cat-file", "blob", tree[path][0]))
        except ValueError:
            continue
        named = [manifest.get("main")] if isinstance(manifest, dict) else []
        bins = manifest.get("bin") if isinstance(manifest, dict) else None
        named += list(bins.values()) if isinstance(bins, dict) else [bins]
        for name in filter(lambda n: isinstance(n, str), named):
            target = os.path.normpath(os.path.join(os.path.dirname(path), name))
            if target in tree and tree[target][1] <= MAX_BYTES:
                out.add(target)
    return out


def git(clone, *args):
    return subprocess.run(["git", "-C", clone, *args], check=True, capture_output=True,
                          text=True).stdout


def main(argv):
    if len(argv) not in (4, 5):
        sys.exit(__doc__)
    clone, url, spdx = argv[1:4]
    license_file = argv[4] if len(argv) == 5 else "LICENSE"
    commit = git(clone, "rev-parse", "HEAD").strip()
    date = git(clone, "show", "-s", "--format=%cs", "HEAD").strip()
    tree = {}
    for line in git(clone, "ls-tree", "-r", "-l", "HEAD").splitlines():
        meta, path = line.split("\t", 1)
        mode, kind, blob, size = meta.split()
        if kind == "blob" and mode in ("100644", "100755") and size.isdigit():
            tree[path] = (blob, int(size))
    chosen = {p for p, (_, size) in tree.items() if size <= MAX_BYTES and wanted(p)}
    chosen |= entry_points(clone, tree, chosen)
    rows = ['  {{ path = "{}", blob = "{}", bytes = {} }},'.format(p, *tree[p])
            for p in sorted(chosen, key=lambda p: (p.count("/") > 0, p)) if p != license_file]
    if license_file not in tree:
        sys.exit("no license file {} at HEAD".format(license_file))
    license_row = '  {{ path = "{}", blob = "{}", bytes = {} }},'.format(license_file, *tree[license_file])
    print('repository = "{}"'.format(url))
    print('commit = "{}"  # snapshot HEAD, committed {}'.format(commit, date))
    print('license = "{}"'.format(spdx))
    print('license_file = "{}"'.format(license_file))
    print()
    print("# The files this fixture is made of, chosen by name by source.py from `git ls-tree` at")
    print("# `commit`; each is taken byte for byte at the same relative path, and `blob` is its git")
    print("# blob id, so a copy can be checked with `git hash-object FILE` (copy.py does).")
    print("files = [")
    for row in rows + [license_row]:
        print(row)
    print("]")


if __name__ == "__main__":
    main(sys.argv)
