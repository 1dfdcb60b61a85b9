// The record picker, the same on every form that picks an account (or a contact) by name: the lead and
// contact forms and the transition dialogs (Qualify, Develop…). A text box with a datalist fed by its
// lookup URL (/accounts/lookup, /contacts/lookup) as the user types; choosing an entry stores its id in
// the hidden field the box names (data-id-field), so that two records with the same name stay apart;
// any other text clears the id (the form's server side resolves a typed name where it allows one).
// Bound by delegation, so pickers in dialogs loaded later work too.
(function () {
    'use strict';

    var timers = new WeakMap();
    var lastTerms = new WeakMap();

    function parts(input) {
        var list = document.getElementById(input.getAttribute('list'));
        var idField = input.getAttribute('data-id-field');
        var hidden = idField ? document.getElementById(idField) : input.form && input.form.querySelector('input[data-account-id]');
        return { list: list, hidden: hidden };
    }

    function syncId(input) {
        var p = parts(input);
        if (!p.list || !p.hidden) { return; }
        var value = input.value.trim().toLowerCase();
        var match = null;
        p.list.querySelectorAll('option').forEach(function (option) {
            if (!match && option.value.toLowerCase() === value) { match = option; }
        });
        p.hidden.value = match ? match.getAttribute('data-id') : '';
    }

    function refresh(input) {
        var term = input.value.trim();
        if (term === lastTerms.get(input)) { return; }
        lastTerms.set(input, term);
        fetch(input.getAttribute('data-lookup-url') + '?term=' + encodeURIComponent(term), { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
            .then(function (response) { return response.ok ? response.json() : []; })
            .then(function (items) {
                var list = parts(input).list;
                if (!list) { return; }
                list.replaceChildren();
                items.forEach(function (item) {
                    var option = document.createElement('option');
                    option.value = item.text;
                    option.setAttribute('data-id', String(item.id));
                    list.appendChild(option);
                });
                syncId(input);
            })
            .catch(function () { /* The server still resolves a typed name. */ });
    }

    document.addEventListener('input', function (event) {
        var input = event.target;
        if (!input.matches || !input.matches('input[data-account-picker]')) { return; }
        syncId(input);
        window.clearTimeout(timers.get(input));
        timers.set(input, window.setTimeout(function () { refresh(input); }, 200));
    });
}());
