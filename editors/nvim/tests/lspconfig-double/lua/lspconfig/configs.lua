-- See init.lua: registered configs, each with setup().
local configs = {}

local function start(config, bufnr)
  local fname = vim.api.nvim_buf_get_name(bufnr)
  local root = config.root_dir(fname, bufnr)
  if not root and not config.single_file_support then
    return
  end
  local key = root or ("single:" .. fname)
  local id = config.clients[key]
  if not id then
    id = vim.lsp.start_client({
      name = config.name,
      cmd = config.cmd,
      root_dir = root,
      workspace_folders = root and { { uri = vim.uri_from_fname(root), name = root } } or nil,
      settings = config.settings,
      init_options = config.init_options,
      -- As lspconfig's on_init: Neovim itself does not send the settings.
      on_init = function(client)
        if next(config.settings) ~= nil then
          local params = { settings = config.settings }
          if vim.fn.has("nvim-0.11") == 1 then
            client:notify("workspace/didChangeConfiguration", params)
          else
            client.notify("workspace/didChangeConfiguration", params)
          end
        end
      end,
    })
    config.clients[key] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
end

return setmetatable(configs, {
  __newindex = function(t, name, definition)
    local entry = {}
    function entry.setup(user)
      local config = vim.tbl_deep_extend("keep", user or {}, definition.default_config, { settings = {} })
      config.name, config.clients = name, {}
      vim.api.nvim_create_autocmd("FileType", {
        pattern = config.filetypes,
        callback = function(args)
          start(config, args.buf)
        end,
      })
    end
    rawset(t, name, entry)
  end,
})
