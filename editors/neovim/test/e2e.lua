-- End-to-end test in real, headless Neovim: the plugin starts the real server, which
-- publishes the Flask warning, answers hover and completion. Run by test/run.sh.
local bin = assert(os.getenv("STACKLS_BIN"), "STACKLS_BIN is not set")
local failures, passes = 0, 0

local function check(ok, what)
  if ok then
    passes = passes + 1
    io.stdout:write("ok   " .. what .. "\n")
  else
    failures = failures + 1
    io.stdout:write("FAIL " .. what .. "\n")
  end
end

local function finish()
  io.stdout:write(string.format("neovim: %d passed, %d failed\n", passes, failures))
end

local dir = vim.fn.tempname()
vim.fn.mkdir(dir, "p")
local file = dir .. "/stack.toml"
vim.fn.writefile({ "[project]", 'scale = "large"', "", "[stack]", 'framework = "flask"' }, file)
vim.fn.writefile({ "[package]", 'name = "x"' }, dir .. "/Cargo.toml")

-- Settings pass through setup(): `deny` makes the tradeoff an error.
require("stackls").setup({ cmd = { bin, "lsp" }, settings = { lint = { deny = { "tradeoff" } } } })
check(vim.lsp.config.stackls ~= nil and vim.lsp.config.stackls.root_dir ~= nil, "lsp/stackls.lua is found on 'runtimepath'")

vim.cmd.edit(file)
local buf = vim.api.nvim_get_current_buf()
check(vim.bo[buf].filetype == "toml", "stack.toml has the toml filetype")

local attached = vim.wait(15000, function()
  return #vim.lsp.get_clients({ bufnr = buf, name = "stackls" }) > 0
end, 50)
check(attached, "stackls attaches to stack.toml")
local client = vim.lsp.get_clients({ bufnr = buf, name = "stackls" })[1]

local got = vim.wait(15000, function()
  return #vim.diagnostic.get(buf) > 0
end, 50)
local diags = vim.diagnostic.get(buf)
local flask
for _, d in ipairs(diags) do
  if d.code == "tradeoff" then
    flask = d
  end
end
check(got and flask ~= nil, "a tradeoff diagnostic arrives")
if flask then
  check(flask.message:find("Flask", 1, true) ~= nil and flask.message:find("scale = large", 1, true) ~= nil,
    "the diagnostic names Flask and the scale: " .. flask.message)
  check(flask.lnum == 4 and flask.col == 12 and flask.end_col == 19, "the diagnostic covers the \"flask\" value")
  check(flask.severity == vim.diagnostic.severity.ERROR and flask.source == "stackls",
    "severity error (settings.lint.deny reached the server), source stackls")
end

if client then
  check(client.offset_encoding == "utf-8", "UTF-8 positions are negotiated (got " .. tostring(client.offset_encoding) .. ")")
  local hover = client:request_sync("textDocument/hover", {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = 4, character = 14 },
  }, 10000, buf)
  local value = hover and hover.result and hover.result.contents and hover.result.contents.value or ""
  check(value:find("### Flask", 1, true) ~= nil and value:find("**Pros**", 1, true) ~= nil
    and value:find("**Cons**", 1, true) ~= nil, "hover shows Flask with pros and cons")

  vim.api.nvim_buf_set_lines(buf, -1, -1, false, { "", "[services.api]", "framework = " })
  local last = vim.api.nvim_buf_line_count(buf) - 1
  local completion = client:request_sync("textDocument/completion", {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = last, character = 12 },
  }, 10000, buf)
  local labels = {}
  local result = completion and completion.result or {}
  for _, item in ipairs(result.items or result) do
    labels[item.label] = true
  end
  check(labels["django"] and labels["flask"] and labels["express"], "completion after `framework = ` offers frameworks")

  -- Versions: the release cycles after `@`, newest first with their status, and the
  -- lifecycle table on hover.
  vim.api.nvim_buf_set_lines(buf, -1, -1, false, { "", "[services.db]", 'framework = "django@4.2"', 'database = "postgresql@"' })
  last = vim.api.nvim_buf_line_count(buf) - 1
  local cycles = client:request_sync("textDocument/completion", {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = last, character = 23 },
  }, 10000, buf)
  local items = cycles and cycles.result and (cycles.result.items or cycles.result) or {}
  local first = items[1] or {}
  check(first.label == "18" and (first.detail or ""):find("supported until", 1, true) ~= nil,
    "completion after `postgresql@` starts with cycle 18 and its status: " .. tostring(first.label) .. " — " .. tostring(first.detail))
  local versioned = client:request_sync("textDocument/hover", {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = last - 1, character = 15 },
  }, 10000, buf)
  local table_md = versioned and versioned.result and versioned.result.contents and versioned.result.contents.value or ""
  check(table_md:find("| cycle | released | active support until | end of life | LTS |", 1, true) ~= nil
    and table_md:find("▶ **4.2**", 1, true) ~= nil and table_md:find("2026-04-07", 1, true) ~= nil,
    "hover on django@4.2 shows the lifecycle table with 4.2 marked")
end

vim.cmd.edit(dir .. "/Cargo.toml")
local cargo = vim.api.nvim_get_current_buf()
vim.wait(500)
check(#vim.lsp.get_clients({ bufnr = cargo, name = "stackls" }) == 0, "stackls stays away from Cargo.toml")

finish()
vim.cmd(failures == 0 and "qall!" or "cquit 1")
