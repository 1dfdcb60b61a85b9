// Opportunities grid: mass selection, column chooser, page size, and inline edit of the cells of
// spec §4. Edits go through the same endpoints and rules as the forms; a refusal is shown beside the
// field in the open editor, with the value as typed, and the cell keeps the stored value.
(function () {
    'use strict';
    var grid = document.querySelector('[data-grid]');
    if (!grid) { return; }
    var massForm = document.querySelector('[data-mass-form]');
    var token = massForm ? massForm.querySelector('input[name="__RequestVerificationToken"]').value : '';

    // --- Page size and columns --------------------------------------------------------------------
    document.querySelectorAll('[data-autosubmit]').forEach(function (select) {
        select.addEventListener('change', function () { select.form.submit(); });
    });
    var chooser = document.querySelector('[data-column-chooser]');
    if (chooser) {
        chooser.addEventListener('submit', function () {
            var chosen = Array.prototype.filter.call(chooser.querySelectorAll('[data-column-option]'), function (c) { return c.checked; })
                .map(function (c) { return c.value; });
            chooser.querySelector('input[name="cols"]').value = chosen.join(',');
        });
    }

    // --- Mass actions -----------------------------------------------------------------------------
    var bar = document.querySelector('[data-mass-bar]');
    var selectAll = grid.querySelector('[data-select-all]');
    function rows() { return grid.querySelectorAll('[data-select-row]'); }
    function refreshBar() {
        if (!bar) { return; }
        var count = Array.prototype.filter.call(rows(), function (r) { return r.checked; }).length;
        bar.hidden = count === 0;
        bar.querySelector('[data-mass-count]').textContent = count + ' selected';
    }
    if (selectAll) {
        selectAll.addEventListener('change', function () {
            rows().forEach(function (r) { r.checked = selectAll.checked; });
            refreshBar();
        });
    }
    grid.addEventListener('change', function (e) { if (e.target.matches('[data-select-row]')) { refreshBar(); } });
    if (bar) {
        var actionSelect = bar.querySelector('[data-mass-action]');
        actionSelect.addEventListener('change', function () {
            bar.querySelectorAll('[data-mass-value]').forEach(function (el) {
                el.hidden = el.getAttribute('data-mass-value') !== actionSelect.value;
            });
        });
    }

    // --- Inline edit --------------------------------------------------------------------------------
    // The editor opens in a panel beside its cell (above the table, so the table's scrolling never
    // clips it). A refused value keeps the panel open, with the reason beside the field and the value
    // as typed; only Save or Cancel (Escape) closes it.
    var baseCurrency = grid.getAttribute('data-base-currency');
    var today = grid.getAttribute('data-today') || new Date().toISOString().substring(0, 10);
    var scroller = document.querySelector('[data-grid-scroll]');
    var openEditor = null;
    var editorCount = 0;

    function optionsFrom(templateId) {
        var select = document.createElement('select');
        select.className = 'form-select form-select-sm';
        select.append(document.getElementById(templateId).content.cloneNode(true));
        return select;
    }

    function rowName(row) {
        var name = row.querySelector('td[data-col="name"] [data-cell-text]');
        return name ? name.textContent.trim() : '#' + row.getAttribute('data-id');
    }

    function buildEditor(cell) {
        var kind = cell.getAttribute('data-edit');
        var raw = cell.getAttribute('data-raw') || '';
        var row = cell.closest('tr');
        var id = 'inline-editor-' + (++editorCount);
        var panel = document.createElement('div');
        panel.className = 'inline-editor';
        panel.setAttribute('role', 'group');
        panel.setAttribute('aria-labelledby', id + '-title');
        panel.setAttribute('data-inline-editor', kind);
        var title = document.createElement('div');
        title.id = id + '-title';
        title.className = 'small fw-semibold mb-1 text-truncate';
        title.textContent = (cell.getAttribute('data-label') || 'Value') + ' · ' + rowName(row);
        var controls = document.createElement('div');
        controls.className = 'd-flex gap-1 align-items-center flex-wrap';
        var error = document.createElement('div');
        error.id = id + '-error';
        error.className = 'inline-editor-error';
        error.setAttribute('role', 'alert');
        error.setAttribute('data-inline-error', '');
        error.hidden = true;
        var input;
        var extra = null;
        if (kind === 'status') {
            input = optionsFrom('inline-status-options');
            input.value = raw;
            var date = document.createElement('input');
            date.type = 'date';
            date.className = 'form-control form-control-sm';
            date.setAttribute('aria-label', 'Close date');
            date.title = 'Close date (your today when left as it is)';
            date.value = today;
            date.hidden = true;
            date.dataset.role = 'closeDate';
            var reason = optionsFrom('inline-reason-options');
            reason.setAttribute('aria-label', 'Close reason');
            reason.hidden = true;
            reason.dataset.role = 'closeReason';
            input.addEventListener('change', function () {
                var k = input.options[input.selectedIndex].getAttribute('data-kind');
                date.hidden = k === 'Open';
                reason.hidden = k !== 'Lost';
            });
            controls.append(input, date, reason);
        } else if (kind === 'contact') {
            // The account's contacts (and unattached ones), fetched when the editor opens.
            input = document.createElement('select');
            input.className = 'form-select form-select-sm';
            var none = document.createElement('option');
            none.value = '';
            none.textContent = '— no contact —';
            input.append(none);
            var accountId = row.getAttribute('data-account-id');
            fetch('/opportunities/lookup/contacts?accountId=' + encodeURIComponent(accountId), { headers: { 'Accept': 'application/json' } })
                .then(function (r) { return r.ok ? r.json() : []; })
                .then(function (items) {
                    items.forEach(function (item) {
                        var option = document.createElement('option');
                        option.value = item.id;
                        option.textContent = item.text + (item.detail ? ' · ' + item.detail : '');
                        input.append(option);
                    });
                    input.value = raw;
                });
            controls.append(input);
        } else if (kind === 'owner') {
            input = optionsFrom('inline-owner-options');
            input.value = raw;
            controls.append(input);
        } else {
            input = document.createElement('input');
            input.className = 'form-control form-control-sm';
            input.value = raw;
            if (kind === 'closeDate') { input.type = 'date'; }
            if (kind === 'probability') { input.type = 'number'; input.min = '0'; input.max = '100'; input.step = '1'; }
            if (kind === 'budget' || kind === 'closeRevenue') { input.inputMode = 'decimal'; }
            controls.append(input);
        }
        input.setAttribute('aria-label', cell.getAttribute('data-label') || 'New value');
        input.setAttribute('aria-describedby', error.id);
        input.dataset.role = 'value';
        var save = document.createElement('button');
        save.type = 'button';
        save.className = 'btn btn-sm btn-primary';
        save.textContent = 'Save';
        var cancel = document.createElement('button');
        cancel.type = 'button';
        cancel.className = 'btn btn-sm btn-outline-secondary';
        cancel.textContent = 'Cancel';
        controls.append(save, cancel);
        panel.append(title, controls, error);
        if (kind === 'probability') {
            // A probability that differs from the status's default was entered by hand and no longer
            // follows the status; "use the status default" sends an empty value, which means exactly that.
            var statusDefault = cell.getAttribute('data-status-default');
            var manual = !cell.querySelector('[data-manual-marker]').hidden;
            extra = document.createElement('div');
            extra.className = 'inline-editor-hint d-flex align-items-center gap-2 flex-wrap';
            var note = document.createElement('span');
            note.textContent = manual
                ? 'Entered by hand; the status\'s default is ' + statusDefault + ' %.'
                : 'Follows the status (default ' + statusDefault + ' %).';
            extra.append(note);
            if (manual && statusDefault !== null && statusDefault !== '') {
                var useDefault = document.createElement('button');
                useDefault.type = 'button';
                useDefault.className = 'btn btn-link btn-sm p-0';
                useDefault.textContent = 'Use the status default (' + statusDefault + ' %)';
                useDefault.setAttribute('data-use-default', '');
                extra.append(useDefault);
            }
            panel.insertBefore(extra, error);
        }
        return { panel: panel, input: input, save: save, cancel: cancel, error: error, kind: kind };
    }

    function setCellText(cell, text) {
        var target = cell.querySelector('[data-cell-text]');
        if (!target) { return; }
        target.textContent = text;
        if (target.hasAttribute('title')) { target.setAttribute('title', text); }
    }

    function applyRow(row, json) {
        row.setAttribute('data-version', json.version);
        // A mass action sends the version the row shows now.
        var massVersion = row.querySelector('[data-row-version]');
        if (massVersion) { massVersion.value = json.version; }
        row.setAttribute('data-status-id', json.statusId);
        row.querySelectorAll('[data-col]').forEach(function (cell) {
            var key = cell.getAttribute('data-col');
            if (json.cells[key] !== undefined && key !== 'created') { setCellText(cell, json.cells[key]); }
            var text = cell.querySelector('[data-cell-text]');
            if (key === 'status') {
                cell.setAttribute('data-raw', json.statusId);
                if (text) { text.className = 'badge status-badge status-' + json.statusCode; }
            }
            if (key === 'probability') {
                cell.setAttribute('data-raw', json.probability === null ? '' : json.probability);
                cell.setAttribute('data-status-default', json.statusDefaultProbability === null ? '' : json.statusDefaultProbability);
                var marker = cell.querySelector('[data-manual-marker]');
                if (marker) {
                    marker.hidden = !json.probabilityManual;
                    marker.title = 'Entered by hand: it no longer follows the status. The status\'s default is ' + json.statusDefaultProbability + ' %.';
                    marker.querySelector('[data-manual-text]').textContent = 'manual (status default ' + json.statusDefaultProbability + ' %)';
                }
            }
            if (key === 'budget') { cell.setAttribute('data-raw', json.budgetAmount === null ? '' : json.budgetAmount); }
            if (key === 'closeDate') { cell.setAttribute('data-raw', json.closeDate); }
            if (key === 'contact') { cell.setAttribute('data-raw', json.contactId === null ? '' : json.contactId); }
        });
    }

    function refreshTotals() {
        fetch(window.location.href, { headers: { 'Accept': 'text/html' } })
            .then(function (r) { return r.text(); })
            .then(function (html) {
                var doc = new DOMParser().parseFromString(html, 'text/html');
                var fresh = doc.querySelector('[data-testid="grid-totals"]');
                var current = document.querySelector('[data-testid="grid-totals"]');
                if (fresh && current) { current.replaceWith(fresh); }
            })
            .catch(function () { /* totals refresh is best effort; the next page load is exact */ });
    }

    function place(panel, cell) {
        var rect = cell.getBoundingClientRect();
        var width = panel.offsetWidth;
        var left = rect.left + window.scrollX;
        var maxLeft = window.scrollX + document.documentElement.clientWidth - width - 8;
        panel.style.left = Math.max(window.scrollX + 8, Math.min(left, maxLeft)) + 'px';
        panel.style.top = (rect.bottom + window.scrollY + 2) + 'px';
    }

    function startEdit(cell) {
        if (openEditor) {
            if (openEditor.cell === cell) { openEditor.editor.input.focus(); return; }
            openEditor.close();
        }
        var row = cell.closest('tr');
        var editor = buildEditor(cell);
        document.body.append(editor.panel);
        place(editor.panel, cell);
        cell.classList.add('editing');
        editor.input.focus();
        var reposition = function () { place(editor.panel, cell); };
        window.addEventListener('resize', reposition);
        if (scroller) { scroller.addEventListener('scroll', reposition); }

        function close() {
            window.removeEventListener('resize', reposition);
            if (scroller) { scroller.removeEventListener('scroll', reposition); }
            editor.panel.remove();
            cell.classList.remove('editing');
            openEditor = null;
            var button = cell.querySelector('.inline-edit-button');
            if (button) { button.focus(); }
        }
        function showError(message) {
            editor.error.textContent = message;
            editor.error.hidden = false;
            editor.input.setAttribute('aria-invalid', 'true');
            editor.input.classList.add('is-invalid');
            editor.save.disabled = false;
            cell.classList.remove('pending');
            editor.input.focus();
            place(editor.panel, cell);
        }
        function submit(useDefault) {
            var body = new URLSearchParams();
            body.append('__RequestVerificationToken', token);
            body.append('version', row.getAttribute('data-version'));
            var url = '/opportunities/' + row.getAttribute('data-id');
            if (editor.kind === 'status') {
                url += '/status';
                body.append('statusId', editor.input.value);
                var date = editor.panel.querySelector('[data-role="closeDate"]');
                var reason = editor.panel.querySelector('[data-role="closeReason"]');
                if (!date.hidden && date.value) { body.append('closeDate', date.value); }
                if (!reason.hidden && reason.value) { body.append('closeReason', reason.value); }
            } else {
                url += '/inline';
                body.append('field', editor.kind);
                body.append('value', useDefault ? '' : editor.input.value);
                if (editor.kind === 'budget' || editor.kind === 'closeRevenue') {
                    body.append('currency', cell.getAttribute('data-currency') || baseCurrency);
                }
            }
            editor.save.disabled = true;
            cell.classList.add('pending');
            fetch(url, { method: 'POST', body: body, headers: { 'Accept': 'application/json', 'X-Requested-With': 'XMLHttpRequest' } })
                .then(function (response) {
                    return response.json().catch(function () { return {}; }).then(function (json) { return { ok: response.ok, status: response.status, json: json }; });
                })
                .then(function (result) {
                    if (result.ok) {
                        cell.classList.remove('pending');
                        close();
                        applyRow(row, result.json);
                        cell.classList.add('saved');
                        setTimeout(function () { cell.classList.remove('saved'); }, 1200);
                        refreshTotals();
                        return;
                    }
                    if (result.status === 409 && result.json.current) {
                        applyRow(row, result.json.current);
                        showError((result.json.error || 'This opportunity was changed by someone else.') + ' The row shows what is stored now; save again to apply your value.');
                        return;
                    }
                    showError(result.json.error || 'The change was not saved.');
                })
                .catch(function () {
                    showError('The server could not be reached; nothing was saved.');
                });
        }
        editor.save.addEventListener('click', function () { submit(false); });
        editor.cancel.addEventListener('click', close);
        var useDefaultButton = editor.panel.querySelector('[data-use-default]');
        if (useDefaultButton) { useDefaultButton.addEventListener('click', function () { submit(true); }); }
        editor.panel.addEventListener('keydown', function (e) {
            if (e.key === 'Enter' && e.target.tagName !== 'BUTTON') { e.preventDefault(); submit(false); }
            if (e.key === 'Escape') { e.preventDefault(); close(); }
        });
        openEditor = { cell: cell, editor: editor, close: close };
    }

    grid.querySelectorAll('td.editable').forEach(function (cell) {
        var button = document.createElement('button');
        button.type = 'button';
        button.className = 'btn btn-link btn-sm p-0 inline-edit-button';
        button.setAttribute('aria-label', 'Edit ' + (cell.getAttribute('data-label') || 'value') + ' of ' + rowName(cell.closest('tr')));
        button.innerHTML = '<i class="bi bi-pencil-square" aria-hidden="true"></i>';
        button.addEventListener('click', function (e) { e.preventDefault(); startEdit(cell); });
        cell.append(button);
        cell.addEventListener('dblclick', function (e) {
            if (e.target.closest('a') || e.target.closest('button')) { return; }
            startEdit(cell);
        });
    });
}());
