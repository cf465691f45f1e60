-- Stack files are TOML: make sure both name patterns get the `toml` filetype.
vim.filetype.add({
  filename = { ["stack.toml"] = "toml" },
  pattern = { [".*%.stack%.toml"] = "toml" },
})
