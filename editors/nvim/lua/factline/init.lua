-- factline for Neovim: starts `factline lsp` for text and Markdown buffers.
--
--   require("factline").setup({
--     cmd = { "factline", "lsp" },          -- the server command (default: factline on PATH)
--     filetypes = { "text", "markdown" },
--     root_markers = { "factline.toml", ".git" }, -- else the file's own folder
--     settings = { rules = { ["vague-source"] = "off" }, default_year = 2026 }, -- factline.toml keys
--     on_attach = function(client, bufnr) end,
--     capabilities = nil,                   -- e.g. from cmp_nvim_lsp
--   })
--
-- Commands: :FactlineSheet (the story sheet of the workspace), :FactlineRestart.
--
-- Neovim 0.11+ goes through vim.lsp.config/vim.lsp.enable; older versions (0.7 and up) start
-- one client per root with vim.lsp.start_client and attach buffers with vim.lsp.buf_attach_client.

local M = {}

local defaults = {
  name = "factline",
  cmd = { "factline", "lsp" },
  filetypes = { "text", "markdown" },
  root_markers = { "factline.toml", ".git" },
  settings = {},
  on_attach = nil,
  capabilities = nil,
}

--- The options in force after setup() (nil before).
M.options = nil
--- Which API setup() used: "config" (0.11+) or "start_client".
M.mode = nil
-- root -> client id, for the pre-0.11 path.
local clients = {}

local uv = vim.loop or vim.uv

-- Client methods became `client:method()` in 0.11; before that they were plain functions.
local new_api = vim.fn.has("nvim-0.11") == 1

local function is_stopped(client)
  if new_api then
    return client:is_stopped()
  end
  return client.is_stopped()
end

local function notify(client, method, params)
  if new_api then
    return client:notify(method, params)
  end
  return client.notify(method, params)
end

--- The running factline clients.
function M.clients()
  local name = (M.options or defaults).name
  local all = vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()
  local out = {}
  for _, client in ipairs(all) do
    if client.name == name then
      table.insert(out, client)
    end
  end
  return out
end

local function exists(path)
  return uv.fs_stat(path) ~= nil
end

local function dirname(path)
  return vim.fn.fnamemodify(path, ":h")
end

--- The workspace root of a file: the nearest folder above it with one of the markers (the
--- first marker found at any level wins over later ones), else the file's own folder.
function M.find_root(path, markers)
  markers = markers or (M.options or defaults).root_markers
  if path == nil or path == "" then
    return nil
  end
  local start = dirname(vim.fn.fnamemodify(path, ":p"))
  for _, marker in ipairs(markers) do
    local dir = start
    while true do
      if exists(dir .. "/" .. marker) then
        return dir
      end
      local parent = dirname(dir)
      if parent == dir then
        break
      end
      dir = parent
    end
  end
  return start
end

-- Settings are factline.toml's keys; `{ factline = { ... } }` (as other clients nest them) is
-- accepted too.
local function unwrap(settings)
  if type(settings) == "table" and type(settings.factline) == "table" then
    return settings.factline
  end
  return settings or {}
end

-- An empty Lua table encodes as a JSON array; the server expects an object.
local function settings_object(settings)
  if settings == nil or next(settings) == nil then
    return vim.empty_dict()
  end
  return settings
end

local function client_config(opts, root)
  local cfg = {
    name = opts.name,
    cmd = opts.cmd,
    init_options = { factline = settings_object(opts.settings) },
    on_attach = opts.on_attach,
    capabilities = opts.capabilities,
  }
  if next(opts.settings) ~= nil then
    -- Sent by Neovim as workspace/didChangeConfiguration after initialize.
    cfg.settings = { factline = opts.settings }
  end
  if root then
    cfg.root_dir = root
    cfg.workspace_folders = { { uri = vim.uri_from_fname(root), name = root } }
  end
  return cfg
end

