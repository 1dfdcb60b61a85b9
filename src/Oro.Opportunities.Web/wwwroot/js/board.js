// Kanban board: drag cards between status columns (SortableJS) or use each card's "Move to…"
// menu (keyboard: M on a card, see board-keys.js). Every move goes to the server's status endpoint — the same one as the grid's
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

    function column(statusId) { return board.querySelector('.board-column[data-status-id="' + statusId + '"]'); }
    function cardsOf(statusId) { return board.querySelector('[data-cards][data-status-id="' + statusId + '"]'); }
    function announce(text) { announcer.textContent = text; }
    function showError(text) {
        errorBox.textContent = text;
        errorBox.classList.remove('d-none');
        announce(text);
    }
    function clearError() { errorBox.classList.add('d-none'); errorBox.textContent = ''; }

    // A header shows the compact sum ("USD 1.80 M"); the exact one is its title.
    function setAmount(element, compact, exact) {
        element.textContent = compact || exact;
        element.title = exact;
    }

    function applyTotals(totals) {
        (totals || []).forEach(function (t) {
            var col = column(t.statusId);
            if (!col) { return; }
            col.querySelector('[data-total-count]').textContent = t.count;
            col.querySelector('[data-total-noun]').textContent = Number(t.count) === 1 ? 'deal' : 'deals';
            setAmount(col.querySelector('[data-total-budget]'), t.budgetCompact, t.budget);
            setAmount(col.querySelector('[data-total-weighted]'), t.weightedCompact, t.weighted);
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

    // The closing dialog (drop on Closed Won / Closed Lost). There is at most one pending drop, its
    // handlers are bound once (below), and the dialog's hidden event is the only place that ends a
    // drop: unless the form was confirmed, however the dialog was dismissed (Cancel, ×, Escape, a
    // click on the backdrop), the card goes back where it was and nothing is sent.
    var closingForm = dialogElement.querySelector('[data-closing-form]');
    var closingCurrency = dialogElement.querySelector('[data-closing-currency]');
    var pending = null; // { card, fromStatusId, toStatusId, origin, won, confirmed }

    function closingField(name) { return dialogElement.querySelector('[data-closing-' + name + ']'); }
    // Today in the user's time zone, as the server reckons it (the form and the inline editor use the same).
    function userToday() { return board.getAttribute('data-today'); }
    function firstClosingField() { return pending && pending.won ? closingField('revenue') : closingField('reason'); }

    function askClosing(card, fromStatusId, toStatusId, origin, kind) {
        var won = kind === 'Won';
        pending = { card: card, fromStatusId: fromStatusId, toStatusId: toStatusId, origin: origin, won: won, confirmed: false };
        dialogElement.querySelector('#closing-dialog-title').textContent = won ? 'Close as won' : 'Close as lost';
        closingField('name').textContent = card.querySelector('.card-name').textContent;
        closingField('won').hidden = !won;
        closingField('lost').hidden = won;
        closingField('revenue').value = card.getAttribute('data-budget') || '';
        closingCurrency.value = card.getAttribute('data-currency') || closingCurrency.getAttribute('data-default') || '';
        if (closingCurrency.selectedIndex < 0) { closingCurrency.selectedIndex = 0; }
        closingField('reason').value = '';
        closingField('date').value = userToday();
        clearClosingErrors();
        dialog.show();
    }

    // A refusal beside its field (the server names it: CloseRevenueAmount, CloseReasonCode, CloseDate), else below the fields.
    function clearClosingErrors() {
        closingField('error').textContent = '';
        dialogElement.querySelectorAll('[data-closing-feedback]').forEach(function (feedback) { feedback.textContent = ''; });
        ['revenue', 'reason', 'date'].forEach(function (name) { closingField(name).classList.remove('is-invalid'); closingField(name).removeAttribute('aria-invalid'); });
    }
    function showClosingError(field, message) {
        clearClosingErrors();
        var name = /revenue/i.test(field || '') ? 'revenue' : /reason/i.test(field || '') ? 'reason' : /date/i.test(field || '') ? 'date' : null;
        if (!name) { closingField('error').textContent = message; return; }
        dialogElement.querySelector('[data-closing-feedback="' + name + '"]').textContent = message;
        closingField(name).classList.add('is-invalid');
        closingField(name).setAttribute('aria-invalid', 'true');
        closingField(name).focus();
    }

    closingForm.addEventListener('submit', function (e) {
        e.preventDefault();
        if (!pending || pending.confirmed || pending.sending) { return; }
        var won = pending.won;
        var date = closingField('date').value;
        var reason = closingField('reason').value;
        if (!date) { showClosingError('CloseDate', 'Enter the close date.'); return; }
        if (!won && !reason) { showClosingError('CloseReason', 'Choose Outsold or Cancelled.'); return; }
        // The dialog stays open while the server decides: a value it refuses is shown beside its field,
        // with what was typed kept; any other answer closes the dialog (the board shows the outcome).
        var drop = pending;
        drop.sending = true;
        closingField('confirm').disabled = true;
        send(drop.card, drop.fromStatusId, drop.toStatusId, drop.origin, {
            closeDate: date,
            closeReason: won ? '' : reason,
            closeRevenue: won ? closingField('revenue').value : '',
            closeRevenueCurrency: won ? closingCurrency.value : ''
        }, function (result) {
            drop.sending = false;
            closingField('confirm').disabled = false;
            if (result && result.status === 422 && pending === drop) {
                showClosingError(result.json.field, result.json.error || 'The server refused this value.');
                return true;
            }
            drop.confirmed = true;
            dialog.hide();
            return false;
        });
    });

    // Not while the server is deciding: the answer would move a card the dialog already put back.
    dialogElement.addEventListener('hide.bs.modal', function (e) {
        if (pending && pending.sending) { e.preventDefault(); }
    });

    dialogElement.addEventListener('shown.bs.modal', function () {
        // Confirmed while still opening: Bootstrap ignored that hide(), so close it now.
        if (pending && pending.confirmed) { dialog.hide(); return; }
        // After Bootstrap's own focus on the dialog, which would otherwise take it from the field.
        var first = firstClosingField();
        if (first) { first.focus(); }
    });

    dialogElement.addEventListener('hidden.bs.modal', function () {
        var drop = pending;
        pending = null;
        if (!drop) { return; }
        if (!drop.confirmed) {
            restore(drop.card, drop.origin);
            announce('Move cancelled; the card is back in ' + column(drop.fromStatusId).getAttribute('data-label') + '.');
        }
        // The confirmed card may already have been replaced by the server's answer: focus it by id.
        focusCard(drop.card.getAttribute('data-id'));
    });

    // The card is already shown in the target column; origin says where it came from. While a
    // workflow decides status changes, the drop runs the transition that leads there (workflows.js
    // asks the server which one and shows its form); otherwise it is a plain status change.
    function move(card, fromStatusId, toStatusId, origin) {
        clearError();
        if (window.OroWorkflows && document.querySelector('script[data-board-workflows]')) {
            card.classList.add('pending');
            card.setAttribute('aria-busy', 'true');
            window.OroWorkflows.drop(card.getAttribute('data-id'), toStatusId, {
                ordinary: function () { plainMove(card, fromStatusId, toStatusId, origin); },
                refused: function (message) { restore(card, origin); showError(message); focusMenu(card); },
                submit: function (values) { send(card, fromStatusId, toStatusId, origin, values); },
                cancel: function () {
                    restore(card, origin);
                    announce('Move cancelled; the card is back in ' + column(fromStatusId).getAttribute('data-label') + '.');
                    focusMenu(card);
                }
            });
            return;
        }
        plainMove(card, fromStatusId, toStatusId, origin);
    }

    function plainMove(card, fromStatusId, toStatusId, origin) {
        card.classList.remove('pending');
        card.removeAttribute('aria-busy');
        var kind = column(toStatusId).getAttribute('data-kind');
        if (kind === 'Open') {
            send(card, fromStatusId, toStatusId, origin, {});
            return;
        }
        if (pending || !dialog) {
            // A closing dialog is still open or closing: this drop does not happen.
            restore(card, origin);
            focusMenu(card);
            return;
        }
        askClosing(card, fromStatusId, toStatusId, origin, kind);
    }

    // answered (optional): told the outcome first ({ status, json }, or null when the server could not be
    // reached); returning true means it handled a refusal itself (the card stays where it was dropped).
    function send(card, fromStatusId, toStatusId, origin, data, answered) {
        var target = column(toStatusId);
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
                if (answered && answered(result) === true) {
                    card.classList.remove('pending');
                    card.removeAttribute('aria-busy');
                    return;
                }
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
                if (answered) { answered(null); }
                restore(card, origin);
                showError('The server could not be reached; the card was not moved.');
            });
    }

    // The focus goes to the card itself: its cell, the column's tab stop (board-keys.js).
    function focusCard(id) {
        var card = board.querySelector('.board-card[data-id="' + id + '"]');
        if (!card) { return; }
        var target = card.querySelector('[data-card-cell]');
        if (target) { target.focus(); }
    }

    // After a move: the moved card, unless the focus went elsewhere meanwhile.
    function focusMenu(card) {
        var cell = card.querySelector('[data-card-cell]');
        if (cell && document.activeElement && document.activeElement !== document.body && !dialogElement.contains(document.activeElement)) { return; }
        if (cell) { cell.focus(); }
    }

    // A card's Move to… menu is filled from the board's one template as it opens, its current status disabled.
    var menuTemplate = document.getElementById('board-move-menu');
    board.addEventListener('show.bs.dropdown', function (event) {
        var list = event.target.parentElement && event.target.parentElement.querySelector('[data-move-list]');
        var card = event.target.closest('.board-card');
        if (!list || !card || !menuTemplate) { return; }
        list.replaceChildren(menuTemplate.content.cloneNode(true));
        var current = list.querySelector('[data-move-to="' + card.getAttribute('data-status-id') + '"]');
        if (current) { current.disabled = true; }
    });

    board.addEventListener('click', function (event) {
        var item = event.target.closest && event.target.closest('[data-move-to]');
        var card = item && item.closest('.board-card');
        if (!card || !board.contains(card)) { return; }
        var from = card.getAttribute('data-status-id');
        var to = item.getAttribute('data-move-to');
        if (from === to) { return; }
        var origin = { list: card.parentElement, next: card.nextElementSibling };
        cardsOf(to).prepend(card);
        move(card, from, to, origin);
    });

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
