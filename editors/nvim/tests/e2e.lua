-- Headless end-to-end test of the Neovim plugin against the real server. Run by run.sh:
--   FACTLINE_BIN=... FACTLINE_WS=<copy of examples/> nvim --headless -u NONE -i NONE \
--     --cmd "set rtp^=editors/nvim" -c "luafile editors/nvim/tests/e2e.lua"
-- Prints one line per check and exits 0 when all pass, 1 otherwise (cquit).

local TIMEOUT = tonumber(os.getenv("FACTLINE_TIMEOUT") or "20000")
local failures, passed = 0, 0

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
  out(("%d passed, %d failed"):format(passed, failures))
  io.stdout:flush()
  if failures > 0 then
    vim.cmd("cquit 1")
  else
    vim.cmd("qall!")
  end
end

-- Anything that throws is a failure, never a hang.
local function guarded(fn)
  local ok, err = xpcall(fn, debug.traceback)
  if not ok then
    check("no Lua error", false, tostring(err))
  end
  finish()
end

local function code_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end

local function factline_diagnostics(bufnr)
  local out_list = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == "factline" then
      table.insert(out_list, d)
    end
  end
  return out_list
end

local function find_code(ds, code)
  for _, d in ipairs(ds) do
    if code_of(d) == code then
      return d
    end
  end
  return nil
end

local function codes(ds)
  local list = {}
  for _, d in ipairs(ds) do
    table.insert(list, tostring(code_of(d)))
  end
  table.sort(list)
  return table.concat(list, ",")
end

--- 0-based line and byte column of the first `needle` in the buffer.
local function locate(bufnr, needle)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    local col = line:find(needle, 1, true)
    if col then
      return i - 1, col - 1
    end
  end
  error("not in buffer: " .. needle)
end

--- Position params (UTF-16, as the client negotiated) for the cursor on `needle`.
local function params_at(bufnr, needle)
  local line, col = locate(bufnr, needle)
  vim.api.nvim_win_set_cursor(0, { line + 1, col })
  local client = require("factline").clients()[1]
  return vim.lsp.util.make_position_params(0, client and client.offset_encoding or "utf-16")
end

local function request(bufnr, method, params)
  local responses, err = vim.lsp.buf_request_sync(bufnr, method, params, TIMEOUT)
  if not responses then
    return nil, err
  end
  for _, r in pairs(responses) do
    if r.result ~= nil then
      return r.result, r.error
    end
    if r.error then
      return nil, vim.inspect(r.error)
    end
  end
  return nil, "no result"
end

local function wait_for(pred)
  return vim.wait(TIMEOUT, pred, 50)
end

