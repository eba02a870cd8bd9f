-- pyrevit-ls for Neovim: extension-root detection, settings, and the commands that apply the
-- WorkspaceEdits the server returns. Works on Neovim 0.8+; lsp/pyrevit_ls.lua uses it on 0.11+.
local M = {}

--- Server settings (section `pyrevit`), answered to workspace/configuration and sent as
--- initializationOptions = { pyrevit = ... }.
M.settings = {
  pyrevit = {
    diagnostics = { enable = true, imports = true },
    previewLocale = 'en_us',
    -- pyrevitPath = '/path/to/pyRevit', -- optional: resolves imports of pyRevit's own library
    loader = 'portable', -- 'portable' | 'python' | 'csharp'
  },
}

M.cmd = { 'pyrevit-ls', '--stdio' }
M.filetypes = { 'yaml', 'python', 'json' }

local function is_extension_dir(dir)
  for name, kind in vim.fs.dir(dir) do
    local lower = name:lower()
    if kind == 'file' and (lower == 'extension.json' or lower == 'extension.yaml') then
      return true
    end
    if kind == 'directory' and lower:match('%.tab$') then
      return true
    end
  end
  return false
end

--- The pyRevit extension holding `path`: the nearest `*.extension` / `*.lib` ancestor, else the
--- nearest folder with an extension manifest or `*.tab` children. nil outside any extension.
function M.root(path)
  if not path or path == '' then
    return nil
  end
  path = vim.fs.normalize(path)
  for dir in vim.fs.parents(path) do
    local name = vim.fs.basename(dir):lower()
    if name:match('%.extension$') or name:match('%.lib$') then
      return dir
    end
  end
  for dir in vim.fs.parents(path) do
    if is_extension_dir(dir) then
      return dir
    end
  end
  return nil
end

-- client:request (0.11+) vs client.request (0.8–0.10).
local function request(client, method, params, handler, bufnr)
  if vim.fn.has('nvim-0.11') == 1 then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

local function client_for(bufnr)
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  return get({ bufnr = bufnr, name = 'pyrevit_ls' })[1]
end

--- Runs a server command and applies the WorkspaceEdit it answers, then writes the touched buffers.
function M.run_edit_command(bufnr, command, arguments)
  local client = client_for(bufnr)
  if not client then
    vim.notify('pyrevit-ls is not attached to this buffer', vim.log.levels.ERROR)
    return
  end
  local params = { command = command, arguments = arguments }
  request(client, 'workspace/executeCommand', params, function(err, edit)
    if err then
      vim.notify(('%s failed: %s'):format(command, err.message), vim.log.levels.ERROR)
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
        local buf = vim.uri_to_bufnr(uri)
        vim.api.nvim_buf_call(buf, function()
          vim.cmd('silent noautocmd write')
        end)
      end
    end
  end, bufnr)
end

--- Buffer-local commands: :PyrevitNewHook {event} [python|csharp|vb], :PyrevitWritePyrightConfig.
function M.on_attach(client, bufnr)
  vim.api.nvim_buf_create_user_command(bufnr, 'PyrevitNewHook', function(opts)
    local event, language = opts.fargs[1], opts.fargs[2] or 'python'
    M.run_edit_command(bufnr, 'pyrevit.newHook', { client.config.root_dir, event, language })
  end, { nargs = '+', desc = 'pyrevit-ls: create hooks/<event>.<ext> in this extension' })
  vim.api.nvim_buf_create_user_command(bufnr, 'PyrevitWritePyrightConfig', function()
    local folder = vim.fn.getcwd()
    M.run_edit_command(bufnr, 'pyrevit.writePyrightConfig', { folder })
  end, { desc = 'pyrevit-ls: write pyrightconfig.json in the current directory' })
end

--- initializationOptions from the (possibly user-overridden) settings.
function M.before_init(params, config)
  params.initializationOptions = { pyrevit = (config.settings or M.settings).pyrevit }
end

--- A config table for vim.lsp.start (Neovim 0.8–0.10) rooted at `root_dir`.
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
