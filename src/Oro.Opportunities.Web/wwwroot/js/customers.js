// Customers → Accounts and Contacts, and the lead form: page-size auto-submit and the account (and
// contact) pickers of the record forms.
(function () {
    'use strict';

    // <select data-autosubmit> submits its form on change; the "Apply" button is only for browsers without script.
    document.querySelectorAll('select[data-autosubmit]').forEach(function (select) {
        var form = select.form;
        form.querySelectorAll('.js-hidden').forEach(function (el) { el.classList.add('d-none'); });
        select.addEventListener('change', function () { form.submit(); });
    });

    // A record picker: a text box with a datalist fed by its lookup URL (/accounts/lookup, /contacts/lookup). Choosing an entry stores
    // its id in the hidden AccountId field, so that two accounts with the same name stay apart; any
    // other text clears the id and the server resolves the name.
    document.querySelectorAll('input[data-account-picker]').forEach(function (input) {
        var list = document.getElementById(input.getAttribute('list'));
        var idField = input.getAttribute('data-id-field');
        var hidden = idField ? document.getElementById(idField) : input.form.querySelector('input[data-account-id]');
        var url = input.getAttribute('data-lookup-url');
        var timer = null;
        var lastTerm = null;

        function syncId() {
            var value = input.value.trim().toLowerCase();
            var match = null;
            list.querySelectorAll('option').forEach(function (option) {
                if (!match && option.value.toLowerCase() === value) {
                    match = option;
                }
            });
            hidden.value = match ? match.getAttribute('data-id') : '';
        }

        function refresh() {
            var term = input.value.trim();
            if (term === lastTerm) {
                return;
            }
            lastTerm = term;
            fetch(url + '?term=' + encodeURIComponent(term), { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
                .then(function (response) { return response.ok ? response.json() : []; })
                .then(function (items) {
                    list.replaceChildren();
                    items.forEach(function (item) {
                        var option = document.createElement('option');
                        option.value = item.text;
                        option.setAttribute('data-id', String(item.id));
                        list.appendChild(option);
                    });
                    syncId();
                })
                .catch(function () { /* The server still resolves a typed name. */ });
        }

        input.addEventListener('input', function () {
            syncId();
            window.clearTimeout(timer);
            timer = window.setTimeout(refresh, 200);
        });
    });
}());
