// The e-mail, phone and address lists of a person form (contacts, leads, the contact a lead
// conversion creates): "Add" appends an empty entry from the list's template, "Remove" clears an
// entry and hides it (the server drops empty entries). Without script the form still offers one
// empty entry per list.
(function () {
    'use strict';

    document.querySelectorAll('[data-point-list]').forEach(function (list) {
        var rows = list.querySelector('[data-point-rows]');
        var template = list.querySelector('template[data-point-template]');
        var add = list.querySelector('[data-point-add]');

        function nextIndex() {
            var highest = -1;
            rows.querySelectorAll('input[name]').forEach(function (input) {
                var match = /\[(\d+)\]/.exec(input.name);
                if (match) {
                    highest = Math.max(highest, parseInt(match[1], 10));
                }
            });
            return highest + 1;
        }

        function remove(row) {
            row.querySelectorAll('input:not([type=radio])').forEach(function (input) { input.value = ''; });
            var radio = row.querySelector('input[type=radio]');
            var wasPrimary = radio && radio.checked;
            row.hidden = true;
            if (wasPrimary) {
                var first = Array.prototype.find.call(rows.querySelectorAll('[data-point-row]'), function (r) { return !r.hidden; });
                if (first) {
                    first.querySelector('input[type=radio]').checked = true;
                }
            }
        }

        list.querySelectorAll('[data-point-remove], [data-point-add]').forEach(function (button) { button.hidden = false; });
        rows.addEventListener('click', function (event) {
            var button = event.target.closest('[data-point-remove]');
            if (button) {
                remove(button.closest('[data-point-row]'));
            }
        });
        if (add && template) {
            add.addEventListener('click', function () {
                var index = String(nextIndex());
                var html = template.innerHTML.split('__index__').join(index);
                var holder = document.createElement('div');
                holder.innerHTML = html.trim();
                var row = holder.firstElementChild;
                rows.appendChild(row);
                var first = row.querySelector('input:not([type=radio])');
                if (first) {
                    first.focus();
                }
            });
        }
    });
}());
