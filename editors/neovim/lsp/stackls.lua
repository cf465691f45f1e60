---@brief
---
--- https://github.com/stackls/stackls
---
--- Language server and linter for stack declaration files (`stack.toml`, `*.stack.toml`):
--- explains each backend technology on hover, completes keys, values and versions, and
--- flags choices whose known drawbacks collide with the project.
---
--- Install the server with `cargo install --locked --path .` in the repository (or put a
--- `stackls` binary on `PATH`). It attaches to stack files only; other TOML files
--- (Cargo.toml, pyproject.toml) are left to other servers.
---
--- Settings (`settings = { stackls = { ... } }`), below the stack file's own `[lint]`:
--- - `lint.allow`, `lint.warn`, `lint.deny`: lists of rule codes (`"tradeoff"`,
---   `"use-case-fit"`, ...) to silence, report as warnings, or report as errors.
--- - `lint.endOfLifeWindow`: days before a declared version's end of life from which it is
---   reported, as a hint (default 180).
--- - `catalogues`: extra catalogue files (relative paths: to the workspace folder).
---
--- Self-contained on purpose: this file works when copied on its own.

---@type vim.lsp.Config
return {
  cmd = { "stackls", "lsp" },
  filetypes = { "toml" },
  root_dir = function(bufnr, on_dir)
    local path = vim.api.nvim_buf_get_name(bufnr)
    local name = vim.fs.basename(path)
    if name == "stack.toml" or name:match("%.stack%.toml$") then
      on_dir(vim.fs.root(bufnr, { ".git" }) or vim.fs.dirname(path))
    end
  end,
  settings = {
    stackls = {},
  },
}
