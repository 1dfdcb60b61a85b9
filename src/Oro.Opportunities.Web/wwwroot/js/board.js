// Kanban board: drag cards between status columns (SortableJS) or use each card's "Move to…"
// menu (keyboard). Every move goes to the server's status endpoint — the same one as the grid's
// inline status edit — and the card waits there until the server answers. Closing as Won or Lost
// first asks for the closing data. A refusal puts the card back and says why.
(function () {
    'use strict';
    var board = document.querySelector('[data-board]');
    if (!board) { return; }
    var canEdit = board.getAttribute('data-can-edit') === 'true';
    var query = board.getAttribute('data-query') || '';
    var token = document.querySelector('[data-board-token] input[name="__RequestVerificationToken"]').value;
    var announcer = document.querySelector('[data-board-announcer]');
    var errorBox = document.querySelector('[data-board-error]');
    var dialogElement = document.getElementById('closing-dialog');
    var dialog = window.bootstrap ? window.bootstrap.Modal.getOrCreateInstance(dialogElement) : null;
    var today = new Date().toISOString().substring(0, 10);

    function column(statusId) { return board.querySelector('.board-column[data-status-id="' + statusId + '"]'); }
    function cardsOf(statusId) { return board.querySelector('[data-cards][data-status-id="' + statusId + '"]'); }
    function announce(text) { announcer.textContent = text; }
    function showError(text) {
        errorBox.textContent = text;
        errorBox.classList.remove('d-none');
        announce(text);
    }
    function clearError() { errorBox.classList.add('d-none'); errorBox.textContent = ''; }

    function applyTotals(totals) {
        (totals || []).forEach(function (t) {
            var col = column(t.statusId);
            if (!col) { return; }
            col.querySelector('[data-total-count]').textContent = t.count;
            col.querySelector('[data-total-budget]').textContent = t.budget;
            col.querySelector('[data-total-weighted]').textContent = t.weighted;
        });
    }

    function replaceCard(card, html, statusId) {
        var holder = document.createElement('div');
        holder.innerHTML = html.trim();
        var fresh = holder.firstElementChild;
        var target = cardsOf(statusId);
        if (card.parentElement === target) {
            card.replaceWith(fresh);
        } else {
            card.remove();
            target.prepend(fresh);
        }
        bindCard(fresh);
        return fresh;
    }

    // Puts a card back where it was before a refused or cancelled move.
    function restore(card, origin) {
        var list = origin.list;
        var before = origin.next && origin.next.parentElement === list ? origin.next : null;
        list.insertBefore(card, before);
        card.classList.remove('pending');
        card.removeAttribute('aria-busy');
    }

    function askClosing(card, kind) {
        return new Promise(function (resolve) {
            var form = dialogElement.querySelector('[data-closing-form]');
            var won = kind === 'Won';
            dialogElement.querySelector('#closing-dialog-title').textContent = won ? 'Close as won' : 'Close as lost';
            dialogElement.querySelector('[data-closing-name]').textContent = card.querySelector('.card-name').textContent;
            dialogElement.querySelector('[data-closing-won]').hidden = !won;
            dialogElement.querySelector('[data-closing-lost]').hidden = won;
            dialogElement.querySelector('[data-closing-revenue]').value = card.getAttribute('data-budget') || '';
            var currency = card.getAttribute('data-currency');
            if (currency) { dialogElement.querySelector('[data-closing-currency]').value = currency; }
            dialogElement.querySelector('[data-closing-reason]').value = '';
            dialogElement.querySelector('[data-closing-date]').value = today;
            dialogElement.querySelector('[data-closing-error]').textContent = '';
            var settled = false;
            function finish(value) {
                if (settled) { return; }
                settled = true;
                form.removeEventListener('submit', onSubmit);
                dialogElement.querySelector('[data-closing-cancel]').removeEventListener('click', onCancel);
                dialog.hide();
                resolve(value);
            }
            function onSubmit(e) {
                e.preventDefault();
                var date = dialogElement.querySelector('[data-closing-date]').value;
                var reason = dialogElement.querySelector('[data-closing-reason]').value;
                if (!date) { dialogElement.querySelector('[data-closing-error]').textContent = 'Enter the close date.'; return; }
                if (!won && !reason) { dialogElement.querySelector('[data-closing-error]').textContent = 'Choose Outsold or Cancelled.'; return; }
                finish({
                    closeDate: date,
                    closeReason: won ? '' : reason,
                    closeRevenue: won ? dialogElement.querySelector('[data-closing-revenue]').value : '',
                    closeRevenueCurrency: won ? dialogElement.querySelector('[data-closing-currency]').value : ''
                });
            }
            function onCancel() { finish(null); }
            form.addEventListener('submit', onSubmit);
            dialogElement.querySelector('[data-closing-cancel]').addEventListener('click', onCancel);
            dialog.show();
            setTimeout(function () {
                var first = won ? dialogElement.querySelector('[data-closing-revenue]') : dialogElement.querySelector('[data-closing-reason]');
                first.focus();
            }, 200);
        });
    }

    // The card is already shown in the target column; origin says where it came from.
    function move(card, fromStatusId, toStatusId, origin) {
        clearError();
        var target = column(toStatusId);
        var kind = target.getAttribute('data-kind');
        var closing = kind === 'Open' ? Promise.resolve({}) : askClosing(card, kind);
        closing.then(function (data) {
            if (data === null) {
                restore(card, origin);
                announce('Move cancelled; the card is back in ' + column(fromStatusId).getAttribute('data-label') + '.');
                focusMenu(card);
                return;
            }
            var body = new URLSearchParams();
            body.append('__RequestVerificationToken', token);
            body.append('version', card.getAttribute('data-version'));
            body.append('statusId', toStatusId);
            body.append('fromStatusId', fromStatusId);
            body.append('board', query || '?');
            Object.keys(data).forEach(function (key) { if (data[key]) { body.append(key, data[key]); } });
            card.classList.add('pending');
            card.setAttribute('aria-busy', 'true');
            fetch('/opportunities/' + card.getAttribute('data-id') + '/status', {
                method: 'POST', body: body, headers: { 'Accept': 'application/json', 'X-Requested-With': 'XMLHttpRequest' }
            })
                .then(function (response) {
                    return response.json().catch(function () { return {}; }).then(function (json) { return { ok: response.ok, status: response.status, json: json }; });
                })
                .then(function (result) {
                    if (result.ok) {
                        var fresh = replaceCard(card, result.json.cardHtml, result.json.row.statusId);
                        applyTotals(result.json.totals);
                        fresh.classList.add('flash-ok');
                        setTimeout(function () { fresh.classList.remove('flash-ok'); }, 1200);
                        announce(fresh.querySelector('.card-name').textContent + ' moved to ' + target.getAttribute('data-label') + '.');
                        focusMenu(fresh);
                        return;
                    }
                    if (result.status === 409 && result.json.board) {
                        // Someone else moved it first: show the card where it really is now.
                        var current = replaceCard(card, result.json.board.cardHtml, result.json.board.row.statusId);
                        applyTotals(result.json.board.totals);
                        showError(result.json.error + ' It is in ' + column(result.json.board.row.statusId).getAttribute('data-label') + '.');
                        focusMenu(current);
                        return;
                    }
                    restore(card, origin);
                    showError(result.json.error || 'The card could not be moved.');
                    focusMenu(card);
                })
                .catch(function () {
                    restore(card, origin);
                    showError('The server could not be reached; the card was not moved.');
                });
        });
    }

    function focusMenu(card) {
        var button = card.querySelector('[data-move-menu]');
        if (button && document.activeElement && document.activeElement !== document.body && !dialogElement.contains(document.activeElement)) { return; }
        if (button) { button.focus(); }
    }

    function bindCard(card) {
        card.querySelectorAll('[data-move-to]').forEach(function (item) {
            item.addEventListener('click', function () {
                var from = card.getAttribute('data-status-id');
                var to = item.getAttribute('data-move-to');
                if (from === to) { return; }
                var origin = { list: card.parentElement, next: card.nextElementSibling };
                cardsOf(to).prepend(card);
                move(card, from, to, origin);
            });
        });
    }

    board.querySelectorAll('.board-card').forEach(bindCard);

    if (canEdit && window.Sortable) {
        board.querySelectorAll('[data-cards]').forEach(function (list) {
            window.Sortable.create(list, {
                group: 'board',
                sort: false,
                animation: 120,
                filter: 'a, button, input, select, .dropdown-menu',
                preventOnFilter: false,
                onEnd: function (evt) {
                    if (evt.from === evt.to) { return; }
                    var origin = { list: evt.from, next: evt.from.children[evt.oldIndex] || null };
                    move(evt.item, evt.from.getAttribute('data-status-id'), evt.to.getAttribute('data-status-id'), origin);
                }
            });
        });
    }

    // Load more: cards after the column's cursor; a card already on the board is not added twice.
    board.querySelectorAll('[data-load-more]').forEach(function (button) {
        button.addEventListener('click', function () {
            var col = button.closest('.board-column');
            var statusId = col.getAttribute('data-status-id');
            var separator = query ? '&' : '?';
            button.disabled = true;
            fetch('/opportunities/board/column' + (query || '?') + separator + 'statusId=' + statusId + '&cursor=' + encodeURIComponent(button.getAttribute('data-cursor')))
                .then(function (response) {
                    var next = response.headers.get('X-Next-Cursor');
                    return response.text().then(function (html) { return { html: html, next: next }; });
                })
                .then(function (result) {
                    var holder = document.createElement('div');
                    holder.innerHTML = result.html;
                    var list = cardsOf(statusId);
                    Array.prototype.slice.call(holder.querySelectorAll('.board-card')).forEach(function (card) {
                        if (!board.querySelector('.board-card[data-id="' + card.getAttribute('data-id') + '"]')) {
                            list.append(card);
                            bindCard(card);
                        }
                    });
                    button.setAttribute('data-cursor', result.next || '');
                    button.hidden = !result.next;
                    button.disabled = false;
                })
                .catch(function () { button.disabled = false; showError('More cards could not be loaded.'); });
        });
    });
}());
