// Background jobs page: progress bars take their width from data-percent (no inline styles under the CSP).
(function () {
    'use strict';
    document.querySelectorAll('.jobs-progress [data-percent]').forEach(function (bar) {
        bar.style.width = bar.getAttribute('data-percent') + '%';
    });
}());
