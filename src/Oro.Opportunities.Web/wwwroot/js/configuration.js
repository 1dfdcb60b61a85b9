// System Configuration: reordering the status list and pairing the two directions of a rate.
// A file, not an inline block: the Content-Security-Policy allows scripts from the app only.
(function () {
    'use strict';

    // --- Status list order -------------------------------------------------------------------
    // The rows post their ids in page order (StatusList.Statuses.Index), so moving a row in the
    // page is all a reorder needs; "Save statuses" stores it.
    var tbody = document.querySelector('[data-sortable-statuses]');
    var announcer = document.querySelector('[data-move-announcer]');

    function rowLabel(row) {
        var input = row.querySelector('[data-status-label]');
        return input && input.value ? input.value : row.getAttribute('data-status-code');
    }

    function refreshMoveButtons() {
        if (!tbody) {
            return;
        }
        var rows = Array.prototype.slice.call(tbody.querySelectorAll('tr.status-row'));
        rows.forEach(function (row, index) {
            var up = row.querySelector('[data-move="up"]');
            var down = row.querySelector('[data-move="down"]');
            if (up) { up.disabled = index === 0; }
            if (down) { down.disabled = index === rows.length - 1; }
        });
    }

    function announce(row) {
        if (!announcer || !tbody) {
            return;
        }
        var rows = Array.prototype.slice.call(tbody.querySelectorAll('tr.status-row'));
        announcer.textContent = rowLabel(row) + ' moved to position ' + (rows.indexOf(row) + 1) + ' of ' + rows.length + '. Save statuses to keep the order.';
    }

    if (tbody) {
        tbody.addEventListener('click', function (event) {
            var button = event.target.closest('[data-move]');
            if (!button) {
                return;
            }
            var row = button.closest('tr');
            var direction = button.getAttribute('data-move');
            var sibling = direction === 'up' ? row.previousElementSibling : row.nextElementSibling;
            if (!sibling) {
                return;
            }
            if (direction === 'up') {
                tbody.insertBefore(row, sibling);
            } else {
                tbody.insertBefore(sibling, row);
            }
            refreshMoveButtons();
            // Keep focus on the same control, or on its twin when it just became disabled.
            var focusTarget = button.disabled ? row.querySelector('[data-move]:not([disabled])') : button;
            if (focusTarget) {
                focusTarget.focus();
            }
            announce(row);
        });

        if (window.Sortable) {
            window.Sortable.create(tbody, {
                handle: '.drag-handle',
                animation: 150,
                ghostClass: 'drag-over',
                onEnd: function (event) {
                    refreshMoveButtons();
                    announce(event.item);
                }
            });
        }
        refreshMoveButtons();
    }

    // --- Rate pairs --------------------------------------------------------------------------
    // Typing one direction fills in the other (1 / rate, ten decimals); the server recomputes it
    // from the field named in the hidden "Entered" input, so this is a convenience only.
    function invert(text) {
        var value = Number(String(text).replace(',', '.'));
        if (!isFinite(value) || value <= 0) {
            return '';
        }
        // toFixed never uses exponent notation, which the server would not read back.
        return (1 / value).toFixed(10).replace(/\.?0+$/, '');
    }

    document.querySelectorAll('[data-rate-pair]').forEach(function (pair) {
        var to = pair.querySelector('[data-rate="to"]');
        var from = pair.querySelector('[data-rate="from"]');
        var entered = pair.querySelector('[data-rate-entered]');
        if (!to || !from) {
            return;
        }
        to.addEventListener('input', function () {
            from.value = invert(to.value);
            if (entered) { entered.value = 'ToBase'; }
        });
        from.addEventListener('input', function () {
            to.value = invert(from.value);
            if (entered) { entered.value = 'FromBase'; }
        });
    });
}());

// Base-currency change in the background: the progress bar's width, and a reload every few seconds while it runs.
(function () {
    'use strict';
    document.querySelectorAll('[data-progress-percent]').forEach(function (bar) {
        bar.style.width = bar.getAttribute('data-progress-percent') + '%';
    });
    if (document.querySelector('[data-reload-while-running]')) {
        window.setTimeout(function () { window.location.reload(); }, 3000);
    }
})();
