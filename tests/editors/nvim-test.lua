-- Headless Neovim check of editors/nvim against the real server. Run inside the chroot by
-- nvim-test.sh:  nvim --headless --clean -c 'luafile nvim-test.lua'
-- Env: PYREVIT_NVIM (editors/nvim), PYREVIT_LS_BIN, PYREVIT_FIXTURES (holding example/ and
-- Broken.extension/), PYREVIT_RESULTS.
-- Each check is recorded separately in the results JSON; the shell test decides which must pass.
local results = { nvim = tostring(vim.version()), checks = {} }
local function record(name, ok, detail)
  results.checks[name] = { ok = ok and true or false, detail = detail }
end

local function finish()
  local f = assert(io.open(os.getenv('PYREVIT_RESULTS'), 'w'))
  f:write(vim.json.encode(results))
  f:close()
  vim.cmd('qall!')
end

-- Set by the main body for the step that types keys (it runs after the body returns).
local typing
local ok, err = xpcall(function()
  local fixtures = os.getenv('PYREVIT_FIXTURES')
  local example = fixtures .. '/example/Example.extension'
  local broken_ext = fixtures .. '/Broken.extension'
  vim.opt.runtimepath:append(os.getenv('PYREVIT_NVIM'))
  vim.opt.swapfile = false -- a killed earlier run must not leave a swap file prompt behind
  local cmd = { os.getenv('PYREVIT_LS_BIN'), '--stdio' }
  local modern = vim.fn.has('nvim-0.11') == 1
  results.setup = modern and 'vim.lsp.enable (0.11+)' or 'FileType autocmd + vim.lsp.start (0.8-0.10)'
  if modern then
    vim.lsp.config('pyrevit_ls', { cmd = cmd })
    vim.lsp.enable('pyrevit_ls')
  else
    -- The snippet from editors/README.md for Neovim 0.8-0.10.
    vim.api.nvim_create_autocmd('FileType', {
      pattern = { 'yaml', 'python', 'json' },
      callback = function(args)
        local pyrevit = require('pyrevit_ls')
        local root = pyrevit.root(args.buf)
        if root then
          vim.lsp.start(pyrevit.start_config(root, { cmd = cmd }))
        end
      end,
    })
  end
  local function request_sync(client, method, params, bufnr)
    if modern then
      return client:request_sync(method, params, 5000, bufnr)
    end
    return client.request_sync(method, params, 5000, bufnr)
  end

  -- Record which documents the server published diagnostics for (an empty list counts).
  local published = {}
  local on_publish = vim.lsp.handlers['textDocument/publishDiagnostics']
  vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
    if result then
      published[result.uri] = (published[result.uri] or 0) + 1
    end
    return on_publish(err, result, ctx, config)
  end
  local function wait_published(buf)
    local uri = vim.uri_from_bufnr(buf)
    return vim.wait(10000, function()
      return published[uri] ~= nil
    end, 50)
  end

  local function open(file)
    vim.cmd.edit(vim.fn.fnameescape(file))
    return vim.api.nvim_get_current_buf()
  end
  local function client_of(buf)
    local c
    vim.wait(10000, function()
      c = vim.lsp.get_clients({ bufnr = buf, name = 'pyrevit_ls' })[1]
      return c ~= nil and c.initialized
    end, 50)
    return c
  end
  local function errors_of(diags)
    local n = 0
    for _, d in ipairs(diags) do
      if d.severity == vim.diagnostic.severity.ERROR then
        n = n + 1
      end
    end
    return n
  end
  local function brief(diags)
    local out = {}
    for _, d in ipairs(diags) do
      table.insert(out, { lnum = d.lnum, col = d.col, severity = d.severity, code = d.code, message = d.message })
    end
    return out
  end

  -- 1. Attach on a bundle.yaml, rooted at the extension, utf-8 negotiated (Neovim offers it).
  local hello = open(example .. '/Example.tab/Basics.panel/Hello.pushbutton/bundle.yaml')
  local client = client_of(hello)
  if not client then
    record('attach', false, 'no pyrevit_ls client attached; filetype=' .. vim.bo[hello].filetype)
    return
  end
  record('attach', true, { filetype = vim.bo[hello].filetype })
  local root_dir = client.root_dir or client.config.root_dir
  record('root_dir', root_dir == example, { root_dir = root_dir, expected = example })
  -- Neovim 0.11+ offers utf-8 (the server takes it); older versions offer utf-16 only.
  local want_encoding = modern and 'utf-8' or 'utf-16'
  record('offset_encoding', client.offset_encoding == want_encoding, { offset_encoding = client.offset_encoding, expected = want_encoding })
  record('commands_registered', vim.fn.exists(':LspPyrevitNewHook') == 2 and vim.fn.exists(':LspPyrevitWritePyrightConfig') == 2, nil)

  -- 2. Completion of a key on a new line of bundle.yaml (keys already present are not offered).
  local last = vim.api.nvim_buf_line_count(hello)
  vim.api.nvim_buf_set_lines(hello, last, last, false, { 'min' })
  vim.wait(300) -- let the debounced didChange go out
  local params = { textDocument = { uri = vim.uri_from_bufnr(hello) }, position = { line = last, character = 3 } }
  local resp = request_sync(client, 'textDocument/completion', params, hello)
  local labels = {}
  local items = resp and resp.result and (resp.result.items or resp.result) or {}
  for _, item in ipairs(items) do
    table.insert(labels, item.label)
  end
  record('completion', vim.tbl_contains(labels, 'min_revit_version'), { labels = labels, err = resp and resp.err })
  vim.api.nvim_buf_set_lines(hello, last, last + 1, false, {})

  -- 3. Diagnostics: the Broken extension's bundles have known errors, the example's Hello none.
  local function error_check(name, file, code)
    local buf = open(file)
    vim.wait(5000, function()
      return errors_of(vim.diagnostic.get(buf)) > 0
    end, 50)
    local diags = vim.diagnostic.get(buf)
    local hit = false
    for _, d in ipairs(diags) do
      hit = hit or (d.severity == vim.diagnostic.severity.ERROR and (code == nil or d.code == code))
    end
    local bclient = vim.lsp.get_clients({ bufnr = buf, name = 'pyrevit_ls' })[1]
    record(name, hit, { diagnostics = brief(diags), root_dir = bclient and (bclient.root_dir or bclient.config.root_dir) })
  end
  local panel = broken_ext .. '/Broken.tab/Tools.panel'
  error_check('diagnostics_error', panel .. '/Background.nobutton/bundle.yaml', 'missing-script')
  error_check('diagnostics_min_max', panel .. '/Broken.pushbutton/bundle.yaml', 'version-range-empty')
  -- Unsaved text: a YAML syntax error after two 4-byte characters; Neovim shows byte columns.
  local desk = open(example .. '/Example.tab/Special.panel/Desk.content/bundle.yaml')
  local bad = 'title: "😀😀" ]'
  vim.api.nvim_buf_set_lines(desk, 0, -1, false, { bad, 'tooltip: a' })
  vim.wait(5000, function()
    return errors_of(vim.diagnostic.get(desk)) > 0
  end, 50)
  local dd = vim.diagnostic.get(desk)
  local want_end = #'title: "😀😀"'
  local got = dd[1]
  record('diagnostics_columns', got ~= nil and got.code == 'yaml-syntax' and got.lnum == 0 and got.end_col == want_end,
    { diagnostics = brief(dd), want_end_col = want_end, end_col = got and got.end_col })
  vim.cmd('silent! edit!')

  local hello_published = wait_published(hello)
  local hd = vim.diagnostic.get(hello)
  record('diagnostics_clean', hello_published and errors_of(hd) == 0, { published = hello_published, diagnostics = brief(hd) })

  -- 4. A script.py attaches to the same client; definition of an import into lib/.
  local script = open(example .. '/Example.tab/Basics.panel/Hello.pushbutton/script.py')
  local sclient = client_of(script)
  record('attach_python', sclient ~= nil and sclient.id == client.id, { filetype = vim.bo[script].filetype })
  if sclient then
    -- `from panel_helpers import say_hello`: the cursor inside `panel_helpers`.
    local line = vim.fn.search('^from panel_helpers', 'n') - 1
    local dparams = { textDocument = { uri = vim.uri_from_bufnr(script) }, position = { line = line, character = 8 } }
    local dresp = request_sync(client, 'textDocument/definition', dparams, script)
    local result = dresp and dresp.result
    if result and result.uri then
      result = { result }
    end
    local target = result and result[1] and (result[1].uri or result[1].targetUri) or nil
    local expected = vim.uri_from_fname(example .. '/Example.tab/Basics.panel/lib/panel_helpers.py')
    record('definition_lib', target == expected, { target = target, expected = expected, err = dresp and dresp.err })
  end

  -- 5. Commands: the server answers a WorkspaceEdit, the client applies and writes it.
  vim.api.nvim_set_current_buf(hello)
  vim.cmd('LspPyrevitNewHook doc-closed python')
  local hook = example .. '/hooks/doc-closed.py'
  -- Written with its body (a created-but-empty file would mean the edit was not applied).
  local function written(file)
    return vim.wait(5000, function()
      local st = vim.uv.fs_stat(file)
      return st ~= nil and st.size > 0
    end, 50)
  end
  record('new_hook', written(hook), { file = hook })
  -- The extension's first hook: hooks/ does not exist yet (was E212 on write).
  local broken_buf = open(panel .. '/Broken.pushbutton/bundle.yaml')
  client_of(broken_buf)
  local first_hook = broken_ext .. '/hooks/doc-opened.py'
  local cmd_ok, cmd_err = pcall(vim.cmd, 'LspPyrevitNewHook doc-opened')
  record('new_hook_no_hooks_dir', cmd_ok and written(first_hook), { file = first_hook, err = cmd_err })
  vim.api.nvim_set_current_buf(hello)
  vim.cmd.cd(vim.fn.fnameescape(fixtures .. '/example'))
  vim.cmd('LspPyrevitWritePyrightConfig')
  local pyright = fixtures .. '/example/pyrightconfig.json'
  record('write_pyright_config', written(pyright), { file = pyright })
  -- 5b. Edits in a big bundle.yaml (a combo box's 40,000 members, over tree-sitter-yaml's 32,767
  -- rows: the server parses it in runs and takes each edit as Neovim sends it instead of comparing
  -- versions). A key typed twice into one member is reported on its line; two lines added above
  -- move the finding down by two; the server's text is the buffer's.
  local big_dir = fixtures .. '/Big.extension/Big.tab/Big.panel/Members.combobox'
  vim.fn.mkdir(big_dir, 'p')
  local parts = { 'title: Big', 'members:' }
  for i = 0, 39999 do
    parts[#parts + 1] = '  - id: m' .. i
    parts[#parts + 1] = '    text: Member ' .. i .. ' of a long list'
  end
  local bf = assert(io.open(big_dir .. '/bundle.yaml', 'w'))
  bf:write(table.concat(parts, '\n') .. '\n')
  bf:close()
  local big = open(big_dir .. '/bundle.yaml')
  local bclient = client_of(big)
  local function dup_line()
    for _, d in ipairs(vim.diagnostic.get(big)) do
      if d.code == 'duplicate-key' then
        return d.lnum
      end
    end
  end
  local detail = { published = wait_published(big) }
  local m = 2 + 2 * 20000 -- `  - id: m20000`
  for _ = 1, 3 do
    vim.api.nvim_buf_set_text(big, m + 1, 14, m + 1, 14, { 'x' }) -- typed into `Member 20000`
    vim.wait(200)
  end
  vim.api.nvim_buf_set_lines(big, m + 1, m + 1, false, { '    id: again' })
  detail.after_typing = vim.wait(10000, function()
    return dup_line() == m + 1
  end, 50)
  vim.api.nvim_buf_set_lines(big, 4, 4, false, { '  - id: early', '    text: Early' }) -- before `- id: m1`
  detail.after_lines_above = vim.wait(10000, function()
    return dup_line() == m + 3
  end, 50)
  detail.dup_line = dup_line()
  local view = bclient and request_sync(bclient, 'pyrevit/viewFileText', { uri = vim.uri_from_bufnr(big) }, big)
  local server_text = view and view.result and view.result.text
  local buffer_text = table.concat(vim.api.nvim_buf_get_lines(big, 0, -1, false), '\n') .. '\n'
  detail.same_text = server_text == buffer_text
  record('big_file_edits', detail.published and detail.after_typing and detail.after_lines_above and detail.same_text, detail)

  -- 6. Typing keys after a `tooltip: |` block at the end of a bundle.yaml with automatic
  -- completion on: `is_` (`_` is a trigger character) opens the menu, CTRL-Y accepts the first
  -- item (a snippet), then the value is typed; on the next line `highlight:` (`:` triggers) and
  -- CTRL-Y. The lines must read `is_beta: true` and `highlight: new` and the server must see
  -- valid YAML. Keys are typed from the main loop, so this step runs last, on timers.
  if not (vim.lsp.completion and vim.lsp.completion.enable) then
    return -- Neovim < 0.11 has no built-in LSP completion: nothing to type into (not required there)
  end
  local purge = open(example .. '/Example.tab/Groups.panel/Stacked.stack/Purge.pushbutton/bundle.yaml')
  local pclient = client_of(purge)
  if not pclient then
    record('completion_after_block_scalar', false, 'no client on the Purge bundle.yaml')
    return
  end
  vim.api.nvim_buf_set_lines(purge, 0, -1, false,
    { 'title: Purge', 'tooltip: |', '  Purges unused families.', '  Shift+Click: options.', '' })
  vim.lsp.completion.enable(true, pclient.id, purge, { autotrigger = true })
  vim.opt.completeopt = { 'menuone', 'noinsert' }
  local function keys(k)
    vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes(k, true, false, true), 'nt', false)
  end
  typing = function(done)
    local detail = { menus = {}, firsts = {} }
    local function check()
      local lines = vim.api.nvim_buf_get_lines(purge, 0, -1, false)
      detail.lines = lines
      detail.diagnostics = brief(vim.diagnostic.get(purge))
      local syntax_errors = 0
      for _, d in ipairs(vim.diagnostic.get(purge)) do
        if d.code == 'yaml-syntax' then
          syntax_errors = syntax_errors + 1
        end
      end
      local typed = lines[#lines - 1] == 'is_beta: true' and lines[#lines] == 'highlight: new'
      local menus = detail.menus[1] and detail.menus[2]
      record('completion_after_block_scalar', menus and typed and syntax_errors == 0, detail)
      done()
    end
    -- Types `before`, waits for the menu, accepts the first item, types `after`; then `next_step`.
    local function step(before, after, next_step)
      keys(before)
      local waited = 0
      local function wait_menu()
        if vim.fn.pumvisible() == 1 or waited > 5000 then
          table.insert(detail.menus, vim.fn.pumvisible() == 1)
          local info = vim.fn.complete_info({ 'items' })
          table.insert(detail.firsts, info.items and info.items[1] and info.items[1].word or vim.NIL)
          keys('<C-y>')
          vim.defer_fn(function()
            keys(after)
            vim.defer_fn(next_step, 300)
          end, 300)
          return
        end
        waited = waited + 50
        vim.defer_fn(wait_menu, 50)
      end
      vim.defer_fn(wait_menu, 50)
    end
    -- A key: `_` triggers, the snippet puts the cursor where the value goes.
    -- A value: `:` triggers; accepting writes the one space after the colon.
    keys('Gi')
    step('is_', 'true<Esc>', function()
      step('ohighlight:', '<Esc>', function()
        vim.defer_fn(check, 1500)
      end)
    end)
  end
end, debug.traceback)
if not ok then
  results.error = err
end
if ok and typing then
  -- A last resort so a stuck step still writes its results.
  vim.defer_fn(function()
    record('completion_after_block_scalar', false, 'timed out')
    finish()
  end, 30000)
  typing(finish)
else
  finish()
end