guarded(function()
  local ws = assert(os.getenv("FACTLINE_WS"), "FACTLINE_WS not set")
  local bin = assert(os.getenv("FACTLINE_BIN"), "FACTLINE_BIN not set")
  vim.cmd("filetype on")

  local factline = require("factline")
  factline.setup({
    cmd = { bin, "lsp" },
    -- Raised from its default (information) so the test sees the setting arrive.
    settings = { rules = { ["unintroduced-name"] = "warning" } },
  })
  out("# Neovim " .. tostring(vim.version().major) .. "." .. tostring(vim.version().minor) .. ", plugin mode " .. tostring(factline.mode))

  -- Root detection: the folder with factline.toml, also for a file in a subfolder.
  vim.fn.mkdir(ws .. "/sub", "p")
  check("root from factline.toml", factline.find_root(ws .. "/sub/a.txt") == ws, factline.find_root(ws .. "/sub/a.txt"))
  local lone = vim.fn.tempname()
  vim.fn.mkdir(lone, "p")
  check("root falls back to the file's folder", factline.find_root(lone .. "/b.md") == vim.fn.fnamemodify(lone, ":p:h"))

  vim.cmd("edit " .. vim.fn.fnameescape(ws .. "/kyiv-recovery-wire.txt"))
  local buf = vim.api.nvim_get_current_buf()
  check("filetype text", vim.bo[buf].filetype == "text", vim.bo[buf].filetype)

  local got = wait_for(function()
    return find_code(factline_diagnostics(buf), "weekday-mismatch") ~= nil
  end)
  local clients = factline.clients()
  check("one factline client, rooted at the workspace", #clients == 1 and clients[1].config.root_dir == ws,
    #clients == 1 and tostring(clients[1].config.root_dir) or (#clients .. " clients"))
  if not check("diagnostics arrive", got, codes(factline_diagnostics(buf))) then
    return
  end
  local ds = factline_diagnostics(buf)

  -- Positions: Neovim turns the server's UTF-16 columns into byte columns; the line before
  -- "Saturday" has a dash and a euro sign (3 bytes, 1 UTF-16 unit each).
  local wd = find_code(ds, "weekday-mismatch")
  local line, col = locate(buf, "Saturday, June 7, 2026")
  check("weekday-mismatch position", wd.lnum == line and wd.col == col and wd.end_col == col + #"Saturday, June 7, 2026",
    ("%d:%d-%d, expected %d:%d"):format(wd.lnum, wd.col, wd.end_col, line, col))
  check("weekday-mismatch is an error", wd.severity == vim.diagnostic.severity.ERROR)
  check("weekday-mismatch message", wd.message:find("Sunday", 1, true) ~= nil, wd.message)
  local un = find_code(ds, "unintroduced-name")
  local uline, ucol = locate(buf, "Kallas told")
  check("unintroduced-name position", un and un.lnum == uline and un.col == ucol, un and ("%d:%d"):format(un.lnum, un.col))
  check("settings reach the server (unintroduced-name as warning)", un and un.severity == vim.diagnostic.severity.WARN,
    un and tostring(un.severity))

  -- Hover on an entity mention.
  local hover, herr = request(buf, "textDocument/hover", params_at(buf, "Kaja Kallas"))
  local htext = hover and (type(hover.contents) == "table" and (hover.contents.value or vim.inspect(hover.contents)) or tostring(hover.contents)) or ""
  check("hover names the person", htext:find("Kaja Kallas", 1, true) ~= nil and htext:find("person", 1, true) ~= nil,
    herr or htext)

  -- Definition of the bare surname: where the article introduces her.
  local def, derr = request(buf, "textDocument/definition", params_at(buf, "Kallas told"))
  local loc = def and (def[1] or def)
  local target = loc and (loc.targetSelectionRange or loc.range)
  local kline, kcol = locate(buf, "Kaja Kallas")
  check("definition goes to the introduction", target ~= nil and target.start.line == kline and target.start.character == kcol
    and (loc.uri or loc.targetUri) == vim.uri_from_bufnr(buf), derr or vim.inspect(def))

  -- Edits: a new first line moves every diagnostic down; introducing her first removes the finding.
  vim.api.nvim_buf_set_lines(buf, 0, 0, false, { "", "" })
  local moved = wait_for(function()
    local d = find_code(factline_diagnostics(buf), "weekday-mismatch")
    return d ~= nil and d.lnum == line + 2
  end)
  check("diagnostics follow an inserted line", moved, vim.inspect(find_code(factline_diagnostics(buf), "weekday-mismatch")))
  uline, ucol = locate(buf, "Kallas told")
  vim.api.nvim_buf_set_text(buf, uline, ucol, uline, ucol, { "Kaja " })
  local gone = wait_for(function()
    local now = factline_diagnostics(buf)
    return #now > 0 and find_code(now, "unintroduced-name") == nil
  end)
  check("unintroduced-name goes once she is introduced", gone, codes(factline_diagnostics(buf)))

  -- A settings change: weekday-mismatch turned off.
  -- Nested under `factline` as other clients write it: unwrapped by the plugin.
  factline.update_settings({ factline = { rules = { ["weekday-mismatch"] = "off" } } })
  local off = wait_for(function()
    local now = factline_diagnostics(buf)
    return #now > 0 and find_code(now, "weekday-mismatch") == nil
  end)
  check("a rule turned off in settings disappears", off, codes(factline_diagnostics(buf)))

  -- A Markdown buffer in the same workspace joins the same client.
  vim.cmd("edit " .. vim.fn.fnameescape(ws .. "/kyiv-recovery-summit.md"))
  local md = vim.api.nvim_get_current_buf()
  check("filetype markdown", vim.bo[md].filetype == "markdown", vim.bo[md].filetype)
  local md_ok = wait_for(function()
    return find_code(factline_diagnostics(md), "name-variant") ~= nil
  end)
  check("Markdown diagnostics arrive (name-variant)", md_ok, codes(factline_diagnostics(md)))
  local cl = factline.clients()
  check("Markdown buffer attached to the workspace's client", #cl == 1 and vim.lsp.buf_is_attached(md, cl[1].id),
    #cl .. " clients")

  -- :FactlineSheet opens the story sheet in a scratch Markdown buffer no client attaches to.
  vim.cmd("FactlineSheet")
  local sheet
  local sheet_ok = wait_for(function()
    for _, b in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_get_name(b):find("factline://story-sheet", 1, true) then
        sheet = b
        return true
      end
    end
    return false
  end)
  local sheet_text = sheet and table.concat(vim.api.nvim_buf_get_lines(sheet, 0, -1, false), "\n") or ""
  check(":FactlineSheet shows the story sheet", sheet_ok and sheet_text:find("Kaja Kallas", 1, true) ~= nil, sheet_text:sub(1, 300))
  check("the sheet is Markdown, no client attached", sheet and vim.bo[sheet].filetype == "markdown"
    and not vim.lsp.buf_is_attached(sheet, factline.clients()[1].id))
  if sheet then
    vim.api.nvim_buf_delete(sheet, { force = true })
  end

  -- :FactlineRestart: a new client, and the open buffers get diagnostics again.
  local old_id = factline.clients()[1].id
  vim.cmd("buffer " .. buf)
  vim.cmd("FactlineRestart")
  local restarted = wait_for(function()
    local now = factline.clients()
    return #now == 1 and now[1].id ~= old_id and vim.lsp.buf_is_attached(buf, now[1].id) and vim.lsp.buf_is_attached(md, now[1].id)
  end)
  check(":FactlineRestart starts a new client for the open buffers", restarted, #factline.clients() .. " clients")

  -- :checkhealth factline runs and finds the binary.
  out("")
  local hok, herr2 = pcall(vim.cmd, "checkhealth factline")
  if os.getenv("SHOW_HEALTH") then out(table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), "\n")) end
  local report = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), "\n")
  check("checkhealth factline", hok and report:find("factline 0", 1, true) ~= nil and report:find("client", 1, true) ~= nil,
    herr2 or report)
end)
