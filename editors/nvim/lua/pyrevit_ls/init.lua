-- pyrevit-ls for Neovim 0.8-0.10 (no vim.lsp.config there). Neovim 0.11+ needs only
-- lsp/pyrevit_ls.lua; this helper reuses that file's root detection, command line, settings and
-- :LspPyrevit... commands, giving older clients the one method they lack.
local M = {}

local config_file = vim.api.nvim_get_runtime_file('lsp/pyrevit_ls.lua', false)[1]
--- The Neovim 0.11+ config table (cmd, filetypes, root_dir, settings, before_init, on_attach).
M.config = dofile(config_file)
M.cmd = M.config.cmd
M.filetypes = M.config.filetypes
M.settings = M.config.settings
M.before_init = M.config.before_init

--- The pyRevit extension holding buffer `bufnr`, or nil outside any extension.
function M.root(bufnr)
  local root
  M.config.root_dir(bufnr, function(dir)
    root = dir
  end)
  return root
end

--- The config's :LspPyrevit... commands, on a client without `client:exec_cmd()` (before 0.11).
function M.on_attach(client, bufnr)
  if not client.exec_cmd then
    client.exec_cmd = function(self, cmd, context, handler)
      local params = { command = cmd.command, arguments = cmd.arguments }
      return self.request('workspace/executeCommand', params, handler, context and context.bufnr)
    end
  end
  M.config.on_attach(client, bufnr)
end

--- A config table for vim.lsp.start rooted at `root_dir`; `overrides` wins (e.g. `cmd`).
function M.start_config(root_dir, overrides)
  return vim.tbl_deep_extend('force', {
    name = 'pyrevit_ls',
    cmd = M.cmd,
    root_dir = root_dir,
    settings = M.settings,
    before_init = M.before_init,
    on_attach = M.on_attach,
  }, overrides or {})
end

return M
