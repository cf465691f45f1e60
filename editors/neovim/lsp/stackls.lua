-- Native Neovim 0.11 configuration: found by `vim.lsp.config` on 'runtimepath'.
-- Enable with `vim.lsp.enable("stackls")`. Attaches to stack.toml and *.stack.toml only;
-- other TOML files (Cargo.toml, pyproject.toml) are left to other servers.
-- Self-contained on purpose: this file works when copied on its own.
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
}
