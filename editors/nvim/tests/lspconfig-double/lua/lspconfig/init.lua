-- A stand-in for nvim-lspconfig (which no package registry reachable here ships), enough to run
-- the README's lspconfig snippet: `require("lspconfig").NAME.setup()` of a config registered in
-- `lspconfig.configs`. It follows lspconfig's legacy framework where the snippet's outcome
-- depends on it: root_dir(fname, bufnr) picks the client's root; a nil root with
-- single_file_support starts a client with no workspace folder (so cross-article checks see
-- nothing); settings go out as workspace/didChangeConfiguration.
return setmetatable({}, {
  __index = function(_, name)
    return require("lspconfig.configs")[name]
  end,
})
