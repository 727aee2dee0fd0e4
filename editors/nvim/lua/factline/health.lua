-- :checkhealth factline — the binary, its version, the Neovim API in use and the running clients.
-- Neovim 0.7 reports through require("health").report_*; 0.8+ has vim.health (report_* until
-- 0.9, start/ok/warn/error/info from 0.10).

local M = {}

local function reporter()
  local h = vim.health or require("health")
  return {
    start = h.start or h.report_start,
    ok = h.ok or h.report_ok,
    warn = h.warn or h.report_warn,
    error = h.error or h.report_error,
    info = h.info or h.report_info,
  }
end

function M.check()
  local report = reporter()
  local factline = require("factline")
  local opts = factline.options
  report.start("factline")

  if opts == nil then
    report.warn('setup() has not been called: add require("factline").setup({}) to your config')
  else
    report.ok(("setup() done; filetypes: %s; root markers: %s"):format(
      table.concat(opts.filetypes, ", "),
      table.concat(opts.root_markers, ", ")
    ))
  end

  local cmd = (opts or { cmd = { "factline", "lsp" } }).cmd
  local exe = cmd[1]
  if vim.fn.executable(exe) == 1 then
    local out = vim.fn.systemlist({ exe, "--version" })
    if vim.v.shell_error == 0 and out[1] then
      report.ok(("%s: %s (%s)"):format(exe, out[1], vim.fn.exepath(exe)))
    else
      report.error(("%s --version failed: %s"):format(exe, table.concat(out, " ")))
    end
  else
    report.error(
      ("%s is not executable or not on PATH"):format(exe),
      { "cargo install --path . in a factline checkout", 'or setup({ cmd = { "/path/to/factline", "lsp" } })' }
    )
  end

  local v = vim.version()
  local api = (vim.lsp.config ~= nil and vim.lsp.enable ~= nil) and "vim.lsp.config / vim.lsp.enable"
    or "vim.lsp.start_client / vim.lsp.buf_attach_client"
  if vim.fn.has("nvim-0.7") == 1 then
    report.ok(("Neovim %d.%d.%d: %s"):format(v.major, v.minor, v.patch, api))
  else
    report.error(("Neovim %d.%d.%d is too old: 0.7 or newer is needed"):format(v.major, v.minor, v.patch))
  end

  local clients = factline.clients()
  if #clients == 0 then
    report.info("no factline client running (open a text or Markdown file)")
  end
  for _, client in ipairs(clients) do
    report.ok(("client %d running, root %s"):format(client.id, tostring(client.config.root_dir)))
  end
end

return M
