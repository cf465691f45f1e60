-- stackls for Neovim 0.11: a thin wrapper around vim.lsp.config / vim.lsp.enable.
-- No analysis happens here; everything comes from the `stackls lsp` server.
local M = {}

--- Whether a buffer is a stack file: `stack.toml` or `*.stack.toml`.
---@param bufnr integer
---@return boolean
function M.is_stack_file(bufnr)
  local name = vim.fs.basename(vim.api.nvim_buf_get_name(bufnr))
  return name == "stack.toml" or name:match("%.stack%.toml$") ~= nil
end

--- The project root of a stack file: the nearest folder with `.git`, else the file's folder.
---@param bufnr integer
---@return string
function M.root(bufnr)
  return vim.fs.root(bufnr, { ".git" }) or vim.fs.dirname(vim.api.nvim_buf_get_name(bufnr))
end

---@class stackls.Options
---@field cmd? string[] the server command (default: { "stackls", "lsp" })
---@field path? string path to the stackls binary (shorthand for cmd = { path, "lsp" })
---@field on_attach? fun(client: vim.lsp.Client, bufnr: integer)
---@field capabilities? table extra client capabilities
---@field enable? boolean call vim.lsp.enable (default true)

--- Configures and enables the stackls language server.
---@param opts? stackls.Options
function M.setup(opts)
  opts = opts or {}
  local config = {}
  if opts.path then
    config.cmd = { opts.path, "lsp" }
  end
  if opts.cmd then
    config.cmd = opts.cmd
  end
  config.on_attach = opts.on_attach
  config.capabilities = opts.capabilities
  -- Merged over lsp/stackls.lua, which supplies the defaults and the root_dir filter.
  vim.lsp.config("stackls", config)
  if opts.enable ~= false then
    vim.lsp.enable("stackls")
  end
end

return M
