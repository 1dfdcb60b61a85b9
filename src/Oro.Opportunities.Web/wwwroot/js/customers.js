// Customers → Accounts and Contacts: page-size auto-submit (the record pickers are record-picker.js).
(function () {
    'use strict';

    // <select data-autosubmit> submits its form on change; the "Apply" button is only for browsers without script.
    document.querySelectorAll('select[data-autosubmit]').forEach(function (select) {
        var form = select.form;
        form.querySelectorAll('.js-hidden').forEach(function (el) { el.classList.add('d-none'); });
        select.addEventListener('change', function () { form.submit(); });
    });
}());
