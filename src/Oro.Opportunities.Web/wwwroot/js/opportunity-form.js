// Opportunity create/edit form: status → probability (spec §3.1, the server applies the same rule),
// the account and contact pickers with "add new by typing", and the base-currency value under money fields.
(function () {
    'use strict';
    var form = document.querySelector('[data-opportunity-form]');
    if (!form) { return; }
    var baseCurrency = form.getAttribute('data-base-currency');

    // --- Status drives probability -------------------------------------------------------------
    // A probability that differs from the status's default was entered by hand and no longer follows
    // the status (spec §3.1); the form says which, and "Use the status default" empties the field —
    // an empty probability is the status's default, applied by the server's one change operation.
    var status = form.querySelector('[data-status]');
    var probability = form.querySelector('[data-probability-input]');
    var note = form.querySelector('[data-probability-note]');
    var useDefault = form.querySelector('[data-probability-default]');
    var closeDate = form.querySelector('[data-close-date]');
    var closeReason = form.querySelector('#CloseReasonCode');
    var today = form.getAttribute('data-today') || new Date().toISOString().substring(0, 10);
    var previousDefault = selectedDefault();

    function selectedOption() { return status.options[status.selectedIndex]; }
    function selectedDefault() { return selectedOption().getAttribute('data-probability'); }

    function describeProbability() {
        var option = selectedOption();
        var kind = option.getAttribute('data-kind');
        var statusDefault = option.getAttribute('data-probability');
        probability.placeholder = statusDefault + ' (status default)';
        var manual = kind === 'Open' && probability.value !== '' && probability.value !== statusDefault;
        if (kind !== 'Open') {
            note.textContent = 'Fixed at ' + statusDefault + ' % for ' + option.textContent.trim() + '.';
        } else if (manual) {
            note.textContent = 'Entered by hand: it no longer follows the status (default ' + statusDefault + ' %).';
        } else if (probability.value === '') {
            note.textContent = 'Uses the status default (' + statusDefault + ' %) when saved.';
        } else {
            note.textContent = 'Follows the status (default ' + statusDefault + ' %).';
        }
        useDefault.hidden = !manual;
    }

    status.addEventListener('change', function () {
        var option = selectedOption();
        var kind = option.getAttribute('data-kind');
        var nextDefault = option.getAttribute('data-probability');
        // A probability the user typed is kept; one that followed the old status follows the new one.
        if (probability.value === '' || probability.value === previousDefault || kind !== 'Open') {
            probability.value = nextDefault;
        }
        previousDefault = nextDefault;
        probability.readOnly = kind !== 'Open';
        if (kind !== 'Open' && closeDate && !closeDate.value) {
            closeDate.value = today;
        }
        if (kind === 'Won' && closeReason) { closeReason.value = 'won'; }
        if (kind === 'Lost' && closeReason && closeReason.value === 'won') { closeReason.value = ''; }
        if (kind === 'Open' && closeReason && closeReason.value === 'won') { closeReason.value = ''; }
        describeProbability();
    });
    probability.addEventListener('input', describeProbability);
    useDefault.addEventListener('click', function () {
        probability.value = '';
        describeProbability();
        probability.focus();
    });
    probability.readOnly = selectedOption().getAttribute('data-kind') !== 'Open';
    describeProbability();

    // --- Base-currency value under each money field ----------------------------------------------
    form.querySelectorAll('[data-money]').forEach(function (group) {
        var amount = group.querySelector('[data-money-amount]');
        var currency = group.querySelector('[data-money-currency]');
        var output = group.querySelector('[data-money-base]');
        function update() {
            var value = parseFloat((amount.value || '').replace(/,/g, ''));
            var option = currency.options[currency.selectedIndex];
            var rate = parseFloat(option.getAttribute('data-rate'));
            if (isNaN(value) || currency.value === baseCurrency) { output.textContent = ''; return; }
            output.textContent = '≈ ' + baseCurrency + ' ' + (value * rate).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 4 }) + ' in base currency';
        }
        amount.addEventListener('input', update);
        currency.addEventListener('change', update);
        update();
    });

    // --- Pickers: search as you type, pick with mouse or keyboard, or keep a new name ------------
    form.querySelectorAll('[data-picker]').forEach(function (picker) {
        var kind = picker.getAttribute('data-picker');
        var input = picker.querySelector('[data-picker-input]');
        var hidden = picker.querySelector('[data-picker-id]');
        var list = picker.querySelector('[data-picker-options]');
        var hint = picker.querySelector('[data-picker-hint]');
        var timer = null;
        var active = -1;
        var noun = kind === 'accounts' ? 'account' : 'contact';

        function showHint() {
            hint.textContent = !hidden.value && input.value.trim() ? 'A new ' + noun + ' "' + input.value.trim() + '" will be created when you save.' : '';
        }
        function close() { list.hidden = true; input.setAttribute('aria-expanded', 'false'); active = -1; }
        function choose(item) {
            hidden.value = item.id;
            input.value = item.text;
            close();
            showHint();
            if (kind === 'accounts') { form.dispatchEvent(new CustomEvent('account-picked', { detail: item })); }
        }
        function render(items) {
            list.replaceChildren();
            items.forEach(function (item, index) {
                var li = document.createElement('li');
                li.className = 'list-group-item list-group-item-action';
                li.setAttribute('role', 'option');
                li.id = kind + '-option-' + index;
                li.textContent = item.text + (item.detail ? ' · ' + item.detail : '');
                li.addEventListener('mousedown', function (e) { e.preventDefault(); choose(item); });
                list.appendChild(li);
            });
            var typed = input.value.trim();
            if (typed && !items.some(function (i) { return i.text.toLowerCase() === typed.toLowerCase(); })) {
                var add = document.createElement('li');
                add.className = 'list-group-item list-group-item-action text-primary';
                add.setAttribute('role', 'option');
                add.id = kind + '-option-new';
                add.textContent = 'Add new ' + noun + ': "' + typed + '"';
                add.addEventListener('mousedown', function (e) { e.preventDefault(); hidden.value = ''; close(); showHint(); });
                list.appendChild(add);
            }
            list.hidden = list.children.length === 0;
            input.setAttribute('aria-expanded', list.hidden ? 'false' : 'true');
            list._items = items;
        }
        function search() {
            var url = '/opportunities/lookup/' + kind + '?q=' + encodeURIComponent(input.value.trim());
            if (kind === 'contacts') {
                var account = form.querySelector('[data-picker="accounts"] [data-picker-id]').value;
                if (account) { url += '&accountId=' + encodeURIComponent(account); }
            }
            fetch(url, { headers: { 'Accept': 'application/json' } })
                .then(function (r) { return r.ok ? r.json() : []; })
                .then(render)
                .catch(function () { close(); });
        }
        input.addEventListener('input', function () {
            hidden.value = '';
            showHint();
            clearTimeout(timer);
            timer = setTimeout(search, 150);
        });
        input.addEventListener('focus', function () { if (!input.value) { search(); } });
        input.addEventListener('blur', function () { setTimeout(close, 100); });
        input.addEventListener('keydown', function (e) {
            var options = list.querySelectorAll('[role=option]');
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                if (list.hidden) { search(); return; }
                e.preventDefault();
                active = (active + (e.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length;
                options.forEach(function (o, i) { o.classList.toggle('active', i === active); });
                input.setAttribute('aria-activedescendant', options[active].id);
            } else if (e.key === 'Enter' && !list.hidden && active >= 0) {
                e.preventDefault();
                options[active].dispatchEvent(new MouseEvent('mousedown'));
            } else if (e.key === 'Escape') {
                close();
            }
        });
        showHint();
    });
}());
