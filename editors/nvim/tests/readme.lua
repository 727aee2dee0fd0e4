-- Runs one of the README's Neovim snippets exactly as printed (taken from README.md, so the
-- README cannot drift from what is tested) with `factline` on PATH, then checks what a user
-- gets: a root folder for every article, cross-article findings, settings. Run by run.sh:
--   SNIPPET=config|lspconfig FACTLINE_README=README.md FACTLINE_WS=<copy of examples/>
--   FACTLINE_LOOSE=<folder with neither factline.toml nor .git> nvim --headless -u NONE ...
-- Prints one line per check and "N passed, N failed" (", 1 skipped" when this Neovim is too
-- old for the snippet); exits 0 when all pass, 1 otherwise.

local TIMEOUT = tonumber(os.getenv("FACTLINE_TIMEOUT") or "20000")
local failures, passed, skipped = 0, 0, 0

local function out(line)
  io.stdout:write(line .. "\n")
end

local function check(name, ok, detail)
  if ok then
    passed = passed + 1
    out("ok - " .. name)
  else
    failures = failures + 1
    out("not ok - " .. name .. (detail and (": " .. detail) or ""))
  end
  return ok
end

local function finish()
  out(("%d passed, %d failed%s"):format(passed, failures, skipped > 0 and (", %d skipped"):format(skipped) or ""))
  io.stdout:flush()
  vim.cmd(failures > 0 and "cquit 1" or "qall!")
end

--- The fenced Lua block of README.md that contains `marker`.
local function snippet(readme, marker)
  local text = table.concat(vim.fn.readfile(readme), "\n")
  for block in text:gmatch("```lua\n(.-)\n```") do
    if block:find(marker, 1, true) then
      return block
    end
  end
  error("no ```lua block with " .. marker .. " in " .. readme)
end

local function clients()
  local all = vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()
  local list = {}
  for _, c in ipairs(all) do
    if c.name == "factline" then
      table.insert(list, c)
    end
  end
  return list
end

local function client_of(buf)
  for _, c in ipairs(clients()) do
    if vim.lsp.buf_is_attached(buf, c.id) then
      return c
    end
  end
  return nil
end

local function code_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end

local function find(buf, code)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if code_of(d) == code then
      return d
    end
  end
  return nil
end

local function listing(buf)
  local l = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(l, tostring(code_of(d)) .. ": " .. d.message)
  end
  return table.concat(l, " | ")
end

local function open(path)
  vim.cmd("edit " .. vim.fn.fnameescape(path))
  return vim.api.nvim_get_current_buf()
end

local function guarded(fn)
  local ok, err = xpcall(fn, debug.traceback)
  if not ok then
    check("no Lua error", false, tostring(err))
  end
  finish()
end

guarded(function()
  local which = assert(os.getenv("SNIPPET"), "SNIPPET not set")
  local readme = assert(os.getenv("FACTLINE_README"), "FACTLINE_README not set")
  local ws = assert(os.getenv("FACTLINE_WS"), "FACTLINE_WS not set")
  local loose = assert(os.getenv("FACTLINE_LOOSE"), "FACTLINE_LOOSE not set")
  local marker = which == "config" and 'vim.lsp.config("factline"' or 'require("lspconfig.configs")'
  out(("# Neovim %d.%d, README snippet: %s"):format(vim.version().major, vim.version().minor, which))
  if which == "config" and vim.lsp.config == nil then
    out("# skipped: the snippet is for Neovim 0.11+")
    skipped = 1
    return
  end
  check("factline is on PATH, as the snippet expects", vim.fn.executable("factline") == 1)
  vim.cmd("filetype on")
  local code = snippet(readme, marker)
  local chunk, err = load(code, "README.md " .. which .. " snippet")
  if not check("the snippet is valid Lua", chunk ~= nil, err) then
    return
  end
  chunk()

  -- A folder with neither factline.toml nor .git: the file's folder is the root, and the
  -- other article there is compared.
  local a = open(loose .. "/quake.txt")
  local got = vim.wait(TIMEOUT, function()
    return find(a, "inconsistent-number") ~= nil
  end, 50)
  local c = client_of(a)
  check("a client is attached", c ~= nil)
  check("without factline.toml or .git the file's folder is the root", c ~= nil and c.config.root_dir == loose,
    c and tostring(c.config.root_dir))
  check("the other article of the folder is compared (inconsistent-number)", got, listing(a))
  local d = find(a, "inconsistent-number")
  check("it is named by its path in the folder", d ~= nil and d.message:find("in quake-update.txt", 1, true) ~= nil,
    d and d.message)

  if which == "lspconfig" then
    -- settings = { factline = { default_year = 2026 } }: "Saturday, June 7" is then wrong.
    local y = open(loose .. "/summit.txt")
    local wd = vim.wait(TIMEOUT, function()
      return find(y, "weekday-mismatch") ~= nil
    end, 50)
    check("the snippet's settings reach the server (default_year 2026)", wd, listing(y))
  end

  -- An article below factline.toml: that folder is the root.
  vim.fn.mkdir(ws .. "/desk", "p")
  vim.fn.writefile(vim.fn.readfile(ws .. "/kyiv-recovery-wire.txt"), ws .. "/desk/wire-copy.txt")
  local k = open(ws .. "/desk/wire-copy.txt")
  vim.wait(TIMEOUT, function()
    return client_of(k) ~= nil and find(k, "weekday-mismatch") ~= nil
  end, 50)
  local kc = client_of(k)
  check("below factline.toml that folder is the root", kc ~= nil and kc.config.root_dir == ws, kc and tostring(kc.config.root_dir))
  check("diagnostics there too", find(k, "weekday-mismatch") ~= nil, listing(k))
end)
