-- See init.lua: root_pattern as lspconfig defines it (the nearest folder holding any pattern).
local M = {}

function M.root_pattern(...)
  local patterns = { ... }
  return function(startpath)
    local dir = vim.fn.fnamemodify(startpath, ":p:h")
    while true do
      for _, p in ipairs(patterns) do
        if vim.fn.glob(dir .. "/" .. p) ~= "" then
          return dir
        end
      end
      local parent = vim.fn.fnamemodify(dir, ":h")
      if parent == dir then
        return nil
      end
      dir = parent
    end
  end
end

return M