--- Starts (or reuses) the client for the buffer's root and attaches the buffer (pre-0.11 path).
function M.attach(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local opts = M.options or vim.deepcopy(defaults)
  if vim.bo[bufnr].buftype ~= "" then
    return nil
  end
  local name = vim.api.nvim_buf_get_name(bufnr)
  local root = M.find_root(name ~= "" and name or (vim.fn.getcwd() .. "/untitled"), opts.root_markers)
  local id = clients[root]
  local client = id and vim.lsp.get_client_by_id(id)
  if not client or is_stopped(client) then
    if vim.fn.executable(opts.cmd[1]) ~= 1 then
      vim.notify(
        ("factline: %s not found; install it with `cargo install --path .` or set cmd in setup()"):format(opts.cmd[1]),
        vim.log.levels.WARN
      )
      return nil
    end
    id = vim.lsp.start_client(client_config(opts, root))
    if not id then
      return nil
    end
    clients[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

--- Sends new settings (factline.toml keys) to every running factline client.
function M.update_settings(settings)
  local opts = M.options or vim.deepcopy(defaults)
  opts.settings = unwrap(settings)
  if M.mode == "config" then
    -- Clients started later (new roots) get the new settings too.
    vim.lsp.config(opts.name, { settings = { factline = settings_object(opts.settings) }, init_options = { factline = settings_object(opts.settings) } })
  end
  for _, client in ipairs(M.clients()) do
    client.config.settings = { factline = settings_object(opts.settings) }
    notify(client, "workspace/didChangeConfiguration", { settings = client.config.settings })
  end
end

--- Opens the story sheet (persons, organizations, places, sources) of the buffer's workspace
--- in a scratch Markdown buffer: the server's `factline.showSheet` command.
function M.show_sheet(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local params = { command = "factline.showSheet", arguments = { vim.uri_from_bufnr(bufnr) } }
  vim.lsp.buf_request(bufnr, "workspace/executeCommand", params, function(err, result)
    if err then
      vim.notify("factline: story sheet: " .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
      return
    end
    local text = type(result) == "string" and result or vim.inspect(result)
    vim.cmd("botright new")
    local sheet = vim.api.nvim_get_current_buf()
    -- A scratch buffer: set before the filetype so no language server attaches to it.
    vim.bo[sheet].buftype = "nofile"
    vim.bo[sheet].bufhidden = "wipe"
    vim.bo[sheet].swapfile = false
    vim.api.nvim_buf_set_lines(sheet, 0, -1, false, vim.split(text, "\n", { plain = true }))
    vim.bo[sheet].modifiable = false
    pcall(vim.api.nvim_buf_set_name, sheet, "factline://story-sheet")
    vim.bo[sheet].filetype = "markdown"
  end)
end

--- Stops the factline clients and attaches the open text and Markdown buffers again.
function M.restart()
  local opts = M.options or vim.deepcopy(defaults)
  local running = M.clients()
  for _, client in ipairs(running) do
    if new_api then
      client:stop()
    else
      client.stop()
    end
  end
  clients = {}
  vim.wait(3000, function()
    return #M.clients() == 0
  end, 50)
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(opts.filetypes, vim.bo[bufnr].filetype) then
      if M.mode == "config" then
        -- vim.lsp.enable starts clients on FileType; re-trigger it for this buffer.
        vim.api.nvim_exec_autocmds("FileType", { buffer = bufnr, modeline = false })
      else
        M.attach(bufnr)
      end
    end
  end
end

function M.setup(user)
  local opts = vim.tbl_deep_extend("force", vim.deepcopy(defaults), user or {})
  -- Lists are replaced, not merged element by element.
  for _, key in ipairs({ "cmd", "filetypes", "root_markers" }) do
    if user and user[key] then
      opts[key] = user[key]
    end
  end
  opts.settings = unwrap(opts.settings)
  M.options = opts
  vim.api.nvim_create_user_command("FactlineSheet", function()
    M.show_sheet()
  end, { desc = "factline: show the story sheet" })
  vim.api.nvim_create_user_command("FactlineRestart", function()
    M.restart()
  end, { desc = "factline: restart the language server" })

  if vim.lsp.config ~= nil and vim.lsp.enable ~= nil then
    M.mode = "config"
    local cfg = client_config(opts, nil)
    cfg.filetypes = opts.filetypes
    cfg.root_dir = function(bufnr, on_dir)
      -- Scratch buffers (the story sheet, help) are not articles.
      if vim.bo[bufnr].buftype == "" then
        local name = vim.api.nvim_buf_get_name(bufnr)
        on_dir(M.find_root(name ~= "" and name or (vim.fn.getcwd() .. "/untitled"), opts.root_markers))
      end
    end
    vim.lsp.config(opts.name, cfg)
    vim.lsp.enable(opts.name)
    return
  end

  M.mode = "start_client"
  local group = vim.api.nvim_create_augroup("factline", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = opts.filetypes,
    callback = function(args)
      M.attach(args.buf)
    end,
  })
  -- Buffers already open when setup() runs.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(opts.filetypes, vim.bo[bufnr].filetype) then
      M.attach(bufnr)
    end
  end
end

return M
