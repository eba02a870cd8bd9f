---@brief
---
--- https://github.com/pyrevit-ls/pyrevit-ls
---
--- Diagnostics, completion and navigation for pyRevit extensions (`bundle.yaml`, extension
--- manifests, folder layout, hooks, `lib/` imports).
---
--- Install the `pyrevit-ls` binary from a release archive, or with cargo:
--- ```sh
--- cargo install pyrevit-ls
--- ```
---
--- Attaches only inside a pyRevit extension: the nearest `*.extension` / `*.lib` folder, else the
--- nearest folder holding `extension.json`, `extension.yaml` or `*.tab` folders.
---
--- Commands (buffer-local): `:LspPyrevitNewHook {event} [python|csharp|vb]` creates
--- `hooks/<event>.<ext>` in the extension; `:LspPyrevitWritePyrightConfig [folder]` writes
--- `pyrightconfig.json` (pyRevit's import paths) in the folder, default the current directory.

--- Runs a server command that answers a WorkspaceEdit; applies it and writes the files it touches.
local function run_edit_command(client, bufnr, command, arguments)
  client:exec_cmd({ title = command, command = command, arguments = arguments }, { bufnr = bufnr }, function(err, edit)
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
        vim.fn.mkdir(vim.fs.dirname(fname), 'p') -- e.g. hooks/ for the extension's first hook
        vim.api.nvim_buf_call(vim.fn.bufadd(fname), function()
          vim.cmd('silent noautocmd write')
        end)
      end
    end
  end)
end

---@type vim.lsp.Config
return {
  cmd = { 'pyrevit-ls', '--stdio' },
  filetypes = { 'yaml', 'python', 'json' },
  root_dir = function(bufnr, on_dir)
    local fname = vim.api.nvim_buf_get_name(bufnr)
    if fname == '' then
      return
    end
    local parents = {}
    for dir in vim.fs.parents(vim.fs.normalize(fname)) do
      parents[#parents + 1] = dir
    end
    for _, dir in ipairs(parents) do
      local name = vim.fs.basename(dir):lower()
      if name:match('%.extension$') or name:match('%.lib$') then
        return on_dir(dir)
      end
    end
    for _, dir in ipairs(parents) do
      for name, kind in vim.fs.dir(dir) do
        local lower = name:lower()
        if (kind == 'file' and (lower == 'extension.json' or lower == 'extension.yaml'))
          or (kind == 'directory' and lower:match('%.tab$'))
        then
          return on_dir(dir)
        end
      end
    end
  end,
  settings = {
    pyrevit = {
      diagnostics = { enable = true, imports = true },
      previewLocale = 'en_us',
      loader = 'portable', -- 'portable' | 'python' | 'csharp'
      -- pyrevitPath = 'C:/pyRevit', -- resolves imports of pyRevit's own library
    },
  },
  before_init = function(params, config)
    params.initializationOptions = { pyrevit = (config.settings or {}).pyrevit }
  end,
  on_attach = function(client, bufnr)
    vim.api.nvim_buf_create_user_command(bufnr, 'LspPyrevitNewHook', function(opts)
      local event, language = opts.fargs[1], opts.fargs[2] or 'python'
      run_edit_command(client, bufnr, 'pyrevit.newHook', { client.root_dir, event, language })
    end, {
      nargs = '+',
      complete = function(arg_lead, line)
        if #vim.split(line, '%s+') == 3 then
          return vim.tbl_filter(function(l)
            return vim.startswith(l, arg_lead)
          end, { 'python', 'csharp', 'vb' })
        end
        return {}
      end,
      desc = 'pyrevit-ls: create hooks/<event>.<ext> in this extension',
    })
    vim.api.nvim_buf_create_user_command(bufnr, 'LspPyrevitWritePyrightConfig', function(opts)
      local folder = opts.fargs[1] and vim.fn.fnamemodify(opts.fargs[1], ':p') or vim.fn.getcwd()
      run_edit_command(client, bufnr, 'pyrevit.writePyrightConfig', { folder })
    end, { nargs = '?', complete = 'dir', desc = 'pyrevit-ls: write pyrightconfig.json (pyRevit import paths)' })
  end,
}
