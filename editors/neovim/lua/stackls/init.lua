-- stackls for Neovim 0.11: a thin wrapper around vim.lsp.config / vim.lsp.enable.
-- No analysis happens here; everything comes from the `stackls lsp` server.
local M = {}

---@class stackls.Options
---@field cmd? string[] the server command (default: { "stackls", "lsp" })
---@field path? string path to the stackls binary (shorthand for cmd = { path, "lsp" })
---@field settings? table the `stackls` settings section: `lint` (allow, warn, deny, endOfLifeWindow) and `catalogues`
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
  if opts.settings then
    config.settings = { stackls = opts.settings }
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
