// Opportunities grid: mass selection, column chooser, page size, and inline edit of the cells of
// spec §4. Edits go through the same endpoints and rules as the forms; a refusal is shown and the
// cell keeps the stored value.
(function () {
    'use strict';
    var grid = document.querySelector('[data-grid]');
    if (!grid) { return; }
    var massForm = document.querySelector('[data-mass-form]');
    var token = massForm ? massForm.querySelector('input[name="__RequestVerificationToken"]').value : '';
    var toastElement = document.querySelector('[data-grid-toast]');

    function showError(message) {
        if (!toastElement || !window.bootstrap) { window.alert(message); return; }
        toastElement.querySelector('[data-grid-toast-text]').textContent = message;
        window.bootstrap.Toast.getOrCreateInstance(toastElement).show();
    }

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
    var baseCurrency = grid.getAttribute('data-base-currency');
    var today = new Date().toISOString().substring(0, 10);

    function optionsFrom(templateId) {
        var select = document.createElement('select');
        select.className = 'form-select form-select-sm';
        select.append(document.getElementById(templateId).content.cloneNode(true));
        return select;
    }

    function buildEditor(cell) {
        var kind = cell.getAttribute('data-edit');
        var raw = cell.getAttribute('data-raw') || '';
        var wrapper = document.createElement('div');
        wrapper.className = 'inline-editor d-flex gap-1 align-items-center';
        var input;
        if (kind === 'status') {
            input = optionsFrom('inline-status-options');
            input.value = raw;
            var date = document.createElement('input');
            date.type = 'date';
            date.className = 'form-control form-control-sm';
            date.setAttribute('aria-label', 'Close date');
            date.value = today;
            date.hidden = true;
            date.dataset.role = 'closeDate';
            var reason = document.createElement('select');
            reason.className = 'form-select form-select-sm';
            reason.setAttribute('aria-label', 'Close reason');
            reason.innerHTML = '<option value="">Close reason…</option><option value="outsold">Outsold</option><option value="cancelled">Cancelled</option>';
            reason.hidden = true;
            reason.dataset.role = 'closeReason';
            input.addEventListener('change', function () {
                var k = input.options[input.selectedIndex].getAttribute('data-kind');
                date.hidden = k === 'Open';
                reason.hidden = k !== 'Lost';
            });
            wrapper.append(input, date, reason);
        } else if (kind === 'contact') {
            // The account's contacts (and unattached ones), fetched when the editor opens.
            input = document.createElement('select');
            input.className = 'form-select form-select-sm';
            var none = document.createElement('option');
            none.value = '';
            none.textContent = '— no contact —';
            input.append(none);
            var accountId = cell.closest('tr').getAttribute('data-account-id');
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
            wrapper.append(input);
        } else if (kind === 'owner') {
            input = optionsFrom('inline-owner-options');
            input.value = raw;
            wrapper.append(input);
        } else {
            input = document.createElement('input');
            input.className = 'form-control form-control-sm';
            input.value = raw;
            if (kind === 'closeDate') { input.type = 'date'; }
            if (kind === 'probability') { input.type = 'number'; input.min = '0'; input.max = '100'; }
            if (kind === 'budget' || kind === 'closeRevenue') { input.inputMode = 'decimal'; }
            wrapper.append(input);
        }
        input.setAttribute('aria-label', 'New value');
        input.dataset.role = 'value';
        var save = document.createElement('button');
        save.type = 'button';
        save.className = 'btn btn-sm btn-primary';
        save.textContent = 'Save';
        var cancel = document.createElement('button');
        cancel.type = 'button';
        cancel.className = 'btn btn-sm btn-outline-secondary';
        cancel.textContent = 'Cancel';
        wrapper.append(save, cancel);
        return { wrapper: wrapper, input: input, save: save, cancel: cancel, kind: kind };
    }

    function applyRow(row, json) {
        row.setAttribute('data-version', json.version);
        row.setAttribute('data-status-id', json.statusId);
        row.querySelectorAll('[data-col]').forEach(function (cell) {
            var key = cell.getAttribute('data-col');
            var text = cell.querySelector('[data-cell-text]');
            if (text && json.cells[key] !== undefined) { text.textContent = json.cells[key]; }
            if (key === 'status') {
                cell.setAttribute('data-raw', json.statusId);
                if (text) { text.className = 'badge status-badge status-' + json.statusCode; }
            }
            if (key === 'probability') { cell.setAttribute('data-raw', json.probability === null ? '' : json.probability); }
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

    function startEdit(cell) {
        if (cell.querySelector('.inline-editor')) { return; }
        var row = cell.closest('tr');
        var content = Array.prototype.slice.call(cell.childNodes);
        var editor = buildEditor(cell);
        content.forEach(function (n) { n.remove(); });
        cell.append(editor.wrapper);
        editor.input.focus();

        function restore() {
            editor.wrapper.remove();
            content.forEach(function (n) { cell.append(n); });
        }
        function submit() {
            var body = new URLSearchParams();
            body.append('__RequestVerificationToken', token);
            body.append('version', row.getAttribute('data-version'));
            var url = '/opportunities/' + row.getAttribute('data-id');
            if (editor.kind === 'status') {
                url += '/status';
                body.append('statusId', editor.input.value);
                var date = editor.wrapper.querySelector('[data-role="closeDate"]');
                var reason = editor.wrapper.querySelector('[data-role="closeReason"]');
                if (!date.hidden && date.value) { body.append('closeDate', date.value); }
                if (!reason.hidden && reason.value) { body.append('closeReason', reason.value); }
            } else {
                url += '/inline';
                body.append('field', editor.kind);
                body.append('value', editor.input.value);
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
                    cell.classList.remove('pending');
                    restore();
                    if (result.ok) {
                        applyRow(row, result.json);
                        cell.classList.add('saved');
                        setTimeout(function () { cell.classList.remove('saved'); }, 1200);
                        refreshTotals();
                    } else {
                        if (result.status === 409 && result.json.current) { applyRow(row, result.json.current); }
                        showError(result.json.error || 'The change was not saved.');
                    }
                })
                .catch(function () {
                    cell.classList.remove('pending');
                    restore();
                    showError('The server could not be reached; nothing was saved.');
                });
        }
        editor.save.addEventListener('click', submit);
        editor.cancel.addEventListener('click', restore);
        editor.wrapper.addEventListener('keydown', function (e) {
            if (e.key === 'Enter') { e.preventDefault(); submit(); }
            if (e.key === 'Escape') { e.preventDefault(); restore(); }
        });
    }

    grid.querySelectorAll('td.editable').forEach(function (cell) {
        var button = document.createElement('button');
        button.type = 'button';
        button.className = 'btn btn-link btn-sm p-0 ms-1 inline-edit-button';
        button.setAttribute('aria-label', 'Edit ' + (grid.querySelector('th:nth-child(' + (cell.cellIndex + 1) + ')') || {}).textContent);
        button.innerHTML = '<i class="bi bi-pencil-square" aria-hidden="true"></i>';
        button.addEventListener('click', function (e) { e.preventDefault(); startEdit(cell); });
        cell.append(button);
        cell.addEventListener('dblclick', function (e) {
            if (e.target.closest('a') || e.target.closest('.inline-editor')) { return; }
            startEdit(cell);
        });
    });
}());
