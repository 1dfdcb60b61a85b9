// Behaviour shared by every page. No inline scripts anywhere: the Content-Security-Policy forbids them.
(function () {
    'use strict';

    // <form data-confirm="Really delete?"> asks before submitting.
    document.addEventListener('submit', function (event) {
        var form = event.target;
        var message = form.getAttribute && form.getAttribute('data-confirm');
        if (message && !window.confirm(message)) {
            event.preventDefault();
        }
    }, true);

    // <button data-confirm="..."> inside a form asks too (for forms with several actions).
    document.addEventListener('click', function (event) {
        var button = event.target.closest && event.target.closest('button[data-confirm]');
        if (button && !window.confirm(button.getAttribute('data-confirm'))) {
            event.preventDefault();
        }
    }, true);
}());
