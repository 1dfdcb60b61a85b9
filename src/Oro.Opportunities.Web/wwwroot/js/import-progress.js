// Import pages: the live progress bar of a running job, and the upload limit checked before sending.
(function () {
    'use strict';

    function setBar(bar, percent) {
        bar.style.width = percent + '%';
        bar.textContent = percent + ' %';
        bar.parentElement.setAttribute('aria-valuenow', String(percent));
    }

    var panel = document.querySelector('[data-import-progress]');
    if (panel) {
        var bar = panel.querySelector('[data-field="bar"]');
        setBar(bar, Number(panel.querySelector('[role="progressbar"]').getAttribute('aria-valuenow')) || 0);
        if (panel.getAttribute('data-finished') !== 'true') {
            var url = panel.getAttribute('data-url');
            var poll = function () {
                fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
                    .then(function (response) { return response.ok ? response.json() : null; })
                    .then(function (data) {
                        if (!data) {
                            window.setTimeout(poll, 2000);
                            return;
                        }

                        setBar(bar, data.percent);
                        ['rowsRead', 'created', 'updated', 'failed', 'lastCommittedRow'].forEach(function (key) {
                            var field = panel.querySelector('[data-field="' + key + '"]');
                            if (field) {
                                field.textContent = Number(data[key]).toLocaleString('en-US');
                            }
                        });
                        panel.querySelector('[data-field="state"]').textContent = data.state;
                        if (data.finished) {
                            // The result page (counts, time taken, errors) is the same URL once the job is done.
                            window.setTimeout(function () { window.location.reload(); }, 600);
                        } else {
                            window.setTimeout(poll, 700);
                        }
                    })
                    .catch(function () { window.setTimeout(poll, 2000); });
            };
            window.setTimeout(poll, 300);
        }
    }

    var form = document.querySelector('[data-import-form]');
    if (form) {
        var input = form.querySelector('input[type="file"]');
        var message = form.querySelector('[data-file-too-large]');
        var max = Number(form.getAttribute('data-max-bytes'));
        form.addEventListener('submit', function (event) {
            if (input.files && input.files.length === 1 && input.files[0].size > max) {
                event.preventDefault();
                message.hidden = false;
                message.classList.add('d-block');
                input.classList.add('is-invalid');
            }
        });
    }
}());
