-- Neovim config for the README picture: the plugin from this checkout, diagnostics as virtual
-- text, hover in a rounded float. FACTLINE_BIN names the server binary.
local repo = vim.fn.fnamemodify(debug.getinfo(1, "S").source:sub(2), ":p:h:h:h")
vim.opt.rtp:prepend(repo .. "/editors/nvim")
vim.opt.termguicolors = true
vim.opt.number = true
vim.opt.wrap = true
vim.opt.linebreak = true
vim.opt.breakindent = true
vim.opt.signcolumn = "yes"
vim.opt.hlsearch = false
vim.opt.shortmess:append("I")
vim.opt.swapfile = false
pcall(function() vim.o.winborder = "rounded" end)
vim.diagnostic.config({ virtual_text = { prefix = "●", spacing = 1 }, severity_sort = true, underline = true, signs = true })
vim.cmd("filetype on")
require("factline").setup({ cmd = { os.getenv("FACTLINE_BIN") or "factline", "lsp" } })
vim.keymap.set("n", "K", function()
  vim.lsp.buf.hover({ max_width = 80, anchor_bias = "below" })
end)
