-- Neovim >= 0.11: put editors/nvim on 'runtimepath', then `vim.lsp.enable('pyrevit_ls')`.
-- Override with vim.lsp.config('pyrevit_ls', { cmd = {...}, settings = {...} }).
local pyrevit = require('pyrevit_ls')

---@type vim.lsp.Config
return {
  cmd = pyrevit.cmd,
  filetypes = pyrevit.filetypes,
  root_dir = function(bufnr, on_dir)
    local root = pyrevit.root(vim.api.nvim_buf_get_name(bufnr))
    if root then
      on_dir(root)
    end
  end,
  settings = pyrevit.settings,
  before_init = pyrevit.before_init,
  on_attach = pyrevit.on_attach,
}
