// Workflow transitions (spec §6). On the view page a transition button opens its form in a modal
// (the button is a link to the form's own page, which is what happens without JavaScript). On the
// board, OroWorkflows.drop asks the server which transition a drop runs and shows its form in the
// same modal; the board then sends the move with the form's values.
(function () {
    'use strict';

    var modalElement = null;
    var modal = null;
    // The control that opened the dialog on the view page: the focus goes back to it when the dialog closes.
    var opener = null;

    function ensureModal() {
        if (modalElement) { return; }
        modalElement = document.getElementById('workflow-modal');
        if (!modalElement) {
            modalElement = document.createElement('div');
            modalElement.className = 'modal fade';
            modalElement.id = 'workflow-modal';
            modalElement.tabIndex = -1;
            modalElement.setAttribute('aria-labelledby', 'workflow-modal-title');
            modalElement.setAttribute('aria-hidden', 'true');
            modalElement.innerHTML = '<div class="modal-dialog modal-dialog-scrollable"><div class="modal-content" data-workflow-modal-content></div></div>';
            document.body.appendChild(modalElement);
        }
        modal = window.bootstrap.Modal.getOrCreateInstance(modalElement);
        modalElement.addEventListener('shown.bs.modal', focusFirst);
        modalElement.addEventListener('hidden.bs.modal', function () {
            var back = opener;
            opener = null;
            if (back && document.body.contains(back)) { back.focus(); }
        });
    }

    function content() { return modalElement.querySelector('[data-workflow-modal-content]'); }

    function focusFirst() {
        var target = content().querySelector('.is-invalid') || content().querySelector('.modal-body input:not([type=hidden]), .modal-body select, .modal-body textarea') ||
            content().querySelector('[data-testid=transition-submit]');
        if (target) { target.focus(); }
    }

    function show(html) {
        ensureModal();
        content().innerHTML = html;
        if (modalElement.classList.contains('show')) { focusFirst(); } else { modal.show(); }
    }

    function fetchText(url, options) {
        options = options || {};
        options.headers = Object.assign({ 'X-Requested-With': 'fetch' }, options.headers || {});
        options.credentials = 'same-origin';
        return fetch(url, options);
    }

    // View page: the transition buttons.
    document.addEventListener('click', function (event) {
        var link = event.target.closest && event.target.closest('a[data-workflow-form]');
        if (!link || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
        event.preventDefault();
        fetchText(link.href).then(function (response) {
            if (!response.ok) { window.location.href = link.href; return null; }
            return response.text();
        }).then(function (html) {
            if (html !== null) { opener = link; show(html); }
        }).catch(function () { window.location.href = link.href; });
    });

    // Board drops in progress: { submit(values), cancel() } while its form is open.
    var boardDrop = null;

    document.addEventListener('submit', function (event) {
        var form = event.target;
        if (!form.matches || !form.matches('[data-workflow-submit]') || !modalElement || !modalElement.contains(form)) { return; }
        event.preventDefault();
        if (!form.reportValidity()) { return; }
        if (boardDrop) {
            var values = {};
            new FormData(form).forEach(function (value, key) {
                if (key.indexOf('Fields[') === 0) { values[key] = value; }
            });
            var drop = boardDrop;
            drop.submitted = true;
            boardDrop = null;
            modal.hide();
            drop.submit(values);
            return;
        }
        var button = form.querySelector('[type=submit]');
        if (button) { button.disabled = true; }
        fetchText(form.action, { method: 'POST', body: new FormData(form) }).then(function (response) {
            var type = response.headers.get('Content-Type') || '';
            if (type.indexOf('json') >= 0) {
                return response.json().then(function (json) { window.location.href = json.redirect || window.location.href; });
            }
            return response.text().then(show);
        }).catch(function () {
            if (button) { button.disabled = false; }
            form.submit();
        });
    });

    window.OroWorkflows = {
        // Asks what dropping the card on statusId means. handlers: ordinary(), refused(message),
        // submit(values) with the form's fields and the transition, cancel() when the form is dismissed.
        drop: function (cardId, statusId, handlers) {
            fetch('/opportunities/' + cardId + '/workflows/drop?statusId=' + encodeURIComponent(statusId), {
                headers: { 'Accept': 'application/json', 'X-Requested-With': 'fetch' }, credentials: 'same-origin'
            }).then(function (response) {
                return response.json().catch(function () { return {}; }).then(function (json) { return { ok: response.ok, json: json }; });
            }).then(function (result) {
                if (!result.ok) { handlers.refused(result.json.error || 'The card could not be moved.'); return; }
                if (result.json.mode === 'ordinary') { handlers.ordinary(); return; }
                if (result.json.mode === 'refused') { handlers.refused(result.json.error); return; }
                var drop = {
                    submitted: false,
                    submit: function (values) {
                        values.workflow = result.json.workflow;
                        values.transition = result.json.transition;
                        handlers.submit(values);
                    },
                    cancel: handlers.cancel
                };
                boardDrop = drop;
                show(result.json.html);
                modalElement.addEventListener('hidden.bs.modal', function ended() {
                    modalElement.removeEventListener('hidden.bs.modal', ended);
                    if (!drop.submitted) { boardDrop = null; drop.cancel(); }
                });
            }).catch(function () { handlers.refused('The server could not be reached; the card was not moved.'); });
        }
    };
}());
