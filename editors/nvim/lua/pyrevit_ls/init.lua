-- pyrevit-ls for Neovim 0.8-0.10 (no vim.lsp.config there). Neovim 0.11+ needs only
-- lsp/pyrevit_ls.lua; this helper reuses that file's root detection, command line and settings and
-- adds the same :LspPyrevit... commands with the pre-0.11 client API.
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

--- Runs a server command and applies the WorkspaceEdit it answers, then writes the touched files.
function M.run_edit_command(client, bufnr, command, arguments)
  client.request('workspace/executeCommand', { command = command, arguments = arguments }, function(err, edit)
    if err then
      vim.notify(('%s: %s'):format(command, err.message), vim.log.levels.ERROR)
      return
    end
    if type(edit) ~= 'table' then
      vim.notify(command .. ' returned no edit', vim.log.levels.WARN)
      return
    end
    vim.lsp.util.apply_workspace_edit(edit, client.offset_encoding)
    for _, change in ipairs(edit.documentChanges or {}) do
      local uri = change.uri or (change.textDocument and change.textDocument.uri)
      if uri and change.kind ~= 'delete' then
        local fname = vim.uri_to_fname(uri)
        vim.fn.mkdir(vim.fn.fnamemodify(fname, ':h'), 'p')
        vim.api.nvim_buf_call(vim.fn.bufadd(fname), function()
          vim.cmd('silent noautocmd write')
        end)
      end
    end
  end, bufnr)
end

function M.on_attach(client, bufnr)
  vim.api.nvim_buf_create_user_command(bufnr, 'LspPyrevitNewHook', function(opts)
    local event, language = opts.fargs[1], opts.fargs[2] or 'python'
    M.run_edit_command(client, bufnr, 'pyrevit.newHook', { client.config.root_dir, event, language })
  end, { nargs = '+', desc = 'pyrevit-ls: create hooks/<event>.<ext> in this extension' })
  vim.api.nvim_buf_create_user_command(bufnr, 'LspPyrevitWritePyrightConfig', function(opts)
    local folder = opts.fargs[1] and vim.fn.fnamemodify(opts.fargs[1], ':p') or vim.fn.getcwd()
    M.run_edit_command(client, bufnr, 'pyrevit.writePyrightConfig', { folder })
  end, { nargs = '?', complete = 'dir', desc = 'pyrevit-ls: write pyrightconfig.json (pyRevit import paths)' })
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
